// The CRMs' names as their users know them (never translated), from the one catalogue
// (catalogue.ts) that the sidebar, Options, sync's messages and the import read.
import type { CrmSystem } from '../domain/entities';
import { CRM_CATALOGUE } from './catalogue';

export const CRM_NAMES: Readonly<Record<CrmSystem, string>> = Object.fromEntries(Object.entries(CRM_CATALOGUE).map(([system, entry]) => [system, entry.name])) as Record<CrmSystem, string>;

/** The name of a CRM, or the value itself when it names none (a site such as "linkedin"). */
export function crmName(system: string): string {
  return Object.hasOwn(CRM_NAMES, system) ? CRM_NAMES[system as CrmSystem] : system;
}
