// Zoho CRM connect: the signed-in user, the org's edition, the Dealside fields each module has —
// made when the user may customize Zoho CRM, else reported — and the fields Options maps.
import { BANT_FIELDS, type SyncEntity } from '../../../domain/fields/recordFields';
import { mapObjectFields } from '../base';
import type { ConnectionRecord } from '../../../store/syncRecords';
import { type ConnectOptions, type ConnectResult, type CrmFieldInfo } from '../../connector';
import { ZOHO_DATA_CENTRES, zohoDataCentreOf } from '../../../crms/zohoDataCentres';
import { ZOHO_API, ZOHO_DEALSIDE_ID, ZOHO_LINKEDIN, ZOHO_OWNER, type Module, zohoBantField, ZOHO_DEFAULT_FIELDS, editionOf } from './model';
import { ZohoRoles } from './roles';
import { type FieldDef, ZOHO_CURRENCIES, ZOHO_FIELDS, ZOHO_FIELDS_CREATED, ZOHO_ORG, ZOHO_USERS } from './schemas';
import { SyncError } from '../../http';
import type { CurrencyRates } from '../../../domain/currency';
import { ratesFrom } from '../rates';
import { firstError } from './model';
import { sayIn } from '../notes';

/** A Dealside field a module should have: its API name, the label it is made with, its definition. */
type WantedField = { name: string; label: string; spec: Record<string, unknown> };

/** A Zoho label of ours: the API name Zoho makes of it is the name (letters, digits, underscores). */
const labelOf = (name: string) => name.replace(/_/g, ' ');

/**
 * The Dealside fields of a module: the unique Dealside id on the four record modules, the LinkedIn
 * profile on Contacts and Leads, the BANT answers on Deals and Leads — text for choices (Zoho's pick
 * lists would refuse a value they do not list), a small text area for what the rep wrote.
 */
export function zohoDealsideFields(key: 'account' | 'person' | 'lead' | 'deal'): WantedField[] {
  const out: WantedField[] = [{ name: ZOHO_DEALSIDE_ID, label: labelOf(ZOHO_DEALSIDE_ID), spec: { data_type: 'text', length: 255, unique: { case_sensitive: false } } }];
  if (key === 'person' || key === 'lead') out.push({ name: ZOHO_LINKEDIN, label: labelOf(ZOHO_LINKEDIN), spec: { data_type: 'website', length: 255 } });
  if (key === 'deal' || key === 'lead') {
    // the four statuses first: an edition with few custom fields left keeps the answers that score
    const bant = Object.entries(BANT_FIELDS).sort(([a], [b]) => Number(b.endsWith('.status')) - Number(a.endsWith('.status')));
    for (const [field, spec] of bant) {
      const name = zohoBantField(field);
      const type =
        spec.type === 'number' ? { data_type: 'double', length: 16 } : spec.type === 'boolean' ? { data_type: 'boolean' } : spec.type === 'date' ? { data_type: 'date' } : spec.type === 'string' ? { data_type: 'textarea', textarea: { type: 'small' } } : { data_type: 'text', length: 255 };
      out.push({ name, label: labelOf(name), spec: type });
    }
  }
  return out;
}

/** What making a module's fields came to: the labels made, and why the rest were not. */
type Made = { made: string[]; refused?: 'scope' | 'permission'; full: boolean };

/** A field's definition says it takes no duplicates: `unique` with its case rule (`{}` when it does not). */
const isUnique = (f: FieldDef | undefined) => !!f && !!f.unique && typeof f.unique === 'object' && Object.keys(f.unique).length > 0;

export class ZohoConnect extends ZohoRoles {
  /**
   * Make the missing Dealside fields of a module (`POST /settings/fields`, five a call, each
   * answered on its own). A token without ZohoCRM.settings.fields.CREATE (401 OAUTH_SCOPE_MISMATCH)
   * or a user without "Customize Zoho CRM" (403) makes none; the edition's limit on custom fields
   * (LIMIT_EXCEEDED) stops the module where it is; a label already taken is left as it is.
   */
  protected async makeFields(module: Module, wanted: readonly WantedField[]): Promise<Made> {
    const made: string[] = [];
    for (let i = 0; i < wanted.length; i += 5) {
      const chunk = wanted.slice(i, i + 5);
      const res = await this.http.request(
        { method: 'POST', url: `${ZOHO_API}/settings/fields`, query: { module }, body: { fields: chunk.map((w) => ({ field_label: w.label, ...w.spec })) }, accept: [207, 400, 401, 403] },
        ZOHO_FIELDS_CREATED,
      );
      const code = res.body?.code;
      if (res.status === 401) {
        if (code === 'OAUTH_SCOPE_MISMATCH') return { made, refused: 'scope', full: false };
        throw new SyncError('auth', `Zoho CRM did not accept Dealside's access (${code ?? 'HTTP 401'}).`, 401);
      }
      if (res.status === 403) return { made, refused: 'permission', full: false };
      const answers = res.body?.fields ?? [];
      // refused whole for another reason: the fields stay missing, and the note names them for an admin
      if (!answers.length && res.status >= 400) return { made, full: false };
      chunk.forEach((w, j) => {
        if (answers[j]?.status === 'success') made.push(w.label);
      });
      if (answers.some((a) => a.code === 'LIMIT_EXCEEDED')) return { made, full: true };
    }
    return { made, full: false };
  }

