import { describe, expect, it } from 'vitest';
import { isLinkedinUrl, isSupportedUrl } from './hosts';

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
