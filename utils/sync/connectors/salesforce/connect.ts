// Salesforce connect: the user (OpenID userinfo), the Dealside fields each object has or lacks,
// how logged touches carry our id, and the fields Options maps.
import type { SyncEntity } from '../../../domain/fields/recordFields';
import { mapObjectFields } from '../base';
import type { ConnectionRecord } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { type ConnectOptions, type ConnectResult, type CrmFieldInfo } from '../../connector';
import type { CommitteeRole } from '../../../domain/committee/roles';
import { SALESFORCE_DEFAULT_ROLES } from '../../../domain/fields/roleFields';
import { SALESFORCE_DEALSIDE_ID, SALESFORCE_LINKEDIN, salesforceBantField, type SfObject, SALESFORCE_DEFAULT_FIELDS } from './model';
import { SalesforceRoles } from './roles';
import { salesforceBillingField } from '../lines';
import { SF_USERINFO } from './schemas';
import type { CurrencyRates } from '../../../domain/currency';
import { ratesFrom } from '../rates';
import { sayIn } from '../notes';

export class SalesforceConnect extends SalesforceRoles {
  async connect(options: ConnectOptions = {}): Promise<ConnectResult> {
    const say = sayIn(options.locale);
    const [org] = (await this.soql('SELECT Id, Name FROM Organization')).records;
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let idField = true;
    let bantComplete = true;
    const noLinkedin: string[] = [];
    const targets: Array<[keyof typeof SALESFORCE_DEFAULT_FIELDS, SfObject]> = [
      ['account', 'Account'],
      ['person', 'Contact'],
      ['lead', 'Lead'],
      ['deal', 'Opportunity'],
      ['product', 'Product2'],
    ];
    for (const [key, object] of targets) {
      const fields = await this.describe(object);
      const names = new Map(fields.map((f) => [f.name, f]));
      const { map, missingBant: missing } = mapObjectFields((n) => names.has(n), SALESFORCE_DEFAULT_FIELDS[key], key === 'deal' || key === 'lead' ? salesforceBantField : undefined);
      if ((key === 'person' || key === 'lead') && !map.linkedinUrl) noLinkedin.push(object);
      if (missing.length) {
        bantComplete = false;
        notes.push(
          say(
            `BANT fields are missing on ${object}: ask a Salesforce admin to add ${missing.join(', ')} (or map BANT to existing fields in Options → Connections).`,
            `Faltan campos BANT en ${object}: pide a un administrador de Salesforce que añada ${missing.join(', ')} (o asigna BANT a campos que ya existan en Opciones → Conexiones con el CRM).`,
          ),
        );
      }
      if (object !== 'Product2' && !fields.some((f) => f.name === SALESFORCE_DEALSIDE_ID && f.externalId)) {
        idField = false;
        notes.push(
          say(
            `${object} has no external id field ${SALESFORCE_DEALSIDE_ID}: Dealside looks records up by e-mail or name before creating them.`,
            `${object} no tiene el campo de id externo ${SALESFORCE_DEALSIDE_ID}: Dealside busca los registros por e-mail o nombre antes de crearlos.`,
          ),
        );
      }
      fieldMap[key] = map;
    }
    if (noLinkedin.length) {
      notes.push(
        say(
          `${noLinkedin.join(' and ')} ${noLinkedin.length > 1 ? 'have' : 'has'} no ${SALESFORCE_LINKEDIN} field: LinkedIn profile links are not synced until a Salesforce admin adds it (URL or Text, 255).`,
          `${say.and(noLinkedin)} no ${noLinkedin.length > 1 ? 'tienen' : 'tiene'} el campo ${SALESFORCE_LINKEDIN}: los enlaces a perfiles de LinkedIn no se sincronizan hasta que un administrador de Salesforce lo añada (URL o Texto, 255).`,
        ),
      );
    }
    // Buying-committee roles: the Role picklist of OpportunityContactRole (the closest standard value for each of ours).
    const roleValues = await this.rolePicklist();
    const roleMap: ConnectionRecord['roleMap'] = {};
    for (const [role, value] of Object.entries(SALESFORCE_DEFAULT_ROLES)) if (roleValues.some((v) => v.value === value)) roleMap[role as CommitteeRole] = value;
    const unmappedRoles = Object.keys(SALESFORCE_DEFAULT_ROLES).filter((r) => !roleMap[r as CommitteeRole]);
    if (unmappedRoles.length) notes.push(
        say(
          `The contact role picklist has no value for ${unmappedRoles.join(', ')}: choose one in Options → Connections (Buying-committee roles).`,
          `La lista de selección de funciones de contacto no tiene valor para ${unmappedRoles.join(', ')}: elige uno en Opciones → Conexiones con el CRM (Roles del comité de compra).`,
        ),
      );
    const activityIds = await this.activityIdMode();
    if (activityIds === 'marker') {
      notes.push(
        say(
          `Task and Event have no ${SALESFORCE_DEALSIDE_ID} field: the touches Dealside logs carry a "Dealside ref" line in their Comments, by which a retry finds them (an admin can add the Activity custom field ${SALESFORCE_DEALSIDE_ID}, Text 255).`,
          `Task y Event no tienen el campo ${SALESFORCE_DEALSIDE_ID}: las interacciones que registra Dealside llevan una línea "Dealside ref" en sus Comentarios, con la que un reintento las encuentra (un administrador puede añadir el campo personalizado de actividad ${SALESFORCE_DEALSIDE_ID}, Texto 255).`,
        ),
      );
    }
    return {
      roleMap,
      label: `Salesforce ${String(org?.Name ?? '')}`.trim(),
      account: { ...(org?.Id ? { id: String(org.Id) } : {}), ...(org?.Name ? { name: String(org.Name) } : {}) },
      fieldMap,
      capabilities: { dealsideIdField: idField, bant: bantComplete ? 'mapped' : 'missing', activityIds, lineBilling: await this.findLineBilling() },
      notes,
      ...((await this.whoAmI()) ?? {}),
    };
  }

