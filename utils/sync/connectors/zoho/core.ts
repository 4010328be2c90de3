// Zoho CRM connector, the part the others build on: its streams, its modules and field values
// both ways (index.ts says how the parts stack).
import type { CrmSystem } from '../../../domain/entities';
import { normalizeField, specOf, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { SyncError } from '../../http';
import { crmUserId, crmUserIdOf, type PullStream, type ConnectorTraits } from '../../connector';
import { ZOHO_API, BATCH, READ_CHUNK, ZOHO_DELETED_EVERY_MS, ZOHO_NOTES_CHECK_EVERY_MS, type Module, ZOHO_STAGES, type Row, lookupId } from './model';
import { ConnectorBase, crmStreams } from '../base';
import { ZOHO_LIST } from './schemas';

export class ZohoCore extends ConnectorBase {
  readonly system: CrmSystem = 'zoho';

  /** Contact roles take contacts: a lead holds no role until converted. */
  readonly traits: ConnectorTraits = { leadIsDeal: false, leadRoles: false };

  readonly batchSize = BATCH;

  readonly streams: readonly PullStream[] = crmStreams({
    users: 'users',
    // the product catalogue, before the sales orders' items name its products
    products: 'Products',
    accounts: 'Accounts',
    people: ['Contacts', 'Leads'],
    deals: 'Deals',
    // the deals' sales orders (their items are what a won deal's account owns), then the notes on
    // contacts, leads, deals and accounts (their last touch)
    afterDeals: ['Sales_Orders', { name: 'Notes', entity: 'person' }],
    // deletions; notes apart (Zoho's deleted-records list does not take them): their ids listed
    deletions: [
      { name: 'deleted', entity: 'deal', everyMs: ZOHO_DELETED_EVERY_MS },
      { name: 'notes_check', entity: 'person', everyMs: ZOHO_NOTES_CHECK_EVERY_MS },
    ],
  });

  protected moduleOf(entity: SyncEntity, kind?: 'contact' | 'lead'): Module {
    if (entity === 'person') return kind === 'lead' ? 'Leads' : 'Contacts';
    if (entity === 'account') return 'Accounts';
    if (entity === 'deal') return 'Deals';
    throw new SyncError('invalid', 'Dealside reads products from Zoho CRM but does not write them.');
  }

  protected kindOf(module: Module): 'contact' | 'lead' | undefined {
    return module === 'Leads' ? 'lead' : module === 'Contacts' ? 'contact' : undefined;
  }

  /** A canonical value → Zoho's; undefined: not sent. */
  toZoho(entity: SyncEntity, field: string, value: FieldValue): unknown {
    if (field === 'ownerId') {
      const id = crmUserIdOf('zoho', value);
      return id ? { id } : undefined;
    }
    if (entity === 'deal' && field === 'stage') return typeof value === 'string' ? (ZOHO_STAGES.write[value] ?? undefined) : undefined;
    const spec = specOf(entity, field);
    if (spec?.type === 'date' && typeof value === 'string') return value.slice(0, 10);
    if (spec?.type === 'boolean') return value === true;
    return value;
  }

  fromZoho(entity: SyncEntity, field: string, raw: unknown): FieldValue {
    // the owner, and a user lookup the team maps (the marketing owner): { name, id }
    if (field === 'ownerId' || field === 'marketingOwnerId') {
      const id = lookupId(raw);
      return id ? crmUserId('zoho', id) : null;
    }
    if (entity === 'deal' && field === 'stage') return typeof raw === 'string' ? (ZOHO_STAGES.read[raw] ?? null) : null;
    return normalizeField(entity, field, raw);
  }

  protected values(entity: SyncEntity, kind: 'contact' | 'lead' | undefined, fields: Record<string, FieldValue>): Row {
    const map = this.map(entity, kind);
    const out: Row = {};
    for (const [field, value] of Object.entries(fields)) {
      const name = map[field];
      if (!name) continue;
      const v = this.toZoho(entity, field, value);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }

  /** Records by id (`GET /{module}?ids=…&fields=…`, READ_CHUNK a call), by id; those gone are missing. */
  protected async rowsByIds(module: Module, ids: readonly string[], fields: readonly string[]): Promise<Map<string, Row>> {
    const found = new Map<string, Row>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      const res = await this.http.request({ method: 'GET', url: `${ZOHO_API}/${module}`, query: { ids: unique.slice(i, i + READ_CHUNK).join(','), fields: fields.join(',') }, accept: [204] }, ZOHO_LIST);
      for (const r of res.body?.data ?? []) found.set(String(r.id), r);
    }
    return found;
  }

  /** Does a record still exist? (`GET /{module}/{id}`: 204 when it does not) */
  protected async exists(module: Module, ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += READ_CHUNK) {
      const res = await this.http.request({ method: 'GET', url: `${ZOHO_API}/${module}`, query: { ids: unique.slice(i, i + READ_CHUNK).join(','), fields: 'Modified_Time' }, accept: [204] }, ZOHO_LIST);
      for (const r of res.body?.data ?? []) found.add(String(r.id));
    }
    return found;
  }
}
