// Pipedrive's API as Dealside uses it (see index.ts): paths, the default field map, error
// wording and the pure helpers every part shares.
import type { LoggedTouchType } from '../../../domain/entities';
import { type FieldSpec, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { CRM_OWNER_FIELD, crmUserIdOf } from '../../connector';

/** the activity type a logged touch becomes (Pipedrive's default types); a note is a note */
export const PD_ACTIVITY_TYPE: Record<Exclude<LoggedTouchType, 'note'>, string> = { call: 'call', 'email-sent': 'email', 'email-replied': 'email', meeting: 'meeting' };
export const PD_TOUCH_SUBJECT: Record<LoggedTouchType, string> = { call: 'Call', 'email-sent': 'E-mail', 'email-replied': 'E-mail reply', meeting: 'Meeting', note: 'Note' };
/** an activity's or note's links, and where their lists are read */
export const PD_LINKS = [
  ['person', 'person_id', 'persons'],
  ['deal', 'deal_id', 'deals'],
  ['account', 'org_id', 'organizations'],
] as const;

export type PdType = 'persons' | 'organizations' | 'deals' | 'products';
export const TYPE_OF: Record<SyncEntity, PdType> = { person: 'persons', account: 'organizations', deal: 'deals', product: 'products' };
export const FIELDS_ROUTE: Record<PdType, string> = { persons: 'personFields', organizations: 'organizationFields', deals: 'dealFields', products: 'productFields' };
export const PIPEDRIVE_OBJECT_TYPE: Record<SyncEntity, string> = { person: 'person', account: 'organization', deal: 'deal', product: 'product' };
/** the pseudo-field under which the field map keeps the key of the "Dealside id" custom field */
export const PIPEDRIVE_ID_FIELD = 'dealsideId';
export const ID_FIELD_NAME = 'Dealside id';
/** the person custom field that holds the LinkedIn profile (found by name, else created on connect) */
export const PIPEDRIVE_LINKEDIN_FIELD_NAME = 'LinkedIn';
export const PAGE = 500;
/** crm deletions: how often /v1/recents is read */
export const PIPEDRIVE_DELETED_EVERY_MS = 15 * 60_000;
/** a Pipedrive lead, as our crmRefs name its object */
export const PIPEDRIVE_LEAD_OBJECT = 'lead';

/** the record owner (a user id) on persons, organizations, deals and leads */
export const PIPEDRIVE_OWNER = CRM_OWNER_FIELD.pipedrive!;

/** The UTC day of a Pipedrive time ("2026-04-30T10:00:00Z" in v2, "2026-04-30 10:00:00" in v1), if it is one. */
export function dayOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : undefined;
}

/** A user id in an owner_id: an integer (API v2, leads) or v1's object {id, value, name, …}. */
export function ownerOf(raw: unknown): string | undefined {
  const v = raw && typeof raw === 'object' ? ((raw as { id?: unknown; value?: unknown }).id ?? (raw as { value?: unknown }).value) : raw;
  return typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? String(v) : undefined;
}

/** Our user id → the owner_id to send, when the user is one of this company's. */
export function toOwnerId(value: FieldValue): number | undefined {
  const id = crmUserIdOf('pipedrive', value);
  return id && /^\d+$/.test(id) ? Number(id) : undefined;
}

// last_activity_date: read-only, the day of the latest activity marked done on the record (crmActivityAt)
export const PIPEDRIVE_DEFAULT_FIELDS: Record<SyncEntity, Record<string, string>> = {
  person: { firstName: 'first_name', lastName: 'last_name', email: 'emails', phone: 'phones', title: 'job_title', ownerId: PIPEDRIVE_OWNER, crmActivityAt: 'last_activity_date' },
  account: { name: 'name', country: 'address.country', city: 'address.locality', ownerId: PIPEDRIVE_OWNER, crmActivityAt: 'last_activity_date' },
  deal: { name: 'title', amount: 'value', currency: 'currency', stage: 'stage', closeDate: 'expected_close_date', ownerId: PIPEDRIVE_OWNER, crmActivityAt: 'last_activity_date' },
  product: { name: 'name', listPrice: 'prices.price', currency: 'prices.currency', unit: 'unit' },
};

export type PdAnswer<T> = { success: boolean; data: T; additional_data?: { next_cursor?: string | null; pagination?: { more_items_in_collection?: boolean; next_start?: number } } | null };

export function describePipedriveError(status: number, body: unknown): string {
  const b = body as { error?: string; error_info?: string } | null;
  if (b && typeof b === 'object' && typeof b.error === 'string') return b.error;
  return `HTTP ${status}`;
}

export function pdFieldType(spec: FieldSpec): string {
  if (spec.type === 'number') return 'double';
  if (spec.type === 'date') return 'date';
  return spec.type === 'string' ? 'text' : 'varchar';
}
