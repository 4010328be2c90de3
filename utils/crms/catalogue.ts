// The one catalogue of the CRMs Dealside syncs with: what each is called, which API hosts a token
// may go to, where a record's page is, how its users connect (the kinds of sign-in and the fields
// of their forms), where its buying-committee roles live, and the shape of its records that UI,
// sync and import all need to agree on. Pure data: the options page, the sidebar, the sync engine
// and the CSV import read it, and none of them asks which CRM it is. The browser's permission
// request a Connect click makes is built in permissions.ts from each entry's hosts.
import { CRM_SYSTEMS, type CrmSystem } from '../domain/entities';
import type { MessageKey } from '../i18n/messages';
import { ZOHO_DATA_CENTRES, ZOHO_DC_IDS, zohoDataCentreOf, type ZohoDataCentre } from './zohoDataCentres';

export type CrmCatalogueEntry = {
  /** the CRM's name as its users know it (never translated) */
  name: string;
  /**
   * A lead is an object of its own, apart from contacts (Salesforce Lead, Dynamics 365 lead, Zoho
   * CRM Leads): it names its company and gets no account until it is converted, and its fields are
   * mapped apart. Elsewhere a lead is a contact at an early stage (HubSpot) or a deal (Pipedrive).
   */
  leadsApart: boolean;
  /** an HTTPS address on one of this CRM's API hosts (where a token may be sent) */
  isApiHost: (url: URL) => boolean;
  /** the CRM page of one record (see crmRecordUrl), or undefined when the connection does not say where its pages are */
  recordUrl: (connection: RecordPages, ref: { objectType: string; id: string }) => string | undefined;
  /**
   * A lead page of this CRM shows a deal of ours (Pipedrive's Leads inbox: a lead is a deal that
   * names its person), so the page's person is found through that deal.
   */
  leadPageIsDeal?: boolean;
  /**
   * The hosts a connection talks to, for the browser's permission request inside the Connect click;
   * `baseUrl` is what the form typed (an instance, an org, a data centre's API host) or none.
   */
  hostPermissions: (baseUrl: string | undefined) => string[];
  /** How a user connects: the kinds of sign-in this CRM offers, each with its form's fields. */
  connect: CrmConnect;
  /** the field that names a record's owner (on accounts, people and deals) */
  ownerField: string;
  /**
   * The CRM keeps no "last activity" column on its records (Dynamics 365): its calls, e-mails and
   * meetings are read as touches themselves, and Options offers no such field to map.
   */
  noLastActivityColumn?: boolean;
  /** where the CRM keeps a buying-committee role (Options' role mapping says it) */
  roles: { where: MessageKey; /** a role is per person, not per deal: said as a warning */ perPerson?: boolean };
};

/**
 * How a user connects a CRM. Two ways, either or both:
 * - `token`: a token to paste (a private-app token, a service key, an API token) with, for some
 *   CRMs, the address of the user's own instance beside it;
 * - `signIn`: OAuth's authorization code with PKCE through the browser's identity API, of one of
 *   these kinds (each is one form in Options and one flow in sync):
 *   - `pkce`: the CRM's own login page, offered beside the token ("Sign in with …"); the token
 *     form's address, when the user typed one, is the host the click asks for;
 *   - `org-url`: a directory's sign-in (Microsoft Entra ID) for the organization at an address the
 *     user types first; signing in is the only way;
 *   - `data-centre`: the account's data centre chosen first (its sign-in and API hosts are what the
 *     click asks for); signing in is the only way.
 * Every sign-in needs the team's OAuth app, set up once by an admin with the fields `setUp` names.
 */
export type CrmConnect = { token?: TokenForm; signIn?: SignInForm };

export type TokenForm = {
  label: MessageKey;
  hint: MessageKey;
  /** the address of the user's own instance or company beside the token */
  address?: { label: MessageKey; placeholder: string; /** the token cannot go anywhere without it */ required: boolean };
  /** where the API is when no address is given */
  defaultBase?: string;
};

export type SignInKind = 'pkce' | 'org-url' | 'data-centre';

