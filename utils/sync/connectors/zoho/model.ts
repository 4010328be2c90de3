// Zoho CRM's API as Dealside uses it (see index.ts): paths, the default field map, stages,
// error wording and the pure helpers every part shares.
import { type SyncEntity } from '../../../domain/fields/recordFields';
import type { SyncErrorCode } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { CRM_OWNER_FIELD } from '../../connector';
import { ZOHO_CONCURRENCY, type ZohoEdition } from '../../limiter';
import { type RecordAnswer } from './schemas';

export const ZOHO_API = '/crm/v7';


/** The unique Dealside id field (Single Line, "Do not allow duplicate values"), added by an admin. */
export const ZOHO_DEALSIDE_ID = 'Dealside_Id';
/** the LinkedIn profile on Contacts and Leads: a custom field an admin adds */
export const ZOHO_LINKEDIN = 'Dealside_LinkedIn_URL';
export const ZOHO_OWNER = CRM_OWNER_FIELD.zoho ?? 'Owner';
/** records per page of a list (Zoho's most) */
export const PAGE_SIZE = 200;
/** records per write (Zoho's most) */
export const BATCH = 100;
/** ids per `?ids=` read */
export const READ_CHUNK = 100;
export const ZOHO_DELETED_EVERY_MS = 15 * 60_000;
/**
 * How often the notes' ids are listed to learn which were deleted: Zoho's deleted-records list does
 * not take Notes, so a full listing (one credit per 200 notes) is the only published way. The org's
 * credits are shared by every rep's extension, and an org with 100,000 notes pays 500 credits a
 * listing per rep — hourly, 12,000 a day each, more than a small edition's whole day. So each rep's
 * check spends a small daily allowance (`notesCheckCreditsADay`) and runs as often as that allows
 * (`notesCheckEveryMs`): on a 50,000-credit org (the smallest paid edition's base), every 15
 * minutes for 200 notes, every 2.4 hours for 2,000, once a day from 20,000 notes on. This is the
 * longest wait, and the stream's own cadence (a cursor without its interval).
 */
export const ZOHO_NOTES_CHECK_EVERY_MS = 24 * 60 * 60_000;
/** The first listing, after connecting (the notes not yet counted): an hour after the first read. */
export const ZOHO_NOTES_FIRST_CHECK_MS = 60 * 60_000;
/** The notes check runs at most this often (as the deletion lists). */
export const ZOHO_NOTES_CHECK_MIN_MS = 15 * 60_000;

/**
 * The credits one rep's notes check may spend a day: 0.2 % of the org's daily credits when an answer
 * has said them (`X-RATELIMIT-LIMIT`; thirty reps then spend 6 %), between 12 and 240; 50 before.
 */
export function notesCheckCreditsADay(dailyCredits: number | undefined): number {
  if (!dailyCredits || !Number.isFinite(dailyCredits)) return 50;
  return Math.min(240, Math.max(12, Math.round(dailyCredits * 0.002)));
}

/** How long after a check of `pages` listed pages (a credit each) the next one comes. */
export function notesCheckEveryMs(pages: number, dailyCredits: number | undefined): number {
  const day = ZOHO_NOTES_CHECK_EVERY_MS;
  const every = Math.ceil((day * Math.max(1, pages)) / notesCheckCreditsADay(dailyCredits));
  return Math.min(day, Math.max(ZOHO_NOTES_CHECK_MIN_MS, every));
}

export type Module = 'Accounts' | 'Contacts' | 'Leads' | 'Deals';
export const MODULES: readonly Module[] = ['Accounts', 'Contacts', 'Leads', 'Deals'];
export const ENTITY_OF: Record<Module, Exclude<SyncEntity, 'product'>> = { Accounts: 'account', Contacts: 'person', Leads: 'person', Deals: 'deal' };
/** modules read beside the records: the catalogue and the deals' sales orders (their items are deal lines) */
export type ListModule = Module | 'Products' | 'Sales_Orders' | 'Notes';
/** the modules whose deletions are read: the records', then sales orders (whose items leave their deal) */
export const DELETED_MODULES: readonly (Module | 'Sales_Orders')[] = [...MODULES, 'Sales_Orders'];

/** The custom field for a BANT answer: Dealside_Budget_Status, Dealside_Timing_Target_Date … */
export function zohoBantField(field: string): string {
  const [, letter, key] = field.split('.');
  const words = [letter!, ...key!.split(/(?=[A-Z])/)].map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `Dealside_${words.join('_')}`;
}

