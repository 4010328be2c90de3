// UI text in English and Spanish. Keys are typed: a missing translation is a type error. The
// dictionary is long for a good reason — it is every string of the UI, flat — so it lives in one part
// per surface (./dictionary/), each with both languages side by side, combined here into one.
import * as record from './dictionary/record';
import * as options from './dictionary/options';
import * as csvImport from './dictionary/csvImport';
import * as connections from './dictionary/connections';
import * as account from './dictionary/account';
import * as sections from './dictionary/sections';
import * as sdr from './dictionary/sdr';

export const en = { ...record.en, ...options.en, ...csvImport.en, ...connections.en, ...account.en, ...sections.en, ...sdr.en };

export type MessageKey = keyof typeof en;

export const es: Record<MessageKey, string> = { ...record.es, ...options.es, ...csvImport.es, ...connections.es, ...account.es, ...sections.es, ...sdr.es };
