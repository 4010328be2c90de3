import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'wxt';
import { CRM_MATCHES, LINKEDIN_MATCHES } from './utils/sites/hosts';

// Host access is limited to the supported sites: no <all_urls>.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  // Every dependency is imported explicitly at the top of the file that uses it.
  imports: false,
  vite: () => ({
    plugins: [tailwindcss()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: [...CRM_MATCHES, ...LINKEDIN_MATCHES],
    // Only the in-page sidebar is web-accessible, and only on CRM hosts: LinkedIn probes for
    // web-accessible resources, so it gets none (the side panel is used there).
    web_accessible_resources:
      browser === 'firefox'
        ? ['sidebar.html']
        : [{ resources: ['sidebar.html'], matches: CRM_MATCHES }],
    action: { default_title: 'Dealside' },
    browser_specific_settings:
      browser === 'firefox'
        ? { gecko: { id: 'dealside@dealside.app', strict_min_version: '115.0' } }
        : undefined,
  }),
});
