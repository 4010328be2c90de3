// Match patterns for the supported sites, shared by the manifest, the content scripts and the
// background (which refuses page messages from any other origin).

export const CRM_MATCHES = [
  // Salesforce Lightning, My Domain, sandboxes and Classic
  '*://*.lightning.force.com/*',
  '*://*.my.salesforce.com/*',
  '*://*.salesforce.com/*',
  '*://*.force.com/*',
  // HubSpot (app.hubspot.com and regional hosts such as app-eu1.hubspot.com)
  '*://*.hubspot.com/*',
  // Pipedrive
  '*://*.pipedrive.com/*',
  // Dynamics 365 model-driven apps (every region)
  '*://*.dynamics.com/*',
  // Zoho CRM, every data centre
  '*://crm.zoho.com/*',
  '*://crm.zoho.eu/*',
  '*://crm.zoho.in/*',
  '*://crm.zoho.com.au/*',
  '*://crm.zoho.jp/*',
  '*://crm.zoho.com.cn/*',
  '*://crm.zohocloud.ca/*',
];

export const LINKEDIN_MATCHES = ['*://www.linkedin.com/*', '*://*.linkedin.com/*'];

// The same hosts as the match patterns above, for checking a URL at run time.
const SUPPORTED_HOST =
  /(^|\.)(force\.com|salesforce\.com|hubspot\.com|pipedrive\.com|dynamics\.com|linkedin\.com)$|^crm\.(zoho\.(com|eu|in|com\.au|jp|com\.cn)|zohocloud\.ca)$/i;

export function isSupportedUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && SUPPORTED_HOST.test(u.hostname);
  } catch {
    return false;
  }
}

export function isLinkedinUrl(url: string): boolean {
  try {
    return /(^|\.)linkedin\.com$/i.test(new URL(url).hostname);
  } catch {
    return false;
  }
}
