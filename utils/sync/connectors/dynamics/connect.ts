// Dynamics 365 connect: WhoAmI, change tracking and alternate keys per table, the Dealside
// columns each has or lacks, and the fields Options maps.
import { BANT_FIELDS, type SyncEntity } from '../../../domain/fields/recordFields';
import { mapObjectFields } from '../base';
import type { ConnectionRecord } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { type ConnectOptions, type ConnectResult, type CrmFieldInfo } from '../../connector';
import { DYNAMICS_API, DYNAMICS_DEALSIDE_ID, DYNAMICS_LINKEDIN, DYNAMICS_NATIVE_BANT, DEALSIDE_PUBLISHER, DEALSIDE_SOLUTION, type DealsideColumn, attributeMetadata, type Table, dynamicsBantField, DYNAMICS_DEFAULT_FIELDS, odataString, entityIdOf, type AttributeDef } from './model';
import { DynamicsRoles } from './roles';
import { DV_ENTITY_INFO, DV_ROW, DV_WHO_AM_I } from './schemas';
import type { CurrencyRates } from '../../../domain/currency';
import { ratesFrom } from '../rates';
import { sayIn } from '../notes';

export class DynamicsConnect extends DynamicsRoles {
  protected async attributes(table: Table | 'phonecall'): Promise<AttributeDef[]> {
    return this.getAll(`${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})/Attributes?$select=LogicalName,AttributeType,IsCustomAttribute,IsValidForUpdate,DisplayName`) as unknown as Promise<AttributeDef[]>;
  }

  protected async entityInfo(table: Table): Promise<{ changeTracking: boolean; keyed: boolean; pending: boolean }> {
    const { body } = await this.get(
      `${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})?$select=LogicalName,ChangeTrackingEnabled&$expand=Keys($select=KeyAttributes,EntityKeyIndexStatus)`,
      DV_ENTITY_INFO,
    );
    const ours = (body.Keys ?? []).filter((k) => k.KeyAttributes?.length === 1 && k.KeyAttributes[0] === DYNAMICS_DEALSIDE_ID);
    const keyed = ours.some((k) => (k.EntityKeyIndexStatus ?? 'Active') === 'Active');
    // Pending / InProgress: the index is being built (Failed: an admin must look at it)
    const pending = !keyed && ours.some((k) => k.EntityKeyIndexStatus === 'Pending' || k.EntityKeyIndexStatus === 'InProgress');
    return { changeTracking: body.ChangeTrackingEnabled !== false, keyed, pending };
  }

  /** The Dealside columns a table should have: our id (every table), LinkedIn (people), BANT's own (lead, opportunity). */
  protected dealsideColumns(table: Table): DealsideColumn[] {
    const out: DealsideColumn[] = [{ name: DYNAMICS_DEALSIDE_ID, kind: 'text', label: 'Dealside id' }];
    if (table === 'contact' || table === 'lead') out.push({ name: DYNAMICS_LINKEDIN, kind: 'url', label: 'LinkedIn profile' });
    if (table === 'lead' || table === 'opportunity') {
      for (const [field, spec] of Object.entries(BANT_FIELDS)) {
        if (DYNAMICS_NATIVE_BANT[field]) continue;
        const kind = spec.type === 'date' ? 'date' : spec.type === 'string' ? 'memo' : spec.type === 'enum' ? 'text' : undefined;
        if (kind) out.push({ name: dynamicsBantField(field), kind, label: `Dealside ${spec.label}` });
      }
    }
    return out;
  }

