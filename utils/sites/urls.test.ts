// github-url-detection style: every detector against its own example URLs, every example against
// every other detector (which must not match), URLs no detector may match, and parsePageUrl over
// all of them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examples as dynamicsExamples, parseDynamicsUrl } from './dynamics/urls';
import { examples as hubspotExamples, parseHubSpotUrl } from './hubspot/urls';
import { parsePageUrl, type PageRef } from './index';
import { examples as linkedinExamples, parseLinkedInUrl } from './linkedin/urls';
import { examples as pipedriveExamples, parsePipedriveUrl } from './pipedrive/urls';
import { examples as salesforceExamples, parseSalesforceUrl } from './salesforce/urls';
import { pageRefSchema, type Site } from './types';
import { examples as zohoExamples, parseZohoUrl } from './zoho/urls';

type Example = { url: string; expected: PageRef | null };

const sites: Record<Site, { parse: (url: URL) => PageRef | null; examples: Record<string, Example> }> = {
  linkedin: { parse: parseLinkedInUrl, examples: linkedinExamples },
  salesforce: { parse: parseSalesforceUrl, examples: salesforceExamples },
  hubspot: { parse: parseHubSpotUrl, examples: hubspotExamples },
  pipedrive: { parse: parsePipedriveUrl, examples: pipedriveExamples },
  dynamics: { parse: parseDynamicsUrl, examples: dynamicsExamples },
  zoho: { parse: parseZohoUrl, examples: zohoExamples },
};
const siteEntries = Object.entries(sites) as [Site, (typeof sites)[Site]][];

const allExamples = siteEntries.flatMap(([site, { examples }]) =>
  Object.entries(examples).map(([description, example]) => ({ site, description, ...example })),
);

// Pages on or near the supported sites that are neither a record nor a list, and things that
// are not web pages at all.
const noMatch = [
  'https://www.google.com/search?q=dealside',
  'https://www.linkedin.com/',
  'https://www.linkedin.com/feed/?trk=homepage-basic',
  'https://business.linkedin.com/sales-solutions/sales-navigator',
  'https://www.linkedin.com.evil.example/in/maria-garcia/',
  'https://lnkd.in/in/maria-garcia',
  'https://www.hubspot.com/products/crm',
  'https://www.hubspot.es/products/crm',
  'https://app.hubspot.com/login',
  'https://app.hubspot.com.evil.example/contacts/4815162/record/0-1/90210',
  'https://www.salesforce.com/es/crm/',
  'https://www.salesforce.com/001A0000006Vm9r',
  'https://login.salesforce.com/?locale=es',
  'https://test.salesforce.com/',
  'https://notsalesforce.com/001A0000006Vm9r',
  'https://acme.lightning.force.com.evil.example/lightning/r/Account/001A0000006Vm9rIAC/view',
  'https://www.pipedrive.com/es',
  'https://app.pipedrive.com/auth/login',
  'https://www.zoho.com/crm/',
  'https://accounts.zoho.eu/signin?servicename=ZohoCRM',
  'https://crm.zoho.com/crm/org60012345/tab/Home/begin',
  'https://login.microsoftonline.com/common/oauth2/authorize',
  'https://dynamics.microsoft.com/es-es/sales/overview/',
  'https://home.dynamics.com/',
  'https://contoso.crm.dynamics.com/main.aspx?pagetype=dashboard',
  'https://contoso.crm.dynamics.com/api/data/v9.2/accounts(8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b)',
  'javascript:alert(1)',
  'about:blank',
  'data:text/html,<h1>hola</h1>',
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop/sidebar.html',
  'moz-extension://0b1c2d3e-4f50-6a7b-8c9d-0e1f2a3b4c5d/sidepanel.html',
  'ftp://www.linkedin.com/in/maria-garcia/',
  'file:///home/maria/crm/001A0000006Vm9r',
  '',
  'not a url',
  'www.linkedin.com/in/maria-garcia',
  'https://',
  'http://[::1',
];

describe.each(siteEntries)('%s detector', (site, { parse, examples }) => {
  it('has at least ten example URLs, half of them records or lists', () => {
    const all = Object.values(examples);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter((e) => e.expected).length).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(examples))('%s', (_description, { url, expected }) => {
    expect(parse(new URL(url))).toEqual(expected);
  });

  const others = allExamples.filter((example) => example.site !== site);
  it.each(others)('does not match $site: $description', ({ url }) => {
    expect(parse(new URL(url))).toBeNull();
  });
});

describe('URLs no detector may match', () => {
  it.each(noMatch)('%j', (url) => {
    expect(parsePageUrl(url)).toBeNull();
    if (URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)) {
      for (const [, { parse }] of siteEntries) expect(parse(new URL(url))).toBeNull();
    }
  });
});

describe('parsePageUrl', () => {
  it.each(allExamples)('$site: $description', ({ url, expected }) => {
    expect(parsePageUrl(url)).toEqual(expected);
  });

  it.each(allExamples.filter((e) => e.expected))(
    'returns a valid PageRef for $site: $description',
    ({ site, url }) => {
      const ref = parsePageUrl(url);
      expect(pageRefSchema.parse(ref)).toStrictEqual(ref);
      expect(ref?.site).toBe(site);
      // Lists carry no record id at all (not even an undefined key); records always have one.
      expect(ref !== null && 'recordId' in ref).toBe(ref?.kind !== 'list');
    },
  );

  it('never throws, whatever the string', () => {
    const anyUrl = fc.webUrl({ withQueryParameters: true, withFragments: true });
    fc.assert(
      fc.property(fc.oneof(fc.string(), anyUrl), (url) => {
        expect(() => parsePageUrl(url)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('covers every kind on every CRM', () => {
    for (const site of ['salesforce', 'hubspot', 'pipedrive', 'dynamics', 'zoho'] as const) {
      const ofSite = allExamples.filter((e) => e.site === site);
      const kinds = new Set(ofSite.map((e) => e.expected?.kind));
      for (const kind of ['contact', 'account', 'deal', 'list'] as const) {
        expect(kinds, `${site} ${kind}`).toContain(kind);
      }
    }
  });
});
