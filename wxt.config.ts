import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';
import { uiRuntimeAliases } from './scripts/build/uiRuntime';
import { ignoredSources } from './scripts/zip/ignoredSources';
import { CRM_MATCHES, LINKEDIN_MATCHES } from './utils/sites/hosts';
import { CRM_SYNC_DATA_COLLECTION } from './utils/crms/dataCollection';
import { ZOHO_HOST_PATTERNS } from './utils/crms/zohoDataCentres';

// Host access is limited to the supported sites: no <all_urls>.
export default defineConfig({
  // Manifest V3 for Firefox too (WXT builds Firefox as MV2 by default): only MV3 lets
  // web_accessible_resources name the sites that may load sidebar.html.
  manifestVersion: 3,
  // Every dependency is imported explicitly at the top of the file that uses it.
  imports: false,
  // The sources zip for Firefox review: the project as git sees it, without local run artefacts.
  zip: { excludeSources: ignoredSources(import.meta.dirname) },
  vite: () => ({
    plugins: [tailwindcss()],
    // react-query marks its modules "use client" (for React Server Components, which an extension
    // has none of): the bundler says it drops the directive, which is what we want.
    build: {
      rollupOptions: {
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('"use client"')) return;
          warn(warning);
        },
      },
    },
    // WXT's content-script context announces each script to the page (window.postMessage and a
    // document event naming our id); ours says nothing (utils/page/quietContentScriptContext.ts).
    // And `wxt/browser` looks the extension APIs up on first use, not when a script starts
    // (utils/page/lazyBrowser.ts).
    resolve: {
      alias: [
        { find: 'wxt/utils/content-script-context', replacement: fileURLToPath(new URL('./utils/page/quietContentScriptContext.ts', import.meta.url)) },
        { find: /^wxt\/browser$/, replacement: fileURLToPath(new URL('./utils/page/lazyBrowser.ts', import.meta.url)) },
        // React's API, Preact's runtime (scripts/build/uiRuntime.ts)
        ...uiRuntimeAliases,
      ],
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: the sync engine wakes the worker to push the outbox and pull changes on schedule.
    // identity (the OAuth sign-in window): optional in Chrome, asked for in the click; Firefox does
    // not allow it as an optional permission, and grants it without a prompt, so it is declared.
    permissions: ['storage', 'alarms', ...(browser === 'firefox' ? ['identity'] : ['sidePanel'])],
    host_permissions: [...CRM_MATCHES, ...LINKEDIN_MATCHES],
    // Asked for only when the user connects a CRM: HubSpot's API host, and Microsoft Entra ID's
    // sign-in for Dynamics 365 (Salesforce, Pipedrive and Dynamics 365 APIs live on hosts already
    // listed: a Dynamics org's Web API is on its own *.dynamics.com host, asked for at connect too),
    // and Zoho CRM's sign-in and API hosts per data centre (one data centre's asked for at connect).
    optional_host_permissions: ['https://api.hubapi.com/*', 'https://login.microsoftonline.com/*', ...ZOHO_HOST_PATTERNS],
    ...(browser === 'firefox' ? {} : { optional_permissions: ['identity'] }),
    // Only the in-page sidebar is web-accessible, and only on CRM hosts: LinkedIn probes for
    // web-accessible resources, so it gets none (the side panel is used there).
    web_accessible_resources: [{ resources: ['sidebar.html'], matches: CRM_MATCHES }],
    action: { default_title: 'Dealside' },
    // Open Dealside for this tab and move the keyboard to it (utils/background/commands.ts).
    // Alt+Shift+D is free in Chrome, Edge and Firefox and in the supported CRMs' own shortcuts;
    // users change it at chrome://extensions/shortcuts or Firefox's add-on shortcuts.
    commands: {
      'open-dealside': { suggested_key: { default: 'Alt+Shift+D' }, description: '__MSG_commandOpenDealside__' },
    },
    // Firefox 140: the first with built-in data-collection consent (and host permissions granted
    // at install in MV3). Nothing leaves the browser until the user connects a CRM; then what the
    // rep records (people's names, e-mails, titles; what was read from CRM and LinkedIn pages) is
    // sent to that CRM, so those two are optional data permissions, asked for in the Connect click
    // (utils/crms/permissions.ts).
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'dealside@dealside.app',
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'], optional: [...CRM_SYNC_DATA_COLLECTION] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          }
        : undefined,
  }),
});
