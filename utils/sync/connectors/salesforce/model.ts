// Salesforce's API as Dealside uses it (see index.ts): versions, the default field map, stages,
// error wording and the pure helpers every part shares.
import type { SyncErrorCode } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { CRM_OWNER_FIELD } from '../../connector';
import { type SfError } from './schemas';

export const SALESFORCE_API_VERSION = 'v62.0';
/** crm deletions: how often the delete log is read, how far back Salesforce keeps it */
export const SALESFORCE_DELETED_EVERY_MS = 30 * 60_000;
export const SALESFORCE_DELETED_DAYS = 15;
// OpportunityLineItem: a line removed from a (won) opportunity no longer says its account owns the product
export const SALESFORCE_DELETED_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'OpportunityContactRole', 'OpportunityLineItem'] as const;
export const SALESFORCE_DEALSIDE_ID = 'Dealside_Id__c';
/** the LinkedIn profile on Contact and Lead: a custom field an admin adds (Text or URL, 255) */
export const SALESFORCE_LINKEDIN = 'Dealside_LinkedIn_URL__c';
/** the record owner on Account, Contact, Lead and Opportunity (a User id; a Lead's may be a queue's) */
export const SALESFORCE_OWNER = CRM_OWNER_FIELD.salesforce!;
/** User ids start with 005 (queues, 00G, own leads too) */
export const USER_PREFIX = '005';
export const DATA = `/services/data/${SALESFORCE_API_VERSION}`;
export const BATCH = 200;

export function salesforceBantField(field: string): string {
  const [, letter, key] = field.split('.');
  const words = [letter!, ...key!.split(/(?=[A-Z])/)].map((w) => w[0]!.toUpperCase() + w.slice(1));
  return `Dealside_${words.join('_')}__c`;
}

export type SfObject = 'Account' | 'Contact' | 'Lead' | 'Opportunity' | 'Product2' | 'OpportunityContactRole' | 'OpportunityLineItem' | 'Task' | 'Event';
/** the activity object a logged touch becomes: a meeting is an Event, the rest Tasks */
export type SfActivity = 'Task' | 'Event';

export const SALESFORCE_DEFAULT_FIELDS: Record<'account' | 'person' | 'lead' | 'deal' | 'product', Record<string, string>> = {
  // LastActivityDate: read-only, the day of the latest Task or Event on the record (crmActivityAt)
  account: { name: 'Name', domain: 'Website', industry: 'Industry', employees: 'NumberOfEmployees', country: 'BillingCountry', city: 'BillingCity', ownerId: SALESFORCE_OWNER, crmActivityAt: 'LastActivityDate' },
  person: { firstName: 'FirstName', lastName: 'LastName', email: 'Email', phone: 'Phone', title: 'Title', country: 'MailingCountry', city: 'MailingCity', linkedinUrl: SALESFORCE_LINKEDIN, ownerId: SALESFORCE_OWNER, crmActivityAt: 'LastActivityDate' },
  lead: { firstName: 'FirstName', lastName: 'LastName', email: 'Email', phone: 'Phone', title: 'Title', companyName: 'Company', country: 'Country', city: 'City', linkedinUrl: SALESFORCE_LINKEDIN, ownerId: SALESFORCE_OWNER, crmActivityAt: 'LastActivityDate' },
  // Type: the standard kind of sale (New Customer, Existing Customer - Upgrade / Replacement / Downgrade; a team's Renewal)
  // CurrencyIsoCode: only in an org with multiple currencies (connect maps it when Opportunity has it)
  deal: { name: 'Name', amount: 'Amount', currency: 'CurrencyIsoCode', stage: 'StageName', closeDate: 'CloseDate', ownerId: SALESFORCE_OWNER, dealType: 'Type', crmActivityAt: 'LastActivityDate' },
  product: { name: 'Name', family: 'Family' },
};

/** The standard opportunity stages, to ours. */
export const SALESFORCE_DEFAULT_STAGES: Record<string, string> = {
  Prospecting: 'discovery',
  Qualification: 'qualification',
  'Needs Analysis': 'qualification',
  'Value Proposition': 'proposal',
  'Id. Decision Makers': 'proposal',
  'Perception Analysis': 'proposal',
  'Proposal/Price Quote': 'proposal',
  'Negotiation/Review': 'negotiation',
  'Closed Won': 'closed-won',
  'Closed Lost': 'closed-lost',
};
export const STAGE_FOR: Record<string, string> = {
  discovery: 'Prospecting',
  qualification: 'Qualification',
  proposal: 'Proposal/Price Quote',
  negotiation: 'Negotiation/Review',
  'closed-won': 'Closed Won',
  'closed-lost': 'Closed Lost',
};


export function describeSalesforceError(status: number, body: unknown): string {
  const first = Array.isArray(body) ? (body[0] as SfError | undefined) : undefined;
  if (first?.message) return `${first.errorCode ?? first.statusCode ?? 'ERROR'}: ${first.message}`;
  const oauth = body as { error?: string; error_description?: string } | null;
  if (oauth && typeof oauth === 'object' && oauth.error) return `${oauth.error}: ${oauth.error_description ?? ''}`.trim();
  return `HTTP ${status}`;
}

export function classifySalesforceError(status: number, body: unknown): SyncErrorCode | undefined {
  const first = Array.isArray(body) ? (body[0] as SfError | undefined) : undefined;
  const code = first?.errorCode;
  if (code === 'REQUEST_LIMIT_EXCEEDED') return /TotalRequests/i.test(first?.message ?? '') ? 'budget-exhausted' : 'rate-limited';
  if (code === 'ENTITY_IS_DELETED' || code === 'NOT_FOUND') return 'not-found';
  return undefined;
}

export function saveError(errors: SfError[], fallback = 'Salesforce refused the record.'): SyncError {
  const e = errors[0];
  const code = e?.statusCode ?? e?.errorCode ?? '';
  const message = e ? `${code}: ${e.message}` : fallback;
  if (code === 'ENTITY_IS_DELETED' || code === 'NOT_FOUND') return new SyncError('not-found', `Salesforce: ${message}`, 404);
  if (code === 'REQUEST_LIMIT_EXCEEDED') return new SyncError('rate-limited', `Salesforce: ${message}`, 403);
  if (code === 'UNABLE_TO_LOCK_ROW') return new SyncError('transient', `Salesforce: ${message}`, 409);
  return new SyncError('invalid', `Salesforce refused the change (${message}).`, 400);
}


/** A SOQL datetime literal (seconds; SOQL takes no fractions). */
export function soqlDateTime(iso: string): string {
  return new Date(Math.floor(Date.parse(iso) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

