// Dynamics 365 connect: WhoAmI, change tracking and alternate keys per table, the Dealside
// columns each has or lacks, and the fields Options maps.
import { BANT_FIELDS, type SyncEntity } from '../../../domain/fields/recordFields';
import type { ConnectionRecord } from '../../../store/syncRecords';
import { SyncError } from '../../http';
import { type ConnectResult, type CrmFieldInfo } from '../../connector';
import { DYNAMICS_API, DYNAMICS_DEALSIDE_ID, DYNAMICS_LINKEDIN, type Table, dynamicsBantField, DYNAMICS_DEFAULT_FIELDS, odataString, type AttributeDef } from './model';
import { DynamicsRoles } from './roles';
import { DV_ENTITY_INFO, DV_ROW, DV_WHO_AM_I } from './schemas';

export class DynamicsConnect extends DynamicsRoles {
  protected async attributes(table: Table | 'phonecall'): Promise<AttributeDef[]> {
    return this.getAll(`${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})/Attributes?$select=LogicalName,AttributeType,IsCustomAttribute,IsValidForUpdate,DisplayName`) as unknown as Promise<AttributeDef[]>;
  }

  protected async entityInfo(table: Table): Promise<{ changeTracking: boolean; keyed: boolean }> {
    const { body } = await this.get(
      `${DYNAMICS_API}/EntityDefinitions(LogicalName=${odataString(table)})?$select=LogicalName,ChangeTrackingEnabled&$expand=Keys($select=KeyAttributes,EntityKeyIndexStatus)`,
      DV_ENTITY_INFO,
    );
    const keyed = (body.Keys ?? []).some((k) => k.KeyAttributes?.length === 1 && k.KeyAttributes[0] === DYNAMICS_DEALSIDE_ID && (k.EntityKeyIndexStatus ?? 'Active') === 'Active');
    return { changeTracking: body.ChangeTrackingEnabled !== false, keyed };
  }

  async connect(): Promise<ConnectResult> {
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
    for (const [key, table] of targets) {
      const names = new Set((await this.attributes(table)).map((a) => a.LogicalName));
      const map: Record<string, string> = {};
      for (const [canonical, name] of Object.entries(DYNAMICS_DEFAULT_FIELDS[key])) if (names.has(name)) map[canonical] = name;
      if ((key === 'person' || key === 'lead') && !map.linkedinUrl) noLinkedin.push(table);
      if (key === 'deal' || key === 'lead') {
        const missing: string[] = [];
        for (const field of Object.keys(BANT_FIELDS)) {
          const name = dynamicsBantField(field);
          if (names.has(name)) map[field] = name;
          else missing.push(name);
        }
        if (missing.length) {
          bantComplete = false;
          notes.push(`BANT columns are missing on ${table}: ask a Dynamics 365 admin to add ${missing.join(', ')} (or map BANT to existing columns in Options → Connections).`);
        }
      }
      const info = await this.entityInfo(table);
      if (!info.changeTracking) untracked.push(table);
      if (!names.has(DYNAMICS_DEALSIDE_ID) || !info.keyed) {
        keyed = false;
        notes.push(`${table} has no alternate key on ${DYNAMICS_DEALSIDE_ID}: Dealside looks records up by e-mail or name before creating them.`);
      }
      fieldMap[key] = map;
    }
    // the catalogue: read, never written (its name, list price and the price's currency)
    fieldMap.product = { ...DYNAMICS_DEFAULT_FIELDS.product };
    // the stakeholders: connections must be tracked too
    const connectionInfo = await this.get(`${DYNAMICS_API}/EntityDefinitions(LogicalName='connection')?$select=LogicalName,ChangeTrackingEnabled`, DV_ENTITY_INFO);
    if (connectionInfo.body.ChangeTrackingEnabled === false) untracked.push('connection');
    if (untracked.length) {
      notes.push(`Change tracking is off for ${untracked.join(', ')}: Dealside reads their changes by modification time, and sees deletions only when a change it sends is refused. An admin can turn on "Track changes" for these tables.`);
    }
    if (noLinkedin.length) notes.push(`${noLinkedin.join(' and ')} ${noLinkedin.length > 1 ? 'have' : 'has'} no ${DYNAMICS_LINKEDIN} column: LinkedIn profile links are not synced until a Dynamics 365 admin adds it (Single line of text, URL).`);
    const roleMap = await this.prepareRoles(notes);
    const activityIds = await this.activityIdMode();
    if (activityIds === 'marker') notes.push(`Activities have no ${DYNAMICS_DEALSIDE_ID} column: the touches Dealside logs carry a "Dealside ref" line in their description, by which a retry finds them.`);
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
