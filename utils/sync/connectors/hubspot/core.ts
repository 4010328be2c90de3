// HubSpot connector, the part the others build on: its streams, properties both ways and records
// (index.ts says how the parts stack).
import type { CrmSystem } from '../../../domain/entities';
import { normalizeField, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { type PullStream, type RemoteRecord, type ConnectorTraits } from '../../connector';
import { HUBSPOT_DEALSIDE_ID, TYPE_OF, HUBSPOT_OBJECT_TYPE, MODIFIED, HUBSPOT_PARENT_COMPANY, HUBSPOT_ARCHIVED_EVERY_MS, HUBSPOT_DEFAULT_STAGES } from './model';
import { ConnectorBase, crmStreams } from '../base';
import { type HsObject } from './schemas';

export class HubspotCore extends ConnectorBase {
  readonly system: CrmSystem = 'hubspot';

  /** A lead is a contact at an early stage: it holds roles like any contact. */
  readonly traits: ConnectorTraits = { leadIsDeal: false, leadRoles: true };

  readonly batchSize = 100;

  protected readonly allStreams: readonly PullStream[] = crmStreams({
    // the owners first: the records' hubspot_owner_id are translated through them
    users: 'owners',
    products: 'products',
    accounts: 'companies',
    people: ['contacts'],
    deals: 'deals',
    afterDeals: ['line_items'],
    // crm deletions: the recycle bin of each object, every 3 hours (see pullArchived)
    deletions: [
      { name: 'archived_companies', entity: 'account', everyMs: HUBSPOT_ARCHIVED_EVERY_MS },
      { name: 'archived_contacts', entity: 'person', everyMs: HUBSPOT_ARCHIVED_EVERY_MS },
      { name: 'archived_deals', entity: 'deal', everyMs: HUBSPOT_ARCHIVED_EVERY_MS },
    ],
  });

  /** Products and line items only when the token may read them (the e-commerce scope). */
  get streams(): readonly PullStream[] {
    if (this.connection.capabilities.products !== false) return this.allStreams;
    return this.allStreams.filter((s) => s.name !== 'products' && s.name !== 'line_items');
  }

  /** owner id ↔ our user id, once the owners are read (this run) */
  protected ownerIds?: { byOwner: Map<string, string>; byUser: Map<string, string> };

  protected stages(): Record<string, string> {
    return this.connection.stageMap ?? HUBSPOT_DEFAULT_STAGES;
  }

  /** The property's value; undefined: not sent (an owner who is not one of this portal's). */
  toHubspot(entity: SyncEntity, field: string, value: FieldValue): string | undefined {
    if (value === null) return '';
    if (field === 'ownerId') return this.ownerIds?.byUser.get(String(value));
    if (entity === 'deal' && field === 'stage') {
      return Object.entries(this.stages()).find(([, ours]) => ours === value)?.[0] ?? String(value);
    }
    return String(value);
  }

  fromHubspot(entity: SyncEntity, field: string, raw: string | null | undefined): FieldValue {
    if (entity === 'deal' && field === 'stage') return raw ? (this.stages()[raw] ?? null) : null;
    // the owner, and a user property the team maps (the marketing owner): HubSpot owner ids
    if (field === 'ownerId' || field === 'marketingOwnerId') return raw ? (this.ownerIds?.byOwner.get(raw) ?? null) : null;
    return normalizeField(entity, field, raw);
  }

  protected propertiesFor(entity: SyncEntity, fields: readonly string[]): Record<string, string> {
    const map = this.map(entity);
    const out: Record<string, string> = {};
    for (const f of fields) if (map[f]) out[f] = map[f]!;
    return out;
  }

  protected toRecord(entity: SyncEntity, o: HsObject): RemoteRecord {
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, prop] of Object.entries(this.map(entity))) {
      if (prop in o.properties) fields[canonical] = this.fromHubspot(entity, canonical, o.properties[prop]);
    }
    const dealsideId = o.properties[HUBSPOT_DEALSIDE_ID] ?? undefined;
    return {
      entity,
      ...(entity === 'person' ? { kind: 'contact' as const } : {}),
      objectType: HUBSPOT_OBJECT_TYPE[entity],
      crmId: o.id,
      modifiedAt: o.properties[MODIFIED[TYPE_OF[entity]]] ?? o.updatedAt,
      ...(dealsideId ? { dealsideId } : {}),
      ...(o.archived ? { archived: true } : {}),
      fields,
      ...(entity === 'account' && HUBSPOT_PARENT_COMPANY in o.properties ? { links: { parentAccountCrmId: o.properties[HUBSPOT_PARENT_COMPANY] || null } } : {}),
    };
  }

}
