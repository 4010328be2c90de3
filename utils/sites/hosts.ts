// Match patterns for the supported sites, shared by the manifest, the content scripts and the
// background (which refuses page messages from any other origin).

// One content script per CRM (entrypoints/<site>.content), each on its own hosts only.
// Salesforce: Lightning (*.lightning.force.com, sandboxes), My Domain and Classic (*.my.salesforce.com)
export const SALESFORCE_MATCHES = ['https://*.force.com/*', 'https://*.salesforce.com/*'];
// HubSpot (app.hubspot.com and regional hosts such as app-eu1.hubspot.com)
export const HUBSPOT_MATCHES = ['https://*.hubspot.com/*'];
// Pipedrive (<company>.pipedrive.com)
export const PIPEDRIVE_MATCHES = ['https://*.pipedrive.com/*'];
// Dynamics 365 model-driven apps, every region (*.crm.dynamics.com, *.crm4.dynamics.com …)
export const DYNAMICS_MATCHES = ['https://*.dynamics.com/*'];
// Zoho CRM, every data centre
export const ZOHO_MATCHES = [
  'https://crm.zoho.com/*',
  'https://crm.zoho.eu/*',
  'https://crm.zoho.in/*',
  'https://crm.zoho.com.au/*',
  'https://crm.zoho.jp/*',
  'https://crm.zoho.com.cn/*',
  'https://crm.zohocloud.ca/*',
];

export const CRM_MATCHES = [...SALESFORCE_MATCHES, ...HUBSPOT_MATCHES, ...PIPEDRIVE_MATCHES, ...DYNAMICS_MATCHES, ...ZOHO_MATCHES];

export const LINKEDIN_MATCHES = ['https://*.linkedin.com/*'];

// The same hosts as the match patterns above, for checking a URL at run time.
const SUPPORTED_HOST =
  /(^|\.)(force\.com|salesforce\.com|hubspot\.com|pipedrive\.com|dynamics\.com|linkedin\.com)$|^crm\.(zoho\.(com|eu|in|com\.au|jp|com\.cn)|zohocloud\.ca)$/i;

export function isSupportedUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && SUPPORTED_HOST.test(u.hostname);
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
