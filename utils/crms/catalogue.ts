// The one catalogue of the CRMs Dealside syncs with: what each is called, which API hosts a token
// may go to, where a record's page is, and the shape of its records that UI, sync and import all
// need to agree on. Pure
// data: the options page, the sidebar, the sync engine and the CSV import read it; the API hosts a
// Connect click asks for are in permissions.ts, beside the browser's permission request.
import { CRM_SYSTEMS, type CrmSystem } from '../domain/entities';
import { ZOHO_DATA_CENTRES } from './zohoDataCentres';

export type CrmCatalogueEntry = {
  /** the CRM's name as its users know it (never translated) */
  name: string;
  /**
   * A lead is an object of its own, apart from contacts (Salesforce Lead, Dynamics 365 lead, Zoho
   * CRM Leads): it names its company and gets no account until it is converted, and its fields are
   * mapped apart. Elsewhere a lead is a contact at an early stage (HubSpot) or a deal (Pipedrive).
   */
  leadsApart: boolean;
  /** an HTTPS address on one of this CRM's API hosts (where a token may be sent) */
  isApiHost: (url: URL) => boolean;
  /** the CRM page of one record (see crmRecordUrl), or undefined when the connection does not say where its pages are */
  recordUrl: (connection: RecordPages, ref: { objectType: string; id: string }) => string | undefined;
};

/** What a connection says about where its CRM's pages are. */
export type RecordPages = { baseUrl: string; account: { id?: string; uiDomain?: string } };

const rootPath = (u: URL) => u.pathname === '/' || u.pathname === '';
const https = (url: string) => /^https:\/\//.test(url);

const ZOHO_TAB: Readonly<Record<string, string>> = { Accounts: 'Accounts', Contacts: 'Contacts', Leads: 'Leads', Deals: 'Potentials' };
const PIPEDRIVE_PATH: Readonly<Record<string, string>> = { person: 'person', organization: 'organization', deal: 'deal', lead: 'leads/inbox' };
const own = (table: Readonly<Record<string, string>>, key: string) => (Object.hasOwn(table, key) ? table[key] : undefined);

export const CRM_CATALOGUE: Readonly<Record<CrmSystem, CrmCatalogueEntry>> = {
  hubspot: {
    name: 'HubSpot',
    leadsApart: false,
    isApiHost: (u) => u.hostname === 'api.hubapi.com' || /^api(-[a-z0-9]+)?\.hubapi\.com$/.test(u.hostname),
    // https://<uiDomain>/contacts/<portal id>/record/<object type id>/<id> (uiDomain from the account
    // details: app.hubspot.com, app-eu1.hubspot.com …)
    recordUrl: (c, ref) => {
      const portal = c.account.id;
      if (!portal || !/^\d+-\d+$/.test(ref.objectType)) return undefined;
      return `https://${c.account.uiDomain ?? 'app.hubspot.com'}/contacts/${encodeURIComponent(portal)}/record/${ref.objectType}/${encodeURIComponent(ref.id)}`;
    },
  },
  salesforce: {
    name: 'Salesforce',
    leadsApart: true,
    // login.salesforce.com, test.salesforce.com, <org>.my.salesforce.com, <org>--<sandbox>.sandbox.my.salesforce.com
    isApiHost: (u) => /(^|\.)salesforce\.com$/.test(u.hostname),
    // <instance URL>/lightning/r/<object>/<id>/view (My Domain sends it on to Lightning)
    recordUrl: (c, ref) =>
      https(c.baseUrl) && /^\w+$/.test(ref.objectType) ? `${c.baseUrl.replace(/\/+$/, '')}/lightning/r/${ref.objectType}/${encodeURIComponent(ref.id)}/view` : undefined,
  },
  pipedrive: {
    name: 'Pipedrive',
    leadsApart: false,
    isApiHost: (u) => u.hostname === 'api.pipedrive.com' || /^[a-z0-9-]+\.pipedrive\.com$/.test(u.hostname),
    // https://<company>.pipedrive.com/person|organization|deal/<id>, a lead in the Leads inbox
    recordUrl: (c, ref) => {
      const path = own(PIPEDRIVE_PATH, ref.objectType);
      const domain = c.account.uiDomain;
      return path && domain ? `https://${domain}/${path}/${encodeURIComponent(ref.id)}` : undefined;
    },
  },
  dynamics: {
    name: 'Dynamics 365',
    leadsApart: true,
    // a Dynamics 365 org in any region: contoso.crm.dynamics.com, contoso.crm4.dynamics.com …
    isApiHost: (u) => /^[a-z0-9-]+\.crm[0-9]*\.dynamics\.com$/.test(u.hostname) && rootPath(u),
    // <org URL>/main.aspx?pagetype=entityrecord&etn=<table>&id=<id> (the org's default app)
    recordUrl: (c, ref) =>
      https(c.baseUrl) && /^[a-z_]+$/.test(ref.objectType)
        ? `${new URL(c.baseUrl).origin}/main.aspx?pagetype=entityrecord&etn=${ref.objectType}&id=${encodeURIComponent(ref.id)}`
        : undefined,
  },
  zoho: {
    name: 'Zoho CRM',
    leadsApart: true,
    // the API domain of one of Zoho's data centres (www.zohoapis.com, .eu, .in, .com.au, .jp, .com.cn, .ca)
    isApiHost: (u) => Object.values(ZOHO_DATA_CENTRES).some((dc) => dc.api === u.origin) && rootPath(u),
    // https://crm.zoho.<dc>/crm/tab/<module>/<id> (deals are Potentials in the address)
    recordUrl: (c, ref) => {
      const tab = own(ZOHO_TAB, ref.objectType);
      const domain = c.account.uiDomain;
      if (!tab || !domain || !/^crm\.zoho(cloud)?\.[a-z.]+$/.test(domain)) return undefined;
      return `https://${domain}/crm/tab/${tab}/${encodeURIComponent(ref.id)}`;
    },
  },
};

/** The CRMs in the order Options lists them. */
export const CRMS: readonly CrmSystem[] = CRM_SYSTEMS;

/** Does a lead in this CRM stand apart from contacts (its own object, no account)? */
export function leadsApart(system: CrmSystem): boolean {
  return CRM_CATALOGUE[system].leadsApart;
}

/** API hosts Dealside may send a token to: the CRM's own, over HTTPS, nothing else. */
export function isAllowedApiBase(system: CrmSystem, baseUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && CRM_CATALOGUE[system].isApiHost(u);
}
