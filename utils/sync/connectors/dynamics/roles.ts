// Dynamics 365 stakeholders: our buying-committee roles as connection roles of category
// Stakeholder, connections opportunity ↔ contact read before one is made.
import { SyncError } from '../../http';
import { roleKey, type ItemResult, type RoleItem, type RoleOptions, type RoleRef, type RoleReading } from '../../connector';
import type { CommitteeRole } from '../../../domain/committee/roles';
import { ROLE_CRM_LABELS } from '../../../domain/fields/roleFields';
import { DYNAMICS_API, STAKEHOLDER_CATEGORY, BATCH, READ_CHUNK, LOOKUP, entityIdOf, type BatchPart, type Row } from './model';
import { DynamicsCore } from './core';
import { sayIn, type Say } from '../notes';

export class DynamicsRoles extends DynamicsCore {
  protected async stakeholderRoles(): Promise<Array<{ value: string; label: string }>> {
    const rows = await this.getAll(`${DYNAMICS_API}/connectionroles?$select=connectionroleid,name,category&$filter=statecode eq 0 and category eq ${STAKEHOLDER_CATEGORY}`);
    return rows.map((r) => ({ value: String(r.connectionroleid).toLowerCase(), label: String(r.name ?? '') }));
  }

  /** Our roles → stakeholder connection roles, found by name or created (when the user may). */
  protected async prepareRoles(notes: string[], say: Say = sayIn()): Promise<Partial<Record<CommitteeRole, string>>> {
    const existing = await this.stakeholderRoles();
    const roleMap: Partial<Record<CommitteeRole, string>> = {};
    const cannot: string[] = [];
    for (const [role, label] of Object.entries(ROLE_CRM_LABELS) as Array<[CommitteeRole, string]>) {
      const found = existing.find((o) => o.label.trim().toLowerCase() === label.toLowerCase());
      if (found) {
        roleMap[role] = found.value;
        continue;
      }
      try {
        const res = await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/connectionroles`, body: { name: label, category: STAKEHOLDER_CATEGORY } });
        const id = entityIdOf(res.headers.get('odata-entityid') ?? undefined);
        if (id) roleMap[role] = id;
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) cannot.push(label);
        else throw e;
      }
    }
    if (cannot.length) {
      notes.push(
        say(
          `Dealside could not add the stakeholder roles ${cannot.join(', ')}: choose existing connection roles in Options → Connections (Buying-committee roles).`,
          `Dealside no pudo añadir los roles de parte interesada ${cannot.join(', ')}: elige roles de conexión que ya existan en Opciones → Conexiones con el CRM (Roles del comité de compra).`,
        ),
      );
    }
    return roleMap;
  }

  async describeRoles(): Promise<RoleOptions> {
    return { options: await this.stakeholderRoles(), perPerson: false };
  }

  /** The connections opportunity → contact of these pairs (one row per connection, master side). */
  protected async connectionsOf(pairs: readonly RoleRef[]): Promise<Row[]> {
    const rows: Row[] = [];
    const deals = [...new Set(pairs.map((p) => p.deal.crmId))];
    for (let i = 0; i < deals.length; i += READ_CHUNK) {
      const filter = deals.slice(i, i + READ_CHUNK).map((id) => `_record1id_value eq ${id}`).join(' or ');
      rows.push(...(await this.getAll(`${DYNAMICS_API}/connections?$select=connectionid,_record1id_value,_record2id_value,_record2roleid_value&$filter=(${filter}) and statecode eq 0`)));
    }
    const wanted = new Set(pairs.map((p) => roleKey(p.deal, p.person)));
    return rows.filter((r) => r[`_record2id_value@${LOOKUP}`] !== 'opportunity' && wanted.has(`${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}`));
  }

  protected connectionBody(deal: string, contact: string, role: string | null): Record<string, unknown> {
    return {
      'record1id_opportunity@odata.bind': `/opportunities(${deal})`,
      'record2id_contact@odata.bind': `/contacts(${contact})`,
      ...(role ? { 'record2roleid@odata.bind': `/connectionroles(${role})` } : {}),
    };
  }

  /** One connection, alone: a POST is not safe to repeat, so its retry reads first (above). */
  protected async createConnection(deal: string, contact: string, role: string | null): Promise<ItemResult> {
    try {
      await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/connections`, body: this.connectionBody(deal, contact, role) });
      return { ok: true };
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) return { ok: false, error: e };
      throw e;
    }
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, RoleReading>> {
    const out = new Map<string, RoleReading>();
    const rows = await this.connectionsOf(items);
    for (const r of rows) {
      const key = `${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}`;
      const role = typeof r._record2roleid_value === 'string' && r._record2roleid_value ? r._record2roleid_value.toLowerCase() : null;
      if (!out.has(key) || (out.get(key) === null && role)) out.set(key, role);
    }
    // No connection: no role — unless the opportunity or the contact itself is gone.
    const without = items.filter((r) => !out.has(roleKey(r.deal, r.person)));
    if (without.length > 0) {
      const opps = new Set((await this.rowsById('opportunity', 'opportunityid', without.map((r) => r.deal.crmId), [])).map((r) => String(r.opportunityid).toLowerCase()));
      const contacts = new Set((await this.rowsById('contact', 'contactid', without.map((r) => r.person.crmId), [])).map((r) => String(r.contactid).toLowerCase()));
      for (const r of without) out.set(roleKey(r.deal, r.person), !opps.has(r.deal.crmId) ? { gone: 'deal' } : !contacts.has(r.person.crmId) ? { gone: 'person' } : null);
    }
    return out;
  }

  /** The stakeholder's connection role: the connection is read first, then updated, or made when missing. */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const rows = await this.connectionsOf(items);
    const parts: Array<{ index: number; part: BatchPart }> = [];
    const creates: number[] = [];
    const creating = new Set<string>();
    items.forEach((item, index) => {
      const key = roleKey(item.deal, item.person);
      const existing = rows.filter((r) => `${String(r._record1id_value).toLowerCase()}|${String(r._record2id_value).toLowerCase()}` === key);
      for (const row of existing) {
        const current = typeof row._record2roleid_value === 'string' ? row._record2roleid_value.toLowerCase() : null;
        if (current === item.value) continue;
        parts.push({
          index,
          part:
            item.value === null
              ? { method: 'DELETE', url: `/connections(${String(row.connectionid)})/record2roleid/$ref` }
              : { method: 'PATCH', url: `/connections(${String(row.connectionid)})`, body: { 'record2roleid@odata.bind': `/connectionroles(${item.value})` }, headers: { 'If-Match': '*' } },
        });
      }
      if (existing.length === 0 && item.value !== null && !creating.has(key)) {
        creating.add(key);
        creates.push(index);
      }
    });
    for (let i = 0; i < parts.length; i += BATCH) {
      const chunk = parts.slice(i, i + BATCH);
      const answers = await this.batch(chunk.map((c) => c.part));
      chunk.forEach((c, k) => {
        const r = this.itemResult(answers[k]);
        if (!r.ok) results[c.index] = r;
      });
    }
    for (const j of creates) {
      const r = await this.createConnection(items[j]!.deal.crmId, items[j]!.person.crmId, items[j]!.value);
      if (!r.ok) results[j] = r;
    }
    return results;
  }

}
