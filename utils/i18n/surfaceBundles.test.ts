// What each surface's page loads of the UI text (issue #15.2): the in-page sidebar, the side panel
// and the popup bundle only the sidebar's dictionary (./sidebarMessages.ts), none of Options'
// parts, and no Options component (whose `useOptionsTranslator` would throw there). Bundled with
// esbuild as the page's code: every module its entry imports statically or lazily.
import { build, type Metafile } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as connections from './dictionary/connections';
import * as csvImport from './dictionary/csvImport';
import * as options from './dictionary/options';
import { sidebarMessages } from './sidebarMessages';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

async function bundle(entry: string): Promise<{ inputs: string[]; code: string }> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    jsx: 'automatic',
    loader: { '.css': 'empty' },
    alias: { 'wxt/browser': './utils/page/lazyBrowser.ts' },
    logLevel: 'silent',
  });
  const meta: Metafile = result.metafile;
  return { inputs: Object.keys(meta.inputs), code: result.outputFiles.map((f) => f.text).join('\n') };
}

/** Options' own text: every English or Spanish string of its parts that no sidebar key also says. */
function optionsOnlyStrings(): string[] {
  const shared = new Set([...Object.values(sidebarMessages.en), ...Object.values(sidebarMessages.es)]);
  return [options, csvImport, connections]
    .flatMap((p) => [...Object.values(p.en), ...Object.values(p.es)])
    .filter((s) => s.length >= 30 && !shared.has(s));
}

describe.each(['entrypoints/sidebar/main.tsx', 'entrypoints/sidepanel/main.tsx', 'entrypoints/popup/main.tsx'])('%s', (entry) => {
  it('bundles the sidebar’s dictionary and none of Options’ text or components', async () => {
    const { inputs, code } = await bundle(entry);
    expect(inputs).toContain('utils/i18n/sidebarMessages.ts');
    const optionsModules = inputs.filter((p) => p.startsWith('components/options/') || /^utils\/i18n\/(messages|dictionary\/(options|csvImport|connections))\.ts$/.test(p));
    expect(optionsModules).toEqual([]);
    // the strings themselves, as the bundler wrote them (JSON-escaped, as esbuild prints them)
    const strings = optionsOnlyStrings();
    expect(strings.length).toBeGreaterThan(100);
    const found = strings.filter((s) => code.includes(JSON.stringify(s).slice(1, -1)) || code.includes(s));
    expect(found).toEqual([]);
    expect(code).toContain(sidebarMessages.en.conflictsTitle);
  }, 60_000);
});

describe('entrypoints/options/main.tsx', () => {
  it('bundles every part of the dictionary', async () => {
    const { inputs } = await bundle('entrypoints/options/main.tsx');
    expect(inputs).toEqual(expect.arrayContaining(['utils/i18n/messages.ts', 'utils/i18n/dictionary/options.ts', 'utils/i18n/dictionary/csvImport.ts', 'utils/i18n/dictionary/connections.ts']));
  }, 60_000);
});
