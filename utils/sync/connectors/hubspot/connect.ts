// HubSpot connect: the Dealside property group and properties, the id property activities
// carry, and the fields Options maps.
import { BANT_FIELDS, type FieldSpec, type SyncEntity } from '../../../domain/fields/recordFields';
import type { ConnectionRecord } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { type ConnectOptions, type ConnectResult, type CrmFieldInfo } from '../../connector';
import { HUBSPOT_DEALSIDE_ID, HUBSPOT_GROUP, HUBSPOT_LINKEDIN, HUBSPOT_DEALSIDE_LINKEDIN, type HsType, ENGAGEMENTS, TYPE_OF, hubspotBantProperty, HUBSPOT_DEFAULT_FIELDS, hsPropertyType } from './model';
import { HubspotRoles } from './roles';
import { HS_ACCOUNT, HS_EXCHANGE_RATES, HS_PROPERTIES } from './schemas';
import type { CurrencyRates } from '../../../domain/currency';
import { ratesFrom } from '../rates';
import { sayIn, type Say } from '../notes';

export class HubspotConnect extends HubspotRoles {
  /**
   * The portal's exchange rates against its company currency (one request, its pages followed if
   * ever it has more). HubSpot's rate says what one unit of the additional currency is in the
   * company currency, so units per company currency are its inverse. A token without the
   * settings.currencies.read scope is refused (403): no rates ('refused'), not an error — each account's ARR
   * then counts its deals in the company currency or its own, and leaves the rest out, reported.
   */
  async readRates(): Promise<CurrencyRates | 'refused' | undefined> {
    const rows: Array<{ code: string; perHome: number; home?: boolean }> = [];
    let after: string | undefined;
    try {
      for (let page = 0; page < 20; page++) {
        const { body } = await this.http.request({ method: 'GET', url: '/settings/v3/currencies/exchange-rates/current', ...(after ? { query: { after } } : {}) }, HS_EXCHANGE_RATES);
        for (const r of body.results) {
          rows.push({ code: r.toCurrencyCode, perHome: 1, home: true });
          if (r.conversionRate > 0) rows.push({ code: r.fromCurrencyCode, perHome: 1 / r.conversionRate });
        }
        after = body.paging?.next?.after;
        if (!after) break;
      }
    } catch (e) {
      if (e instanceof SyncError && e.code === 'forbidden') return 'refused';
      throw e;
    }
    return ratesFrom(rows, this.connection.account.currency);
  }

