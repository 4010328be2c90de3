// Pipedrive buying roles: a "Buying role" person field (per person, not per deal), found or
// made on connect, read and set.
import { SyncError } from '../../http';
import { type ItemResult, type RoleItem, type RoleOptions, type RoleRef, roleKey } from '../../connector';
import { COMMITTEE_ROLES } from '../../../domain/committee/roles';
import { PIPEDRIVE_ROLE_FIELD_NAME, ROLE_CRM_LABELS, type RoleMap } from '../../../domain/fields/roleFields';
import { PipedriveCore } from './core';
import { PD_ROLE_FIELD_CREATED, type PdObject } from './schemas';
import { sayIn, type Say } from '../notes';

export class PipedriveRoles extends PipedriveCore {
  protected async roleFieldDef(): Promise<{ key: string; name: string; field_type: string; options?: Array<{ id: number; label: string }> } | undefined> {
    const fields = (await this.fieldsOf('persons')) as Array<{ key: string; name: string; field_type: string; options?: Array<{ id: number; label: string }> }>;
    const key = this.connection.roleField;
    return fields.find((f) => (key ? f.key === key : f.name === PIPEDRIVE_ROLE_FIELD_NAME));
  }

  /** The "Buying role" person field: found by name, else created (admins only), its options mapped by label. */
  protected async ensureRoleField(notes: string[], say: Say = sayIn()): Promise<{ roleField?: string; roleMap: RoleMap }> {
    const fields = (await this.fieldsOf('persons')) as Array<{ key: string; name: string; field_type: string; options?: Array<{ id: number; label: string }> }>;
    let field = fields.find((f) => f.name === PIPEDRIVE_ROLE_FIELD_NAME);
    if (!field) {
      try {
        const { body } = await this.http.request({
          method: 'POST',
          url: '/v1/personFields',
          body: { name: PIPEDRIVE_ROLE_FIELD_NAME, field_type: 'enum', options: COMMITTEE_ROLES.map((r) => ({ label: ROLE_CRM_LABELS[r] })) },
        }, PD_ROLE_FIELD_CREATED);
        field = body.data;
      } catch (e) {
        if (!(e instanceof SyncError) || (e.code !== 'forbidden' && e.code !== 'invalid')) throw e;
        notes.push(
          say(
            `Pipedrive did not let Dealside add the "${PIPEDRIVE_ROLE_FIELD_NAME}" person field (only admins can): buying-committee roles are not sent until an admin connects once or adds that field (single option).`,
            `Pipedrive no dejó a Dealside añadir el campo de persona "${PIPEDRIVE_ROLE_FIELD_NAME}" (solo pueden hacerlo los administradores): los roles del comité de compra no se envían hasta que un administrador conecte una vez o añada ese campo (opción única).`,
          ),
        );
        return { roleMap: {} };
      }
    }
    if (field.field_type !== 'enum') {
      notes.push(
        say(
          `The Pipedrive person field "${PIPEDRIVE_ROLE_FIELD_NAME}" is not a single-option field: buying-committee roles are not sent.`,
          `El campo de persona "${PIPEDRIVE_ROLE_FIELD_NAME}" de Pipedrive no es de opción única: los roles del comité de compra no se envían.`,
        ),
      );
      return { roleMap: {} };
    }
    const roleMap: RoleMap = {};
    for (const role of COMMITTEE_ROLES) {
      const option = (field.options ?? []).find((o) => o.label.toLowerCase() === ROLE_CRM_LABELS[role].toLowerCase());
      if (option) roleMap[role] = String(option.id);
    }
    const missing = COMMITTEE_ROLES.filter((r) => !roleMap[r]);
    if (missing.length) {
      notes.push(
        say(
          `The Pipedrive field "${PIPEDRIVE_ROLE_FIELD_NAME}" has no option for ${missing.join(', ')}: choose one in Options → Connections (Buying-committee roles).`,
          `El campo "${PIPEDRIVE_ROLE_FIELD_NAME}" de Pipedrive no tiene opción para ${missing.join(', ')}: elige una en Opciones → Conexiones con el CRM (Roles del comité de compra).`,
        ),
      );
    }
    return { roleField: field.key, roleMap };
  }

  async describeRoles(): Promise<RoleOptions> {
    const field = await this.roleFieldDef();
    return { options: (field?.options ?? []).map((o) => ({ value: String(o.id), label: o.label })), perPerson: true };
  }

  protected roleOf(o: PdObject): string | null {
    const v = this.connection.roleField ? o.custom_fields?.[this.connection.roleField] : undefined;
    return v === null || v === undefined || v === '' ? null : String(v);
  }

  async readRoles(items: readonly RoleRef[]): Promise<Map<string, string | null>> {
    if (!this.connection.roleField) throw new SyncError('unmapped', `No Pipedrive person field holds the buying role ("${PIPEDRIVE_ROLE_FIELD_NAME}"): connect again as an admin, or add the field.`);
    const persons = await this.byIds('persons', [...new Set(items.map((i) => i.person.crmId))]);
    const out = new Map<string, string | null>();
    for (const i of items) {
      const p = persons.get(i.person.crmId);
      if (p) out.set(roleKey(i.deal, i.person), this.roleOf(p)); // a person gone: no key
    }
    return out;
  }

  /** The person's "Buying role" (it is the person's, on every deal). */
  async setRoles(items: readonly RoleItem[]): Promise<ItemResult[]> {
    const key = this.connection.roleField;
    if (!key) throw new SyncError('unmapped', `No Pipedrive person field holds the buying role ("${PIPEDRIVE_ROLE_FIELD_NAME}").`);
    const results: ItemResult[] = [];
    for (const item of items) {
      try {
        await this.http.request({ method: 'PATCH', url: `/api/v2/persons/${item.person.crmId}`, body: { custom_fields: { [key]: item.value === null ? null : Number(item.value) } } });
        results.push({ ok: true });
      } catch (e) {
        if (e instanceof SyncError && (e.code === 'invalid' || e.code === 'not-found')) results.push({ ok: false, error: e });
        else throw e;
      }
    }
    return results;
  }
}
