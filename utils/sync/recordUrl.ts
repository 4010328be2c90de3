// Where a record we hold opens in its CRM (the sidebar's "open in HubSpot" link after Add to CRM):
// - HubSpot: https://<uiDomain>/contacts/<portal id>/record/<object type id>/<id> (uiDomain from
//   the account details: app.hubspot.com, app-eu1.hubspot.com…);
// - Salesforce: <instance URL>/lightning/r/<object>/<id>/view (My Domain sends it on to Lightning);
// - Pipedrive: https://<company>.pipedrive.com/person|organization|deal/<id>, a lead in the Leads inbox;
// - Dynamics 365: <org URL>/main.aspx?pagetype=entityrecord&etn=<table>&id=<id> (the org's default app);
// - Zoho CRM: https://crm.zoho.<dc>/crm/tab/<module>/<id> (deals are Potentials in the address).
import type { CrmRef } from '../domain/entities';
import type { ConnectionRecord } from '../store/syncRecords';

const ZOHO_TAB: Record<string, string> = { Accounts: 'Accounts', Contacts: 'Contacts', Leads: 'Leads', Deals: 'Potentials' };
const PIPEDRIVE_PATH: Record<string, string> = { person: 'person', organization: 'organization', deal: 'deal', lead: 'leads/inbox' };

/** The CRM page of one record, or undefined when the connection does not say where its pages are. */
export function crmRecordUrl(connection: Pick<ConnectionRecord, 'system' | 'baseUrl' | 'account'>, ref: Pick<CrmRef, 'objectType' | 'id'>): string | undefined {
  const id = encodeURIComponent(ref.id);
  switch (connection.system) {
    case 'hubspot': {
      const portal = connection.account.id;
      if (!portal || !/^\d+-\d+$/.test(ref.objectType)) return undefined;
      return `https://${connection.account.uiDomain ?? 'app.hubspot.com'}/contacts/${encodeURIComponent(portal)}/record/${ref.objectType}/${id}`;
    }
    case 'salesforce': {
      if (!/^https:\/\//.test(connection.baseUrl) || !/^\w+$/.test(ref.objectType)) return undefined;
      return `${connection.baseUrl.replace(/\/+$/, '')}/lightning/r/${ref.objectType}/${id}/view`;
    }
    case 'pipedrive': {
      const path = PIPEDRIVE_PATH[ref.objectType];
      const domain = connection.account.uiDomain;
      if (!path || !domain) return undefined;
      return `https://${domain}/${path}/${id}`;
    }
    case 'dynamics': {
      if (!/^https:\/\//.test(connection.baseUrl) || !/^[a-z_]+$/.test(ref.objectType)) return undefined;
      return `${new URL(connection.baseUrl).origin}/main.aspx?pagetype=entityrecord&etn=${ref.objectType}&id=${id}`;
    }
    case 'zoho': {
      const tab = ZOHO_TAB[ref.objectType];
      const domain = connection.account.uiDomain;
      if (!tab || !domain || !/^crm\.zoho(cloud)?\.[a-z.]+$/.test(domain)) return undefined;
      return `https://${domain}/crm/tab/${tab}/${id}`;
    }
    default:
      return undefined;
  }
}