  /**
   * The solution Dealside's columns are made in, with its publisher (prefix `dealside`), found or
   * made; undefined when the signed-in user may not customize the system (then an admin adds them).
   */
  protected async customizationSolution(): Promise<string | undefined> {
    try {
      const [publisher] = await this.getAll(`${DYNAMICS_API}/publishers?$select=publisherid,customizationprefix&$filter=customizationprefix eq ${odataString(DEALSIDE_PUBLISHER.customizationprefix)}`);
      let publisherId = typeof publisher?.publisherid === 'string' ? publisher.publisherid : undefined;
      if (!publisherId) {
        const res = await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/publishers`, body: { ...DEALSIDE_PUBLISHER } });
        publisherId = entityIdOf(res.headers.get('odata-entityid') ?? undefined);
      }
      const [solution] = await this.getAll(`${DYNAMICS_API}/solutions?$select=solutionid,uniquename&$filter=uniquename eq ${odataString(DEALSIDE_SOLUTION)}`);
      if (!solution && publisherId) {
        await this.http.request({ method: 'POST', url: `${DYNAMICS_API}/solutions`, body: { uniquename: DEALSIDE_SOLUTION, friendlyname: 'Dealside', version: '1.0.0.0', 'publisherid@odata.bind': `/publishers(${publisherId})` } });
      }
      return publisherId ? DEALSIDE_SOLUTION : undefined;
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid' || e.code === 'not-found')) return undefined;
      throw e;
    }
  }

  /** Make a column in Dealside's solution; false when Dynamics refuses it. */
  protected async createColumn(table: Table, column: DealsideColumn, solution: string): Promise<boolean> {
    try {
      await this.http.request({
        method: 'POST',
        url: `${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})/Attributes`,
        headers: { 'MSCRM.SolutionUniqueName': solution },
        body: attributeMetadata(column),
      });
      return true;
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) return false;
      throw e;
    }
  }

  /** Make the alternate key on the Dealside id; Dataverse then builds its index in the background. */
  protected async createKey(table: Table, solution: string): Promise<boolean> {
    try {
      await this.http.request({
        method: 'POST',
        url: `${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})/Keys`,
        headers: { 'MSCRM.SolutionUniqueName': solution },
        body: { SchemaName: `${DYNAMICS_DEALSIDE_ID}_key`, DisplayName: { '@odata.type': 'Microsoft.Dynamics.CRM.Label', LocalizedLabels: [{ '@odata.type': 'Microsoft.Dynamics.CRM.LocalizedLabel', Label: 'Dealside id', LanguageCode: 1033 }] }, KeyAttributes: [DYNAMICS_DEALSIDE_ID] },
      });
      return true;
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'invalid')) return false;
      throw e;
    }
  }

  /**
   * The organization's exchange rates, from the currencies the connector reads anyway (money columns
   * name theirs by id): each transactioncurrency's `exchangerate` is units of it per unit of the base
   * currency, which connect kept as the connection's currency. No request of its own when the run
   * already read them.
   */
  async readRates(): Promise<CurrencyRates | undefined> {
    const { rate } = await this.loadCurrencies();
    return ratesFrom([...rate].map(([code, perHome]) => ({ code, perHome })), this.connection.account.currency);
  }

  async connect(options: ConnectOptions = {}): Promise<ConnectResult> {
    const say = sayIn(options.locale);
    const who = await this.whoAmI();
    const orgs = await this.getAll(`${DYNAMICS_API}/organizations?$select=organizationid,name,_basecurrencyid_value`);
    const org = orgs[0];
    // the base currency: a deal or product read without a currency of its own is in it
    const currencies = await this.loadCurrencies();
    const baseCurrency = typeof org?._basecurrencyid_value === 'string' ? currencies.code.get(org._basecurrencyid_value.toLowerCase()) : undefined;
    const notes: string[] = [];
    const fieldMap: ConnectionRecord['fieldMap'] = {};
    let keyed = true;
    let bantComplete = true;
    const untracked: string[] = [];
    const noLinkedin: string[] = [];
    const targets: Array<[keyof typeof DYNAMICS_DEFAULT_FIELDS, Table]> = [
      ['account', 'account'],
      ['person', 'contact'],
      ['lead', 'lead'],
      ['deal', 'opportunity'],
    ];
    // made in Dealside's solution when the signed-in user may (System Customizer), asked once something is missing
    let solution: string | undefined | null = null;
    const made: string[] = [];
    const keysBuilding: string[] = [];
    for (const [key, table] of targets) {
      const names = new Set((await this.attributes(table)).map((a) => a.LogicalName));
      const absent = this.dealsideColumns(table).filter((c) => !names.has(c.name));
      if (absent.length) {
        if (solution === null) solution = await this.customizationSolution();
        for (const c of solution ? absent : []) {
          if (await this.createColumn(table, c, solution!)) {
            names.add(c.name);
            made.push(`${table}.${c.name}`);
          }
        }
      }
      const { map, missingBant: missing } = mapObjectFields((n) => names.has(n), DYNAMICS_DEFAULT_FIELDS[key], key === 'deal' || key === 'lead' ? dynamicsBantField : undefined);
      if ((key === 'person' || key === 'lead') && !map.linkedinUrl) noLinkedin.push(table);
      if (missing.length) {
        bantComplete = false;
        notes.push(
          say(
            `BANT columns are missing on ${table}: ask a Dynamics 365 admin to add ${missing.join(', ')} (or map BANT to existing columns in Options → Connections).`,
            `Faltan columnas BANT en ${table}: pide a un administrador de Dynamics 365 que añada ${missing.join(', ')} (o asigna BANT a columnas que ya existan en Opciones → Conexiones con el CRM).`,
          ),
        );
      }
      const info = await this.entityInfo(table);
      if (!info.changeTracking) untracked.push(table);
      if (names.has(DYNAMICS_DEALSIDE_ID) && !info.keyed && !info.pending) {
        if (solution === null) solution = await this.customizationSolution();
        if (solution && (await this.createKey(table, solution))) info.pending = true;
      }
      if (!names.has(DYNAMICS_DEALSIDE_ID) || !info.keyed) {
        keyed = false;
        if (info.pending) keysBuilding.push(table);
        else {
          notes.push(
            say(
              `${table} has no alternate key on ${DYNAMICS_DEALSIDE_ID}: Dealside looks records up by e-mail or name before creating them.`,
              `${table} no tiene clave alternativa en ${DYNAMICS_DEALSIDE_ID}: Dealside busca los registros por e-mail o nombre antes de crearlos.`,
            ),
          );
        }
      }
      fieldMap[key] = map;
    }
    if (made.length) {
      notes.unshift(
        say(
          `Dealside added its columns to Dynamics 365 (in its own solution, "Dealside"): ${made.join(', ')}.`,
          `Dealside añadió sus columnas a Dynamics 365 (en su propia solución, "Dealside"): ${made.join(', ')}.`,
        ),
      );
    }
    if (keysBuilding.length) {
      notes.push(
        say(
          `Dynamics 365 is building the alternate key on ${DYNAMICS_DEALSIDE_ID} for ${keysBuilding.join(', ')} (usually a few minutes): until it is ready Dealside looks records up by e-mail or name before creating them. Connect again once it is built to create records by their Dealside id.`,
          `Dynamics 365 está creando la clave alternativa en ${DYNAMICS_DEALSIDE_ID} para ${keysBuilding.join(', ')} (suele tardar unos minutos): hasta que esté lista, Dealside busca los registros por e-mail o nombre antes de crearlos. Vuelve a conectar cuando esté lista para crear los registros por su id de Dealside.`,
        ),
      );
    }
    // the catalogue: read, never written (its name, list price and the price's currency)
    fieldMap.product = { ...DYNAMICS_DEFAULT_FIELDS.product };
    // the stakeholders, a won deal's lines (its products, its orders and their lines) and the
    // activities read as touches (calls, e-mails, appointments) are read through their changes too:
    // without tracking, a deletion there is never seen
    for (const table of ['connection', 'opportunityproduct', 'salesorder', 'salesorderdetail', 'phonecall', 'email', 'appointment']) {
      const info = await this.get(`${DYNAMICS_API}/EntityDefinitions(LogicalName='${table}')?$select=LogicalName,ChangeTrackingEnabled`, DV_ENTITY_INFO);
      if (info.body.ChangeTrackingEnabled === false) untracked.push(table);
    }
    if (untracked.length) {
      notes.push(
        say(
          `Change tracking is off for ${untracked.join(', ')}: Dealside reads their changes by modification time, and sees deletions only when a change it sends is refused. An admin can turn on "Track changes" for these tables.`,
          `El seguimiento de cambios está desactivado en ${untracked.join(', ')}: Dealside lee sus cambios por la fecha de modificación y solo ve lo que se elimina cuando el CRM rechaza un cambio que envía. Un administrador puede activar "Track changes" (seguimiento de cambios) en estas tablas.`,
        ),
      );
    }
    if (noLinkedin.length) {
      notes.push(
        say(
          `${noLinkedin.join(' and ')} ${noLinkedin.length > 1 ? 'have' : 'has'} no ${DYNAMICS_LINKEDIN} column: LinkedIn profile links are not synced until a Dynamics 365 admin adds it (Single line of text, URL).`,
          `${say.and(noLinkedin)} no ${noLinkedin.length > 1 ? 'tienen' : 'tiene'} la columna ${DYNAMICS_LINKEDIN}: los enlaces a perfiles de LinkedIn no se sincronizan hasta que un administrador de Dynamics 365 la añada (Una línea de texto, URL).`,
        ),
      );
    }
    const roleMap = await this.prepareRoles(notes, say);
    const activityIds = await this.activityIdMode();
    if (activityIds === 'marker') {
      notes.push(
        say(
          `Activities have no ${DYNAMICS_DEALSIDE_ID} column: the touches Dealside logs carry a "Dealside ref" line in their description, by which a retry finds them.`,
          `Las actividades no tienen la columna ${DYNAMICS_DEALSIDE_ID}: las interacciones que registra Dealside llevan una línea "Dealside ref" en su descripción, con la que un reintento las encuentra.`,
        ),
      );
    }
    return {
      label: `Dynamics 365 ${String(org?.name ?? '')}`.trim(),
      account: {
        ...(org?.organizationid ? { id: String(org.organizationid) } : {}),
        ...(org?.name ? { name: String(org.name) } : {}),
        ...(baseCurrency ? { currency: baseCurrency } : {}),
        uiDomain: new URL(this.connection.baseUrl).host,
      },
      fieldMap,
      roleMap,
      capabilities: { dealsideIdField: keyed, bant: bantComplete ? 'mapped' : 'missing', activityIds },
      notes,
      ...(who ? { user: who } : {}),
    };
  }

  /** The signed-in user: WhoAmI, then their systemuser (full name, e-mail). */
  protected async whoAmI(): Promise<{ id: string; name: string; email?: string } | undefined> {
    const { body } = await this.get(`${DYNAMICS_API}/WhoAmI`, DV_WHO_AM_I);
    if (!body.UserId) return undefined;
    const { body: user } = await this.get(`${DYNAMICS_API}/systemusers(${body.UserId})?$select=systemuserid,fullname,internalemailaddress`, DV_ROW);
    const name = String(user.fullname ?? '') || String(user.internalemailaddress ?? '') || body.UserId;
    return { id: body.UserId.toLowerCase(), name, ...(user.internalemailaddress ? { email: String(user.internalemailaddress) } : {}) };
  }

  /** Activities carry our id in dealside_dealsideid when an admin added it (phone calls are checked). */
  protected async activityIdMode(): Promise<'field' | 'marker'> {
    try {
      return (await this.attributes('phonecall')).some((a) => a.LogicalName === DYNAMICS_DEALSIDE_ID) ? 'field' : 'marker';
    } catch (e) {
      if (e instanceof SyncError && (e.code === 'forbidden' || e.code === 'not-found')) return 'marker';
      throw e;
    }
  }

  async describeFields(entity: SyncEntity, kind?: 'contact' | 'lead'): Promise<CrmFieldInfo[]> {
    const attrs = await this.attributes(this.tableOf(entity, kind));
    const mapped = new Map(Object.entries(this.map(entity, kind)).map(([c, n]) => [n, c]));
    return attrs
      .filter((a) => !['Virtual', 'EntityName', 'PartyList', 'ManagedProperty', 'CalendarRules'].includes(a.AttributeType))
      .map((a) => ({
        name: a.LogicalName,
        label: a.DisplayName?.UserLocalizedLabel?.Label ?? a.LogicalName,
        type: a.AttributeType,
        custom: a.IsCustomAttribute,
        writable: a.IsValidForUpdate !== false,
        ...(mapped.has(a.LogicalName) ? { mappedTo: mapped.get(a.LogicalName) } : {}),
      }));
  }

}
