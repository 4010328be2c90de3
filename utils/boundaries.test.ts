// The architecture's layers are enforced by lint (eslint.config.js): this proves each rule still
// bites, and that the folders import each other without a cycle (ARCHITECTURE.md, "Layers").
import { ESLint } from 'eslint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: ROOT }).lintText(code, { filePath: join(ROOT, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('pure core boundary', () => {
  it('rejects browser, storage, UI and clock access in utils/domain, utils/match and utils/text', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const code = [
      "import { openDB } from 'idb';",
      "import { browser } from 'wxt/browser';",
      "import { useState } from 'react';",
      "import type { Db } from '../store/db';",
      'export const x: [unknown, unknown, unknown, Db | undefined, number, unknown] = [openDB, browser, useState, undefined, Date.now(), document];',
    ].join('\n');
    for (const file of ['utils/domain/example.ts', 'utils/match/example.ts', 'utils/text/example.ts']) {
      const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
      const messages = result!.messages.map((m) => m.ruleId);
      expect(messages.filter((r) => r === 'no-restricted-imports')).toHaveLength(4);
      expect(messages).toContain('no-restricted-properties');
      expect(messages).toContain('no-restricted-globals');
    }
  });

  it('allows the same imports elsewhere', async () => {
    expect(await restricted('utils/store/example.ts', "import { openDB } from 'idb';\nexport const o = openDB;\n")).toEqual([]);
  });
});

