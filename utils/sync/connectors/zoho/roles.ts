// Zoho CRM contact roles: our buying-committee roles as Zoho contact roles on a deal, found by
// name or added on connect, read and set per deal ↔ contact.
import { SyncError } from '../../http';
import { roleKey, type ItemResult, type RoleItem, type RoleOptions, type RoleReading, type RoleRef } from '../../connector';
import type { CommitteeRole } from '../../../domain/committee/roles';
import { ROLE_CRM_LABELS } from '../../../domain/fields/roleFields';
import { ZOHO_API, PAGE_SIZE, describeZohoError, recordError, lookupId } from './model';
import { ZohoCore } from './core';
import { type RecordAnswer, ZOHO_LIST, ZOHO_ROLES, ZOHO_ROLES_ADDED, ZOHO_WRITE } from './schemas';
import { sayIn, type Say } from '../notes';

export class ZohoRoles extends ZohoCore {
  protected async contactRoles(): Promise<Array<{ value: string; label: string }>> {
    const { body } = await this.http.request({ method: 'GET', url: `${ZOHO_API}/Contacts/roles` }, ZOHO_ROLES);
    return (body?.contact_roles ?? []).map((r) => ({ value: String(r.id), label: String(r.name ?? '') }));
  }

  /** Our roles → Zoho contact roles, found by name or added (when the user may). */
  protected async prepareRoles(notes: string[], say: Say = sayIn()): Promise<Partial<Record<CommitteeRole, string>>> {
    const existing = await this.contactRoles();
    const roleMap: Partial<Record<CommitteeRole, string>> = {};
    const missing: Array<[CommitteeRole, string]> = [];
    for (const [role, label] of Object.entries(ROLE_CRM_LABELS) as Array<[CommitteeRole, string]>) {
      const found = existing.find((o) => o.label.trim().toLowerCase() === label.toLowerCase());
      if (found) roleMap[role] = found.value;
      else missing.push([role, label]);
    }
    const cannotAdd = (labels: readonly string[]) =>
      say(
        `Dealside could not add the contact roles ${labels.join(', ')}: choose existing contact roles in Options → Connections (Buying-committee roles).`,
        `Dealside no pudo añadir los roles de contacto ${labels.join(', ')}: elige roles de contacto que ya existan en Opciones → Conexiones con el CRM (Roles del comité de compra).`,
      );
    if (missing.length) {
      try {
        const { body } = await this.http.request({
          method: 'POST',
          url: `${ZOHO_API}/Contacts/roles`,
          body: { contact_roles: missing.map(([, name], i) => ({ name, sequence_number: existing.length + i + 1 })) },
          accept: [207, 400],
        }, ZOHO_ROLES_ADDED);
        const cannot: string[] = [];
        missing.forEach(([role, label], i) => {
          const a = body?.contact_roles?.[i];
          if (a?.status === 'success' && typeof a.details?.id === 'string') roleMap[role] = a.details.id;
          else cannot.push(label);
        });
        if (cannot.length) notes.push(cannotAdd(cannot));
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) {
          notes.push(cannotAdd(missing.map(([, l]) => l)));
        } else throw e;
      }
    }
    return roleMap;
  }

  async describeRoles(): Promise<RoleOptions> {
    return { options: await this.contactRoles(), perPerson: false };
  }

  /** contact id → role id (null: linked without a role); undefined when the deal is gone. */
  protected async rolesOfDeal(deal: string): Promise<Map<string, string | null> | undefined> {
    const out = new Map<string, string | null>();
    let page = 1;
    for (;;) {
      const res = await this.http.request({
        method: 'GET',
        url: `${ZOHO_API}/Deals/${encodeURIComponent(deal)}/Contact_Roles`,
        query: { fields: 'Contact_Role,Last_Name', per_page: PAGE_SIZE, page },
        accept: [204, 400, 404],
      }, ZOHO_LIST);
      if (res.status === 204) return out;
      if (res.status !== 200) return undefined;
      for (const c of res.body?.data ?? []) out.set(String(c.id), lookupId(c.Contact_Role));
      if (!res.body?.info?.more_records) return out;
      page++;
    }
  }

  /** Adds the contact to the deal with this role, or changes its role: the same PUT, safe to repeat. */
  protected async putRole(deal: string, contact: string, role: string | null): Promise<ItemResult> {
    const res = await this.http.request({
      method: 'PUT',
      url: `${ZOHO_API}/Deals/${encodeURIComponent(deal)}/Contact_Roles/${encodeURIComponent(contact)}`,
      body: { data: [{ Contact_Role: role ? { id: role } : null }] },
      accept: [400, 404],
    }, ZOHO_WRITE);
    const a = res.body?.data?.[0] ?? (res.body?.code ? res.body : undefined);
    if (res.status < 300 && (!a || a.status === 'success')) return { ok: true };
    if (res.status === 404 || a?.code === 'INVALID_URL_PATTERN' || (a?.code === 'INVALID_DATA' && (a.details as { api_name?: string } | undefined)?.api_name === 'id')) return { ok: false, error: new SyncError('not-found', `Zoho CRM could not find the deal or the contact (${describeZohoError(res.status, res.body)}).`, 404) };
    return { ok: false, error: recordError(a as RecordAnswer | undefined) };
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, RoleReading>> {
    const out = new Map<string, RoleReading>();
    const deals = [...new Set(items.map((r) => r.deal.crmId))];
    const byDeal = new Map<string, Map<string, string | null> | undefined>();
    // at once, within the connection's concurrency cap
    const read = await Promise.all(deals.map((d) => this.rolesOfDeal(d)));
    deals.forEach((d, i) => byDeal.set(d, read[i]));
    const unknown: RoleRef[] = [];
    for (const r of items) {
      const roles = byDeal.get(r.deal.crmId);
      if (roles?.has(r.person.crmId)) out.set(roleKey(r.deal, r.person), roles.get(r.person.crmId)!);
      else unknown.push(r);
    }
    // No relation: no role — unless the deal or the contact itself is gone.
    if (unknown.length) {
      const liveDeals = await this.exists('Deals', unknown.map((r) => r.deal.crmId));
      const liveContacts = await this.exists('Contacts', unknown.map((r) => r.person.crmId));
      for (const r of unknown) out.set(roleKey(r.deal, r.person), !liveDeals.has(r.deal.crmId) ? { gone: 'deal' } : !liveContacts.has(r.person.crmId) ? { gone: 'person' } : null);
    }
    return out;
  }

  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = [];
    for (const item of items) results.push(await this.putRole(item.deal.crmId, item.person.crmId, item.value));
    return results;
  }

}
