// Where a record we hold opens in its CRM (the sidebar's "open in HubSpot" link after Add to CRM):
// each CRM's address of a record page is in the catalogue (utils/crms/catalogue.ts).
import type { CrmRef } from '../domain/entities';
import type { ConnectionRecord } from '../store/syncRecords';
import { CRM_CATALOGUE } from '../crms/catalogue';

/** The CRM page of one record, or undefined when the connection does not say where its pages are. */
export function crmRecordUrl(connection: Pick<ConnectionRecord, 'system' | 'baseUrl' | 'account'>, ref: Pick<CrmRef, 'objectType' | 'id'>): string | undefined {
  return Object.hasOwn(CRM_CATALOGUE, connection.system) ? CRM_CATALOGUE[connection.system].recordUrl(connection, ref) : undefined;
}