  protected async fieldDefs(module: Module | 'Notes'): Promise<FieldDef[]> {
    const { body } = await this.http.request({ method: 'GET', url: `${ZOHO_API}/settings/fields`, query: { module } }, ZOHO_FIELDS);
    return body?.fields ?? [];
  }

  /** The signed-in user: `GET /users?type=CurrentUser`. */
  protected async currentUser(): Promise<{ id: string; name: string; email?: string } | undefined> {
    const { body } = await this.http.request({ method: 'GET', url: `${ZOHO_API}/users`, query: { type: 'CurrentUser' } }, ZOHO_USERS);
    const u = body?.users?.[0];
    if (!u || typeof u.id !== 'string') return undefined;
    const name = String(u.full_name ?? '') || String(u.email ?? '') || u.id;
    return { id: u.id, name, ...(typeof u.email === 'string' && u.email ? { email: u.email } : {}) };
  }

  /**
   * The org's currencies and exchange rates (units of each per unit of the home currency):
   * `GET /org/currencies`. An org without multiple currencies answers 204: no rates, one currency. A
   * token granted before Dealside asked for ZohoCRM.settings.currencies.READ is refused with a 401
   * OAUTH_SCOPE_MISMATCH: no rates ('refused'), and the connection stays signed in (only a 401 that says
   * the token itself is bad goes the usual way: refresh, else reconnect).
   */
  async readRates(): Promise<CurrencyRates | 'refused' | undefined> {
    const ask = (accept: number[]) => this.http.request({ method: 'GET', url: `${ZOHO_API}/org/currencies`, accept }, ZOHO_CURRENCIES);
    let res = await ask([204, 401, 403]);
    if (res.status === 401 || res.status === 403) {
      const code = firstError(res.body)?.code;
      if (code === 'OAUTH_SCOPE_MISMATCH' || code === 'NO_PERMISSION' || res.status === 403) return 'refused';
      res = await ask([204]);
    }
    const rows = (res.status === 204 ? undefined : res.body?.currencies)?.filter((c) => c.is_active !== false) ?? [];
    return ratesFrom(rows.map((c) => ({ code: c.iso_code, perHome: c.exchange_rate, home: c.is_base === true })), this.connection.account.currency);
  }

