// A sync error in the UI's language: the sentence for its code, then the CRM's own words as a
// smaller, labelled detail (./syncErrors.ts). Rendered as text.
import { explainSyncError, type SyncErrorShown } from './syncErrors';
import { useOptionsTranslator } from '../../app/DealsideProvider';

type Shell = { className: string; 'data-dealside'?: string };

/**
 * `said`: the card's status hint above already says what the code's sentence would (reconnect for an
 * expired token, wait for a spent budget): only the CRM's words are shown, not the same thing twice.
 */
export function SyncErrorText({ error, crm, said, ...shell }: Shell & { error: SyncErrorShown; crm: string; said?: boolean }) {
  const tr = useOptionsTranslator();
  return <SyncErrorLines {...errorLines(error, crm, tr, said)} code={error.code} {...shell} />;
}

/** The lines shown: the sentence and the CRM's words, or the CRM's words alone when the hint said the sentence. */
export function errorLines(error: SyncErrorShown, crm: string, tr: Parameters<typeof explainSyncError>[2], said = false): { text: string; detail?: string } {
  const shown = explainSyncError(error, crm, tr);
  return said && shown.detail ? { text: shown.detail } : shown;
}

/** Whether a connection's status hint says what this error's sentence would. */
export function hintSays(status: string, code: string): boolean {
  return (status === 'reconnect-needed' && code === 'auth') || (status === 'paused' && (code === 'budget-exhausted' || code === 'rate-limited'));
}

export function SyncErrorLines({ text, detail, code, className, ...rest }: Shell & { text: string; detail?: string; code: string }) {
  return (
    <div className={className} data-error-code={code} {...rest}>
      {text}
      {detail ? (
        <div data-dealside="error-detail" className="mt-0.5 text-[11px] break-words opacity-80">
          {detail}
        </div>
      ) : null}
    </div>
  );
}
