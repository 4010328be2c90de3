// Salesforce contact roles: our buying-committee roles as OpportunityContactRole.Role values,
// read and set per opportunity ↔ contact, and the roles removed since a pull.
import { type ItemResult, type PullPage, type RoleItem, type RoleOptions, type RoleRef, type RoleReading, roleKey } from '../../connector';
import { DATA, BATCH, saveError, soqlString } from './model';
import { SalesforceCore } from './core';
import { SF_QUERY, SF_SAVE_RESULTS } from './schemas';

export class SalesforceRoles extends SalesforceCore {
  protected async rolePicklist(): Promise<Array<{ value: string; label: string }>> {
    const role = (await this.describe('OpportunityContactRole')).find((f) => f.name === 'Role');
    return (role?.picklistValues ?? []).filter((p) => p.active).map((p) => ({ value: p.value, label: (p as { label?: string }).label ?? p.value }));
  }

  async describeRoles(): Promise<RoleOptions> {
    return { options: await this.rolePicklist(), perPerson: false };
  }

  /** The contact role rows of these opportunity ↔ contact pairs. */
  protected async contactRoles(items: readonly RoleRef[]): Promise<Array<Record<string, unknown>>> {
    const rows: Array<Record<string, unknown>> = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const chunk = items.slice(i, i + BATCH);
      const opps = [...new Set(chunk.map((r) => soqlString(r.deal.crmId)))];
      const contacts = [...new Set(chunk.map((r) => soqlString(r.person.crmId)))];
      rows.push(...(await this.soqlAll(`SELECT Id, OpportunityId, ContactId, Role FROM OpportunityContactRole WHERE OpportunityId IN (${opps.join(',')}) AND ContactId IN (${contacts.join(',')})`)));
    }
    return rows;
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, RoleReading>> {
    const out = new Map<string, RoleReading>();
    const rows = await this.contactRoles(items);
    const withRow = new Set(rows.map((row) => `${String(row.OpportunityId)}|${String(row.ContactId)}`));
    for (const row of rows) {
      const key = `${String(row.OpportunityId)}|${String(row.ContactId)}`;
      if (!out.has(key) || (out.get(key) === null && row.Role)) out.set(key, row.Role ? String(row.Role) : null);
    }
    // No contact role row: no role — unless the opportunity or the contact itself is gone (deleted,
    // not yet seen by the deletion check), which a clear must not be mistaken for.
    const without = items.filter((r) => !withRow.has(roleKey(r.deal, r.person)));
    if (without.length > 0) {
      const exists = async (object: 'Opportunity' | 'Contact', ids: string[]) =>
        new Set((await this.soqlAll(`SELECT Id FROM ${object} WHERE Id IN (${[...new Set(ids)].map(soqlString).join(',')})`)).map((r) => String(r.Id)));
      const opps = await exists('Opportunity', without.map((r) => r.deal.crmId));
      const contacts = await exists('Contact', without.map((r) => r.person.crmId));
      for (const r of without) {
        out.set(roleKey(r.deal, r.person), !opps.has(r.deal.crmId) ? { gone: 'deal' } : !contacts.has(r.person.crmId) ? { gone: 'person' } : null);
      }
    }
    return out;
  }

  /**
   * The Role of the opportunity's contact role: the rows are read first, then updated, or created
   * when missing (a retry after a lost answer finds the row the first attempt made).
   */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const rows = await this.contactRoles(items);
    const updates: Array<{ index: number; id: string; value: string | null }> = [];
    const creates: number[] = [];
    const creating = new Set<string>();
    items.forEach((item, index) => {
      const key = roleKey(item.deal, item.person);
      const existing = rows.filter((r) => `${String(r.OpportunityId)}|${String(r.ContactId)}` === key);
      for (const row of existing) if ((row.Role ?? null) !== item.value) updates.push({ index, id: String(row.Id), value: item.value });
      if (existing.length === 0 && item.value !== null && !creating.has(key)) {
        creating.add(key);
        creates.push(index);
      }
    });
    for (let i = 0; i < updates.length; i += BATCH) {
      const chunk = updates.slice(i, i + BATCH);
      const { body } = await this.http.request({
        method: 'PATCH',
        url: `${DATA}/composite/sobjects`,
        body: { allOrNone: false, records: chunk.map((u) => ({ attributes: { type: 'OpportunityContactRole' }, id: u.id, Role: u.value })) },
      }, SF_SAVE_RESULTS);
      chunk.forEach((u, k) => {
        const r = body[k];
        if (!r?.success) results[u.index] = { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    for (let i = 0; i < creates.length; i += BATCH) {
      const chunk = creates.slice(i, i + BATCH);
      const { body } = await this.http.request({
        method: 'POST',
        url: `${DATA}/composite/sobjects`,
        body: {
          allOrNone: false,
          records: chunk.map((j) => ({ attributes: { type: 'OpportunityContactRole' }, OpportunityId: items[j]!.deal.crmId, ContactId: items[j]!.person.crmId, Role: items[j]!.value })),
        },
      }, SF_SAVE_RESULTS);
      chunk.forEach((j, k) => {
        const r = body[k];
        if (!r?.success) results[j] = { ok: false, error: saveError(r?.errors ?? []) };
      });
    }
    return results;
  }

  /** Deleted contact roles → per opportunity, the contacts no longer linked to it. */
  protected async removedRoles(ids: readonly string[]): Promise<NonNullable<PullPage['links']>> {
    const removed = new Map<string, Set<string>>();
    for (let i = 0; i < ids.length; i += BATCH) {
      const q = `SELECT Id, OpportunityId, ContactId FROM OpportunityContactRole WHERE Id IN (${ids.slice(i, i + BATCH).map(soqlString).join(',')})`;
      const { body } = await this.http.request({ method: 'GET', url: `${DATA}/queryAll`, query: { q } }, SF_QUERY);
      for (const r of body.records) {
        if (!r.OpportunityId || !r.ContactId) continue;
        const set = removed.get(String(r.OpportunityId)) ?? new Set<string>();
        set.add(String(r.ContactId));
        removed.set(String(r.OpportunityId), set);
      }
    }
    const opps = [...removed.keys()];
    for (let i = 0; i < opps.length; i += BATCH) {
      // the same contact may still have another role on the opportunity
      const q = `SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE OpportunityId IN (${opps.slice(i, i + BATCH).map(soqlString).join(',')})`;
      for (const r of await this.soqlAll(q)) removed.get(String(r.OpportunityId))?.delete(String(r.ContactId));
    }
    return [...removed].filter(([, c]) => c.size > 0).map(([dealCrmId, c]) => ({ dealCrmId, removeContactCrmIds: [...c] }));
  }

}
