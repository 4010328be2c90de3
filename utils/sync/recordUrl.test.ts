// Where a record opens in its CRM: the sidebar's link after Add to CRM.
import { describe, expect, it } from 'vitest';
import { crmRecordUrl } from './recordUrl';

describe('crmRecordUrl', () => {
  it('HubSpot: the record page of the portal, on its own UI domain', () => {
    const hs = { system: 'hubspot' as const, baseUrl: 'https://api.hubapi.com', account: { id: '4481234', uiDomain: 'app-eu1.hubspot.com' } };
    expect(crmRecordUrl(hs, { objectType: '0-1', id: '51001' })).toBe('https://app-eu1.hubspot.com/contacts/4481234/record/0-1/51001');
    expect(crmRecordUrl({ ...hs, account: { id: '4481234' } }, { objectType: '0-2', id: '9' })).toBe('https://app.hubspot.com/contacts/4481234/record/0-2/9');
    expect(crmRecordUrl({ ...hs, account: {} }, { objectType: '0-1', id: '1' })).toBeUndefined();
  });

  it('Salesforce: the Lightning record page on the instance', () => {
    const sf = { system: 'salesforce' as const, baseUrl: 'https://acme.my.salesforce.com/', account: {} };
    expect(crmRecordUrl(sf, { objectType: 'Lead', id: '00QDn00000AnDrSMAV' })).toBe('https://acme.my.salesforce.com/lightning/r/Lead/00QDn00000AnDrSMAV/view');
    expect(crmRecordUrl({ ...sf, baseUrl: 'javascript:alert(1)' }, { objectType: 'Lead', id: 'x' })).toBeUndefined();
  });

  it('Pipedrive: the company’s own domain; a lead in the Leads inbox', () => {
    const pd = { system: 'pipedrive' as const, baseUrl: 'https://api.pipedrive.com', account: { uiDomain: 'iberia-analytics.pipedrive.com' } };
    expect(crmRecordUrl(pd, { objectType: 'person', id: '12' })).toBe('https://iberia-analytics.pipedrive.com/person/12');
    expect(crmRecordUrl(pd, { objectType: 'lead', id: 'a1b2' })).toBe('https://iberia-analytics.pipedrive.com/leads/inbox/a1b2');
    expect(crmRecordUrl({ ...pd, account: {} }, { objectType: 'person', id: '12' })).toBeUndefined();
  });

  it('Dynamics 365: the record form in the org’s default app', () => {
    const dv = { system: 'dynamics' as const, baseUrl: 'https://acme.crm4.dynamics.com', account: {} };
    expect(crmRecordUrl(dv, { objectType: 'opportunity', id: 'c0ffee00-1234-4abc-9def-0123456789ab' })).toBe(
      'https://acme.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=c0ffee00-1234-4abc-9def-0123456789ab',
    );
    expect(crmRecordUrl({ ...dv, baseUrl: 'javascript:alert(1)' }, { objectType: 'lead', id: 'x' })).toBeUndefined();
  });

  it('Zoho CRM: the record in its data centre’s CRM (deals are Potentials in the address)', () => {
    const zo = { system: 'zoho' as const, baseUrl: 'https://www.zohoapis.eu', account: { uiDomain: 'crm.zoho.eu' } };
    expect(crmRecordUrl(zo, { objectType: 'Deals', id: '98765000000123457' })).toBe('https://crm.zoho.eu/crm/tab/Potentials/98765000000123457');
    expect(crmRecordUrl(zo, { objectType: 'Contacts', id: '4876876000000412001' })).toBe('https://crm.zoho.eu/crm/tab/Contacts/4876876000000412001');
    expect(crmRecordUrl({ ...zo, account: { uiDomain: 'evil.example' } }, { objectType: 'Deals', id: '1' })).toBeUndefined();
  });
});