  async connect(options: ConnectOptions = {}): Promise<ConnectResult> {
    const es = options.locale === 'es';
    const say = sayIn(options.locale);
    const { body: account } = await this.http.request({ method: 'GET', url: '/account-info/v3/details' }, HS_ACCOUNT);
    const notes: string[] = [];
    let idField = true;
    let bantComplete = true;
    let createdAny = false;
    let products = true;
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    for (const entity of ['account', 'person', 'deal', 'product'] as const) {
      const type = TYPE_OF[entity];
      let body: { results: Array<{ name: string }> };
      try {
        ({ body } = await this.http.request({ method: 'GET', url: `/crm/v3/properties/${type}` }, HS_PROPERTIES));
      } catch (e) {
        // Products need the e-commerce scope; without it everything else still syncs.
        if (entity === 'product' && e instanceof SyncError && e.code === 'forbidden') {
          products = false;
          fieldMap.product = {};
          notes.push(
            say(
              "HubSpot did not let Dealside read products (the token lacks the e-commerce scope): products and the products on deals are not synced, everything else is. Ask a HubSpot admin to add the scope, then press Reconnect.",
              'HubSpot no dejó a Dealside leer los productos (al token le falta el ámbito de e-commerce): no se sincronizan los productos ni los productos de los negocios; todo lo demás, sí. Pide a un administrador de HubSpot que añada el ámbito y pulsa Volver a conectar.',
            ),
          );
          continue;
        }
        throw e;
      }
      const existing = new Set(body.results.map((p) => p.name));
      const wanted: Array<{ name: string; label: string; spec?: FieldSpec; unique?: boolean }> = [];
      // labelled in the connecting person's language (the names, which Dealside reads and writes, never change)
      if (entity !== 'product') wanted.push({ name: HUBSPOT_DEALSIDE_ID, label: es ? 'Id de Dealside' : 'Dealside id', unique: true });
      // the LinkedIn profile: HubSpot's own property when the portal has it, else one of ours
      if (entity === 'person' && !existing.has(HUBSPOT_LINKEDIN)) wanted.push({ name: HUBSPOT_DEALSIDE_LINKEDIN, label: es ? 'URL de LinkedIn' : 'LinkedIn URL' });
      if (entity === 'deal' || entity === 'person') {
        for (const [field, spec] of Object.entries(BANT_FIELDS)) wanted.push({ name: hubspotBantProperty(field), label: `Dealside: ${es ? (spec.labelEs ?? spec.label) : spec.label}`, spec });
      }
      const missing = wanted.filter((w) => !existing.has(w.name));
      let allowed = true;
      if (missing.length > 0) {
        allowed = await this.ensureGroup(type, es);
        for (const w of missing) {
          if (!allowed) break;
          const kind = w.spec ? hsPropertyType(w.spec, options.locale ?? 'en') : { type: 'string', fieldType: 'text' };
          try {
            await this.http.request({
              method: 'POST',
              url: `/crm/v3/properties/${type}`,
              body: { name: w.name, label: w.label, groupName: HUBSPOT_GROUP, ...kind, ...(w.unique ? { hasUniqueValue: true } : {}) },
              accept: [409],
              idempotent: true,
            });
            existing.add(w.name);
            createdAny = true;
          } catch (e) {
            if (e instanceof SyncError && e.code === 'forbidden') allowed = false;
            else throw e;
          }
        }
      }
      if (entity !== 'product' && !existing.has(HUBSPOT_DEALSIDE_ID)) idField = false;
      const map: Record<string, string> = {};
      for (const [canonical, prop] of Object.entries(HUBSPOT_DEFAULT_FIELDS[entity])) if (existing.has(prop)) map[canonical] = prop;
      if (entity === 'person' && !map.linkedinUrl && existing.has(HUBSPOT_DEALSIDE_LINKEDIN)) map.linkedinUrl = HUBSPOT_DEALSIDE_LINKEDIN;
      if (entity === 'deal' || entity === 'person') {
        for (const f of Object.keys(BANT_FIELDS)) {
          if (existing.has(hubspotBantProperty(f))) map[f] = hubspotBantProperty(f);
          else bantComplete = false;
        }
      }
      if (!allowed) {
        notes.push(
          say(
            `HubSpot did not let Dealside create its properties on ${type} (the token lacks the crm.schemas.${type}.write scope). Ask a HubSpot admin to grant it, or map BANT to existing properties in Options → Connections.`,
            `HubSpot no dejó a Dealside crear sus propiedades en ${type} (al token le falta el ámbito crm.schemas.${type}.write). Pide a un administrador de HubSpot que lo conceda, o asigna BANT a propiedades que ya existan en Opciones → Conexiones con el CRM.`,
          ),
        );
      }
      fieldMap[entity] = map;
    }
    if (!idField) {
      notes.push(say('Without the dealside_id property, Dealside looks records up by e-mail, domain or name before it creates them.', 'Sin la propiedad dealside_id, Dealside busca los registros por e-mail, dominio o nombre antes de crearlos.'));
    }
    if (!(await this.mayReadOwners())) {
      notes.push(
        say(
          'HubSpot did not let Dealside read the portal’s owners (the token lacks the crm.objects.owners.read scope): records sync without their owner, so Dealside cannot say who owns a contact, company or deal. Ask a HubSpot admin to add the scope, then press Reconnect.',
          'HubSpot no dejó a Dealside leer los propietarios del portal (al token le falta el ámbito crm.objects.owners.read): los registros se sincronizan sin su propietario, así que Dealside no puede decir de quién es un contacto, una empresa o un negocio. Pide a un administrador de HubSpot que añada el ámbito y pulsa Volver a conectar.',
        ),
      );
    }
    return {
      label: `HubSpot portal ${account.portalId}`,
      account: { id: String(account.portalId), ...(account.uiDomain ? { uiDomain: account.uiDomain } : {}) },
      fieldMap,
      capabilities: {
        dealsideIdField: idField,
        bant: !bantComplete ? 'missing' : createdAny ? 'created' : 'mapped',
        ...(products ? {} : { products: false }),
        activityIds: await this.ensureActivityIds(notes, say),
      },
      roleMap: await this.ensureRoleLabels(notes, say),
      notes,
    };
  }