export const ZOHO_DEFAULT_FIELDS: Record<'account' | 'person' | 'lead' | 'deal', Record<string, string>> = {
  // Last_Activity_Time: read-only, when the record was last touched (a call, task, event, note or
  // e-mail on it; crmActivityAt)
  account: { name: 'Account_Name', domain: 'Website', industry: 'Industry', employees: 'Employees', country: 'Billing_Country', city: 'Billing_City', ownerId: ZOHO_OWNER, crmActivityAt: 'Last_Activity_Time' },
  person: { firstName: 'First_Name', lastName: 'Last_Name', email: 'Email', phone: 'Phone', title: 'Title', country: 'Mailing_Country', city: 'Mailing_City', linkedinUrl: ZOHO_LINKEDIN, ownerId: ZOHO_OWNER, crmActivityAt: 'Last_Activity_Time' },
  lead: { firstName: 'First_Name', lastName: 'Last_Name', email: 'Email', phone: 'Phone', title: 'Designation', companyName: 'Company', country: 'Country', city: 'City', linkedinUrl: ZOHO_LINKEDIN, ownerId: ZOHO_OWNER, crmActivityAt: 'Last_Activity_Time' },
  // Currency: an org with multiple currencies (Enterprise and above) has it on every record with
  // money, an ISO code; without it the field does not exist (mapped only where it does) and a deal
  // is in the org's currency
  deal: { name: 'Deal_Name', amount: 'Amount', currency: 'Currency', stage: 'Stage', closeDate: 'Closing_Date', ownerId: ZOHO_OWNER, crmActivityAt: 'Last_Activity_Time' },
};

/** Zoho's standard deal stages ↔ ours. */
export const ZOHO_STAGES: { write: Record<string, string>; read: Record<string, string> } = {
  write: { discovery: 'Qualification', qualification: 'Needs Analysis', proposal: 'Proposal/Price Quote', negotiation: 'Negotiation/Review', 'closed-won': 'Closed Won', 'closed-lost': 'Closed Lost' },
  read: {
    Qualification: 'discovery',
    'Needs Analysis': 'qualification',
    'Value Proposition': 'qualification',
    'Id. Decision Makers': 'qualification',
    'Perception Analysis': 'proposal',
    'Proposal/Price Quote': 'proposal',
    'Negotiation/Review': 'negotiation',
    'Closed Won': 'closed-won',
    'Closed Lost': 'closed-lost',
    'Closed-Lost to Competition': 'closed-lost',
  },
};

/** Zoho's error bodies: `{code, message, details, status}` for a call, per record in `data[]`. */
export type ZohoError = { code?: string; message?: string; details?: Record<string, unknown>; status?: string };

export function firstError(body: unknown): ZohoError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as ZohoError & { data?: ZohoError[] };
  if (typeof b.code === 'string') return b;
  const inData = Array.isArray(b.data) ? b.data.find((d) => d && d.status === 'error') : undefined;
  return inData;
}

export function describeZohoError(status: number, body: unknown): string {
  const e = firstError(body);
  if (e?.code) {
    const field = e.details && typeof e.details.api_name === 'string' ? ` (${e.details.api_name})` : '';
    return `${e.code}: ${e.message ?? ''}${field}`.trim();
  }
  const oauth = body as { error?: string; error_description?: string } | null;
  if (oauth && typeof oauth === 'object' && typeof oauth.error === 'string') return `${oauth.error}${oauth.error_description ? `: ${oauth.error_description}` : ''}`;
  return `HTTP ${status}`;
}

/** Zoho's codes that the HTTP client should act on: credits spent, too many at once, gone. */
export function classifyZohoError(status: number, body: unknown): SyncErrorCode | undefined {
  const e = firstError(body);
  const code = e?.code ?? '';
  if (code === 'LIMIT_EXCEEDED' || (status === 429 && /credit/i.test(e?.message ?? ''))) return 'budget-exhausted';
  if (code === 'TOO_MANY_REQUESTS') return 'rate-limited';
  if (code === 'OAUTH_SCOPE_MISMATCH' || code === 'NO_PERMISSION') return 'forbidden';
  return undefined;
}

/** One record's answer in a write → our result. */
export function recordError(a: RecordAnswer | undefined): SyncError {
  if (!a) return new SyncError('transient', 'Zoho CRM sent no answer for this record.');
  const detail = describeZohoError(400, a);
  if (a.code === 'INVALID_DATA' && a.details?.api_name === 'id') return new SyncError('not-found', `Zoho CRM could not find it (${detail}).`, 404);
  if (a.code === 'NO_PERMISSION') return new SyncError('forbidden', `Zoho CRM refused the request (${detail}).`, 403);
  return new SyncError('invalid', `Zoho CRM refused the change (${detail}).`, 400);
}

export type Row = Record<string, unknown>;

export function lookupId(v: unknown): string | null {
  return v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null;
}


/** A time as Zoho writes them (ISO 8601, seconds, an offset). */
export function zohoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** The org's edition from `GET /org`'s license_details.paid_type ("enterprise", "Professional" …). */
export function editionOf(org: Row | undefined): ZohoEdition | undefined {
  const paid = (org?.license_details as { paid_type?: unknown } | undefined)?.paid_type;
  const e = typeof paid === 'string' ? paid.toLowerCase().replace(/^zoho ?one$/, 'enterprise').replace(/^crm ?plus$/, 'ultimate') : undefined;
  return e && Object.hasOwn(ZOHO_CONCURRENCY, e) ? (e as ZohoEdition) : undefined;
}

