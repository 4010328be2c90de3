// What the five connectors share, written once: the connection and its HTTP client, the field map,
// the streams a connector answers to, grouping a batch by the CRM's object, the wording of a
// field the connection does not map, CRM times in ISO form and a touch's default title. Each
// connector's core.ts extends ConnectorBase (utils/sync/connectors/<crm>/index.ts says how the
// rest of its parts stack).
import type { CrmSystem, LoggedTouchType } from '../../domain/entities';
import { BANT_FIELDS, type SyncEntity } from '../../domain/fields/recordFields';
import type { ConnectionRecord } from '../../store/syncRecords';
import { CRM_NAMES } from '../../crms/names';
import { SyncError, type HttpClient } from '../http';
import { mappedFields, type ConnectorTraits, type CreateResult, type PullStream } from '../connector';

export abstract class ConnectorBase {
  abstract readonly system: CrmSystem;
  abstract readonly streams: readonly PullStream[];
  abstract readonly traits: ConnectorTraits;

  constructor(
    readonly connection: ConnectionRecord,
    readonly http: HttpClient,
  ) {}

  /** The CRM's name, as its users know it (error wording). */
  protected get crmName(): string {
    return CRM_NAMES[this.system];
  }

  /** The canonical fields this connection maps → the CRM's field names. */
  protected map(entity: SyncEntity, kind?: 'contact' | 'lead'): Record<string, string> {
    return mappedFields(this.connection, entity, kind);
  }

  /** The stream of that name; a name this CRM has no stream for is a bug of the caller's. */
  protected streamOf(stream: string): PullStream {
    const def = this.streams.find((s) => s.name === stream);
    if (!def) throw new Error(`${this.crmName} has no stream ${stream}`);
    return def;
  }
}

/** What a CRM calls the streams it reads (crmStreams puts them in the order every connector reads them). */
export type StreamNames = {
  /** the CRM's users: first, as the records name their owners */
  users: string;
  products?: string;
  accounts: string;
  /** contacts, and leads where they stand apart */
  people: readonly string[];
  deals: string;
  /**
   * what a deal brings after the people it names (contact roles, line items, the Leads inbox), in
   * this order: a deal stream, or another entity's named with it (Zoho's notes, on people)
   */
  afterDeals?: readonly (string | { name: string; entity: SyncEntity })[];
  /** deletion checks, each on its own cadence, last */
  deletions?: readonly { name: string; entity: SyncEntity; everyMs: number }[];
};

/**
 * A CRM's streams in the order every connector reads them: users, products, accounts, people, deals
 * (a record after the ones it links to), what comes with deals, then the deletion checks.
 */
export function crmStreams(names: StreamNames): PullStream[] {
  return [
    { name: names.users, entity: 'user', order: -1 },
    ...(names.products ? [{ name: names.products, entity: 'product' as const, order: 0 }] : []),
    { name: names.accounts, entity: 'account', order: 1 },
    ...names.people.map((name) => ({ name, entity: 'person' as const, order: 2 })),
    { name: names.deals, entity: 'deal', order: 3 },
    ...(names.afterDeals ?? []).map((s, i) => (typeof s === 'string' ? { name: s, entity: 'deal' as const, order: 4 + i } : { ...s, order: 4 + i })),
    ...(names.deletions ?? []).map((d) => ({ ...d, order: 10 })),
  ];
}

/**
 * What connect maps on one CRM object: each of our fields to the CRM field its defaults name, when
 * the object has it (`has`), and — for an object that holds BANT answers (`bantName` given: deals,
 * leads) — each BANT field to the CRM's, with the names of those the object lacks (`missingBant`:
 * the connect note asks an admin for them).
 */
export function mapObjectFields(
  has: (name: string) => boolean,
  defaults: Readonly<Record<string, string>>,
  bantName?: (field: string) => string,
): { map: Record<string, string>; missingBant: string[] } {
  const map: Record<string, string> = {};
  for (const [canonical, name] of Object.entries(defaults)) if (has(name)) map[canonical] = name;
  const missingBant: string[] = [];
  if (bantName)
    for (const field of Object.keys(BANT_FIELDS)) {
      const name = bantName(field);
      if (has(name)) map[field] = name;
      else missingBant.push(name);
    }
  return { map, missingBant };
}

/** A batch's indexes grouped by the CRM object each item goes to (Contact or Lead …), in order. */
export function groupIndexes<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, number[]> {
  const out = new Map<K, number[]>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    out.set(key, [...(out.get(key) ?? []), i]);
  });
  return out;
}

/** A create the CRM refused for its values is that item's failure; anything else stops the call. */
export function refusedCreate(error: unknown): CreateResult {
  if (error instanceof SyncError && error.code === 'invalid') return { ok: false, error };
  throw error;
}

/** A write names fields the connection maps to nothing in the CRM: the user maps them in Options. */
export function unmappedError(fields: readonly string[]): SyncError {
  return new SyncError('unmapped', `No CRM field is mapped for ${fields.join(', ')}. Map them in Options → Connections, then retry.`);
}

/** A CRM's time as ISO 8601 in UTC (the CRM's own text when it is not a time). */
export function normIso(value: unknown): string {
  const ms = Date.parse(String(value));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(value);
}

/** What a logged touch is titled in the CRM when the rep gave no subject. */
export const TOUCH_TITLE: Readonly<Record<LoggedTouchType, string>> = { call: 'Call', 'email-sent': 'Email', 'email-replied': 'Email reply', meeting: 'Meeting', note: 'Note' };
