// A sync error as Options shows it: English, the message as it is; Spanish, a sentence chosen by the
// error's code (and status), then the CRM's own words as a labelled detail.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createTranslator } from '../../../utils/i18n';
import { optionsMessages, type MessageKey } from '../../../utils/i18n/messages';
import { SYNC_ERROR_CODES, errorSentence, explainSyncError, syncErrorKey } from './syncErrors';
import { SyncErrorLines, errorLines, hintSays } from './SyncErrorText';
import * as connections from '../../../utils/i18n/dictionary/connections';
import type { SyncErrorCode } from '../../../utils/store/syncRecords';

const en = createTranslator<MessageKey>('en', optionsMessages);
const es = createTranslator<MessageKey>('es', optionsMessages);

// the messages utils/sync/http.ts writes, one per code
const MESSAGES = {
  'rate-limited': 'HubSpot asked Dealside to slow down (429: You have reached your ten_secondly_rolling limit.). Sync resumes by itself.',
  'budget-exhausted': "Salesforce's daily API budget is used up (REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.). Sync resumes when it resets; edits are kept.",
  transient: 'HubSpot had a problem (503: Service Unavailable). Dealside retries later.',
  timeout: 'HubSpot did not answer within 30 s.',
  offline: 'HubSpot could not be reached (fetch failed). Dealside retries when the network is back.',
  auth: "HubSpot no longer accepts Dealside's access (401: Authentication credentials not found.). Reconnect HubSpot in Options → Connections; unsynced edits are kept and sent after you reconnect.",
  forbidden: 'HubSpot refused the request (403: This app hasn’t been granted all required scopes). Check that the connected user or app has access.',
  invalid: 'HubSpot refused the change (400: Property values were not valid: "dealside_budget_amount" must be a number).',
  'not-found': 'HubSpot could not find it (404: Object not found. objectId are usually numeric.).',
  unmapped: 'No Pipedrive person field holds the buying role ("Buying role"): connect again as an admin, or add the field.',
  aborted: 'Sync stopped (the background was closed).',
} as const;

// what each Spanish sentence must say: what happened, and what the user can do
const SPANISH: Record<keyof typeof MESSAGES, RegExp> = {
  'rate-limited': /^HubSpot ha pedido a Dealside que vaya más despacio\. Dealside espera y lo reintenta solo/,
  'budget-exhausted': /^Se ha agotado la cuota diaria de la API de HubSpot\. La sincronización se reanuda sola cuando HubSpot la reinicie/,
  transient: /^HubSpot tuvo un problema en sus servidores \(error 503\)\. Dealside lo reintenta solo/,
  timeout: /^HubSpot tardó demasiado en responder\. Dealside lo reintenta solo\.$/,
  offline: /^No se pudo contactar con HubSpot: revisa tu conexión a internet\. Dealside lo reintenta cuando vuelva la red\.$/,
  auth: /^HubSpot ya no acepta el acceso de Dealside\. Pulsa Volver a conectar/,
  forbidden: /falta un permiso o ámbito\. Pide a un administrador de HubSpot que lo conceda/,
  invalid: /^HubSpot rechazó un valor que envió Dealside\. Corrígelo en Dealside o en HubSpot/,
  'not-found': /^HubSpot no encontró el registro/,
  unmapped: /^Ningún campo de HubSpot está asignado a este dato: elige uno en Asignación de campos/,
  aborted: /^La sincronización se detuvo a medias.*Continúa en la próxima sincronización\.$/,
};

const STATUS: Partial<Record<keyof typeof MESSAGES, number>> = { 'rate-limited': 429, transient: 503, auth: 401, forbidden: 403, invalid: 400, 'not-found': 404 };

