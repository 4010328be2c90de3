// HubSpot buying-committee roles: deal → contact association labels, made on connect when
// allowed, read and set per deal ↔ contact.
import { SyncError } from '../../http';
import { type ItemResult, type RemoteRecord, type RoleItem, type RoleOptions, type RoleRef, roleKey } from '../../connector';
import { COMMITTEE_ROLES, type CommitteeRole } from '../../../domain/committee/roles';
import { ROLE_CRM_LABELS, hubspotRoleLabelName, type RoleMap } from '../../../domain/fields/roleFields';
import { HubspotOwners } from './owners';
import { HS_ASSOCIATIONS, HS_LABELS } from './schemas';
import { sayIn, type Say } from '../notes';

export class HubspotRoles extends HubspotOwners {
  protected async roleLabels(): Promise<Array<{ category: string; typeId: number; label: string | null }>> {
    const { body } = await this.http.request({
      method: 'GET',
      url: '/crm/v4/associations/deals/contacts/labels',
    }, HS_LABELS);
    return body.results;
  }

  /** One deal → contact label per role of ours: found by its label, else created when the token may. */
  protected async ensureRoleLabels(notes: string[], say: Say = sayIn()): Promise<RoleMap> {
    let labels = await this.roleLabels();
    const find = (role: CommitteeRole) => labels.find((l) => l.category === 'USER_DEFINED' && (l.label ?? '').toLowerCase() === ROLE_CRM_LABELS[role].toLowerCase());
    const missing = COMMITTEE_ROLES.filter((r) => !find(r));
    let refused = false;
    for (const role of missing) {
      try {
        await this.http.request({ method: 'POST', url: '/crm/v4/associations/deals/contacts/labels', body: { label: ROLE_CRM_LABELS[role], name: hubspotRoleLabelName(role) } });
      } catch (e) {
        if (e instanceof SyncError && e.code === 'forbidden') {
          refused = true;
          break;
        }
        throw e;
      }
    }
    if (missing.length > 0) labels = await this.roleLabels();
    const map: RoleMap = {};
    for (const role of COMMITTEE_ROLES) {
      const l = find(role);
      if (l) map[role] = String(l.typeId);
    }
    if (refused) {
      notes.push(
        say(
          'HubSpot did not let Dealside create deal–contact association labels for buying-committee roles (the token lacks the crm.schemas.deals.write scope). Ask a HubSpot admin to grant it, or map the roles to existing labels in Options → Connections.',
          'HubSpot no dejó a Dealside crear etiquetas de asociación negocio–contacto para los roles del comité de compra (al token le falta el ámbito crm.schemas.deals.write). Pide a un administrador de HubSpot que lo conceda, o asigna los roles a etiquetas que ya existan en Opciones → Conexiones con el CRM.',
        ),
      );
    }
    return map;
  }

  async describeRoles(): Promise<RoleOptions> {
    const labels = await this.roleLabels();
    return { options: labels.filter((l) => l.category === 'USER_DEFINED' && l.label).map((l) => ({ value: String(l.typeId), label: l.label! })), perPerson: false };
  }

  /** deal → contact → the labels (USER_DEFINED type ids) of their association */
  protected async dealContactLabels(dealIds: readonly string[]): Promise<Map<string, Map<string, string[]>>> {
    const out = new Map<string, Map<string, string[]>>();
    const ids = [...new Set(dealIds)];
    for (let i = 0; i < ids.length; i += 1000) {
      const { body } = await this.http.request({
        method: 'POST',
        url: '/crm/v4/associations/deals/contacts/batch/read',
        body: { inputs: ids.slice(i, i + 1000).map((id) => ({ id })) },
        idempotent: true,
        accept: [207],
      }, HS_ASSOCIATIONS);
      for (const r of body.results) {
        const contacts = new Map<string, string[]>();
        for (const t of r.to) contacts.set(String(t.toObjectId), (t.associationTypes ?? []).filter((a) => a.category === 'USER_DEFINED').map((a) => String(a.typeId)));
        out.set(String(r.from.id), contacts);
      }
    }
    return out;
  }

  /** The role value of one association: a mapped label, else another label (unknown to us), else none. */
  protected roleOfLabels(labels: readonly string[]): string | null {
    const mapped = new Set(Object.values(this.connection.roleMap ?? {}));
    return labels.find((l) => mapped.has(l)) ?? labels[0] ?? null;
  }

  /** Pulled deals carry their contacts' roles (when roles are mapped). */
  protected async addRoles(records: RemoteRecord[]): Promise<void> {
    if (records.length === 0 || Object.keys(this.connection.roleMap ?? {}).length === 0) return;
    const labels = await this.dealContactLabels(records.map((r) => r.crmId));
    for (const r of records) {
      const contacts = labels.get(r.crmId) ?? new Map<string, string[]>();
      r.links = { ...(r.links ?? {}), roles: Object.fromEntries([...contacts].map(([c, l]) => [c, this.roleOfLabels(l)])) };
    }
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, string | null>> {
    const labels = await this.dealContactLabels(items.map((i) => i.deal.crmId));
    const out = new Map<string, string | null>();
    for (const i of items) out.set(roleKey(i.deal, i.person), this.roleOfLabels(labels.get(i.deal.crmId)?.get(i.person.crmId) ?? []));
    return out;
  }

  /**
   * The role's label on the deal ↔ contact association (which links them if they were not): PUT
   * the label (idempotent: a label set twice is one label), then archive the other role labels.
   */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = items.map(() => ({ ok: true }));
    const labels = await this.dealContactLabels(items.map((i) => i.deal.crmId));
    const mapped = new Set(Object.values(this.connection.roleMap ?? {}));
    const archive: Array<{ from: { id: string }; to: { id: string }; types: Array<{ associationCategory: string; associationTypeId: number }> }> = [];
    for (let j = 0; j < items.length; j++) {
      const item = items[j]!;
      const present = labels.get(item.deal.crmId)?.get(item.person.crmId) ?? [];
      try {
        if (item.value !== null && !present.includes(item.value)) {
          await this.http.request({
            method: 'PUT',
            url: `/crm/v4/objects/deals/${item.deal.crmId}/associations/contacts/${item.person.crmId}`,
            body: [{ associationCategory: 'USER_DEFINED', associationTypeId: Number(item.value) }],
            idempotent: true,
          });
        }
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) {
          results[j] = { ok: false, error: e };
          continue;
        }
        throw e;
      }
      const stale = present.filter((l) => l !== item.value && mapped.has(l));
      if (stale.length) archive.push({ from: { id: item.deal.crmId }, to: { id: item.person.crmId }, types: stale.map((l) => ({ associationCategory: 'USER_DEFINED', associationTypeId: Number(l) })) });
    }
    for (let i = 0; i < archive.length; i += 1000) {
      // removing a label keeps the association (and the contact on the deal)
      await this.http.request({ method: 'POST', url: '/crm/v4/associations/deals/contacts/batch/labels/archive', body: { inputs: archive.slice(i, i + 1000) }, idempotent: true });
    }
    return results;
  }
}