/** One field of the team's OAuth app in "Set up sign-in": where its value goes, its input's data-dealside, label and look. */
export type SetUpFieldSpec = {
  key: OAuthAppKey;
  name: string;
  label: MessageKey;
  /** an address (an url input) rather than an id (no autocomplete, no spell check) */
  url?: boolean;
  placeholder?: string;
  /** saving waits for a value; an optional field left empty is not sent */
  required?: boolean;
};

/** The values of a team's OAuth app an admin may enter (which ones a CRM asks for: its `setUp.fields`). */
export type OAuthAppKey = 'clientId' | 'loginHost' | 'tokenUrl' | 'tenant' | 'optionalScopes';

type SetUp = { hint: MessageKey; fields: SetUpFieldSpec[] };

export type SignInForm =
  | { kind: 'pkce'; setUp: SetUp }
  | { kind: 'org-url'; setUp: SetUp; hint: MessageKey; button: MessageKey; orgUrl: { label: MessageKey; placeholder: string } }
  | {
      kind: 'data-centre';
      setUp: SetUp;
      hint: MessageKey;
      button: MessageKey;
      label: MessageKey;
      /** the data centres, in the order offered; the first is the default */
      centres: readonly { id: ZohoDataCentre; region: { en: string; es: string }; label: string; api: string }[];
    };

/** The CRMs that sign in (their OAuth apps are set up in Options); the catalogue's test keeps it true. */
export const SIGN_IN_SYSTEMS = ['salesforce', 'hubspot', 'dynamics', 'zoho'] as const satisfies readonly CrmSystem[];
export type SignInSystem = (typeof SIGN_IN_SYSTEMS)[number];

/** Does this CRM sign in (its catalogue entry has `connect.signIn`)? */
export function isSignInSystem(system: CrmSystem): system is SignInSystem {
  return (SIGN_IN_SYSTEMS as readonly CrmSystem[]).includes(system);
}

/** One value per CRM that signs in (a schema per CRM's OAuth app, in the protocol and the settings). */
export function perSignInSystem<T>(value: (system: SignInSystem) => T): Record<SignInSystem, T> {
  return Object.fromEntries(SIGN_IN_SYSTEMS.map((system) => [system, value(system)])) as Record<SignInSystem, T>;
}

/** The app's id, which every CRM asks for under its own name. */
const clientId = (label: MessageKey, placeholder?: string): SetUpFieldSpec => ({ key: 'clientId', name: 'oauth-client-id', label, required: true, ...(placeholder ? { placeholder } : {}) });
const origin = (url: string) => new URL(url).origin;

/** What a connection says about where its CRM's pages are. */
export type RecordPages = { baseUrl: string; account: { id?: string; uiDomain?: string } };

const rootPath = (u: URL) => u.pathname === '/' || u.pathname === '';
const https = (url: string) => /^https:\/\//.test(url);

const ZOHO_TAB: Readonly<Record<string, string>> = { Accounts: 'Accounts', Contacts: 'Contacts', Leads: 'Leads', Deals: 'Potentials' };
const PIPEDRIVE_PATH: Readonly<Record<string, string>> = { person: 'person', organization: 'organization', deal: 'deal', lead: 'leads/inbox' };
const own = (table: Readonly<Record<string, string>>, key: string) => (Object.hasOwn(table, key) ? table[key] : undefined);

