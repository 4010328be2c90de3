// Salesforce pages: Lightning (/lightning/r|o/…), the console (the same paths plus ?ws=…) and
// Classic (/<id>, /<key prefix>/o). Only Account, Contact, Lead and Opportunity are recognised.
import type { PageKind, PageRef } from '../types';
import {
  SALESFORCE_KEY_PREFIXES,
  SALESFORCE_OBJECTS,
  salesforceObjectOfId,
  toSalesforceId18,
  type SalesforceObject,
} from './salesforceId';

const KIND: Record<SalesforceObject, PageKind> = {
  Account: 'account',
  Contact: 'contact',
  Lead: 'lead',
  Opportunity: 'deal',
};

// API names are case-insensitive in Lightning URLs; a Map so that 'constructor' is no object.
const OBJECT_BY_NAME: ReadonlyMap<string, SalesforceObject> = new Map(
  SALESFORCE_OBJECTS.map((name) => [name.toLowerCase(), name]),
);

// Salesforce's own hosts (marketing, login, docs) share the org domains but never show records.
const NOT_ORG_HOSTS = new Set([
  'salesforce.com',
  'www.salesforce.com',
  'login.salesforce.com',
  'test.salesforce.com',
  'help.salesforce.com',
  'developer.salesforce.com',
  'trailhead.salesforce.com',
  'appexchange.salesforce.com',
  'status.salesforce.com',
  'force.com',
  'www.force.com',
]);

function isOrgHost(host: string): boolean {
  return (
    (host.endsWith('.force.com') || host.endsWith('.salesforce.com')) && !NOT_ORG_HOSTS.has(host)
  );
}

/** The record page of `rawId`; `named`, the object the path names, must agree with the id. */
function recordRef(rawId: string | undefined, named: SalesforceObject | null): PageRef | null {
  const id = rawId === undefined ? null : toSalesforceId18(rawId);
  const object = id === null ? null : salesforceObjectOfId(id);
  if (id === null || object === null || (named !== null && named !== object)) return null;
  return { site: 'salesforce', kind: KIND[object], objectType: object, recordId: id };
}

function listRef(object: SalesforceObject): PageRef {
  return { site: 'salesforce', kind: 'list', objectType: object };
}

function parseLightning([section, first, second]: readonly string[]): PageRef | null {
  const named = first === undefined ? undefined : OBJECT_BY_NAME.get(first.toLowerCase());
  if (section === 'r') {
    // /r/<Object>/<id>/view|edit|related/… or /r/<id>/view; all that follows the id: same record.
    return named ? recordRef(second, named) : recordRef(first, null);
  }
  if (section === 'o' && named && (second === 'list' || second === 'home')) return listRef(named);
  return null; // setup, page/home, n/<tab>, cmp/<component>, o/<Object>/new …
}

function parseClassic([first, second, ...rest]: readonly string[]): PageRef | null {
  if (first === undefined || rest.length > 0) return null;
  const listObject = SALESFORCE_KEY_PREFIXES.get(first);
  if (listObject) return second === undefined || second === 'o' ? listRef(listObject) : null;
  // /<id> is the record, /<id>/e its edit form.
  return second === undefined || second === 'e' ? recordRef(first, null) : null;
}

export function parseSalesforceUrl(url: URL): PageRef | null {
  if (!isOrgHost(url.hostname)) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  return segments[0] === 'lightning'
    ? parseLightning(segments.slice(1))
    : parseClassic(segments);
}

const account = (recordId: string): PageRef => ({
  site: 'salesforce',
  kind: 'account',
  objectType: 'Account',
  recordId,
});