describe('a sync error in the UI’s language', () => {
  it.each(SYNC_ERROR_CODES)('%s: a Spanish sentence, the CRM’s words kept as the detail; English as today', (code) => {
    const error = { code, message: MESSAGES[code], ...(STATUS[code] ? { status: STATUS[code] } : {}) };
    const shown = explainSyncError(error, 'HubSpot', es);
    expect(shown.text).toMatch(SPANISH[code]);
    expect(shown.text).not.toMatch(/[{}]/);
    expect(shown.detail).toBe(`Detalle (en inglés): ${MESSAGES[code]}`);
    expect(explainSyncError(error, 'HubSpot', en)).toEqual({ text: MESSAGES[code] });
    // the English sentence exists too (the dictionary has both), naming the CRM
    expect(errorSentence(code, error.status, 'HubSpot', en)).toContain(code === 'aborted' ? 'Sync stopped midway' : 'HubSpot');
  });

  it('a transient error is the CRM’s own trouble with a 5xx, the network’s without one', () => {
    expect(syncErrorKey('transient', 502)).toBe('syncError.transient-server');
    expect(syncErrorKey('transient', undefined)).toBe('syncError.transient');
    expect(errorSentence('transient', undefined, 'Zoho CRM', es)).toBe('Falló la conexión con Zoho CRM. Dealside lo reintenta solo.');
    expect(errorSentence('transient', 500, 'Zoho CRM', es)).toBe('Zoho CRM tuvo un problema en sus servidores (error 500). Dealside lo reintenta solo; si sigue, consulta la página de estado de Zoho CRM.');
    expect(errorSentence('forbidden', 403, 'Dynamics 365', es)).toBe('Dynamics 365 lo rechazó: al usuario o la app conectados les falta un permiso o ámbito. Pide a un administrador de Dynamics 365 que lo conceda y pulsa Volver a conectar.');
  });

  it('a code this build does not know shows the message as it is; an empty message, the sentence alone', () => {
    expect(explainSyncError({ code: 'something-new', message: 'Pipedrive said no.' }, 'Pipedrive', es)).toEqual({ text: 'Pipedrive said no.' });
    expect(explainSyncError({ code: 'timeout', message: '' }, 'Pipedrive', es)).toEqual({ text: 'Pipedrive tardó demasiado en responder. Dealside lo reintenta solo.' });
    expect(explainSyncError({ code: 'timeout', message: ' ' }, 'Pipedrive', en)).toEqual({ text: 'Pipedrive took too long to answer. Dealside retries by itself.' });
  });

  it('every code has its sentence in both languages', () => {
    const every: Record<SyncErrorCode, true> = { 'rate-limited': true, 'budget-exhausted': true, transient: true, timeout: true, offline: true, auth: true, forbidden: true, invalid: true, 'not-found': true, unmapped: true, aborted: true };
    expect([...SYNC_ERROR_CODES].sort()).toEqual(Object.keys(every).sort());
    for (const code of SYNC_ERROR_CODES) {
      const key = syncErrorKey(code)!;
      expect(connections.en[key as keyof typeof connections.en], code).toBeTruthy();
      expect(connections.es[key as keyof typeof connections.es], code).toBeTruthy();
    }
  });

  it('renders as text: the sentence, then the detail on its own smaller line (a CRM’s words are never markup)', () => {
    const shown = explainSyncError({ code: 'invalid', status: 400, message: 'HubSpot refused the change (400: <b>bad</b> value).' }, 'HubSpot', es);
    const html = renderToStaticMarkup(<SyncErrorLines {...shown} code="invalid" className="x" data-dealside="connection-error" />);
    expect(html).toContain('data-dealside="connection-error"');
    expect(html).toContain('data-error-code="invalid"');
    expect(html).toContain('<div data-dealside="error-detail" class="mt-0.5 text-[11px] break-words opacity-80">Detalle (en inglés): HubSpot refused the change (400: &lt;b>bad&lt;/b> value).</div>');
    expect(html).not.toContain('<b>');
    // English: the message alone, no detail line
    const english = renderToStaticMarkup(<SyncErrorLines {...explainSyncError({ code: 'invalid', message: 'HubSpot refused the change.' }, 'HubSpot', en)} code="invalid" className="x" />);
    expect(english).toBe('<div data-error-code="invalid" class="x">HubSpot refused the change.</div>');
  });
});

describe('said once: the status hint and the error', () => {
  it('an expired token under "reconnect needed", a spent budget under "paused": the CRM’s words alone, in Spanish', () => {
    expect(hintSays('reconnect-needed', 'auth')).toBe(true);
    expect(hintSays('paused', 'budget-exhausted')).toBe(true);
    expect(hintSays('paused', 'rate-limited')).toBe(true);
    expect(hintSays('error', 'auth')).toBe(false);
    expect(hintSays('reconnect-needed', 'forbidden')).toBe(false);
    const auth = { code: 'auth' as const, message: MESSAGES.auth };
    expect(errorLines(auth, 'HubSpot', es, true)).toEqual({ text: `Detalle (en inglés): ${MESSAGES.auth}` });
    expect(errorLines(auth, 'HubSpot', es, false).text).toMatch(SPANISH.auth);
    // English: the message is the only line either way
    expect(errorLines(auth, 'HubSpot', en, true)).toEqual({ text: MESSAGES.auth });
  });
});
