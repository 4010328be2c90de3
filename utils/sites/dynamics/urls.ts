// Dynamics 365 model-driven apps: main.aspx?pagetype=entityrecord&etn=<entity>&id=<guid> and
// pagetype=entitylist, with the parameters in any order, in the query or in the hash.
import type { PageKind, PageRef } from '../types';

// <org>.crm.dynamics.com and the regional crm2 … crm21 hosts.
const HOST = /^[a-z0-9-]+\.crm\d*\.dynamics\.com$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const KIND_BY_ENTITY: ReadonlyMap<string, PageKind> = new Map([
  ['account', 'account'],
  ['contact', 'contact'],
  ['lead', 'lead'],
  ['opportunity', 'deal'],
]);
// Older links name the entity by its type code (etc=) instead of its logical name.
const ENTITY_BY_TYPE_CODE: ReadonlyMap<string, string> = new Map([
  ['1', 'account'],
  ['2', 'contact'],
  ['3', 'opportunity'],
  ['4', 'lead'],
]);

/**
 * The page's routing parameters, names lower-cased. The hash (…main.aspx#pagetype=… or
 * #/main.aspx?pagetype=…) holds the client-side navigation, so it wins over the query.
 */
function routeParams(url: URL): Map<string, string> {
  const params = new Map<string, string>();
  const add = (source: URLSearchParams) => {
    source.forEach((value, name) => params.set(name.toLowerCase(), value));
  };
  add(url.searchParams);
  const hash = url.hash.slice(1);
  add(new URLSearchParams(hash.slice(hash.indexOf('?') + 1)));
  return params;
}

/** Lower-case GUID without braces; double-encoded links still carry %7B…%7D after decoding. */
function normaliseGuid(raw: string): string | null {
  let id = raw.trim().toLowerCase().replace(/^%7b/, '{').replace(/%7d$/, '}');
  if (id.startsWith('{') && id.endsWith('}')) id = id.slice(1, -1);
  return GUID.test(id) ? id : null;
}

export function parseDynamicsUrl(url: URL): PageRef | null {
  if (!HOST.test(url.hostname)) return null;
  const path = url.pathname.toLowerCase();
  if (path !== '/' && !path.endsWith('/main.aspx')) return null;

  const params = routeParams(url);
  const typeCode = params.get('etc');
  const entity =
    params.get('etn')?.toLowerCase() ??
    (typeCode === undefined ? undefined : ENTITY_BY_TYPE_CODE.get(typeCode));
  const kind = entity === undefined ? undefined : KIND_BY_ENTITY.get(entity);
  if (entity === undefined || kind === undefined) return null;

  const pageType = params.get('pagetype')?.toLowerCase();
  if (pageType === 'entitylist') return { site: 'dynamics', kind: 'list', objectType: entity };
  if (pageType !== 'entityrecord') return null; // dashboards, reports, web resources …
  const rawId = params.get('id');
  const id = rawId === undefined ? null : normaliseGuid(rawId);
  // A record form without an id is the "new record" form: nothing to show yet.
  return id === null ? null : { site: 'dynamics', kind, objectType: entity, recordId: id };
}

const guid = '8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b';
const account: PageRef = {
  site: 'dynamics',
  kind: 'account',
  objectType: 'account',
  recordId: guid,
};

/** Example URLs, next to the detector they describe (the tests run them against every site). */
export const examples: Record<string, { url: string; expected: PageRef | null }> = {
  'Account record, unified interface': {
    url: `https://contoso.crm.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entityrecord&etn=account&id=${guid}`,
    expected: account,
  },
  'Parameters in another order, upper-case GUID': {
    url: 'https://contoso.crm.dynamics.com/main.aspx?id=8D2F4C1A-3B5E-4F60-9A7B-1C2D3E4F5A6B&etn=account&pagetype=entityrecord',
    expected: account,
  },
  'URL-encoded braces, Europe region': {
    url: 'https://iberia.crm4.dynamics.com/main.aspx?etn=contact&pagetype=entityrecord&id=%7B2A4C6E80-1B3D-4F5A-8C7E-9D0B1A2C3E4F%7D',
    expected: {
      site: 'dynamics',
      kind: 'contact',
      objectType: 'contact',
      recordId: '2a4c6e80-1b3d-4f5a-8c7e-9d0b1a2c3e4f',
    },
  },
  'Literal braces': {
    url: 'https://iberia.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id={0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f}',
    expected: {
      site: 'dynamics',
      kind: 'lead',
      objectType: 'lead',
      recordId: '0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f',
    },
  },
  'Opportunity, South America region': {
    url: 'https://ventas-latam.crm2.dynamics.com/main.aspx?appid=aa11bb22-cc33-4d44-8e55-ff6677889900&pagetype=entityrecord&etn=opportunity&id=c0ffee00-1234-4abc-9def-0123456789ab&formid=1d2e3f40-5a6b-4c7d-8e9f-a0b1c2d3e4f5',
    expected: {
      site: 'dynamics',
      kind: 'deal',
      objectType: 'opportunity',
      recordId: 'c0ffee00-1234-4abc-9def-0123456789ab',
    },
  },
  'Parameters in the hash': {
    url: `https://contoso.crm.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b#pagetype=entityrecord&etn=account&id=%7B${guid}%7D`,
    expected: account,
  },
  'Hash holding a main.aspx route': {
    url: `https://contoso.crm.dynamics.com/#/main.aspx?etn=account&pagetype=entityrecord&id=${guid}`,
    expected: account,
  },
  'Entity type code instead of name': {
    url: `https://contoso.crm.dynamics.com/main.aspx?etc=1&pagetype=entityrecord&id=%7B${guid}%7D`,
    expected: account,
  },
  'Accounts view': {
    url: 'https://contoso.crm.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=entitylist&etn=account&viewid=00000000-0000-0000-00aa-000010001002&viewType=1039',
    expected: { site: 'dynamics', kind: 'list', objectType: 'account' },
  },
  'Opportunities view, Japan region': {
    url: 'https://tokio.crm7.dynamics.com/main.aspx?pagetype=entitylist&etn=opportunity',
    expected: { site: 'dynamics', kind: 'list', objectType: 'opportunity' },
  },
  Dashboard: {
    url: 'https://contoso.crm.dynamics.com/main.aspx?appid=0b7f9f10-1c2d-4e3f-8a9b-0c1d2e3f4a5b&pagetype=dashboard&id=d201a642-6283-4f1d-81b7-da4b1685e698',
    expected: null,
  },
  'New account form': {
    url: 'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account',
    expected: null,
  },
  'Other entity (cases)': {
    url: `https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=incident&id=${guid}`,
    expected: null,
  },
  'Malformed GUID': {
    url: 'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=garcia',
    expected: null,
  },
  'Power Platform admin': { url: 'https://admin.powerplatform.microsoft.com/environments', expected: null },
};
