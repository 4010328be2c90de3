// Zoho CRM connect: the signed-in user, the org's edition, the Dealside fields each module
// has or lacks, and the fields Options maps.
import type { SyncEntity } from '../../../domain/fields/recordFields';
import { mapObjectFields } from '../base';
import type { ConnectionRecord } from '../../../store/syncRecords';
import { type ConnectOptions, type ConnectResult, type CrmFieldInfo } from '../../connector';
import { ZOHO_DATA_CENTRES, zohoDataCentreOf } from '../../../crms/zohoDataCentres';
import { ZOHO_API, ZOHO_DEALSIDE_ID, ZOHO_LINKEDIN, ZOHO_OWNER, type Module, zohoBantField, ZOHO_DEFAULT_FIELDS, editionOf } from './model';
import { ZohoRoles } from './roles';
import { type FieldDef, ZOHO_CURRENCIES, ZOHO_FIELDS, ZOHO_ORG, ZOHO_USERS } from './schemas';
import type { CurrencyRates } from '../../../domain/currency';
import { ratesFrom } from '../rates';
import { firstError } from './model';
import { sayIn } from '../notes';

export class ZohoConnect extends ZohoRoles {
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
    for (const [key, module] of targets) {
      const defs = await this.fieldDefs(module);
      const names = new Set(defs.map((f) => f.api_name));
      const { map, missingBant: missing } = mapObjectFields((n) => names.has(n), ZOHO_DEFAULT_FIELDS[key], key === 'deal' || key === 'lead' ? zohoBantField : undefined);
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
      if (!id || !id.unique) {
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
