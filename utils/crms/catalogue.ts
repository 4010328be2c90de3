// The one catalogue of the CRMs Dealside syncs with: what each is called, which API hosts a token
// may go to, and the shape of its records that UI, sync and import all need to agree on. Pure
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
};

const rootPath = (u: URL) => u.pathname === '/' || u.pathname === '';

export const CRM_CATALOGUE: Readonly<Record<CrmSystem, CrmCatalogueEntry>> = {
  hubspot: {
    name: 'HubSpot',
    leadsApart: false,
    isApiHost: (u) => u.hostname === 'api.hubapi.com' || /^api(-[a-z0-9]+)?\.hubapi\.com$/.test(u.hostname),
  },
  salesforce: {
    name: 'Salesforce',
    leadsApart: true,
    // login.salesforce.com, test.salesforce.com, <org>.my.salesforce.com, <org>--<sandbox>.sandbox.my.salesforce.com
    isApiHost: (u) => /(^|\.)salesforce\.com$/.test(u.hostname),
  },
  pipedrive: {
    name: 'Pipedrive',
    leadsApart: false,
    isApiHost: (u) => u.hostname === 'api.pipedrive.com' || /^[a-z0-9-]+\.pipedrive\.com$/.test(u.hostname),
  },
  dynamics: {
    name: 'Dynamics 365',
    leadsApart: true,
    // a Dynamics 365 org in any region: contoso.crm.dynamics.com, contoso.crm4.dynamics.com …
    isApiHost: (u) => /^[a-z0-9-]+\.crm[0-9]*\.dynamics\.com$/.test(u.hostname) && rootPath(u),
  },
  zoho: {
    name: 'Zoho CRM',
    leadsApart: true,
    // the API domain of one of Zoho's data centres (www.zohoapis.com, .eu, .in, .com.au, .jp, .com.cn, .ca)
    isApiHost: (u) => Object.values(ZOHO_DATA_CENTRES).some((dc) => dc.api === u.origin) && rootPath(u),
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
