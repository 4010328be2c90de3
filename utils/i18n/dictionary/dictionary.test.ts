import { describe, expect, it } from 'vitest';
import { en } from '../messages';
import { sidebarMessages } from '../sidebarMessages';
import * as account from './account';
import * as connections from './connections';
import * as csvImport from './csvImport';
import * as options from './options';
import * as popup from './popup';
import * as record from './record';
import * as sdr from './sdr';
import * as sections from './sections';
import * as sync from './sync';

const SIDEBAR_PARTS = [record, sync, account, sections, sdr, popup];
const OPTIONS_ONLY_PARTS = [options, csvImport, connections];

describe('the dictionary’s parts', () => {
  it('name each key once: no part overrides another’s when they are combined', () => {
    const parts = [...SIDEBAR_PARTS, ...OPTIONS_ONLY_PARTS];
    const keys = parts.flatMap((p) => Object.keys(p.en));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(Object.keys(en).length);
    for (const p of parts) expect(Object.keys(p.es).sort()).toEqual(Object.keys(p.en).sort());
  });

  it('the sidebar’s dictionary is its parts, in both languages, and Options’ has them all', () => {
    const keys = SIDEBAR_PARTS.flatMap((p) => Object.keys(p.en)).sort();
    expect(Object.keys(sidebarMessages.en).sort()).toEqual(keys);
    expect(Object.keys(sidebarMessages.es).sort()).toEqual(keys);
    expect(Object.keys(en)).toEqual(expect.arrayContaining(keys));
  });
});

describe('the exchange-rates note names each CRM’s own permission (issue #17)', () => {
  it.each([
    ['hubspot', 'settings.currencies.read', 'settings.currencies.read'],
    ['zoho', 'ZohoCRM.settings.currencies.READ', 'ZohoCRM.settings.currencies.READ'],
    ['dynamics', 'transactioncurrency', 'transactioncurrency'],
    ['salesforce', 'needs no permission', 'no necesita ningún permiso'],
    ['pipedrive', 'publishes no exchange rates', 'no publica tipos de cambio'],
  ] as const)('%s', (system, english, spanish) => {
    const key = `ratesAsk.${system}` as const;
    expect(connections.en[key]).toContain(english);
    expect(connections.es[key]).toContain(spanish);
    // no CRM's note names another CRM's scope
    for (const other of ['settings.currencies.read', 'ZohoCRM.settings.currencies.READ', 'transactioncurrency'].filter((s) => s !== english)) {
      expect(connections.en[key]).not.toContain(other);
      expect(connections.es[key]).not.toContain(other);
    }
  });

  it('the note itself names no CRM’s scope', () => {
    expect(connections.en.ratesRefused).not.toMatch(/scope|settings\./);
    expect(connections.es.ratesRefused).not.toMatch(/settings\./);
  });
});

describe('Options’ workspace card', () => {
  it('points to what is on the page, not to Options, where it is read', () => {
    expect(options.en.demoBanner).not.toMatch(/Options/);
    expect(options.es.demoBanner).not.toMatch(/Opciones/);
    expect(options.en.demoBanner).toContain('Connect your CRM below');
    expect(options.es.demoBanner).toContain('Conecta tu CRM más abajo');
  });
});
