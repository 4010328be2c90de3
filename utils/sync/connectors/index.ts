// The connectors the engine knows, with what it needs to talk to each CRM: how credentials are
// sent, the limiter, how to read an error body, and how its users sign in (the flow of the
// catalogue's kind of sign-in, for the CRMs that have one).
import type { CrmSystem } from '../../domain/entities';
import { CRM_NAMES } from '../../crms/names';
import type { AuthScheme } from '../auth';
import type { ConnectorFactory } from '../connector';
import type { SignInFlow } from '../signIn';
import type { SyncErrorCode, ConnectionRecord } from '../../store/syncRecords';
import { hubspotLimiter, salesforceLimiter, pipedriveLimiter, dynamicsLimiter, zohoLimiter, ZOHO_CONCURRENCY, type ConnectionLimiter, type HubspotTier, type ZohoEdition } from '../limiter';
import type { MapKey } from '../fieldMapUpgrade';
import { HubspotConnector, HUBSPOT_DEFAULT_FIELDS, describeHubspotError } from './hubspot';
import { SalesforceConnector, SALESFORCE_DEFAULT_FIELDS, classifySalesforceError, describeSalesforceError } from './salesforce';
import { PipedriveConnector, PIPEDRIVE_DEFAULT_FIELDS, describePipedriveError } from './pipedrive';
import { DynamicsConnector, DYNAMICS_DEFAULT_FIELDS, classifyDynamicsError, describeDynamicsError } from './dynamics';
import { ZohoConnector, ZOHO_DEFAULT_FIELDS, classifyZohoError, describeZohoError } from './zoho';
import { salesforceSignIn } from './salesforce/signIn';
import { hubspotSignIn } from './hubspot/signIn';
import { dynamicsSignIn } from './dynamics/signIn';
import { zohoSignIn } from './zoho/signIn';

export type ConnectorKit = {
  name: string;
  scheme: AuthScheme;
  limiter: (connection: ConnectionRecord) => ConnectionLimiter;
  describeError: (status: number, body: unknown) => string;
  classify?: (status: number, body: unknown) => SyncErrorCode | undefined;
  create: ConnectorFactory;
  /** the CRM's own fields connect maps each canonical field to, where the CRM has them */
  defaults: Readonly<Partial<Record<MapKey, Readonly<Record<string, string>>>>>;
  /** signing in (OAuth with PKCE), when the CRM offers it: the catalogue's `connect.signIn` says its form */
  signIn?: SignInFlow;
};

export const CONNECTOR_KITS: Partial<Record<CrmSystem, ConnectorKit>> = {
  hubspot: {
    name: CRM_NAMES.hubspot,
    scheme: 'bearer',
    limiter: (c) => hubspotLimiter((c.account.tier as HubspotTier | undefined) ?? 'starter'),
    describeError: describeHubspotError,
    create: (c, http) => new HubspotConnector(c, http),
    defaults: HUBSPOT_DEFAULT_FIELDS,
    signIn: hubspotSignIn,
  },
  salesforce: {
    name: CRM_NAMES.salesforce,
    scheme: 'bearer',
    limiter: () => salesforceLimiter(),
    describeError: describeSalesforceError,
    classify: classifySalesforceError,
    create: (c, http) => new SalesforceConnector(c, http),
    defaults: SALESFORCE_DEFAULT_FIELDS,
    signIn: salesforceSignIn,
  },
  pipedrive: {
    name: CRM_NAMES.pipedrive,
    scheme: 'x-api-token',
    limiter: (c) => pipedriveLimiter(c.account.tier === 'enterprise' ? 120 : c.account.tier === 'professional' ? 80 : c.account.tier === 'advanced' ? 40 : 20),
    describeError: describePipedriveError,
    create: (c, http) => new PipedriveConnector(c, http),
    defaults: PIPEDRIVE_DEFAULT_FIELDS,
  },
  dynamics: {
    name: CRM_NAMES.dynamics,
    scheme: 'bearer',
    limiter: () => dynamicsLimiter(),
    describeError: describeDynamicsError,
    classify: classifyDynamicsError,
    create: (c, http) => new DynamicsConnector(c, http),
    defaults: DYNAMICS_DEFAULT_FIELDS,
    signIn: dynamicsSignIn,
  },
  zoho: {
    name: CRM_NAMES.zoho,
    // Zoho wants `Authorization: Zoho-oauthtoken <token>` (it takes Bearer too; this is its own)
    scheme: 'zoho-oauthtoken',
    limiter: (c) => zohoLimiter(c.account.tier && c.account.tier in ZOHO_CONCURRENCY ? (c.account.tier as ZohoEdition) : 'standard'),
    describeError: describeZohoError,
    classify: classifyZohoError,
    create: (c, http) => new ZohoConnector(c, http),
    defaults: ZOHO_DEFAULT_FIELDS,
    signIn: zohoSignIn,
  },
};

export { CRM_NAMES } from '../../crms/names';
