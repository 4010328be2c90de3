// Dynamics 365 writes: current values for conflict checks, $batch updates, alternate-key upserts
// (or a lookup first), won / lost actions and links.
import { type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { SyncError } from '../../http';
import { roleKey, type AssociateItem, type CreateItem, type CreateResult, type ItemResult, type RemoteRef, type UpdateItem } from '../../connector';
import { DYNAMICS_API, DYNAMICS_DEALSIDE_ID, BATCH, type Table, SET, ID, partError, odataString, entityIdOf } from './model';
import { DynamicsPull } from './pull';
import { groupIndexes, refusedCreate } from '../base';

export class DynamicsPush extends DynamicsPull {
  async read(entity: SyncEntity, refs: readonly RemoteRef[], fields: readonly string[]): Promise<Map<string, Record<string, FieldValue>>> {
    const out = new Map<string, Record<string, FieldValue>>();
    if (entity === 'deal') await this.loadCurrencies();
    for (const [table, indexes] of groupIndexes(refs, (item) => this.tableOf(entity, item.kind))) {
      const kind = table === 'lead' ? 'lead' : table === 'contact' ? 'contact' : undefined;
      const map = this.map(entity, kind);
      const names = fields.filter((f) => map[f]).map((f) => [f, map[f]!] as const);
      const select = [...names.map(([f, c]) => this.columnKey(c, f)), ...(table === 'opportunity' ? ['statecode'] : [])];
      for (const row of await this.rowsById(table, ID[table], indexes.map((j) => refs[j]!.crmId), select)) {
        out.set(String(row[ID[table]]).toLowerCase(), Object.fromEntries(names.map(([c, n]) => [c, this.fromDynamics(entity, c, n, row[this.columnKey(n, c)], row)])));
      }
    }
    return out;
  }

  async update(entity: SyncEntity, items: readonly UpdateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    if (entity === 'deal') await this.loadCurrencies();
    const sendable: number[] = [];
    const bodies: Array<Record<string, unknown>> = [];
    items.forEach((item, i) => {
      try {
        bodies[i] = this.values(entity, item.kind, item.fields);
        if (Object.keys(bodies[i]!).length > 0) sendable.push(i);
      } catch (e) {
        results[i] = { ok: false, error: e instanceof SyncError ? e : new SyncError('invalid', String(e)) };
      }
    });
    for (let i = 0; i < sendable.length; i += BATCH) {
      const chunk = sendable.slice(i, i + BATCH);
      const answers = await this.batch(
        chunk.map((j) => ({ method: 'PATCH', url: `/${SET[this.tableOf(entity, items[j]!.kind)]}(${items[j]!.crmId})`, body: bodies[j], headers: { 'If-Match': '*' } })),
      );
      chunk.forEach((j, k) => {
        results[j] = this.itemResult(answers[k]);
      });
    }
    // Won / lost: the WinOpportunity / LoseOpportunity action closes the opportunity (its state and
    // status cannot be set by an update). Not safe to repeat: the engine reads the stage before a
    // retry, and a closed opportunity reads as won or lost, so nothing is sent twice.
    if (entity === 'deal') {
      for (const [j, item] of items.entries()) {
        const stage = item.fields.stage;
        if (!results[j]!.ok || (stage !== 'closed-won' && stage !== 'closed-lost')) continue;
        const won = stage === 'closed-won';
        try {
          await this.http.request({
            method: 'POST',
            url: `${DYNAMICS_API}/${won ? 'WinOpportunity' : 'LoseOpportunity'}`,
            body: { Status: won ? 3 : 4, OpportunityClose: { subject: won ? 'Won' : 'Lost', 'opportunityid@odata.bind': `/opportunities(${item.crmId})` } },
          });
        } catch (e) {
          if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results[j] = { ok: false, error: e };
          else throw e;
        }
      }
    }
    return results;
  }

  /** Dynamics' required columns, filled when our record has nothing for them. */
  protected withRequired(table: Table, values: Record<string, unknown>): Record<string, unknown> {
    const v = { ...values };
    if ((table === 'contact' || table === 'lead') && !v.lastname) v.lastname = (v.firstname as string | null) ?? '(no name)';
    if (table === 'lead' && !v.subject) v.subject = [v.firstname, v.lastname].filter(Boolean).join(' ') || '(no name)';
    if ((table === 'account' || table === 'opportunity') && !v.name) v.name = '(no name)';
    return v;
  }

  async create(entity: SyncEntity, items: readonly CreateItem[]): Promise<CreateResult[]> {
    const results: CreateResult[] = items.map(() => ({ ok: false, error: new SyncError('transient', 'not sent') }));
    if (entity === 'deal') await this.loadCurrencies();
    for (const [table, indexes] of groupIndexes(items, (item) => this.tableOf(entity, item.kind))) {
      const bodies = new Map<number, Record<string, unknown>>();
      for (const j of indexes) {
        try {
          bodies.set(j, this.withRequired(table, this.values(entity, items[j]!.kind, items[j]!.fields)));
        } catch (e) {
          results[j] = { ok: false, error: e instanceof SyncError ? e : new SyncError('invalid', String(e)) };
        }
      }
      const ready = indexes.filter((j) => bodies.has(j));
      if (this.connection.capabilities.dealsideIdField) {
        // Upsert on the alternate key: a retry after a lost answer updates the record made the first time.
        for (let i = 0; i < ready.length; i += BATCH) {
          const chunk = ready.slice(i, i + BATCH);
          const answers = await this.batch(chunk.map((j) => ({ method: 'PATCH', url: `/${SET[table]}(${DYNAMICS_DEALSIDE_ID}=${odataString(items[j]!.dealsideId)})`, body: bodies.get(j) })));
          chunk.forEach((j, k) => {
            const a = answers[k]!;
            const id = entityIdOf(a.headers['odata-entityid']);
            results[j] = a.status < 300 && id ? { ok: true, crmId: id, objectType: table, created: a.status !== 200 } : { ok: false, error: a.status < 300 ? new SyncError('transient', 'Dynamics 365 did not say which record it made.') : partError(a.status, a.body, a.headers, this.http.deps.now()) };
          });
        }
        continue;
      }
      for (const j of ready) results[j] = await this.createByNaturalKey(table, bodies.get(j)!, items[j]!.retrySince);
    }
    return results;
  }

  /**
   * Without the alternate key: look the record up (e-mail for people, name otherwise) before
   * creating it; a retry of a person without an e-mail looks for one made under the same name since
   * the first attempt.
   */
  protected async createByNaturalKey(table: Table, values: Record<string, unknown>, retrySince?: string): Promise<CreateResult> {
    const person = table === 'contact' || table === 'lead';
    const key = person ? 'emailaddress1' : 'name';
    const value = values[key];
    let filter: string | undefined;
    if (typeof value === 'string' && value) filter = `${key} eq ${odataString(value)}`;
    else if (person && retrySince && typeof values.lastname === 'string') {
      const since = new Date(Date.parse(retrySince) - 5 * 60_000).toISOString();
      filter = `lastname eq ${odataString(values.lastname)} and createdon ge ${since}`;
    }
    if (filter) {
      const [found] = await this.getAll(`${DYNAMICS_API}/${SET[table]}?$select=${ID[table]}&$filter=${filter}&$top=1`);
      if (found) return { ok: true, crmId: String(found[ID[table]]).toLowerCase(), objectType: table, created: false };
    }
    try {
      const res = await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/${SET[table]}`, body: values });
      const id = entityIdOf(res.headers.get('odata-entityid') ?? undefined);
      if (!id) return { ok: false, error: new SyncError('transient', 'Dynamics 365 did not say which record it made.') };
      return { ok: true, crmId: id, objectType: table, created: true };
    } catch (e) {
      return refusedCreate(e);
    }
  }

  async associate(items: readonly AssociateItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const updates: number[] = [];
    const stakeholders: number[] = [];
    items.forEach((item, i) => {
      if (item.to.entity === 'account' && (item.from.entity === 'deal' || (item.from.entity === 'person' && item.from.kind !== 'lead'))) updates.push(i);
      else if (item.from.entity === 'deal' && item.to.entity === 'person' && item.to.kind !== 'lead') stakeholders.push(i);
      // a lead names its company in companyname; a lead is no stakeholder
    });
    // Account links are lookups: setting one twice leaves the same link.
    for (let i = 0; i < updates.length; i += BATCH) {
      const chunk = updates.slice(i, i + BATCH);
      const answers = await this.batch(
        chunk.map((j) => {
          const item = items[j]!;
          return item.from.entity === 'deal'
            ? { method: 'PATCH', url: `/opportunities(${item.from.crmId})`, body: { 'parentaccountid@odata.bind': `/accounts(${item.to.crmId})` }, headers: { 'If-Match': '*' } }
            : { method: 'PATCH', url: `/contacts(${item.from.crmId})`, body: { 'parentcustomerid_account@odata.bind': `/accounts(${item.to.crmId})` }, headers: { 'If-Match': '*' } };
        }),
      );
      chunk.forEach((j, k) => {
        results[j] = this.itemResult(answers[k]);
      });
    }
    // Stakeholders are records: made only where a query finds none (a retry never doubles one).
    for (let i = 0; i < stakeholders.length; i += BATCH) {
      const chunk = stakeholders.slice(i, i + BATCH);
      const pairs = chunk.map((j) => ({ deal: items[j]!.from, person: items[j]!.to }));
      const have = new Set((await this.connectionsOf(pairs)).map((r) => `${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}`));
      const missing = chunk.filter((j) => {
        const key = roleKey(items[j]!.from, items[j]!.to);
        if (have.has(key)) return false;
        have.add(key);
        return true;
      });
      for (const j of missing) results[j] = await this.createConnection(items[j]!.from.crmId, items[j]!.to.crmId, null);
    }
    return results;
  }
}
