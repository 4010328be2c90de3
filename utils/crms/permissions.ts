// What a "Connect" or "Sign in" click asks the browser for, per browser. Pure: the options page
// calls it inside the click (the browser wants the user's gesture).
import type { CrmSystem } from '../domain/entities';
import { CRM_SYNC_DATA_COLLECTION } from './dataCollection';
import { CRM_CATALOGUE } from './catalogue';

export type ConnectPermissionRequest = {
  origins: string[];
  permissions?: string[];
  /** Firefox 140+: optional data-collection permissions */
  data_collection?: string[];
};

/**
 * The permissions to request for connecting `system`: its API hosts; for sign-in in Chrome the
 * optional `identity` permission (Firefox declares it: it cannot be optional there); in Firefox
 * the consent to send the CRM data.
 */
export function connectPermissions(
  browserName: 'chrome' | 'firefox',
  system: CrmSystem,
  options: { baseUrl?: string; signIn?: boolean } = {},
): ConnectPermissionRequest {
  const origins = hostPermissionsFor(system, options.baseUrl);
  if (browserName === 'firefox') return { origins, data_collection: [...CRM_SYNC_DATA_COLLECTION] };
  return { origins, ...(options.signIn ? { permissions: ['identity'] } : {}) };
}

/** The API hosts a connection talks to, for `permissions.request({ origins })` in the options page. */
export function hostPermissionsFor(system: CrmSystem, baseUrl?: string): string[] {
  return CRM_CATALOGUE[system].hostPermissions(baseUrl);
}
