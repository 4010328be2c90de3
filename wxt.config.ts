import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';
import { ignoredSources } from './scripts/zip/ignoredSources';
import { CRM_MATCHES, LINKEDIN_MATCHES } from './utils/sites/hosts';

// Host access is limited to the supported sites: no <all_urls>.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Every dependency is imported explicitly at the top of the file that uses it.
  imports: false,
  // The sources zip for Firefox review: the project as git sees it, without local run artefacts.
  zip: { excludeSources: ignoredSources(import.meta.dirname) },
  vite: () => ({
    plugins: [tailwindcss()],
    // WXT's content-script context announces each script to the page (window.postMessage and a
    // document event naming our id); ours says nothing (utils/page/quietContentScriptContext.ts).
    resolve: {
      alias: {
        'wxt/utils/content-script-context': fileURLToPath(new URL('./utils/page/quietContentScriptContext.ts', import.meta.url)),
      },
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: the sync engine wakes the worker to push the outbox and pull changes on schedule.
    permissions: ['storage', 'alarms', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: [...CRM_MATCHES, ...LINKEDIN_MATCHES],
    // Asked for only when the user connects a CRM: HubSpot's API host (Salesforce and Pipedrive
    // APIs live on hosts already listed), and the identity API for OAuth sign-in.
    // (Firefox's MV2 manifest lists optional hosts among optional_permissions.)
    ...(browser === 'firefox'
      ? { optional_permissions: ['identity', 'https://api.hubapi.com/*'] }
      : { optional_host_permissions: ['https://api.hubapi.com/*'], optional_permissions: ['identity'] }),
    // Only the in-page sidebar is web-accessible, and only on CRM hosts: LinkedIn probes for
    // web-accessible resources, so it gets none (the side panel is used there).
    web_accessible_resources:
      browser === 'firefox'
        ? ['sidebar.html']
        : [{ resources: ['sidebar.html'], matches: CRM_MATCHES }],
    action: { default_title: 'Dealside' },
    // Open Dealside for this tab and move the keyboard to it (utils/background/commands.ts).
    // Alt+Shift+D is free in Chrome, Edge and Firefox and in the supported CRMs' own shortcuts;
    // users change it at chrome://extensions/shortcuts or Firefox's add-on shortcuts.
    commands: {
      'open-dealside': { suggested_key: { default: 'Alt+Shift+D' }, description: '__MSG_commandOpenDealside__' },
    },
    browser_specific_settings:
      browser === 'firefox'
        ? { gecko: { id: 'dealside@dealside.app', strict_min_version: '115.0' } }
        : undefined,
  }),
});
