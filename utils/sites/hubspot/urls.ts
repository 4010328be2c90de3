// HubSpot CRM pages: /contacts/<portal>/record/<objectTypeId>/<id>, the older
// /contacts/<portal>/contact|company|deal/<id>, and the index views of contacts, companies and
// deals. objectType is always HubSpot's object type id, whichever form the URL used.
import type { PageKind, PageRef } from '../types';

// app.hubspot.com and the regional data centres (app-eu1, app-na2, app-ap1 …); not www.
const HOST = /^app(?:-[a-z]{2,4}\d+)?\.hubspot\.com$/;
const NUMERIC = /^\d+$/;

const KIND_BY_TYPE: ReadonlyMap<string, PageKind> = new Map([
  ['0-1', 'contact'],
  ['0-2', 'account'],
  ['0-3', 'deal'],
]);
const TYPE_BY_LEGACY_RECORD: ReadonlyMap<string, string> = new Map([
  ['contact', '0-1'],
  ['company', '0-2'],
  ['deal', '0-3'],
]);
const TYPE_BY_LEGACY_INDEX: ReadonlyMap<string, string> = new Map([
  ['contacts', '0-1'],
  ['companies', '0-2'],
  ['deals', '0-3'],
]);
// /contacts/<portal>/contacts/list/view/all/, /deals/board/view/all/ …
const LEGACY_INDEX_VIEWS = new Set(['list', 'board', 'view']);

function recordRef(objectType: string | undefined, id: string | undefined): PageRef | null {
  const kind = objectType === undefined ? undefined : KIND_BY_TYPE.get(objectType);
  if (!kind || objectType === undefined || id === undefined || !NUMERIC.test(id)) return null;
  return { site: 'hubspot', kind, objectType, recordId: id };
}

function listRef(objectType: string | undefined): PageRef | null {
  if (objectType === undefined || !KIND_BY_TYPE.has(objectType)) return null;
  return { site: 'hubspot', kind: 'list', objectType };
}

export function parseHubSpotUrl(url: URL): PageRef | null {
  if (!HOST.test(url.hostname)) return null;
  const [app, portal, section, first, second] = url.pathname.split('/').filter(Boolean);
  if (app !== 'contacts' || portal === undefined || !NUMERIC.test(portal)) return null;
  if (section === 'record') return recordRef(first, second); // sub-paths after the id: same record
  if (section === 'objects') {
    return second === undefined || second === 'views' ? listRef(first) : null;
  }
  const legacyRecordType = section === undefined ? undefined : TYPE_BY_LEGACY_RECORD.get(section);
  if (legacyRecordType) return recordRef(legacyRecordType, first);
  const legacyIndexType = section === undefined ? undefined : TYPE_BY_LEGACY_INDEX.get(section);
  if (legacyIndexType && (first === undefined || LEGACY_INDEX_VIEWS.has(first))) {
    return listRef(legacyIndexType);
  }
  return null;
}

const contact = (recordId: string): PageRef => ({
  site: 'hubspot',
  kind: 'contact',
  objectType: '0-1',
  recordId,
});

/** Example URLs, next to the detector they describe (the tests run them against every site). */
export const examples: Record<string, { url: string; expected: PageRef | null }> = {
  'Contact record': {
    url: 'https://app.hubspot.com/contacts/4815162/record/0-1/90210',
    expected: contact('90210'),
  },
  'Contact record, EU data centre, view sub-path': {
    url: 'https://app-eu1.hubspot.com/contacts/26000123/record/0-1/51234567801/view/1',
    expected: contact('51234567801'),
  },
  'Company record, North America 2': {
    url: 'https://app-na2.hubspot.com/contacts/4815162/record/0-2/18273645',
    expected: { site: 'hubspot', kind: 'account', objectType: '0-2', recordId: '18273645' },
  },
  'Deal record, Asia-Pacific': {
    url: 'https://app-ap1.hubspot.com/contacts/4815162/record/0-3/9988776655/',
    expected: { site: 'hubspot', kind: 'deal', objectType: '0-3', recordId: '9988776655' },
  },
  'Legacy contact path': {
    url: 'https://app.hubspot.com/contacts/4815162/contact/90210/?interaction=note',
    expected: contact('90210'),
  },
  'Legacy company path': {
    url: 'https://app.hubspot.com/contacts/4815162/company/18273645',
    expected: { site: 'hubspot', kind: 'account', objectType: '0-2', recordId: '18273645' },
  },
  'Legacy deal path': {
    url: 'https://app-eu1.hubspot.com/contacts/26000123/deal/1234509876',
    expected: { site: 'hubspot', kind: 'deal', objectType: '0-3', recordId: '1234509876' },
  },
  'Contacts index view': {
    url: 'https://app.hubspot.com/contacts/4815162/objects/0-1/views/all/list',
    expected: { site: 'hubspot', kind: 'list', objectType: '0-1' },
  },
  'Legacy contacts list': {
    url: 'https://app.hubspot.com/contacts/4815162/contacts/list/view/all/',
    expected: { site: 'hubspot', kind: 'list', objectType: '0-1' },
  },
  'Legacy companies index': {
    url: 'https://app.hubspot.com/contacts/4815162/companies',
    expected: { site: 'hubspot', kind: 'list', objectType: '0-2' },
  },
  'Deals board': {
    url: 'https://app.hubspot.com/contacts/4815162/deals/board/view/all/',
    expected: { site: 'hubspot', kind: 'list', objectType: '0-3' },
  },
  'Ticket record (not read)': {
    url: 'https://app.hubspot.com/contacts/4815162/record/0-5/777',
    expected: null,
  },
  'Custom object record': {
    url: 'https://app.hubspot.com/contacts/4815162/record/2-3456789/101',
    expected: null,
  },
  Settings: { url: 'https://app.hubspot.com/settings/4815162/users', expected: null },
  Reports: { url: 'https://app.hubspot.com/reports-dashboard/4815162/view/123', expected: null },
  'Marketing e-mail': { url: 'https://app.hubspot.com/email/4815162/manage/state/all', expected: null },
  'Contact without a numeric id': {
    url: 'https://app.hubspot.com/contacts/4815162/record/0-1/maria-garcia',
    expected: null,
  },
};
