// Dynamics 365's Web API as Dealside uses it (see index.ts): entity sets, the default field map,
// option values, error wording, $batch bodies and the pure helpers every part shares.
import type { SyncErrorCode } from '../../../store/syncRecords';
import { SyncError, retryAfterMs } from '../../http';
import { CRM_OWNER_FIELD } from '../../connector';

export const DYNAMICS_API = '/api/data/v9.2';
/** the Dealside id column (Single line of text) and its alternate key, added by an admin */
export const DYNAMICS_DEALSIDE_ID = 'dealside_dealsideid';
/** the LinkedIn profile on contact and lead: a custom column an admin adds */
export const DYNAMICS_LINKEDIN = 'dealside_linkedinurl';
export const DYNAMICS_OWNER = CRM_OWNER_FIELD.dynamics ?? 'ownerid';
/** connectionrole.category Stakeholder */
export const STAKEHOLDER_CATEGORY = 1000;
/** parts per $batch (Dataverse takes up to 1,000; fewer keep each call's execution time short) */
export const BATCH = 100;
/** records per page of a pull */
export const PAGE_SIZE = 1000;
/** ids per `$filter=… or …` read (the URL stays short) */
export const READ_CHUNK = 40;
export const LOOKUP = 'Microsoft.Dynamics.CRM.lookuplogicalname';
/** a choice column's label (its value is a number): how a mapped tier or deal type is read */
export const FORMATTED = 'OData.Community.Display.V1.FormattedValue';
export const PREFER_ANNOTATIONS = `odata.include-annotations="${LOOKUP},${FORMATTED}"`;

export type Table = 'account' | 'contact' | 'lead' | 'opportunity';
export const SET: Record<Table | 'connection' | 'systemuser' | 'connectionrole' | 'phonecall' | 'email' | 'appointment' | 'task' | 'annotation' | 'product' | 'opportunityproduct' | 'salesorder' | 'salesorderdetail' | 'transactioncurrency', string> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  connection: 'connections',
  systemuser: 'systemusers',
  connectionrole: 'connectionroles',
  phonecall: 'phonecalls',
  email: 'emails',
  appointment: 'appointments',
  task: 'tasks',
  annotation: 'annotations',
  product: 'products',
  opportunityproduct: 'opportunityproducts',
  salesorder: 'salesorders',
  salesorderdetail: 'salesorderdetails',
  transactioncurrency: 'transactioncurrencies',
};
export const ID: Record<Table, string> = { account: 'accountid', contact: 'contactid', lead: 'leadid', opportunity: 'opportunityid' };

/** BANT that Dynamics has its own columns for (lead and opportunity). */
export const DYNAMICS_NATIVE_BANT: Readonly<Record<string, string>> = {
  'bant.budget.amount': 'budgetamount',
  'bant.budget.answer': 'budgetstatus',
  'bant.timing.horizon': 'purchasetimeframe',
  'bant.authority.engaged': 'decisionmaker',
  'bant.need.status': 'need',
};

/** Our values ↔ the option values of Dynamics' own choice columns. */
export const DYNAMICS_OPTIONS: Readonly<Record<string, { write: Record<string, number>; read: Record<number, string> }>> = {
  // 0 No Committed Budget, 1 May Buy, 2 Can Buy, 3 Will Buy
  budgetstatus: { write: { none: 0, 'business-case': 1, estimating: 2, approved: 3 }, read: { 0: 'none', 1: 'business-case', 2: 'estimating', 3: 'approved' } },
  // 0 Immediate, 1 This Quarter, 2 Next Quarter, 3 This Year, 4 Unknown
  purchasetimeframe: { write: { 'this-quarter': 1, 'next-quarter': 2, later: 3, 'no-timeline': 4 }, read: { 0: 'this-quarter', 1: 'this-quarter', 2: 'next-quarter', 3: 'later', 4: 'no-timeline' } },
  // 0 Must have, 1 Should have, 2 Good to have, 3 No need (our 'unknown' is an empty column)
  need: { write: { confirmed: 0, partial: 1, negative: 3 }, read: { 0: 'confirmed', 1: 'partial', 2: 'partial', 3: 'negative' } },
  // opportunity sales stage: 0 Qualify, 1 Develop, 2 Propose, 3 Close
  salesstage: { write: { discovery: 0, qualification: 1, proposal: 2, negotiation: 3 }, read: { 0: 'discovery', 1: 'qualification', 2: 'proposal', 3: 'negotiation' } },
};