  async connect(options: ConnectOptions = {}): Promise<ConnectResult> {
    const say = sayIn(options.locale);
    const who = await this.currentUser();
    const { body: orgBody } = await this.http.request({ method: 'GET', url: `${ZOHO_API}/org` }, ZOHO_ORG);
    const org = orgBody?.org?.[0];
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let keyed = true;
    let bantComplete = true;
    const noLinkedin: string[] = [];
    const targets: Array<[keyof typeof ZOHO_DEFAULT_FIELDS, Module]> = [
      ['account', 'Accounts'],
      ['person', 'Contacts'],
      ['lead', 'Leads'],
      ['deal', 'Deals'],
    ];
    const made: Array<{ module: Module; count: number }> = [];
    const full: string[] = [];
    let refused: Made['refused'];
    for (const [key, module] of targets) {
      let defs = await this.fieldDefs(module);
      // the Dealside fields the module lacks (by name, or by our label an admin or an earlier connect used)
      const missingFields = zohoDealsideFields(key).filter((w) => !defs.some((f) => f.api_name === w.name || f.field_label === w.label));
      if (missingFields.length && !refused) {
        const r = await this.makeFields(module, missingFields);
        refused = r.refused;
        if (r.full) full.push(module);
        if (r.made.length) {
          made.push({ module, count: r.made.length });
          defs = await this.fieldDefs(module);
        }
      }
      const names = new Set(defs.map((f) => f.api_name));
      // a field made under another API name than ours is found by its label
      const byLabel = new Map(defs.filter((f) => f.field_label).map((f) => [f.field_label!, f.api_name]));
      const nameOf = (name: string) => (names.has(name) ? name : byLabel.get(labelOf(name)));
      const { map, missingBant: missing } = mapObjectFields((n) => nameOf(n) !== undefined, ZOHO_DEFAULT_FIELDS[key], key === 'deal' || key === 'lead' ? zohoBantField : undefined);
      for (const [canonical, name] of Object.entries(map)) map[canonical] = nameOf(name) ?? name;
      if ((key === 'person' || key === 'lead') && !map.linkedinUrl) noLinkedin.push(module);
      if (missing.length) {
        bantComplete = false;
        notes.push(
          say(
            `BANT fields are missing in ${module}: ask a Zoho CRM admin to add ${missing.join(', ')} (or map BANT to existing fields in Options → Connections).`,
            `Faltan campos BANT en ${module}: pide a un administrador de Zoho CRM que añada ${missing.join(', ')} (o asigna BANT a campos que ya existan en Opciones → Conexiones con el CRM).`,
          ),
        );
      }
      const id = defs.find((f) => f.api_name === ZOHO_DEALSIDE_ID);
      if (!isUnique(id)) {
        keyed = false;
        notes.push(
          say(
            `${module} has no unique ${ZOHO_DEALSIDE_ID} field: Dealside looks records up by e-mail or name before creating them.`,
            `${module} no tiene un campo único ${ZOHO_DEALSIDE_ID}: Dealside busca los registros por e-mail o nombre antes de crearlos.`,
          ),
        );
      }
      fieldMap[key] = map;
    }
    if (made.length) {
      notes.unshift(
        say(
          `Dealside added its fields to Zoho CRM: ${made.map((m) => `${m.count} in ${m.module}`).join(', ')}.`,
          `Dealside añadió sus campos a Zoho CRM: ${made.map((m) => `${m.count} en ${m.module}`).join(', ')}.`,
        ),
      );
    }
    if (refused === 'scope') {
      notes.push(
        say(
          'Dealside could not add its fields to Zoho CRM: this sign-in did not grant it (ZohoCRM.settings.fields.CREATE). Sign in to Zoho CRM again from Options → Connections to let it, or ask an admin to add them.',
          'Dealside no pudo añadir sus campos a Zoho CRM: este inicio de sesión no se lo permitió (ZohoCRM.settings.fields.CREATE). Vuelve a iniciar sesión en Zoho CRM desde Opciones → Conexiones con el CRM para permitirlo, o pide a un administrador que los añada.',
        ),
      );
    } else if (refused === 'permission') {
      notes.push(
        say(
          'Dealside could not add its fields to Zoho CRM: only a user whose profile may customize Zoho CRM can. Ask an admin to connect once, or to add them.',
          'Dealside no pudo añadir sus campos a Zoho CRM: solo puede hacerlo un usuario cuyo perfil permita personalizar Zoho CRM. Pide a un administrador que conecte una vez, o que los añada.',
        ),
      );
    }
    if (full.length) {
      // right after what was added, before the fields still missing that it explains
      notes.splice(
        made.length ? 1 : 0,
        0,
        say(
          `Zoho CRM's edition allows no more custom fields in ${full.join(' and ')}: the fields named below were not added there. Free some, or map BANT to existing fields in Options → Connections.`,
          `La edición de Zoho CRM no admite más campos personalizados en ${say.and(full)}: los campos que se indican abajo no se añadieron allí. Libera alguno, o asigna BANT a campos que ya existan en Opciones → Conexiones con el CRM.`,
        ),
      );
    }
    if (noLinkedin.length) {
      notes.push(
        say(
          `${noLinkedin.join(' and ')} ${noLinkedin.length > 1 ? 'have' : 'has'} no ${ZOHO_LINKEDIN} field: LinkedIn profile links are not synced until a Zoho CRM admin adds it (URL).`,
          `${say.and(noLinkedin)} no ${noLinkedin.length > 1 ? 'tienen' : 'tiene'} el campo ${ZOHO_LINKEDIN}: los enlaces a perfiles de LinkedIn no se sincronizan hasta que un administrador de Zoho CRM lo añada (URL).`,
        ),
      );
    }
    const roleMap = await this.prepareRoles(notes, say);
    const apiHost = new URL(this.connection.baseUrl).hostname;
    const dc = zohoDataCentreOf(this.connection.baseUrl);
    return {
      label: `Zoho CRM ${String(org?.company_name ?? '')}`.trim(),
      account: {
        ...(typeof org?.id === 'string' ? { id: org.id } : {}),
        ...(org?.company_name ? { name: String(org.company_name) } : {}),
        ...(typeof org?.currency === 'string' ? { currency: org.currency } : {}),
        // the edition decides the concurrency limit (zohoLimiter)
        ...(editionOf(org) ? { tier: editionOf(org) } : {}),
        // the CRM's own pages: crm.zoho.<dc> (the API host of a fake in tests)
        uiDomain: dc ? `crm.${ZOHO_DATA_CENTRES[dc].label}` : apiHost,
      },
      fieldMap,
      roleMap,
      capabilities: { dealsideIdField: keyed, bant: bantComplete ? 'mapped' : 'missing', activityIds: 'marker' },
      notes,
      ...(who ? { user: who } : {}),
    };
  }

  async describeFields(entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]> {
    const defs = await this.fieldDefs(this.moduleOf(entity, kind));
    const mapped = new Map(Object.entries(this.map(entity, kind)).map(([c, n]) => [n, c]));
    return defs
      .filter((f) => !['subform', 'ownerlookup', 'multiselectlookup', 'fileupload', 'imageupload', 'formula', 'autonumber'].includes(f.data_type ?? '') || f.api_name === ZOHO_OWNER)
      .map((f) => ({
        name: f.api_name,
        label: f.field_label ?? f.api_name,
        type: f.data_type ?? 'text',
        custom: f.custom_field === true,
        writable: f.read_only !== true,
        ...(mapped.has(f.api_name) ? { mappedTo: mapped.get(f.api_name) } : {}),
        ...(f.pick_list_values?.length ? { options: f.pick_list_values.map((p) => p.actual_value ?? p.display_value ?? '').filter(Boolean) } : {}),
      }));
  }

}
