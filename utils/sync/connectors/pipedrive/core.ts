// Pipedrive connector, the part the others build on: its streams, field values both ways and
// request bodies (index.ts says how the parts stack).
import type { CrmSystem } from '../../../domain/entities';
import { normalizeField, specOf, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { mappedFields, type PullStream, crmUserId, type ConnectorTraits } from '../../connector';
import { type PdType, TYPE_OF, FIELDS_ROUTE, PIPEDRIVE_ID_FIELD, PIPEDRIVE_DELETED_EVERY_MS, ownerOf, toOwnerId } from './model';
import { ConnectorBase, crmStreams } from '../base';
import { PD_FIELDS, PD_OBJECTS, type PdObject } from './schemas';

export class PipedriveCore extends ConnectorBase {
  readonly system: CrmSystem = 'pipedrive';

  /** The Leads inbox is deals of kind lead; the role is per person. */
  readonly traits: ConnectorTraits = { leadIsDeal: true, leadRoles: true };

  readonly batchSize = 100;

  readonly streams: readonly PullStream[] = crmStreams({
    // the users first: the records' owner_id name them
    users: 'users',
    products: 'products',
    accounts: 'organizations',
    people: ['persons'],
    deals: 'deals',
    // the Leads inbox: deals of ours with objectType 'lead' (see pullLeads)
    afterDeals: ['leads'],
    // crm deletions: /v1/recents every 15 minutes (see pullDeleted)
    deletions: [{ name: 'deleted', entity: 'deal', everyMs: PIPEDRIVE_DELETED_EVERY_MS }],
  });

  /** each kind's map, made once: it is read for every record of every page, and the connection is fixed */
  private readonly maps = new Map<SyncEntity, Readonly<Record<string, string>>>();

  protected override map(entity: SyncEntity): Record<string, string> {
    let made = this.maps.get(entity);
    if (!made) {
      const m = { ...mappedFields(this.connection, entity) };
      delete m[PIPEDRIVE_ID_FIELD];
      // Options maps a custom field by its key (describeFields' name): it lives under custom_fields
      for (const [canonical, path] of Object.entries(m)) if (/^[0-9a-f]{40}$/.test(path)) m[canonical] = `custom_fields.${path}`;
      made = Object.freeze(m);
      this.maps.set(entity, made);
    }
    return made as Record<string, string>;
  }

  protected idKey(entity: SyncEntity): string | undefined {
    return mappedFields(this.connection, entity)[PIPEDRIVE_ID_FIELD]?.replace(/^custom_fields\./, '');
  }

  protected get(o: PdObject, path: string): unknown {
    if (path.startsWith('custom_fields.')) return o.custom_fields?.[path.slice('custom_fields.'.length)] ?? null;
    if (path === 'emails' || path === 'phones') {
      const list = (o[path] as Array<{ value: string; primary?: boolean }> | undefined) ?? [];
      return (list.find((x) => x.primary) ?? list[0])?.value ?? null;
    }
    if (path.startsWith('prices.')) return ((o.prices as Array<Record<string, unknown>> | undefined) ?? [])[0]?.[path.slice(7)] ?? null;
    if (path.startsWith('address.')) return (o.address as Record<string, unknown> | null | undefined)?.[path.slice(8)] ?? null;
    return o[path] ?? null;
  }

  protected stageFromPd(o: PdObject): FieldValue {
    if (o.status === 'won') return 'closed-won';
    if (o.status === 'lost') return 'closed-lost';
    return this.connection.stageMap?.[String(o.stage_id)] ?? null;
  }

  protected fromPd(entity: SyncEntity, o: PdObject, field: string, path: string): FieldValue {
    if (entity === 'deal' && field === 'stage') return this.stageFromPd(o);
    if (field === 'ownerId' || field === 'marketingOwnerId') {
      // the owner, and a user field the team maps (the marketing owner): Pipedrive user ids
      const id = ownerOf(this.get(o, path));
      return id ? crmUserId('pipedrive', id) : null;
    }
    const raw = this.get(o, path);
    // an option field (a deal type or tier the team maps) holds the option's id: its label says what it is
    const label = typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw)) ? this.optionLabels?.get(path)?.get(String(raw)) : undefined;
    return normalizeField(entity, field, label ?? raw);
  }

  /** Our values → a v2 request body (merged into `current` for lists such as e-mails). */
  protected body(entity: SyncEntity, fields: Record<string, FieldValue>, current?: PdObject): Record<string, unknown> {
    const map = this.map(entity);
    const out: Record<string, unknown> = {};
    const custom: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      const path = map[field];
      if (!path) continue;
      if (field === 'ownerId') {
        // someone who is not one of this company's users: Pipedrive keeps (or gives) its own owner
        const owner = toOwnerId(value);
        if (owner !== undefined) out[path] = owner;
        continue;
      }
      if (entity === 'deal' && field === 'stage') {
        if (value === 'closed-won') out.status = 'won';
        else if (value === 'closed-lost') out.status = 'lost';
        else {
          out.status = 'open';
          const stageId = Object.entries(this.connection.stageMap ?? {}).find(([, s]) => s === value)?.[0];
          if (stageId) out.stage_id = Number(stageId);
        }
      } else if (path.startsWith('custom_fields.')) custom[path.slice(14)] = value === null ? null : typeof value === 'boolean' ? String(value) : value;
      else if (path === 'emails' || path === 'phones') {
        const others = ((current?.[path] as Array<{ value: string; primary?: boolean; label?: string }> | undefined) ?? []).filter((x) => !x.primary && x.value !== value);
        out[path] = value === null ? others : [{ value, primary: true, label: 'work' }, ...others];
      } else if (path.startsWith('prices.')) {
        const price = { ...(((out.prices as Array<Record<string, unknown>> | undefined) ?? (current?.prices as Array<Record<string, unknown>> | undefined) ?? [])[0] ?? {}), [path.slice(7)]: value };
        out.prices = [price];
      } else if (path.startsWith('address.')) {
        out.address = { ...((out.address as Record<string, unknown> | undefined) ?? (current?.address as Record<string, unknown> | undefined) ?? {}), [path.slice(8)]: value };
      } else out[path] = value;
    }
    if (entity === 'person' && ('first_name' in out || 'last_name' in out)) {
      const first = 'first_name' in out ? out.first_name : current?.first_name;
      const last = 'last_name' in out ? out.last_name : current?.last_name;
      out.name = `${String(first ?? '')} ${String(last ?? '')}`.trim() || '(no name)';
    }
    if (Object.keys(custom).length) out.custom_fields = custom;
    return out;
  }

  /** mapped option fields' labels by option id (path → id → label), read once a run (loadOptionLabels) */
  protected optionLabels?: Map<string, Map<string, string>>;

  /**
   * The labels of the options of the mapped fields whose CRM words we read (specOf(…).fromCrm: the deal
   * type, the ABM tier): an enum custom field answers its option's id, not its label.
   */
  protected async loadOptionLabels(entity: SyncEntity): Promise<void> {
    const paths = Object.entries(this.map(entity)).filter(([c, p]) => specOf(entity, c)?.fromCrm && p.startsWith('custom_fields.'));
    if (paths.length === 0) return;
    this.optionLabels ??= new Map();
    const fields = (await this.fieldsOf(TYPE_OF[entity])) as Array<{ key: string; options?: Array<{ id?: number | string; label: string }> }>;
    for (const [, path] of paths) {
      const f = fields.find((x) => x.key === path.slice('custom_fields.'.length));
      this.optionLabels.set(path, new Map((f?.options ?? []).filter((o) => o.id !== undefined).map((o) => [String(o.id), o.label])));
    }
  }

  protected async fieldsOf(type: PdType): Promise<Array<{ key: string; name: string; field_type: string; edit_flag?: boolean; options?: Array<{ label: string }> }>> {
    const out: Array<{ key: string; name: string; field_type: string; edit_flag?: boolean }> = [];
    let start = 0;
    for (;;) {
      const { body } = await this.http.request({ method: 'GET', url: `/v1/${FIELDS_ROUTE[type]}`, query: { start, limit: 500 } }, PD_FIELDS);
      out.push(...(body.data ?? []));
      const p = body.additional_data?.pagination;
      if (!p?.more_items_in_collection || p.next_start === undefined) return out;
      start = p.next_start;
    }
  }

  protected async byIds(type: PdType, ids: readonly string[]): Promise<Map<string, PdObject>> {
    const out = new Map<string, PdObject>();
    for (let i = 0; i < ids.length; i += 100) {
      const { body } = await this.http.request({ method: 'GET', url: `/api/v2/${type}`, query: { ids: ids.slice(i, i + 100).join(','), limit: 100 } }, PD_OBJECTS);
      for (const o of body.data ?? []) out.set(String(o.id), o);
    }
    return out;
  }
}