/** The custom column for a BANT field Dynamics has no column of its own for: dealside_budgetnote … */
export function dynamicsBantField(field: string): string {
  const native = DYNAMICS_NATIVE_BANT[field];
  if (native) return native;
  const [, letter, key] = field.split('.');
  return `dealside_${letter!}${key!}`.toLowerCase();
}

/** the transaction currency of money columns (opportunity, product): a lookup, read and written as an ISO code */
export const DYNAMICS_CURRENCY = 'transactioncurrencyid';

export const DYNAMICS_DEFAULT_FIELDS: Record<'account' | 'person' | 'lead' | 'deal' | 'product', Record<string, string>> = {
  account: { name: 'name', domain: 'websiteurl', employees: 'numberofemployees', country: 'address1_country', city: 'address1_city', ownerId: DYNAMICS_OWNER },
  person: { firstName: 'firstname', lastName: 'lastname', email: 'emailaddress1', phone: 'telephone1', title: 'jobtitle', country: 'address1_country', city: 'address1_city', linkedinUrl: DYNAMICS_LINKEDIN, ownerId: DYNAMICS_OWNER },
  lead: { firstName: 'firstname', lastName: 'lastname', email: 'emailaddress1', phone: 'telephone1', title: 'jobtitle', companyName: 'companyname', country: 'address1_country', city: 'address1_city', linkedinUrl: DYNAMICS_LINKEDIN, ownerId: DYNAMICS_OWNER },
  deal: { name: 'name', amount: 'estimatedvalue', currency: DYNAMICS_CURRENCY, stage: 'salesstage', closeDate: 'estimatedclosedate', ownerId: DYNAMICS_OWNER },
  // the catalogue: its name, list price and the price's currency
  product: { name: 'name', listPrice: 'price', currency: DYNAMICS_CURRENCY },
};

/** Lookup columns: read as `_<name>_value`, written as `<name>@odata.bind` to the entity set given. */
export const LOOKUP_SETS: Readonly<Record<string, string>> = { [DYNAMICS_OWNER]: 'systemusers', [DYNAMICS_CURRENCY]: 'transactioncurrencies' };
export const LOOKUPS = new Set(Object.keys(LOOKUP_SETS));

export type DvError = { error?: { code?: string; message?: string } };

/** Dataverse's service protection error codes (429). */
export const PROTECTION_CODES = new Set(['0x80072322', '0x80072321', '0x80072326']);

export function describeDynamicsError(status: number, body: unknown): string {
  const e = (body as DvError | null)?.error;
  if (e && typeof e === 'object' && (e.message || e.code)) return `${e.code ?? 'error'}: ${e.message ?? ''}`.trim();
  const oauth = body as { error?: string; error_description?: string } | null;
  if (oauth && typeof oauth === 'object' && typeof oauth.error === 'string') return `${oauth.error}: ${oauth.error_description ?? ''}`.trim();
  return `HTTP ${status}`;
}

export function classifyDynamicsError(status: number, body: unknown): SyncErrorCode | undefined {
  const code = (body as DvError | null)?.error?.code;
  if (code && PROTECTION_CODES.has(code.toLowerCase())) return 'rate-limited';
  if (code === '0x80040217') return 'not-found'; // "… With Id = … Does Not Exist"
  return undefined;
}

export function partError(status: number, body: unknown, headers: Record<string, string>, now: number): SyncError {
  const detail = describeDynamicsError(status, body);
  const classified = classifyDynamicsError(status, body);
  if (status === 429 || classified === 'rate-limited') {
    const wait = retryAfterMs(headers['retry-after'] ?? null, now) ?? 60_000;
    return new SyncError('rate-limited', `Dynamics 365 asked Dealside to slow down (${detail}). Sync resumes by itself.`, 429, now + wait);
  }
  if (status === 404 || classified === 'not-found') return new SyncError('not-found', `Dynamics 365 could not find it (${detail}).`, 404);
  if (status === 401) return new SyncError('auth', `Dynamics 365 no longer accepts Dealside's access (${detail}). Reconnect Dynamics 365 in Options → Connections; unsynced edits are kept.`, 401);
  if (status === 403) return new SyncError('forbidden', `Dynamics 365 refused the request (${detail}). Check the signed-in user's security roles.`, 403);
  if (status >= 500 || status === 408) return new SyncError('transient', `Dynamics 365 had a problem (${status}: ${detail}). Dealside retries later.`, status);
  return new SyncError('invalid', `Dynamics 365 refused the change (${status}: ${detail}).`, status);
}