/** Example URLs, next to the detector they describe (the tests run them against every site). */
export const examples: Record<string, { url: string; expected: PageRef | null }> = {
  'Lightning account view': {
    url: 'https://acme.lightning.force.com/lightning/r/Account/001A0000006Vm9rIAC/view',
    expected: account('001A0000006Vm9rIAC'),
  },
  'Lightning account with a 15-character id': {
    url: 'https://acme.lightning.force.com/lightning/r/Account/001A0000006Vm9r/view',
    expected: account('001A0000006Vm9rIAC'),
  },
  'Lightning contact edit form': {
    url: 'https://acme.lightning.force.com/lightning/r/Contact/003D000000QsWpSIAV/edit',
    expected: {
      site: 'salesforce',
      kind: 'contact',
      objectType: 'Contact',
      recordId: '003D000000QsWpSIAV',
    },
  },
  'Lightning related list of an account is still the account': {
    url: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000XyZ12IAF/related/Contacts/view',
    expected: account('001Dn00000XyZ12IAF'),
  },
  'Lightning lead in a sandbox': {
    url: 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Lead/00QE000000A1bCdMAJ/view',
    expected: {
      site: 'salesforce',
      kind: 'lead',
      objectType: 'Lead',
      recordId: '00QE000000A1bCdMAJ',
    },
  },
  'Lightning opportunity without the object in the path': {
    url: 'https://acme.lightning.force.com/lightning/r/006Dn00000AbCdE/view',
    expected: {
      site: 'salesforce',
      kind: 'deal',
      objectType: 'Opportunity',
      recordId: '006Dn00000AbCdEIAV',
    },
  },
  'Console sub-tab with workspace parameters': {
    url: 'https://acme.lightning.force.com/lightning/r/Contact/003Dn00000MaRiAIAV/view?ws=%2Flightning%2Fr%2FAccount%2F001Dn00000XyZ12IAF%2Fview',
    expected: {
      site: 'salesforce',
      kind: 'contact',
      objectType: 'Contact',
      recordId: '003Dn00000MaRiAIAV',
    },
  },
  'Lightning list view': {
    url: 'https://acme.lightning.force.com/lightning/o/Opportunity/list?filterName=Recent',
    expected: { site: 'salesforce', kind: 'list', objectType: 'Opportunity' },
  },
  'Lightning object home': {
    url: 'https://acme.lightning.force.com/lightning/o/Lead/home',
    expected: { site: 'salesforce', kind: 'list', objectType: 'Lead' },
  },
  'Classic record on My Domain': {
    url: 'https://acme.my.salesforce.com/001A0000006Vm9r',
    expected: account('001A0000006Vm9rIAC'),
  },
  'Classic record in a sandbox, 18-character id': {
    url: 'https://acme--dev.sandbox.my.salesforce.com/003D000000QsWpSIAV',
    expected: {
      site: 'salesforce',
      kind: 'contact',
      objectType: 'Contact',
      recordId: '003D000000QsWpSIAV',
    },
  },
  'Classic contact list view': {
    url: 'https://na42.salesforce.com/003?fcf=00B5000000LpTqR',
    expected: { site: 'salesforce', kind: 'list', objectType: 'Contact' },
  },
  'Classic account tab': {
    url: 'https://acme.my.salesforce.com/001/o',
    expected: { site: 'salesforce', kind: 'list', objectType: 'Account' },
  },
  'Setup is no record': {
    url: 'https://acme.lightning.force.com/lightning/setup/SetupOneHome/home',
    expected: null,
  },
  'Home page': { url: 'https://acme.lightning.force.com/lightning/page/home', expected: null },
  'Custom tab': { url: 'https://acme.lightning.force.com/lightning/n/Cuentas_Clave', expected: null },
  'Custom object record': {
    url: 'https://acme.lightning.force.com/lightning/r/Invoice__c/a0B5g00000XyZ12EAB/view',
    expected: null,
  },
  'Console component page': {
    url: 'https://acme.lightning.force.com/lightning/cmp/c__Facturas?c__recordId=001A0000006Vm9rIAC',
    expected: null,
  },
  'Object and id that disagree': {
    url: 'https://acme.lightning.force.com/lightning/r/Contact/001A0000006Vm9rIAC/view',
    expected: null,
  },
  '18-character id whose case was changed': {
    url: 'https://acme.lightning.force.com/lightning/r/Account/001a0000006vm9rIAC/view',
    expected: null,
  },
  'New-record form': { url: 'https://acme.lightning.force.com/lightning/o/Account/new', expected: null },
};
