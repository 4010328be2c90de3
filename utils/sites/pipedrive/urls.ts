// Pipedrive pages on the company's own host (<company>.pipedrive.com):
// /person|organization|deal/<id>, leads at /leads/inbox/<uuid>, the lists and the pipeline board.
import type { PageKind, PageRef } from '../types';

const HOST = /^([a-z0-9-]+)\.pipedrive\.com$/;
// Pipedrive's own hosts: app. is the login host (it redirects to the company host), the others
// are the marketing site, documentation and infrastructure.
const NOT_COMPANY = new Set(['www', 'app', 'api', 'oauth', 'developers', 'support', 'status']);
const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const RECORD_KIND: ReadonlyMap<string, PageKind> = new Map([
  ['person', 'contact'],
  ['organization', 'account'],
  ['deal', 'deal'],
]);
const LIST_OBJECT: ReadonlyMap<string, string> = new Map([
  ['persons', 'person'],
  ['organizations', 'organization'],
  ['deals', 'deal'],
]);
// The leads inbox and its archive share the same detail route.
const LEAD_FOLDERS = new Set(['inbox', 'archived']);

function list(objectType: string): PageRef {
  return { site: 'pipedrive', kind: 'list', objectType };
}

export function parsePipedriveUrl(url: URL): PageRef | null {
  const company = HOST.exec(url.hostname)?.[1];
  if (company === undefined || NOT_COMPANY.has(company)) return null;
  const [section, first, second] = url.pathname.split('/').filter(Boolean);
  if (section === undefined) return null;

  const kind = RECORD_KIND.get(section);
  if (kind) {
    // Anything after the id (a tab, a trailing slash) is still the same record.
    return first !== undefined && NUMERIC.test(first)
      ? { site: 'pipedrive', kind, objectType: section, recordId: first }
      : null;
  }
  if (section === 'leads' && first !== undefined && LEAD_FOLDERS.has(first)) {
    if (second === undefined) return list('lead');
    return UUID.test(second)
      ? { site: 'pipedrive', kind: 'lead', objectType: 'lead', recordId: second.toLowerCase() }
      : null;
  }
  const listObject = LIST_OBJECT.get(section);
  if (listObject && (first === undefined || first === 'list')) return list(listObject);
  if (section === 'pipeline') return list('deal'); // the deals board, /pipeline/<id>/user/…
  return null;
}

/** Example URLs, next to the detector they describe (the tests run them against every site). */
export const examples: Record<string, { url: string; expected: PageRef | null }> = {
  Person: {
    url: 'https://iberica-ventas.pipedrive.com/person/1842',
    expected: { site: 'pipedrive', kind: 'contact', objectType: 'person', recordId: '1842' },
  },
  'Person with a trailing slash and hash': {
    url: 'https://iberica-ventas.pipedrive.com/person/1842/#notes',
    expected: { site: 'pipedrive', kind: 'contact', objectType: 'person', recordId: '1842' },
  },
  Organization: {
    url: 'https://construcciones-lopez.pipedrive.com/organization/77',
    expected: { site: 'pipedrive', kind: 'account', objectType: 'organization', recordId: '77' },
  },
  Deal: {
    url: 'https://iberica-ventas.pipedrive.com/deal/30551',
    expected: { site: 'pipedrive', kind: 'deal', objectType: 'deal', recordId: '30551' },
  },
  'Lead in the inbox (upper-case uuid)': {
    url: 'https://iberica-ventas.pipedrive.com/leads/inbox/5E3B1C20-9A4F-11EE-B1D2-0F3C6A8E2D71',
    expected: {
      site: 'pipedrive',
      kind: 'lead',
      objectType: 'lead',
      recordId: '5e3b1c20-9a4f-11ee-b1d2-0f3c6a8e2d71',
    },
  },
  'Leads inbox': {
    url: 'https://iberica-ventas.pipedrive.com/leads/inbox',
    expected: { site: 'pipedrive', kind: 'list', objectType: 'lead' },
  },
  'Persons list with a filter': {
    url: 'https://iberica-ventas.pipedrive.com/persons/list/filter/12',
    expected: { site: 'pipedrive', kind: 'list', objectType: 'person' },
  },
  'Organizations list': {
    url: 'https://iberica-ventas.pipedrive.com/organizations/list',
    expected: { site: 'pipedrive', kind: 'list', objectType: 'organization' },
  },
  'Deals list': {
    url: 'https://iberica-ventas.pipedrive.com/deals/list/user/everyone',
    expected: { site: 'pipedrive', kind: 'list', objectType: 'deal' },
  },
  'Pipeline board': {
    url: 'https://iberica-ventas.pipedrive.com/pipeline/3/user/everyone',
    expected: { site: 'pipedrive', kind: 'list', objectType: 'deal' },
  },
  'Login host': { url: 'https://app.pipedrive.com/deal/30551', expected: null },
  'Marketing site': { url: 'https://www.pipedrive.com/es/features/pipeline', expected: null },
  Activities: { url: 'https://iberica-ventas.pipedrive.com/activities/list', expected: null },
  Settings: { url: 'https://iberica-ventas.pipedrive.com/settings/personal', expected: null },
  'Lead with a malformed uuid': {
    url: 'https://iberica-ventas.pipedrive.com/leads/inbox/not-a-lead',
    expected: null,
  },
};
