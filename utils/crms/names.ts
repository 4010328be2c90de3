// The CRMs' names as their users know them (never translated): one list that the sidebar, Options,
// sync's messages and the import read.
import type { CrmSystem } from '../domain/entities';

export const CRM_NAMES: Readonly<Record<CrmSystem, string>> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  dynamics: 'Dynamics 365',
  zoho: 'Zoho CRM',
};

/** The name of a CRM, or the value itself when it names none (a site such as "linkedin"). */
export function crmName(system: string): string {
  return Object.hasOwn(CRM_NAMES, system) ? CRM_NAMES[system as CrmSystem] : system;
}
