// Salesforce pulls: SOQL by SystemModstamp per object, contact roles and line items, the users
// (owners) and sObject Get Deleted.
import { type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import type { PullCursor } from '../../../store/syncRecords';
import { type PullPage, type RemoteRecord, crmUserId } from '../../connector';
import { salesforceLineLink } from '../lines';
import { SALESFORCE_DELETED_DAYS, SALESFORCE_DELETED_OBJECTS, SALESFORCE_DEALSIDE_ID, USER_PREFIX, DATA, BATCH, type SfObject, soqlDateTime, soqlString } from './model';
import { SF_QUERY } from './schemas';
import { normIso } from '../base';
import { SalesforceConnect } from './connect';
import { type QueryAnswer, SF_DELETED, SF_QUERY_OR_ERRORS } from './schemas';

export class SalesforcePull extends SalesforceConnect {
  protected selectFields(stream: SfObject): string[] {
    const base = ['Id', 'SystemModstamp'];
    const id = this.connection.capabilities.dealsideIdField && stream !== 'Product2' ? [SALESFORCE_DEALSIDE_ID] : [];
    switch (stream) {
      case 'Account':
        return [...new Set([...base, ...Object.values(this.map('account')), 'ParentId', ...id])];
      case 'Contact':
        return [...new Set([...base, ...Object.values(this.map('person', 'contact')), 'AccountId', ...id])];
      case 'Lead':
        return [...new Set([...base, ...Object.values(this.map('person', 'lead')), ...id])];
      case 'Opportunity':
        return [...new Set([...base, ...Object.values(this.map('deal')), 'AccountId', ...id])];
      case 'Product2':
        return [...new Set([...base, ...Object.values(this.map('product'))])];
      case 'OpportunityContactRole':
        return [...base, 'OpportunityId', 'ContactId', 'Role'];
      default:
        // the line's product, quantity and total (lines.ts: salesforceLine)
        return [...base, 'OpportunityId', 'Product2Id', 'Quantity', 'TotalPrice'];
    }
  }

  /** the line billing field found this run, for a connection made before it was looked for */
  protected lineBillingFound?: string;

  /** Where the org keeps a line's billing period (capabilities.lineBilling), looked for once if unknown. */
  protected async lineBilling(): Promise<string> {
    const known = this.connection.capabilities.lineBilling;
    if (known !== undefined) return known;
    this.lineBillingFound ??= await this.findLineBilling();
    return this.lineBillingFound;
  }

  protected toRecord(stream: SfObject, row: Record<string, unknown>): RemoteRecord {
    const entity: SyncEntity = stream === 'Account' ? 'account' : stream === 'Opportunity' ? 'deal' : stream === 'Product2' ? 'product' : 'person';
    const kind = stream === 'Lead' ? 'lead' : stream === 'Contact' ? 'contact' : undefined;
    const fields: Record<string, FieldValue> = {};
    for (const [canonical, name] of Object.entries(this.map(entity, kind))) if (name in row) fields[canonical] = this.fromSalesforce(entity, canonical, row[name]);
    const dealsideId = row[SALESFORCE_DEALSIDE_ID];
    return {
      entity,
      ...(kind ? { kind } : {}),
      objectType: stream,
      crmId: String(row.Id),
      modifiedAt: normIso(row.SystemModstamp),
      ...(typeof dealsideId === 'string' && dealsideId ? { dealsideId } : {}),
      fields,
      ...(stream === 'Contact' || stream === 'Opportunity' ? { links: { accountCrmId: row.AccountId ? String(row.AccountId) : null } } : {}),
      // the account hierarchy: Account.ParentId
      ...(stream === 'Account' && 'ParentId' in row ? { links: { parentAccountCrmId: row.ParentId ? String(row.ParentId) : null } } : {}),
    };
  }

  async *pull(stream: string, cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    this.streamOf(stream);
    if (stream === 'deleted') {
      yield* this.pullDeleted(cursor);
      return;
    }
    if (stream === 'User') {
      yield* this.pullUsers();
      return;
    }
    const object = stream as SfObject;
    // an opportunity product's billing period, where the org keeps one (lines.ts: salesforceLine)
    const billing = object === 'OpportunityLineItem' ? await this.lineBilling() : '';
    const fields = billing ? [...this.selectFields(object), billing] : this.selectFields(object);
    const mode = cursor?.mode ?? 'full';
    let since = cursor?.since;
    let seen = new Set(cursor?.seenAtHighWater ?? []);
    let highWater = cursor?.highWater ?? since;
    let highIds = new Set<string>(highWater === since ? seen : []);
    let next = cursor?.after;
    for (;;) {
      let page: QueryAnswer | undefined;
      if (next) {
        const res = await this.http.request({ method: 'GET', url: next, accept: [400, 404] }, SF_QUERY_OR_ERRORS);
        if (res.status === 200 && !Array.isArray(res.body)) page = res.body;
        else {
          // The query locator expired (the worker slept): query again from the newest change read.
          since = highWater;
          seen = new Set(highIds);
          next = undefined;
        }
      }
      if (!page) {
        const where = since ? ` WHERE SystemModstamp >= ${soqlDateTime(since)}` : '';
        page = await this.soql(`SELECT ${fields.join(', ')} FROM ${object}${where} ORDER BY SystemModstamp ASC, Id ASC`);
      }
      const sinceMs = since ? Date.parse(since) : undefined;
      const rows = page.records.filter((r) => !(sinceMs !== undefined && Date.parse(String(r.SystemModstamp)) <= sinceMs && seen.has(String(r.Id))));
      for (const r of rows) {
        const modified = normIso(r.SystemModstamp);
        if (!highWater || Date.parse(modified) > Date.parse(highWater)) {
          highWater = modified;
          highIds = new Set([String(r.Id)]);
        } else if (Date.parse(modified) === Date.parse(highWater)) highIds.add(String(r.Id));
      }
      const done = page.done || !page.nextRecordsUrl;
      next = page.nextRecordsUrl;
      const nextCursor: PullCursor = done
        ? { mode: 'incremental', ...(highWater ? { since: highWater } : {}), seenAtHighWater: [...highIds] }
        : { mode, ...(since ? { since } : {}), seenAtHighWater: [...seen], after: next!, ...(highWater ? { highWater } : {}) };
      if (object === 'OpportunityContactRole' || object === 'OpportunityLineItem') {
        yield {
          records: [],
          cursor: nextCursor,
          total: page.totalSize,
          links: rows.map((r) =>
            object === 'OpportunityContactRole'
              ? {
                  dealCrmId: String(r.OpportunityId),
                  contactCrmIds: r.ContactId ? [String(r.ContactId)] : [],
                  // the contact's role on the deal (buying-committee roles, through the connection's roleMap)
                  ...(r.ContactId ? { roles: { [String(r.ContactId)]: r.Role ? String(r.Role) : null } } : {}),
                }
              : salesforceLineLink(r, billing || undefined),
          ),
        };
      } else {
        yield { records: rows.map((r) => this.toRecord(object, r)), cursor: nextCursor, total: page.totalSize };
      }
      if (done) return;
    }
  }

  /** The org's users, inactive ones too (their records keep them as owner): all of them, every pull. */
  protected async *pullUsers(): AsyncGenerator<PullPage> {
    const rows = await this.soqlAll('SELECT Id, Name, Email FROM User');
    const users = rows
      .filter((r) => typeof r.Id === 'string' && r.Id.startsWith(USER_PREFIX))
      .map((r) => ({ id: crmUserId('salesforce', String(r.Id)), name: String(r.Name ?? '') || String(r.Email ?? '') || String(r.Id), ...(r.Email ? { email: String(r.Email) } : {}) }));
    yield { records: [], users, cursor: { mode: 'incremental', since: new Date(this.http.deps.now()).toISOString() }, total: users.length };
  }

  /**
   * Deleted opportunity products → per opportunity, the lines no longer on it. The delete log names
   * only the line; queryAll still reads it from the recycle bin with its OpportunityId. A line purged
   * from the recycle bin before the check (more than 15 days, or emptied) names no opportunity and
   * stays until the opportunity's lines are read again.
   */
  protected async removedLines(ids: readonly string[]): Promise<NonNullable<PullPage['links']>> {
    const removed = new Map<string, string[]>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const q = `SELECT Id, OpportunityId, IsDeleted FROM OpportunityLineItem WHERE Id IN (${ids.slice(i, i + BATCH).map(soqlString).join(',')})`;
      const { body } = await this.http.request({ method: 'GET', url: `${DATA}/queryAll`, query: { q } }, SF_QUERY);
      for (const r of body.records) {
        if (!r.OpportunityId || r.IsDeleted === false) continue;
        removed.set(String(r.OpportunityId), [...(removed.get(String(r.OpportunityId)) ?? []), String(r.Id)]);
      }
    }
    return [...removed].map(([dealCrmId, removeLineIds]) => ({ dealCrmId, removeLineIds }));
  }

  /**
   * Deletions: sObject Get Deleted (`/sobjects/{object}/deleted/?start=&end=`) per object over one
   * window, from where the last check's log was complete (latestDateCovered) to now. Salesforce
   * keeps the log at most 15 days (less once purged: earliestDateAvailable) and ignores seconds;
   * a window under two minutes waits for the next check. Deleted contact roles are read back with
   * queryAll (the recycle bin still has their opportunity and contact), and the opportunities'
   * remaining roles say which contacts are no longer linked.
   */
  protected async *pullDeleted(cursor: PullCursor | undefined): AsyncGenerator<PullPage> {
    const now = this.http.deps.now();
    const minute = (ms: number) => Math.floor(ms / 60_000) * 60_000;
    const floor = minute(now - SALESFORCE_DELETED_DAYS * 86_400_000) + 60_000;
    const midRun = !!cursor?.after;
    const start = minute(Math.max(floor, cursor?.since ? Date.parse(cursor.since) : now - 86_400_000));
    const end = midRun && cursor?.highWater ? Date.parse(cursor.highWater) : minute(now);
    let covered = midRun && cursor?.coveredUntil ? Date.parse(cursor.coveredUntil) : end;
    const checkedAt = midRun && cursor?.checkedAt ? cursor.checkedAt : new Date(now).toISOString();
    if (end - start < 2 * 60_000) {
      yield { records: [], cursor: { mode: 'incremental', since: new Date(start).toISOString(), checkedAt } };
      return;
    }
    const sfDate = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const from = midRun ? Math.max(0, SALESFORCE_DELETED_OBJECTS.indexOf(cursor!.after as (typeof SALESFORCE_DELETED_OBJECTS)[number])) : 0;
    for (let i = from; i < SALESFORCE_DELETED_OBJECTS.length; i++) {
      const object = SALESFORCE_DELETED_OBJECTS[i]!;
      const { body } = await this.http.request({
        method: 'GET',
        url: `${DATA}/sobjects/${object}/deleted/`,
        query: { start: sfDate(start), end: sfDate(end) },
      }, SF_DELETED);
      if (body.latestDateCovered) covered = Math.min(covered, Date.parse(normIso(body.latestDateCovered)));
      const rows = body.deletedRecords ?? [];
      const last = i === SALESFORCE_DELETED_OBJECTS.length - 1;
      const next: PullCursor = last
        ? { mode: 'incremental', since: new Date(covered).toISOString(), checkedAt }
        : { mode: 'incremental', since: new Date(start).toISOString(), after: SALESFORCE_DELETED_OBJECTS[i + 1]!, highWater: new Date(end).toISOString(), coveredUntil: new Date(covered).toISOString(), checkedAt };
      if (object === 'OpportunityContactRole') {
        yield { records: [], cursor: next, ...(rows.length ? { links: await this.removedRoles(rows.map((r) => r.id)) } : {}) };
      } else if (object === 'OpportunityLineItem') {
        yield { records: [], cursor: next, ...(rows.length ? { links: await this.removedLines(rows.map((r) => r.id)) } : {}) };
      } else {
        const entity = object === 'Account' ? 'account' : object === 'Opportunity' ? 'deal' : 'person';
        yield { records: [], cursor: next, deletions: rows.map((r) => ({ entity, objectType: object, crmId: r.id, deletedAt: normIso(r.deletedDate) })) };
      }
    }
  }
}