  /**
   * The field that says an opportunity product's billing period: the line's own, else its product's
   * (read through the line as `Product2.<field>`); '' when the org has none (lines.ts).
   */
  protected async findLineBilling(): Promise<string> {
    try {
      const onLine = salesforceBillingField(await this.describe('OpportunityLineItem'));
      if (onLine) return onLine;
      const onProduct = salesforceBillingField(await this.describe('Product2'));
      return onProduct ? `Product2.${onProduct}` : '';
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'not-found')) return '';
      throw e;
    }
  }

  /**
   * The org's active currencies and their conversion rates against the corporate currency (one SOQL
   * query). An org without multiple currencies has no CurrencyType (400 INVALID_TYPE): no rates, and
   * every amount is in its one currency — not an error.
   */
  async readRates(): Promise<CurrencyRates | undefined> {
    try {
      const rows = await this.soqlAll('SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true');
      return ratesFrom(rows.map((r) => ({ code: r.IsoCode, perHome: r.ConversionRate, home: r.IsCorporate === true })), this.connection.account.currency);
    } catch (e) {
      if (e instanceof SyncError && e.code === 'invalid' && /INVALID_TYPE/.test(e.message)) return undefined;
      throw e;
    }
  }

  /** Whom the token belongs to: the OpenID Connect userinfo endpoint on the instance's own host. */
  protected async whoAmI(): Promise<{ user: { id: string; name: string; email?: string } } | undefined> {
    try {
      const { body } = await this.http.request({ method: 'GET', url: '/services/oauth2/userinfo' }, SF_USERINFO);
      if (!body.user_id || !body.name) return undefined;
      return { user: { id: body.user_id, name: body.name, ...(body.email ? { email: body.email } : {}) } };
    } catch (e) {
      // an integration user's token without the openid scope: the user is asked instead
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid' || e.code === 'not-found')) return undefined;
      throw e;
    }
  }

  /**
   * Logged touches: the Activity custom field Dealside_Id__c (Task and Event share it; Salesforce
   * offers no external ids there) is looked up before a retry creates; without it, a marker line.
   */
  protected async activityIdMode(): Promise<'field' | 'marker'> {
    try {
      for (const object of ['Task', 'Event'] as const) {
        if (!(await this.describe(object)).some((f) => f.name === SALESFORCE_DEALSIDE_ID)) return 'marker';
      }
      return 'field';
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'not-found')) return 'marker';
      throw e;
    }
  }

  async describeFields(entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]> {
    const fields = await this.describe(this.objectOf(entity, kind));
    const mapped = new Map(Object.entries(this.map(entity, kind)).map(([c, n]) => [n, c]));
    return fields.map((f) => ({
      name: f.name,
      label: f.label,
      type: f.type,
      custom: f.custom,
      writable: f.updateable,
      ...(mapped.has(f.name) ? { mappedTo: mapped.get(f.name) } : {}),
      ...(f.picklistValues?.length ? { options: f.picklistValues.filter((p) => p.active).map((p) => p.value) } : {}),
    }));
  }

}
