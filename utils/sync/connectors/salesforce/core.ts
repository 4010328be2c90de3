// Salesforce connector, the part the others build on: its streams, objects, field values both
// ways and SOQL queries (index.ts says how the parts stack).
import type { CrmSystem } from '../../../domain/entities';
import { normalizeField, type FieldValue, type SyncEntity } from '../../../domain/fields/recordFields';
import { type PullStream, crmUserId, crmUserIdOf, type ConnectorTraits } from '../../connector';
import { SALESFORCE_DELETED_EVERY_MS, USER_PREFIX, DATA, BATCH, type SfObject, SALESFORCE_DEFAULT_STAGES, STAGE_FOR } from './model';
import { ConnectorBase, crmStreams } from '../base';
import { type QueryAnswer, SF_DESCRIBE, SF_QUERY } from './schemas';

export class SalesforceCore extends ConnectorBase {
  readonly system: CrmSystem = 'salesforce';

  /** OpportunityContactRole takes contacts: a Lead holds no role until converted. */
  readonly traits: ConnectorTraits = { leadIsDeal: false, leadRoles: false };

  readonly batchSize = BATCH;

  readonly streams: readonly PullStream[] = crmStreams({
    // the users first: the records' OwnerId name them
    users: 'User',
    products: 'Product2',
    accounts: 'Account',
    people: ['Contact', 'Lead'],
    deals: 'Opportunity',
    afterDeals: ['OpportunityContactRole', 'OpportunityLineItem'],
    // crm deletions: sObject Get Deleted for each object, every 30 minutes (6 requests a check)
    deletions: [{ name: 'deleted', entity: 'deal', everyMs: SALESFORCE_DELETED_EVERY_MS }],
  });

  protected objectOf(entity: SyncEntity, kind?: 'contact' | 'lead'): SfObject {
    if (entity === 'person') return kind === 'lead' ? 'Lead' : 'Contact';
    return entity === 'account' ? 'Account' : entity === 'deal' ? 'Opportunity' : 'Product2';
  }

  protected stages(): Record<string, string> {
    return this.connection.stageMap ?? SALESFORCE_DEFAULT_STAGES;
  }

  /** The field's value; undefined: not sent (an owner who is not one of this org's users). */
  toSalesforce(entity: SyncEntity, field: string, value: FieldValue): FieldValue | undefined {
    if (field === 'ownerId') {
      const id = crmUserIdOf('salesforce', value);
      return id?.startsWith(USER_PREFIX) ? id : undefined;
    }
    if (entity === 'deal' && field === 'stage' && typeof value === 'string') {
      return Object.entries(this.stages()).find(([, ours]) => ours === value)?.[0] ?? STAGE_FOR[value] ?? value;
    }
    return value;
  }

  fromSalesforce(entity: SyncEntity, field: string, raw: unknown): FieldValue {
    if (entity === 'deal' && field === 'stage') return typeof raw === 'string' ? (this.stages()[raw] ?? null) : null;
    // a queue owns no one we can name: no owner
    if (field === 'ownerId' || field === 'marketingOwnerId') return typeof raw === 'string' && raw.startsWith(USER_PREFIX) ? crmUserId('salesforce', raw) : null;
    return normalizeField(entity, field, raw);
  }

  protected async soql(q: string): Promise<QueryAnswer> {
    const { body } = await this.http.request({ method: 'GET', url: `${DATA}/query`, query: { q } }, SF_QUERY);
    return body;
  }

  /** Every row of a query, following nextRecordsUrl. */
  protected async soqlAll(q: string): Promise<Array<Record<string, unknown>>> {
    let page = await this.soql(q);
    const rows = [...page.records];
    while (!page.done && page.nextRecordsUrl) {
      page = (await this.http.request({ method: 'GET', url: page.nextRecordsUrl }, SF_QUERY)).body;
      rows.push(...page.records);
    }
    return rows;
  }

  protected async describe(object: SfObject): Promise<Array<{ name: string; label: string; type: string; custom: boolean; externalId: boolean; updateable: boolean; picklistValues?: Array<{ value: string; active: boolean }> }>> {
    const { body } = await this.http.request({
      method: 'GET',
      url: `${DATA}/sobjects/${object}/describe`,
    }, SF_DESCRIBE);
    return body.fields;
  }
}
