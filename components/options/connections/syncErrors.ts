// A sync error as Options shows it. The error's message is English (SyncError, utils/sync/http.ts):
// the English UI shows it as it is; the Spanish UI says, by the error's code (and the HTTP status
// where it tells more), what happened and what the user can do, and keeps the message — the CRM's
// own words — as a labelled detail below, so nothing is lost.
import type { MessageKey } from '../../../utils/i18n/messages';
import type { Translator } from '../../../utils/i18n';

/** An error as the status message carries it (its code a plain string there). */
export type SyncErrorShown = { code: string; message: string; status?: number };

/**
 * The codes that have a sentence: every SyncErrorCode (utils/store/syncRecords.ts, which a surface
 * does not import; SyncErrorText.test.tsx checks none is missing).
 */
export const SYNC_ERROR_CODES = ['rate-limited', 'budget-exhausted', 'transient', 'timeout', 'offline', 'auth', 'forbidden', 'invalid', 'not-found', 'unmapped', 'aborted'] as const;
type Explained = (typeof SYNC_ERROR_CODES)[number];

const isExplained = (code: string): code is Explained => (SYNC_ERROR_CODES as readonly string[]).includes(code);

/**
 * The dictionary's sentence for an error: a transient error with a 5xx is the CRM's own trouble,
 * without one the network's. Undefined for a code this build does not know.
 */
export function syncErrorKey(code: string, status?: number): MessageKey | undefined {
  if (code === 'transient' && status !== undefined && status >= 500) return 'syncError.transient-server';
  if (!isExplained(code)) return undefined;
  const key: MessageKey = `syncError.${code}`;
  return key;
}

/** The sentence for an error's code in the UI's language, the CRM's name (and the status) filled in. */
export function errorSentence(code: string, status: number | undefined, crm: string, tr: Pick<Translator<MessageKey>, 't'>): string | undefined {
  const key = syncErrorKey(code, status);
  return key && tr.t(key).replaceAll('{crm}', crm).replaceAll('{status}', String(status ?? ''));
}

/**
 * What Options shows for an error: `text`, and `detail` (labelled) when the text is not the
 * message itself. English: the message as it is (it already says what happened and what to do).
 */
export function explainSyncError(error: SyncErrorShown, crm: string, tr: Pick<Translator<MessageKey>, 't' | 'locale'>): { text: string; detail?: string } {
  const message = error.message.trim();
  const sentence = tr.locale === 'en' && message ? undefined : errorSentence(error.code, error.status, crm, tr);
  if (!sentence) return { text: error.message };
  if (!message || message === sentence) return { text: sentence };
  return { text: sentence, detail: tr.t('syncErrorDetail').replace('{detail}', message) };
}
