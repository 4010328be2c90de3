// Zoho CRM writes: current values for conflict checks, updates, upserts on Dealside_Id (or a
// lookup first), and links (Account_Name, contact roles).
import { type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { SyncError } from '../../http';
import { type AssociateItem, type CreateItem, type CreateResult, type ItemResult, type RemoteRef, type UpdateItem } from '../../connector';
import { ZOHO_API, ZOHO_DEALSIDE_ID, BATCH, READ_CHUNK, type Module, ZOHO_STAGES, describeZohoError, recordError, type Row, zohoTime } from './model';
import { ZohoPull } from './pull';
import { groupIndexes, refusedCreate } from '../base';
import { type RecordAnswer, ZOHO_LIST, ZOHO_WRITE } from './schemas';

export class ZohoPush extends ZohoPull {
  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const out = new Map<string, Record<string, FieldValue>>();
    for (const [module, indexes] of groupIndexes(refs, (item) => this.moduleOf(entity, item.kind))) {
      const map = this.map(entity, this.kindOf(module));
      const names = fields.filter((f) => map[f]).map((f) => [f, map[f]!] as const);
      const ids = [...new Set(indexes.map((j) => refs[j]!.crmId))];
      for (let i = 0; i < ids.length; i += READ_CHUNK) {
        const res = await this.http.request({
          method: 'GET',
          url: `${ZOHO_API}/${module}`,
          query: { ids: ids.slice(i, i + READ_CHUNK).join(','), fields: [...new Set(['Modified_Time', ...names.map(([, n]) => n)])].join(',') },
          accept: [204],
        }, ZOHO_LIST);
        for (const row of res.body?.data ?? []) out.set(String(row.id), Object.fromEntries(names.map(([c, n]) => [c, this.fromZoho(entity, c, row[n])])));
      }
    }
    return out;
  }

  /** A write of up to 100 records; each record's answer, in order. */
  protected async write(method: 'PUT' | 'POST', url: string, body: Row): Promise<RecordAnswer[]> {
    const res = await this.http.request({ method, url, body, idempotent: true, accept: [207, 400] }, ZOHO_WRITE);
    const data = res.body?.data;
    if (res.status === 400 && !Array.isArray(data)) throw new SyncError('invalid', `Zoho CRM refused the change (400: ${describeZohoError(400, res.body)}).`, 400);
    return Array.isArray(data) ? data : [];
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    for (const [module, indexes] of groupIndexes(items, (item) => this.moduleOf(entity, item.kind))) {
      const sendable: number[] = [];
      const bodies = new Map<number, Row>();
      for (const j of indexes) {
        const v = this.values(entity, items[j]!.kind, items[j]!.fields);
        if (Object.keys(v).length) {
          bodies.set(j, { id: items[j]!.crmId, ...v });
          sendable.push(j);
        }
      }
      for (let i = 0; i < sendable.length; i += BATCH) {
        const chunk = sendable.slice(i, i + BATCH);
        const answers = await this.write('PUT', `${ZOHO_API}/${module}`, { data: chunk.map((j) => bodies.get(j)) });
        chunk.forEach((j, k) => {
          const a = answers[k];
          results[j] = a?.status === 'success' ? { ok: true } : { ok: false, error: recordError(a) };
        });
      }
    }
    return results;
  }

  /** Zoho's mandatory fields, filled when our record has nothing for them. */
  protected withRequired(module: Module, values: Row): Row {
    const v = { ...values };
    if ((module === 'Contacts' || module === 'Leads') && !v.Last_Name) v.Last_Name = (v.First_Name as string | null) ?? '(no name)';
    if (module === 'Leads' && !v.Company) v.Company = '(no company)';
    if (module === 'Accounts' && !v.Account_Name) v.Account_Name = '(no name)';
    if (module === 'Deals') {
      if (!v.Deal_Name) v.Deal_Name = '(no name)';
      if (!v.Stage) v.Stage = ZOHO_STAGES.write.discovery;
    }
    return v;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    for (const [module, indexes] of groupIndexes(items, (item) => this.moduleOf(entity, item.kind))) {
      const bodies = new Map<number, Row>();
      for (const j of indexes) bodies.set(j, this.withRequired(module, this.values(entity, items[j]!.kind, items[j]!.fields)));
      if (this.connection.capabilities.dealsideIdField) {
        // Upsert on the unique Dealside id: a retry after a lost answer updates the record made the first time.
        for (let i = 0; i < indexes.length; i += BATCH) {
          const chunk = indexes.slice(i, i + BATCH);
          const answers = await this.write('POST', `${ZOHO_API}/${module}/upsert`, {
            data: chunk.map((j) => ({ ...bodies.get(j), [ZOHO_DEALSIDE_ID]: items[j]!.dealsideId })),
            duplicate_check_fields: [ZOHO_DEALSIDE_ID],
          });
          chunk.forEach((j, k) => {
            const a = answers[k];
            results[j] = a?.status === 'success' && typeof a.details?.id === 'string' ? { ok: true, crmId: a.details.id, objectType: module, created: a.action !== 'update' } : { ok: false, error: recordError(a) };
          });
        }
        continue;
      }
      for (const j of indexes) results[j] = await this.createByNaturalKey(module, bodies.get(j)!, items[j]!.retrySince);
    }
    return results;
  }

  /**
   * Without the unique field: look the record up (e-mail for people, name otherwise) before
   * inserting it; a retry of a person without an e-mail looks for one made under the same last
   * name since the first attempt.
   */
  protected async createByNaturalKey(module: Module, values: Row, retrySince?: string): Promise<CreateResult> {
    const person = module === 'Contacts' || module === 'Leads';
    const key = person ? 'Email' : module === 'Accounts' ? 'Account_Name' : 'Deal_Name';
    const value = values[key];
    let query: Record<string, string> | undefined;
    if (typeof value === 'string' && value) query = person ? { email: value } : { criteria: `(${key}:equals:${value.replace(/([(),\\])/g, '\\$1')})` };
    else if (person && retrySince && typeof values.Last_Name === 'string') query = { criteria: `((Last_Name:equals:${values.Last_Name.replace(/([(),\\])/g, '\\$1')})and(Created_Time:greater_equal:${zohoTime(Date.parse(retrySince) - 5 * 60_000)}))` };
    if (query) {
      const res = await this.http.request({ method: 'GET', url: `${ZOHO_API}/${module}/search`, query: { ...query, fields: 'id' }, accept: [204] }, ZOHO_LIST);
      const found = res.body?.data?.[0];
      if (found && typeof found.id === 'string') return { ok: true, crmId: found.id, objectType: module, created: false };
    }
    try {
      const { body } = await this.http.request({ method: 'POST', url: `${ZOHO_API}/${module}`, body: { data: [values] }, accept: [400] }, ZOHO_WRITE);
      const a = body?.data?.[0];
      return a?.status === 'success' && typeof a.details?.id === 'string' ? { ok: true, crmId: a.details.id, objectType: module, created: true } : { ok: false, error: recordError(a) };
    } catch (e) {
      return refusedCreate(e);
    }
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const accountLinks = new Map<Module, Array<{ index: number; id: string; account: string }>>();
    const contacts: number[] = [];
    items.forEach((item, i) => {
      if (item.to.entity === 'account' && (item.from.entity === 'deal' || (item.from.entity === 'person' && item.from.kind !== 'lead'))) {
        const module = item.from.entity === 'deal' ? 'Deals' : 'Contacts';
        accountLinks.set(module, [...(accountLinks.get(module) ?? []), { index: i, id: item.from.crmId, account: item.to.crmId }]);
      } else if (item.from.entity === 'deal' && item.to.entity === 'person' && item.to.kind !== 'lead') contacts.push(i);
      // a lead names its company in Company; a lead has no contact role
    });
    // Account links are lookups: setting one twice leaves the same link.
    for (const [module, links] of accountLinks) {
      for (let i = 0; i < links.length; i += BATCH) {
        const chunk = links.slice(i, i + BATCH);
        const answers = await this.write('PUT', `${ZOHO_API}/${module}`, { data: chunk.map((l) => ({ id: l.id, Account_Name: { id: l.account } })) });
        chunk.forEach((l, k) => {
          const a = answers[k];
          results[l.index] = a?.status === 'success' ? { ok: true } : { ok: false, error: recordError(a) };
        });
      }
    }
    // A contact on a deal is a contact role relation: read first, so a link never changes a role.
    const byDeal = new Map<string, Map<string, string | null> | undefined>();
    for (const j of contacts) {
      const deal = items[j]!.from.crmId;
      if (!byDeal.has(deal)) byDeal.set(deal, await this.rolesOfDeal(deal));
      const roles = byDeal.get(deal);
      if (roles === undefined) {
        results[j] = { ok: false, error: new SyncError('not-found', 'Zoho CRM could not find the deal.', 404) };
        continue;
      }
      if (roles.has(items[j]!.to.crmId)) continue;
      results[j] = await this.putRole(deal, items[j]!.to.crmId, null);
      if (results[j]!.ok) roles.set(items[j]!.to.crmId, null);
    }
    return results;
  }
}