/** An OData string literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id in an OData-EntityId header: …/accounts(00000000-…) */
export function entityIdOf(header: string | undefined): string | undefined {
  const m = header ? /\(([0-9a-f-]{36})\)\s*$/i.exec(header) : null;
  return m ? m[1]!.toLowerCase() : undefined;
}

// ----- $batch (multipart/mixed) -------------------------------------------------------------------

export type BatchPart = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown; headers?: Record<string, string> };
export type BatchAnswer = { status: number; headers: Record<string, string>; body: unknown };

export function batchBody(boundary: string, apiBase: string, parts: readonly BatchPart[]): string {
  const lines: string[] = [];
  for (const part of parts) {
    lines.push(`--${boundary}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', '');
    lines.push(`${part.method} ${apiBase}${part.url} HTTP/1.1`);
    if (part.body !== undefined) lines.push('Content-Type: application/json; type=entry');
    for (const [k, v] of Object.entries(part.headers ?? {})) lines.push(`${k}: ${v}`);
    lines.push('');
    lines.push(part.body !== undefined ? JSON.stringify(part.body) : '');
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

/** The parts of a $batch answer, in order (change sets are not used, so parts are flat). */
export function parseBatchAnswer(text: string): BatchAnswer[] {
  const m = /^--([^\r\n]+)/m.exec(text);
  if (!m) return [];
  const boundary = m[1]!.trim();
  const out: BatchAnswer[] = [];
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const http = /HTTP\/1\.1 (\d{3})[^\r\n]*\r?\n([\s\S]*)$/.exec(chunk);
    if (!http) continue;
    const rest = http[2]!;
    const split = rest.search(/\r?\n\r?\n/);
    const head = split >= 0 ? rest.slice(0, split) : rest;
    const bodyText = split >= 0 ? rest.slice(split).replace(/^\r?\n\r?\n/, '').trim() : '';
    const headers: Record<string, string> = {};
    for (const line of head.split(/\r?\n/)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    let body: unknown = null;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
      }
    }
    out.push({ status: Number(http[1]), headers, body });
  }
  return out;
}

export type Row = Record<string, unknown>;

/** The publisher and solution Dealside makes its columns in (a column's name starts with the publisher's prefix). */
export const DEALSIDE_PUBLISHER = { uniquename: 'dealside', friendlyname: 'Dealside', customizationprefix: 'dealside', customizationoptionvalueprefix: 72_614 } as const;
export const DEALSIDE_SOLUTION = 'dealside';

/** A column Dealside reads and writes, as it is made over the metadata API when an admin has not. */
export type DealsideColumn = { name: string; kind: 'text' | 'memo' | 'date' | 'url'; label: string };

const label = (text: string) => ({ '@odata.type': 'Microsoft.Dynamics.CRM.Label', LocalizedLabels: [{ '@odata.type': 'Microsoft.Dynamics.CRM.LocalizedLabel', Label: text, LanguageCode: 1033 }] });

/** The attribute metadata that makes a column (POST EntityDefinitions(LogicalName='…')/Attributes). */
export function attributeMetadata(c: DealsideColumn): Record<string, unknown> {
  const common = { SchemaName: c.name, RequiredLevel: { Value: 'None', CanBeChanged: true }, DisplayName: label(c.label), Description: label(`${c.label} (Dealside)`) };
  if (c.kind === 'memo') return { '@odata.type': 'Microsoft.Dynamics.CRM.MemoAttributeMetadata', AttributeType: 'Memo', AttributeTypeName: { Value: 'MemoType' }, Format: 'TextArea', MaxLength: 2000, ...common };
  if (c.kind === 'date') return { '@odata.type': 'Microsoft.Dynamics.CRM.DateTimeAttributeMetadata', AttributeType: 'DateTime', AttributeTypeName: { Value: 'DateTimeType' }, Format: 'DateOnly', DateTimeBehavior: { Value: 'DateOnly' }, ...common };
  return { '@odata.type': 'Microsoft.Dynamics.CRM.StringAttributeMetadata', AttributeType: 'String', AttributeTypeName: { Value: 'StringType' }, FormatName: { Value: c.kind === 'url' ? 'Url' : 'Text' }, MaxLength: c.kind === 'url' ? 400 : 100, ...common };
}
export type AttributeDef = { LogicalName: string; AttributeType: string; IsCustomAttribute: boolean; IsValidForUpdate?: boolean; DisplayName?: { UserLocalizedLabel?: { Label?: string } | null } };




export function isDeleted(row: Row): boolean {
  const ctx = row['@odata.context'];
  return (typeof ctx === 'string' && ctx.endsWith('$deletedEntity')) || row.reason === 'deleted';
}