  /** Whether the token may list the portal's owners (one owner asked; 403 without the scope). */
  protected async mayReadOwners(): Promise<boolean> {
    try {
      await this.http.request({ method: 'GET', url: '/crm/v3/owners', query: { limit: 1 } });
      return true;
    } catch (e) {
      if (e instanceof SyncError && e.code === 'forbidden') return false;
      throw e;
    }
  }

  /**
   * Logged touches: a unique dealside_id on calls, emails, meetings and notes (upserts), else a plain
   * one (looked up before a retry), else none (a marker in the text). The weakest of the four wins.
   */
  protected async ensureActivityIds(notes: string[], say: Say = sayIn()): Promise<'unique' | 'field' | 'marker'> {
    const rank = { unique: 2, field: 1, marker: 0 } as const;
    let weakest: 'unique' | 'field' | 'marker' = 'unique';
    for (const type of ENGAGEMENTS) {
      let level: 'unique' | 'field' | 'marker' = 'marker';
      try {
        const { body } = await this.http.request({ method: 'GET', url: `/crm/v3/properties/${type}` }, HS_PROPERTIES);
        const own = body.results.find((p) => p.name === HUBSPOT_DEALSIDE_ID);
        if (own) level = own.hasUniqueValue ? 'unique' : 'field';
        else if (await this.ensureGroup(type)) {
          for (const unique of [true, false]) {
            try {
              await this.http.request({
                method: 'POST',
                url: `/crm/v3/properties/${type}`,
                body: { name: HUBSPOT_DEALSIDE_ID, label: 'Dealside id', groupName: HUBSPOT_GROUP, type: 'string', fieldType: 'text', ...(unique ? { hasUniqueValue: true } : {}) },
                idempotent: true,
              });
              level = unique ? 'unique' : 'field';
              break;
            } catch (e) {
              // no unique values on this object: a plain property; no schema scope: none
              if (!(e instanceof SyncError) || (e.code !== 'invalid' && e.code !== 'forbidden')) throw e;
              if (e.code === 'forbidden') break;
            }
          }
        }
      } catch (e) {
        if (!(e instanceof SyncError) || e.code !== 'forbidden') throw e;
      }
      if (rank[level] < rank[weakest]) weakest = level;
    }
    if (weakest === 'marker') {
      notes.push(
        say(
          'HubSpot did not let Dealside add its dealside_id property to calls, e-mails, meetings and notes: the touches Dealside logs carry a "Dealside ref" line, by which a retry finds them.',
          'HubSpot no dejó a Dealside añadir su propiedad dealside_id a llamadas, e-mails, reuniones y notas: las interacciones que registra Dealside llevan una línea "Dealside ref", con la que un reintento las encuentra.',
        ),
      );
    }
    return weakest;
  }

  protected async ensureGroup(type: HsType, es = false): Promise<boolean> {
    try {
      await this.http.request({
        method: 'POST',
        url: `/crm/v3/properties/${type}/groups`,
        body: { name: HUBSPOT_GROUP, label: es ? 'Cualificación Dealside' : 'Dealside qualification', displayOrder: -1 },
        accept: [409],
        idempotent: true,
      });
      return true;
    } catch (e) {
      if (e instanceof SyncError && e.code === 'forbidden') return false;
      throw e;
    }
  }

  async describeFields(entity: SyncEntity): Promise<CrmFieldInfo[]> {
    const { body } = await this.http.request({
      method: 'GET',
      url: `/crm/v3/properties/${TYPE_OF[entity]}`,
    }, HS_PROPERTIES);
    const mapped = new Map(Object.entries(this.map(entity)).map(([c, p]) => [p, c]));
    return body.results.map((p) => ({
      name: p.name,
      label: p.label,
      type: p.type,
      custom: !p.hubspotDefined,
      writable: !p.modificationMetadata?.readOnlyValue,
      ...(mapped.has(p.name) ? { mappedTo: mapped.get(p.name) } : {}),
      ...(p.options?.length ? { options: p.options.map((o) => o.value) } : {}),
    }));
  }

}
