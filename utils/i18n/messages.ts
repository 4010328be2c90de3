// UI text in English and Spanish. Keys are typed: a missing translation is a type error. The
// dictionary is long for a good reason — it is every string of the UI, flat — so it lives in one part
// per surface (./dictionary/), each with both languages side by side. The sidebar loads only its
// own parts (./sidebarMessages.ts); Options, here, has every string: the sidebar's parts and its
// own (settings, the CSV import, CRM connections).
import { sidebarMessages, type Dictionary, type SidebarKey } from './sidebarMessages';
import * as options from './dictionary/options';
import * as csvImport from './dictionary/csvImport';
import * as connections from './dictionary/connections';

export const en = { ...sidebarMessages.en, ...options.en, ...csvImport.en, ...connections.en };

export type MessageKey = SidebarKey | keyof typeof options.en | keyof typeof csvImport.en | keyof typeof connections.en;

export const es: Record<MessageKey, string> = { ...sidebarMessages.es, ...options.es, ...csvImport.es, ...connections.es };

export const optionsMessages: Dictionary<MessageKey> = { surface: 'options', en, es };
