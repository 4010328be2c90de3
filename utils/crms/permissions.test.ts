// What the Connect and Sign-in clicks ask for: Chrome asks for `identity` with sign-in (optional
// there); Firefox never does (it cannot be optional there: the manifest declares it) and asks for
// the data-collection consent instead (issue #14, point 8).
import { describe, expect, it } from 'vitest';
import { connectPermissions } from './permissions';
import { CRM_SYNC_DATA_COLLECTION } from './dataCollection';

describe('connectPermissions', () => {
  it('Chrome: the API hosts, and identity only for sign-in', () => {
    expect(connectPermissions('chrome', 'hubspot')).toEqual({ origins: ['https://api.hubapi.com/*'] });
    expect(connectPermissions('chrome', 'salesforce', { signIn: true })).toEqual({ origins: ['https://*.salesforce.com/*'], permissions: ['identity'] });
    // Dynamics 365: the org's own host and Microsoft Entra ID's sign-in
    expect(connectPermissions('chrome', 'dynamics', { baseUrl: 'https://contoso.crm4.dynamics.com', signIn: true })).toEqual({
      origins: ['https://contoso.crm4.dynamics.com/*', 'https://login.microsoftonline.com/*'],
      permissions: ['identity'],
    });
    // Zoho CRM: the chosen data centre's Zoho Accounts and API hosts, no other data centre's
    expect(connectPermissions('chrome', 'zoho', { baseUrl: 'https://www.zohoapis.eu', signIn: true })).toEqual({
      origins: ['https://accounts.zoho.eu/*', 'https://www.zohoapis.eu/*'],
      permissions: ['identity'],
    });
  });

  it('Firefox: the API hosts and the data-collection consent, never identity', () => {
    for (const signIn of [false, true]) {
      const request = connectPermissions('firefox', 'hubspot', { signIn });
      expect(request).toEqual({ origins: ['https://api.hubapi.com/*'], data_collection: [...CRM_SYNC_DATA_COLLECTION] });
      expect(request.permissions).toBeUndefined();
    }
    expect(connectPermissions('firefox', 'zoho', { baseUrl: 'https://www.zohoapis.com.cn', signIn: true })).toEqual({
      origins: ['https://accounts.zoho.com.cn/*', 'https://www.zohoapis.com.cn/*'],
      data_collection: [...CRM_SYNC_DATA_COLLECTION],
    });
    expect(connectPermissions('firefox', 'salesforce', { baseUrl: 'https://acme.my.site.com', signIn: true }).origins).toEqual([
      'https://*.salesforce.com/*',
      'https://acme.my.site.com/*',
    ]);
  });
});