describe('layers', () => {
  it('surfaces never import the store, sync, the background or IndexedDB', async () => {
    const code = [
      "import { openDB } from 'idb';",
      "import { getConnection } from '../../utils/sync/connections';",
      "import { getSetting } from '../../utils/store/settings';",
      "import { createMatchService } from '@/utils/background/matchService';",
      'export const a = [openDB, getConnection, getSetting, createMatchService];',
    ].join('\n');
    expect(await restricted('components/sidebar/Example.tsx', code)).toHaveLength(4);
    expect(await restricted('components/sidebar/Example.tsx', "import { callBackground } from '../../utils/messaging/call';\nexport const a = callBackground;\n")).toEqual([]);
  });

  it('the store imports no messaging, background, sync or matcher', async () => {
    const code = [
      "import type { AnyRequest } from '../messaging/protocol';",
      "import type { MatchIndexes } from '../background/matchService';",
      "import { SyncEngine } from '../sync/engine';",
      "import { findDuplicates } from '../match';",
      'export const a: [AnyRequest | undefined, MatchIndexes | undefined] = [undefined, undefined];',
      'export const b = [SyncEngine, findDuplicates];',
    ].join('\n');
    expect(await restricted('utils/store/example.ts', code)).toHaveLength(4);
    expect(await restricted('utils/store/example.ts', "import type { Account } from '../domain/entities';\nexport type A = Account;\n")).toEqual([]);
  });

  it('content scripts import only sites, the page session, the protocol and the language', async () => {
    const code = [
      "import { nameKey } from '../text/normalize';",
      "import { qualify } from '../domain/qualify/qualify';",
      "import { getSetting } from '../store/settings';",
      'export const a = [nameKey, qualify, getSetting];',
    ].join('\n');
    expect(await restricted('utils/page/example.ts', code)).toHaveLength(3);
    expect(await restricted('entrypoints/hubspot.content/example.ts', "import { qualify } from '../../utils/domain/qualify/qualify';\nexport const a = qualify;\n")).toHaveLength(1);
    const allowed = [
      "import { parsePageUrl } from '../sites';",
      "import { sendPageRequest } from '../messaging/pageClient';",
      "import { pickLocale } from '../i18n/locale';",
      'export const a = [parsePageUrl, sendPageRequest, pickLocale];',
    ].join('\n');
    expect(await restricted('utils/page/example.ts', allowed)).toEqual([]);
  });

  it('production code never imports test support or benchmark code; tests may', async () => {
    const code = "import { makePerson } from '../../tests/support/records';\nimport { generateTrapContacts } from '../../bench/match/traps';\nexport const a = [makePerson, generateTrapContacts];\n";
    for (const file of ['utils/background/example.ts', 'utils/domain/example.ts', 'utils/sync/example.ts', 'utils/csv/example.ts']) {
      expect(await restricted(file, code), file).toHaveLength(2);
    }
    const surface = await restricted('components/sidebar/Example.tsx', code.replaceAll('../../', '../../../'));
    expect(surface.filter((m) => m.includes('Production code'))).toHaveLength(2);
    expect(await restricted('utils/sync/example.test.ts', code)).toEqual([]);
  });

  it('the CSV import: the options page reads the file, the background writes the rows, and neither imports the other\'s half', async () => {
    const page = "import { importBatch } from '../../../utils/import/background/apply';\nexport const a = importBatch;\n";
    expect((await restricted('components/options/import/Example.tsx', page)).some((m) => m.includes('does not import import/background'))).toBe(true);
    const background = "import { runImport } from '../import/page/driver';\nimport { App } from '../../components/options/App';\nexport const a = [runImport, App];\n";
    expect(await restricted('utils/background/example.ts', background)).toHaveLength(2);
    const shared = "import { readRow } from '../import/rows';\nimport { autoMap } from '../import/columns';\nexport const a = [readRow, autoMap];\n";
    expect(await restricted('utils/background/example.ts', shared)).toEqual([]);
  });

  it('sync imports no surface, page or background', async () => {
    const code = "import { App } from '../../components/options/App';\nimport { handlers } from '../background/handlers';\nexport const a = [App, handlers];\n";
    expect(await restricted('utils/sync/example.ts', code)).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------
// The folder graph

/**
 * utils/<folder>, components or entrypoints: the rooms whose imports must not form a cycle. The
 * domain's own rooms (utils/domain/<concern>, and its shared vocabulary at utils/domain) count
 * as rooms of their own.
 */
function folderOf(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] === 'utils' && parts[1] === 'domain' && parts.length > 3) return `utils/domain/${parts[2]}`;
  if (parts[0] === 'utils' && parts.length > 2) return `utils/${parts[1]}`;
  if (parts[0] === 'components' || parts[0] === 'entrypoints') return parts[0];
  return undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) return name === '__fixtures__' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of ['utils', 'components', 'entrypoints'].flatMap(sourceFiles)) {
    const from = folderOf(file)!;
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      const target = spec.startsWith('@/') ? spec.slice(2) : spec.startsWith('.') ? relative(ROOT, join(ROOT, dirname(file), spec)) : undefined;
      const to = target && folderOf(normalize(target));
      if (!to || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, file);
    }
  }
  return graph;
}

/** Every cycle's folders, found by depth-first search, each as 'a → b → … → a (via file)'. */
function cycles(graph: Map<string, Map<string, string>>): string[] {
  const out: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const [next, file] of graph.get(node) ?? []) {
      if (state.get(next) === 'open') out.push(`${[...path.slice(path.indexOf(next)), next].join(' → ')} (via ${file})`);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return out;
}

describe('folders', () => {
  it('import each other without a cycle', () => {
    const graph = folderGraph();
    expect(graph.get('utils/background')?.has('utils/store')).toBe(true); // the graph is read
    expect(graph.get('utils/domain/qualify')?.has('utils/domain/actions')).toBe(true); // and the domain's rooms
    expect(cycles(graph)).toEqual([]);
  });

  it('the cycle finder finds a cycle', () => {
    const graph = new Map([
      ['utils/a', new Map([['utils/b', 'utils/a/x.ts']])],
      ['utils/b', new Map([['utils/a', 'utils/b/y.ts']])],
    ]);
    expect(cycles(graph)).toEqual(['utils/a → utils/b → utils/a (via utils/b/y.ts)']);
  });
});
