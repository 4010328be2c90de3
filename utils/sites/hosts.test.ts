import { describe, expect, it } from 'vitest';
import {
  CRM_MATCHES,
  DYNAMICS_MATCHES,
  HUBSPOT_MATCHES,
  LINKEDIN_MATCHES,
  PIPEDRIVE_MATCHES,
  SALESFORCE_MATCHES,
  ZOHO_MATCHES,
  isLinkedinUrl,
  isSupportedUrl,
} from './hosts';
import type { Site } from './types';
import { examples as dynamicsExamples } from './dynamics/urls';
import { examples as hubspotExamples } from './hubspot/urls';
import { examples as linkedinExamples } from './linkedin/urls';
import { examples as pipedriveExamples } from './pipedrive/urls';
import { examples as salesforceExamples } from './salesforce/urls';
import { examples as zohoExamples } from './zoho/urls';

describe('isSupportedUrl', () => {
  it.each([
    'https://acme.lightning.force.com/lightning/r/Account/001A0000006Vm9rIAC/view',
    'https://acme.my.salesforce.com/001A0000006Vm9r',
    'https://app.hubspot.com/contacts/4481234/record/0-1/51001',
    'https://app-eu1.hubspot.com/contacts/4481234/record/0-1/51001',
    'https://acme.pipedrive.com/person/12',
    'https://acme.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=x',
    'https://crm.zoho.eu/crm/org1/tab/Leads/1',
    'https://crm.zohocloud.ca/crm/org1/tab/Leads/1',
    'https://www.linkedin.com/in/mariajosegarcialopez/',
    'https://es.linkedin.com/in/x',
  ])('accepts %s', (url) => expect(isSupportedUrl(url)).toBe(true));

  it.each([
    'https://evil.example.com/?q=hubspot.com',
    'https://hubspot.com.evil.example/',
    'https://notlinkedin.com/in/x',
    'https://zoho.com/crm',
    'chrome-extension://abc/sidebar.html',
    'http://app.hubspot.com/contacts/1/record/0-1/2',
    'not a url',
  ])('rejects %s', (url) => expect(isSupportedUrl(url)).toBe(false));

  it('knows LinkedIn hosts', () => {
    expect(isLinkedinUrl('https://co.linkedin.com/in/x')).toBe(true);
    expect(isLinkedinUrl('https://app.hubspot.com/')).toBe(false);
  });
});

/** A browser's reading of an https match pattern (`https://*.host/*` or `https://host/*`). */
function matchesPattern(pattern: string, url: string): boolean {
  const m = /^https:\/\/(\*\.)?([^/]+)\/\*$/.exec(pattern);
  if (!m) throw new Error(`unexpected pattern ${pattern}`);
  const u = new URL(url);
  if (u.protocol !== 'https:') return false;
  const host = u.hostname.toLowerCase();
  return m[1] ? host === m[2] || host.endsWith(`.${m[2]}`) : host === m[2];
}

describe('one content script per site', () => {
  const scripts: Record<Site, { matches: readonly string[]; examples: Record<string, { url: string; expected: unknown }> }> = {
    salesforce: { matches: SALESFORCE_MATCHES, examples: salesforceExamples },
    hubspot: { matches: HUBSPOT_MATCHES, examples: hubspotExamples },
    pipedrive: { matches: PIPEDRIVE_MATCHES, examples: pipedriveExamples },
    dynamics: { matches: DYNAMICS_MATCHES, examples: dynamicsExamples },
    zoho: { matches: ZOHO_MATCHES, examples: zohoExamples },
    linkedin: { matches: LINKEDIN_MATCHES, examples: linkedinExamples },
  };
  const entries = Object.entries(scripts) as [Site, (typeof scripts)[Site]][];

  it.each(entries)('every %s record or list page loads that site’s script and no other', (site, { examples }) => {
    for (const { url, expected } of Object.values(examples)) {
      if (expected === null) continue;
      const loaded = entries.filter(([, s]) => s.matches.some((p) => matchesPattern(p, url))).map(([name]) => name);
      expect(loaded, url).toEqual([site]);
    }
  });

  it('the CRM scripts together ask for exactly the CRM host permissions', () => {
    expect(entries.filter(([site]) => site !== 'linkedin').flatMap(([, s]) => s.matches)).toEqual(CRM_MATCHES);
  });
});
