// The sidebar's dictionary: the parts of the UI text the in-page sidebar and the side panel show
// (and the popup), in English and Spanish. Options adds its own parts on top (./messages.ts); this
// module never imports them, so the sidebar's page loads none of the Options-only text
// (./surfaceBundles.test.ts checks the bundles). Keys are typed: a component under a
// sidebar translator (`useTranslator`) that names an Options-only key is a type error.
import * as record from './dictionary/record';
import * as sync from './dictionary/sync';
import * as account from './dictionary/account';
import * as sections from './dictionary/sections';
import * as sdr from './dictionary/sdr';
import * as popup from './dictionary/popup';

const en = { ...record.en, ...sync.en, ...account.en, ...sections.en, ...sdr.en, ...popup.en };

export type SidebarKey = keyof typeof en;

const es: Record<SidebarKey, string> = { ...record.es, ...sync.es, ...account.es, ...sections.es, ...sdr.es, ...popup.es };

/** One surface's UI text in both languages: the sidebar's, or Options' (every key). */
export type Dictionary<K extends string> = { surface: 'sidebar' | 'options'; en: Record<K, string>; es: Record<K, string> };

export const sidebarMessages: Dictionary<SidebarKey> = { surface: 'sidebar', en, es };
