// Zoho CRM pages on every data centre: /crm/org<org>/tab/<Module>/<id> (the org part is absent
// on some accounts), and list views /tab/<Module> or /tab/<Module>/custom-view/<cvid>/<mode>.
import type { PageKind, PageRef } from '../types';

const HOSTS = new Set([
  'crm.zoho.com',
  'crm.zoho.eu',
  'crm.zoho.in',
  'crm.zoho.com.au',
  'crm.zoho.jp',
  'crm.zoho.com.cn',
  'crm.zohocloud.ca',
]);
const ORG = /^org\d+$/;
const NUMERIC = /^\d+$/;

type ZohoModule = 'Accounts' | 'Contacts' | 'Leads' | 'Potentials';
// Deals are 'Potentials' in Zoho's API and most URLs; 'Deals' (the display name) is accepted too.
const MODULE_BY_NAME: ReadonlyMap<string, ZohoModule> = new Map([
  ['accounts', 'Accounts'],
  ['contacts', 'Contacts'],
  ['leads', 'Leads'],
  ['potentials', 'Potentials'],
  ['deals', 'Potentials'],
]);
const KIND: Record<ZohoModule, PageKind> = {
  Accounts: 'account',
  Contacts: 'contact',
  Leads: 'lead',
  Potentials: 'deal',
};

export function parseZohoUrl(url: URL): PageRef | null {
  if (!HOSTS.has(url.hostname)) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  if (segments[0] !== 'crm') return null;
  const tab = ORG.test(segments[1] ?? '') ? 2 : 1;
  const [section, moduleName, first, second] = segments.slice(tab);
  const zohoModule =
    moduleName === undefined ? undefined : MODULE_BY_NAME.get(moduleName.toLowerCase());
  if (section !== 'tab' || zohoModule === undefined) return null;

  if (first === undefined) return { site: 'zoho', kind: 'list', objectType: zohoModule };
  if (first === 'custom-view') {
    return second !== undefined && NUMERIC.test(second)
      ? { site: 'zoho', kind: 'list', objectType: zohoModule }
      : null;
  }
  // /<id>, /<id>/edit …: the same record; /create and other actions are not records.
  return NUMERIC.test(first)
    ? { site: 'zoho', kind: KIND[zohoModule], objectType: zohoModule, recordId: first }
    : null;
}

const deal = (recordId: string): PageRef => ({
  site: 'zoho',
  kind: 'deal',
  objectType: 'Potentials',
  recordId,
});

/** Example URLs, next to the detector they describe (the tests run them against every site). */
export const examples: Record<string, { url: string; expected: PageRef | null }> = {
  Contact: {
    url: 'https://crm.zoho.com/crm/org60012345/tab/Contacts/4876876000000412001',
    expected: {
      site: 'zoho',
      kind: 'contact',
      objectType: 'Contacts',
      recordId: '4876876000000412001',
    },
  },
  'Account, EU data centre': {
    url: 'https://crm.zoho.eu/crm/org20071234/tab/Accounts/98765000000123457',
    expected: {
      site: 'zoho',
      kind: 'account',
      objectType: 'Accounts',
      recordId: '98765000000123457',
    },
  },
  'Lead without the org part, India': {
    url: 'https://crm.zoho.in/crm/tab/Leads/1234000000567890',
    expected: { site: 'zoho', kind: 'lead', objectType: 'Leads', recordId: '1234000000567890' },
  },
  'Deal (Potentials), Australia': {
    url: 'https://crm.zoho.com.au/crm/org7000123/tab/Potentials/5550000001112223',
    expected: deal('5550000001112223'),
  },
  'Deal under its display name, Japan': {
    url: 'https://crm.zoho.jp/crm/org7000123/tab/Deals/5550000001112223',
    expected: deal('5550000001112223'),
  },
  'Contact edit form, China': {
    url: 'https://crm.zoho.com.cn/crm/org3000456/tab/Contacts/4876876000000412001/edit',
    expected: {
      site: 'zoho',
      kind: 'contact',
      objectType: 'Contacts',
      recordId: '4876876000000412001',
    },
  },
  'Account, Canada': {
    url: 'https://crm.zohocloud.ca/crm/org110022/tab/Accounts/3300000000044',
    expected: { site: 'zoho', kind: 'account', objectType: 'Accounts', recordId: '3300000000044' },
  },
  'Custom view list': {
    url: 'https://crm.zoho.com/crm/org60012345/tab/Leads/custom-view/4876876000000087501/list?page=2',
    expected: { site: 'zoho', kind: 'list', objectType: 'Leads' },
  },
  'Deals kanban view': {
    url: 'https://crm.zoho.eu/crm/org20071234/tab/Potentials/custom-view/98765000000001234/kanban',
    expected: { site: 'zoho', kind: 'list', objectType: 'Potentials' },
  },
  'Module tab without a record': {
    url: 'https://crm.zoho.com/crm/org60012345/tab/Contacts',
    expected: { site: 'zoho', kind: 'list', objectType: 'Contacts' },
  },
  Home: { url: 'https://crm.zoho.com/crm/org60012345/tab/Home/begin', expected: null },
  Settings: { url: 'https://crm.zoho.com/crm/org60012345/settings/general', expected: null },
  'Create form': { url: 'https://crm.zoho.com/crm/org60012345/tab/Leads/create', expected: null },
  'Custom module': {
    url: 'https://crm.zoho.com/crm/org60012345/tab/CustomModule3/4876876000000999001',
    expected: null,
  },
  'Zoho marketing site': { url: 'https://www.zoho.com/es-xl/crm/', expected: null },
};
