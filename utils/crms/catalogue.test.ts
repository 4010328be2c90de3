import { describe, expect, it } from 'vitest';
import { CRM_SYSTEMS } from '../domain/entities';
import { CRM_CATALOGUE, CRMS, SIGN_IN_SYSTEMS, isAllowedApiBase, isSignInSystem, leadsApart } from './catalogue';
import { CONNECTOR_KITS } from '../sync/connectors';
import { CRM_NAMES } from './names';

describe('the CRM catalogue', () => {
  it('has one entry per CRM, and the names are its names', () => {
    expect(Object.keys(CRM_CATALOGUE).sort()).toEqual([...CRM_SYSTEMS].sort());
    expect(CRMS).toEqual(CRM_SYSTEMS);
    for (const system of CRM_SYSTEMS) expect(CRM_NAMES[system]).toBe(CRM_CATALOGUE[system].name);
  });

  it('says where a lead is an object of its own', () => {
    expect(CRM_SYSTEMS.filter(leadsApart)).toEqual(['salesforce', 'dynamics', 'zoho']);
  });

  it('lets a token go only to the CRM’s own API hosts, over HTTPS', () => {
    expect(isAllowedApiBase('hubspot', 'https://api.hubapi.com')).toBe(true);
    expect(isAllowedApiBase('hubspot', 'https://api-eu1.hubapi.com')).toBe(true);
    expect(isAllowedApiBase('hubspot', 'http://api.hubapi.com')).toBe(false);
    expect(isAllowedApiBase('hubspot', 'https://api.hubapi.com.evil.example')).toBe(false);
    expect(isAllowedApiBase('salesforce', 'https://acme.my.salesforce.com')).toBe(true);
    expect(isAllowedApiBase('salesforce', 'https://salesforce.com.evil.example')).toBe(false);
    expect(isAllowedApiBase('pipedrive', 'https://api.pipedrive.com')).toBe(true);
    expect(isAllowedApiBase('pipedrive', 'https://pipedrive.com.evil.example')).toBe(false);
    expect(isAllowedApiBase('dynamics', 'https://contoso.crm4.dynamics.com')).toBe(true);
    expect(isAllowedApiBase('dynamics', 'https://contoso.crm4.dynamics.com/somewhere')).toBe(false);
    expect(isAllowedApiBase('zoho', 'https://www.zohoapis.eu')).toBe(true);
    expect(isAllowedApiBase('zoho', 'https://www.zohoapis.evil.example')).toBe(false);
    expect(isAllowedApiBase('zoho', 'not a url')).toBe(false);
  });

  it('says how each CRM connects, and the connectors sign in by the kind it says', () => {
    const kinds = Object.fromEntries(CRM_SYSTEMS.map((s) => [s, [CRM_CATALOGUE[s].connect.token ? 'token' : undefined, CRM_CATALOGUE[s].connect.signIn?.kind].filter(Boolean)]));
    expect(kinds).toEqual({ hubspot: ['token', 'pkce'], salesforce: ['token', 'pkce'], pipedrive: ['token'], dynamics: ['org-url'], zoho: ['data-centre'] });
    // the CRMs that sign in are the ones whose entry says how, and each one's connector has that kind of flow
    expect(CRM_SYSTEMS.filter((s) => CRM_CATALOGUE[s].connect.signIn)).toEqual(CRM_SYSTEMS.filter(isSignInSystem));
    expect([...SIGN_IN_SYSTEMS].sort()).toEqual(CRM_SYSTEMS.filter(isSignInSystem).sort());
    for (const system of CRM_SYSTEMS) expect(CONNECTOR_KITS[system]?.signIn?.kind).toBe(CRM_CATALOGUE[system].connect.signIn?.kind);
    // every CRM connects somehow
    for (const system of CRM_SYSTEMS) expect(CRM_CATALOGUE[system].connect.token ?? CRM_CATALOGUE[system].connect.signIn).toBeDefined();
  });
});