export const CRM_CATALOGUE: Readonly<Record<CrmSystem, CrmCatalogueEntry>> = {
  hubspot: {
    name: 'HubSpot',
    leadsApart: false,
    isApiHost: (u) => u.hostname === 'api.hubapi.com' || /^api(-[a-z0-9]+)?\.hubapi\.com$/.test(u.hostname),
    // https://<uiDomain>/contacts/<portal id>/record/<object type id>/<id> (uiDomain from the account
    // details: app.hubspot.com, app-eu1.hubspot.com …)
    recordUrl: (c, ref) => {
      const portal = c.account.id;
      if (!portal || !/^\d+-\d+$/.test(ref.objectType)) return undefined;
      return `https://${c.account.uiDomain ?? 'app.hubspot.com'}/contacts/${encodeURIComponent(portal)}/record/${ref.objectType}/${encodeURIComponent(ref.id)}`;
    },
    hostPermissions: () => ['https://api.hubapi.com/*'],
    connect: {
      token: { label: 'tokenHubspot', hint: 'tokenHubspotHint', defaultBase: 'https://api.hubapi.com' },
      // HubSpot's token endpoint wants the app secret: the team's token exchange adds it
      signIn: {
        kind: 'pkce',
        setUp: {
          hint: 'oauthSetupHubspotHint',
          fields: [
            clientId('oauthClientId'),
            { key: 'tokenUrl', name: 'oauth-address', label: 'oauthTokenExchange', url: true, placeholder: 'https://auth.yourcompany.com/hubspot/token', required: true },
            // asked only when the app's registration lists them: HubSpot refuses a scope it does not
            { key: 'optionalScopes', name: 'oauth-optional-scopes', label: 'oauthOptionalScopes', placeholder: 'settings.currencies.read' },
          ],
        },
      },
    },
    roles: { where: 'roleMappingHubspot' },
    ownerField: 'hubspot_owner_id',
  },
  salesforce: {
    name: 'Salesforce',
    leadsApart: true,
    // login.salesforce.com, test.salesforce.com, <org>.my.salesforce.com, <org>--<sandbox>.sandbox.my.salesforce.com
    isApiHost: (u) => /(^|\.)salesforce\.com$/.test(u.hostname),
    // <instance URL>/lightning/r/<object>/<id>/view (My Domain sends it on to Lightning)
    recordUrl: (c, ref) =>
      https(c.baseUrl) && /^\w+$/.test(ref.objectType) ? `${c.baseUrl.replace(/\/+$/, '')}/lightning/r/${ref.objectType}/${encodeURIComponent(ref.id)}/view` : undefined,
    // login / test / My Domain and instance hosts are all under *.salesforce.com (already in host_permissions)
    hostPermissions: (baseUrl) => ['https://*.salesforce.com/*', ...(baseUrl && !/\.salesforce\.com$/.test(new URL(baseUrl).hostname) ? [`${origin(baseUrl)}/*`] : [])],
    connect: {
      token: { label: 'tokenSalesforce', hint: 'tokenSalesforceHint', address: { label: 'salesforceInstanceUrl', placeholder: 'https://yourcompany.my.salesforce.com', required: true } },
      // a Connected App's consumer key (PKCE, no secret) and, optionally, the login host
      signIn: {
        kind: 'pkce',
        setUp: {
          hint: 'oauthSetupSalesforceHint',
          fields: [clientId('oauthConsumerKey'), { key: 'loginHost', name: 'oauth-address', label: 'oauthLoginHost', url: true, placeholder: 'https://login.salesforce.com' }],
        },
      },
    },
    roles: { where: 'roleMappingSalesforce' },
    ownerField: 'OwnerId',
  },
  pipedrive: {
    name: 'Pipedrive',
    leadsApart: false,
    isApiHost: (u) => u.hostname === 'api.pipedrive.com' || /^[a-z0-9-]+\.pipedrive\.com$/.test(u.hostname),
    // https://<company>.pipedrive.com/person|organization|deal/<id>, a lead in the Leads inbox
    recordUrl: (c, ref) => {
      const path = own(PIPEDRIVE_PATH, ref.objectType);
      const domain = c.account.uiDomain;
      return path && domain ? `https://${domain}/${path}/${encodeURIComponent(ref.id)}` : undefined;
    },
    leadPageIsDeal: true,
    hostPermissions: () => ['https://api.pipedrive.com/*', 'https://*.pipedrive.com/*'],
    connect: {
      token: {
        label: 'tokenPipedrive',
        hint: 'tokenPipedriveHint',
        address: { label: 'pipedriveCompanyUrl', placeholder: 'https://yourcompany.pipedrive.com', required: false },
        defaultBase: 'https://api.pipedrive.com',
      },
    },
    roles: { where: 'roleMappingPipedrive', perPerson: true },
    ownerField: 'owner_id',
  },
  dynamics: {
    name: 'Dynamics 365',
    leadsApart: true,
    // a Dynamics 365 org in any region: contoso.crm.dynamics.com, contoso.crm4.dynamics.com …
    isApiHost: (u) => /^[a-z0-9-]+\.crm[0-9]*\.dynamics\.com$/.test(u.hostname) && rootPath(u),
    // <org URL>/main.aspx?pagetype=entityrecord&etn=<table>&id=<id> (the org's default app)
    recordUrl: (c, ref) =>
      https(c.baseUrl) && /^[a-z_]+$/.test(ref.objectType)
        ? `${new URL(c.baseUrl).origin}/main.aspx?pagetype=entityrecord&etn=${ref.objectType}&id=${encodeURIComponent(ref.id)}`
        : undefined,
    // the org's own host (its Web API), and Microsoft Entra ID's sign-in and token endpoints
    hostPermissions: (baseUrl) => [...(baseUrl ? [`${origin(baseUrl)}/*`] : []), 'https://login.microsoftonline.com/*'],
    connect: {
      // no API tokens to paste: Microsoft Entra ID with the team's app registration (application id and tenant)
      signIn: {
        kind: 'org-url',
        hint: 'dynamicsConnectHint',
        button: 'signInWithMicrosoft',
        orgUrl: { label: 'dynamicsOrgUrl', placeholder: 'https://yourcompany.crm4.dynamics.com' },
        setUp: {
          hint: 'oauthSetupDynamicsHint',
          fields: [
            clientId('oauthApplicationId', '00000000-0000-0000-0000-000000000000'),
            { key: 'tenant', name: 'oauth-tenant', label: 'oauthTenant', placeholder: 'yourcompany.onmicrosoft.com', required: true },
          ],
        },
      },
    },
    roles: { where: 'roleMappingDynamics' },
    ownerField: 'ownerid',
    noLastActivityColumn: true,
  },
  zoho: {
    name: 'Zoho CRM',
    leadsApart: true,
    // the API domain of one of Zoho's data centres (www.zohoapis.com, .eu, .in, .com.au, .jp, .com.cn, .ca)
    isApiHost: (u) => Object.values(ZOHO_DATA_CENTRES).some((dc) => dc.api === u.origin) && rootPath(u),
    // https://crm.zoho.<dc>/crm/tab/<module>/<id> (deals are Potentials in the address)
    recordUrl: (c, ref) => {
      const tab = own(ZOHO_TAB, ref.objectType);
      const domain = c.account.uiDomain;
      if (!tab || !domain || !/^crm\.zoho(cloud)?\.[a-z.]+$/.test(domain)) return undefined;
      return `https://${domain}/crm/tab/${tab}/${encodeURIComponent(ref.id)}`;
    },
    // one data centre's Zoho Accounts (the token endpoint) and API host: baseUrl names either
    hostPermissions: (baseUrl) => {
      const dc = baseUrl ? zohoDataCentreOf(baseUrl) : undefined;
      return dc ? [`${ZOHO_DATA_CENTRES[dc].accounts}/*`, `${ZOHO_DATA_CENTRES[dc].api}/*`] : [];
    },
    connect: {
      // no API tokens to paste: the data centre's Zoho Accounts with the team's Zoho API console client
      signIn: {
        kind: 'data-centre',
        hint: 'zohoConnectHint',
        button: 'signInWithZoho',
        label: 'zohoDataCentre',
        centres: ZOHO_DC_IDS.map((id) => ({ id, ...ZOHO_DATA_CENTRES[id] })),
        setUp: { hint: 'oauthSetupZohoHint', fields: [clientId('oauthZohoClientId', '1000.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX')] },
      },
    },
    roles: { where: 'roleMappingZoho' },
    ownerField: 'Owner',
  },
};

/** The CRMs in the order Options lists them. */
export const CRMS: readonly CrmSystem[] = CRM_SYSTEMS;

/** Is this one of the CRMs (a page's site may be LinkedIn)? */
export function isCrmSystem(value: string): value is CrmSystem {
  return Object.hasOwn(CRM_CATALOGUE, value);
}

/** Does a lead in this CRM stand apart from contacts (its own object, no account)? */
export function leadsApart(system: CrmSystem): boolean {
  return CRM_CATALOGUE[system].leadsApart;
}

/** The CRM has a last-activity column on its records to map (all but Dynamics 365). */
export function hasLastActivityColumn(system: CrmSystem): boolean {
  return !CRM_CATALOGUE[system].noLastActivityColumn;
}

/** API hosts Dealside may send a token to: the CRM's own, over HTTPS, nothing else. */
export function isAllowedApiBase(system: CrmSystem, baseUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && CRM_CATALOGUE[system].isApiHost(u);
}
