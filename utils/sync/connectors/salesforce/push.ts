// Salesforce writes: current values for conflict checks, Composite updates, upserts on
// Dealside_Id__c (or a lookup first), and links.
import { type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { SyncError } from '../../http';
import { type AssociateItem, type CreateItem, type CreateResult, type ItemResult, type RemoteRef, type UpdateItem } from '../../connector';
import { SALESFORCE_DEALSIDE_ID, DATA, BATCH, type SfObject, saveError, soqlDateTime, soqlString } from './model';
import { SalesforcePull } from './pull';
import { groupIndexes, refusedCreate } from '../base';
import { SF_COMPOSITE, SF_SAVE_RESULT, SF_SAVE_RESULTS, type SfError } from './schemas';

export class SalesforcePush extends SalesforcePull {
  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const out = new Map<string, Record<string, FieldValue>>();
    for (const [object, indexes] of groupIndexes(refs, (item) => this.objectOf(entity, item.kind))) {
      const kind = object === 'Lead' ? 'lead' : object === 'Contact' ? 'contact' : undefined;
      const map = this.map(entity, kind);
      const names = fields.filter((f) => map[f]).map((f) => [f, map[f]!] as const);
      for (let i = 0; i < indexes.length; i += BATCH) {
        const ids = indexes.slice(i, i + BATCH).map((j) => soqlString(refs[j]!.crmId));
        const select = [...new Set(['Id', ...names.map(([, n]) => n)])].join(', ');
        for (const row of await this.soqlAll(`SELECT ${select} FROM ${object} WHERE Id IN (${ids.join(',')})`)) {
          out.set(String(row.Id), Object.fromEntries(names.map(([c, n]) => [c, this.fromSalesforce(entity, c, row[n])])));
        }
      }
    }
    return out;
  }

  protected values(entity: SyncEntity, kind: 'contact' | 'lead' | undefined, fields: Record<string, FieldValue>): Record<string, FieldValue> {
    const map = this.map(entity, kind);
    const out: Record<string, FieldValue> = {};
    for (const [field, value] of Object.entries(fields)) {
      const v = map[field] ? this.toSalesforce(entity, field, value) : undefined;
      if (v !== undefined) out[map[field]!] = v;
    }
    return out;
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    for (const [object, indexes] of groupIndexes(items, (item) => this.objectOf(entity, item.kind))) {
      for (let i = 0; i < indexes.length; i += BATCH) {
        const chunk = indexes.slice(i, i + BATCH);
        const { body } = await this.http.request({
          method: 'PATCH',
          url: `${DATA}/composite/sobjects`,
          body: {
            allOrNone: false,
            records: chunk.map((j) => ({ attributes: { type: object }, id: items[j]!.crmId, ...this.values(entity, items[j]!.kind, items[j]!.fields) })),
          },
        }, SF_SAVE_RESULTS);
        chunk.forEach((j, k) => {
          const r = body[k];
          if (!r || !r.success) results[j] = { ok: false, error: saveError(r?.errors ?? []) };
        });
      }
    }
    return results;
  }

  /** Salesforce's required fields, filled when our record has nothing for them. */
  protected withRequired(object: SfObject, values: Record<string, FieldValue>): Record<string, FieldValue> {
    const v = { ...values };
    if ((object === 'Contact' || object === 'Lead') && !v.LastName) v.LastName = (v.FirstName as string | null) ?? '(no name)';
    if (object === 'Lead' && !v.Company) v.Company = '(not given)';
    if (object === 'Account' && !v.Name) v.Name = '(no name)';
    if (object === 'Opportunity') {
      if (!v.Name) v.Name = '(no name)';
      if (!v.StageName) v.StageName = 'Prospecting';
      if (!v.CloseDate) v.CloseDate = new Date(this.http.deps.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    }
    return v;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    for (const [object, indexes] of groupIndexes(items, (item) => this.objectOf(entity, item.kind))) {
      for (let i = 0; i < indexes.length; i += BATCH) {
        const chunk = indexes.slice(i, i + BATCH);
        const records = chunk.map((j) => this.withRequired(object, this.values(entity, items[j]!.kind, items[j]!.fields)));
        if (this.connection.capabilities.dealsideIdField && object !== 'Product2') {
          // Upsert by our id: a retry after a lost answer updates the record made the first time.
          const { body } = await this.http.request({
            method: 'PATCH',
            url: `${DATA}/composite/sobjects/${object}/${SALESFORCE_DEALSIDE_ID}`,
            body: { allOrNone: false, records: chunk.map((j, k) => ({ attributes: { type: object }, [SALESFORCE_DEALSIDE_ID]: items[j]!.dealsideId, ...records[k] })) },
          }, SF_SAVE_RESULTS);
          chunk.forEach((j, k) => {
            const r = body[k];
            results[j] = r?.success && r.id ? { ok: true, crmId: r.id, objectType: object, created: r.created !== false } : { ok: false, error: saveError(r?.errors ?? []) };
          });
          continue;
        }
        for (let k = 0; k < chunk.length; k++) results[chunk[k]!] = await this.createByNaturalKey(object, records[k]!, items[chunk[k]!]!.retrySince);
      }
    }
    return results;
  }

  /**
   * Without Dealside_Id__c: look the record up (e-mail, name) before creating it. A person without
   * an e-mail has no such key; when an earlier attempt was sent (`retrySince`: its answer may have
   * been lost after Salesforce made the record) the record made since then under the same name
   * (and company, for a lead) is the one that attempt made.
   */
  protected async createByNaturalKey(object: SfObject, values: Record<string, FieldValue>, retrySince?: string): Promise<CreateResult> {
    const person = object === 'Contact' || object === 'Lead';
    const key = person ? 'Email' : 'Name';
    const value = values[key];
    if (typeof value === 'string' && value) {
      const [found] = (await this.soql(`SELECT Id FROM ${object} WHERE ${key} = ${soqlString(value)} LIMIT 1`)).records;
      if (found) return { ok: true, crmId: String(found.Id), objectType: object, created: false };
    } else if (person && retrySince && typeof values.LastName === 'string') {
      const since = soqlDateTime(new Date(Date.parse(retrySince) - 5 * 60_000).toISOString());
      const same = (field: string) => (typeof values[field] === 'string' && values[field] ? ` AND ${field} = ${soqlString(values[field] as string)}` : ` AND ${field} = null`);
      const where = `LastName = ${soqlString(values.LastName)}${same('FirstName')}${object === 'Lead' ? same('Company') : ''} AND CreatedDate >= ${since}`;
      const [found] = (await this.soql(`SELECT Id FROM ${object} WHERE ${where} ORDER BY CreatedDate LIMIT 1`)).records;
      if (found) return { ok: true, crmId: String(found.Id), objectType: object, created: false };
    }
    try {
      const { body } = await this.http.request({ method: 'POST', url: `${DATA}/sobjects/${object}`, body: values }, SF_SAVE_RESULT);
      return { ok: true, crmId: String(body.id), objectType: object, created: true };
    } catch (e) {
      return refusedCreate(e);
    }
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    // Account links are field updates: up to 25 in one composite request.
    const updates: number[] = [];
    const roles: number[] = [];
    items.forEach((item, i) => {
      if (item.to.entity === 'account' && (item.from.entity === 'deal' || (item.from.entity === 'person' && item.from.kind !== 'lead'))) updates.push(i);
      else if (item.from.entity === 'deal' && item.to.entity === 'person') roles.push(i);
      // a lead has no account to link to in Salesforce (it names its company in Company)
    });
    for (let i = 0; i < updates.length; i += 25) {
      const chunk = updates.slice(i, i + 25);
      const { body } = await this.http.request({
        method: 'POST',
        url: `${DATA}/composite`,
        idempotent: true, // setting AccountId twice leaves the same link
        body: {
          allOrNone: false,
          compositeRequest: chunk.map((j) => ({
            method: 'PATCH',
            url: `${DATA}/sobjects/${items[j]!.from.entity === 'deal' ? 'Opportunity' : 'Contact'}/${items[j]!.from.crmId}`,
            referenceId: `link${j}`,
            body: { AccountId: items[j]!.to.crmId },
          })),
        },
      }, SF_COMPOSITE);
      chunk.forEach((j, k) => {
        const sub = body.compositeResponse[k];
        if (!sub || sub.httpStatusCode >= 300) {
          const error = saveError(Array.isArray(sub?.body) ? (sub!.body as SfError[]) : []);
          if (sub && sub.httpStatusCode >= 500) throw new SyncError('transient', error.message, sub.httpStatusCode);
          results[j] = { ok: false, error };
        }
      });
    }
    // Contact roles are records: create only those a query does not find (a retry never doubles one).
    for (let i = 0; i < roles.length; i += BATCH) {
      const chunk = roles.slice(i, i + BATCH);
      const opps = [...new Set(chunk.map((j) => items[j]!.from.crmId))].map(soqlString);
      const contacts = [...new Set(chunk.map((j) => items[j]!.to.crmId))].map(soqlString);
      const existing = new Set(
        (await this.soqlAll(`SELECT Id, OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN (${opps.join(',')}) AND ContactId IN (${contacts.join(',')})`)).map(
          (r) => `${String(r.OpportunityId)}|${String(r.ContactId)}`,
        ),
      );
      const missing = chunk.filter((j, k) => !existing.has(`${items[j]!.from.crmId}|${items[j]!.to.crmId}`) && chunk.findIndex((x) => `${items[x]!.from.crmId}|${items[x]!.to.crmId}` === `${items[j]!.from.crmId}|${items[j]!.to.crmId}`) === k);
      if (missing.length === 0) continue;
      const { body } = await this.http.request({
        method: 'POST',
        url: `${DATA}/composite/sobjects`,
        body: { allOrNone: false, records: missing.map((j) => ({ attributes: { type: 'OpportunityContactRole' }, OpportunityId: items[j]!.from.crmId, ContactId: items[j]!.to.crmId })) },
      }, SF_SAVE_RESULTS);
      missing.forEach((j, k) => {
        const r = body[k];
        if (!r?.success) results[j] = { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    return results;
  }

}
