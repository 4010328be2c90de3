// A new CRM is a new connector folder plus a catalogue entry (ARCHITECTURE.md, "Connectors"): no
// production code outside them asks which CRM it is. This reads every production source file and
// fails on a comparison with a CRM's id (`system === 'hubspot'`, `case 'zoho':`) or a table keyed by
// CRM ids (`{ hubspot: …, salesforce: … }`) outside the places that are the CRM's own — the
// catalogue (utils/crms/), the CRM's connector folder (utils/sync/connectors/<crm>/), its site
// folder (utils/sites/<crm>/), and the connectors' registry (utils/sync/connectors/index.ts) — and
// proves that the scan bites on planted examples.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CRM_SYSTEMS } from './domain/entities';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const IDS = CRM_SYSTEMS.join('|');
const Q = `['"\`]`;

/** What asks which CRM it is: a comparison with an id, a `case` of one, or a key of a table of them. */
const ASKS: readonly { what: string; pattern: RegExp }[] = [
  { what: 'compares with a CRM id', pattern: new RegExp(`[=!]==?\\s*${Q}(${IDS})${Q}|${Q}(${IDS})${Q}\\s*[=!]==?`, 'g') },
  { what: 'has a case for a CRM id', pattern: new RegExp(`\\bcase\\s+${Q}(${IDS})${Q}\\s*:`, 'g') },
  { what: 'keys a table by CRM id', pattern: new RegExp(`(?:^|[{,])\\s*(${IDS})\\??\\s*:(?!:)`, 'gm') },
];

/** The CRM a file belongs to (its connector or site folder), `all` for the catalogue and the registry. */
function ownerOf(path: string): string | undefined {
  if (path.startsWith('utils/crms/') || path === 'utils/sync/connectors/index.ts') return 'all';
  return /^utils\/(?:sync\/connectors|sites)\/([a-z]+)\//.exec(path)?.[1];
}

/** Where a file asks which CRM it is, outside what that CRM owns: `file:line what (the line)`. */
export function crmBranches(path: string, text: string): string[] {
  const owner = ownerOf(path);
  if (owner === 'all') return [];
  const found: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may name CRMs
    for (const { what, pattern } of ASKS) {
      for (const m of line.matchAll(pattern)) {
        const id = m.slice(1).find(Boolean);
        if (id && id !== owner) found.push(`${path}:${i + 1} ${what} (${line.trim()})`);
      }
    }
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return name === '__fixtures__' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('no production code outside a CRM’s own places asks which CRM it is', () => {
  it('finds no comparison with, case of or table keyed by a CRM id in entrypoints, components and utils', () => {
    const files = ['entrypoints', 'components', 'utils'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(300);
    expect(files.flatMap((file) => crmBranches(file, readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('bites: a planted branch, case and table are found, in every file but the CRM’s own', () => {
    const planted = [
      "export const a = (system: string) => (system === 'hubspot' ? 1 : 2);",
      "export function b(crm: string) { switch (crm) { case 'zoho': return 1; default: return 0; } }",
      "export const c: Record<string, string> = { salesforce: 'x', pipedrive: 'y' };",
      "export const d = (s: string) => 'dynamics' !== s;",
      'export const e = {',
      "  hubspot: 'x',",
      '};',
      '// a comment may say system === "hubspot"',
      "export const f = { linkedin: 1, site: 'hubspot' };",
    ].join('\n');
    const found = crmBranches('components/options/connections/Example.tsx', planted);
    expect(found).toHaveLength(6);
    expect(found[0]).toBe("components/options/connections/Example.tsx:1 compares with a CRM id (export const a = (system: string) => (system === 'hubspot' ? 1 : 2);)");
    expect(found.map((f) => f.replace(/ \(.*$/, ''))).toEqual([
      'components/options/connections/Example.tsx:1 compares with a CRM id',
      'components/options/connections/Example.tsx:2 has a case for a CRM id',
      'components/options/connections/Example.tsx:3 keys a table by CRM id',
      'components/options/connections/Example.tsx:3 keys a table by CRM id',
      'components/options/connections/Example.tsx:4 compares with a CRM id',
      'components/options/connections/Example.tsx:6 keys a table by CRM id',
    ]);
    expect(crmBranches('utils/sync/service.ts', planted)).toHaveLength(6);
    // the CRM's own folders may name it, and only it
    expect(crmBranches('utils/sync/connectors/hubspot/signIn.ts', planted)).toHaveLength(4);
    expect(crmBranches('utils/sites/zoho/urls.ts', planted)).toHaveLength(5);
    expect(crmBranches('utils/crms/catalogue.ts', planted)).toEqual([]);
  });
});
