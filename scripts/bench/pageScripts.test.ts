// Which scripts the page-size figure counts (the figures themselves are the bench's, never asserted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { pageScripts } from './pageScripts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function build(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealside-pagescripts-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('pageScripts', () => {
  it('counts the page’s script, its modulepreloads and their static imports once each, not lazy chunks', () => {
    const entry = 'import{a as e}from"./shared-1.js";import"./side.js";const l=()=>import("./lazy.js");e(l);';
    const dir = build({
      'sidebar.html': '<script type="module" crossorigin src="/chunks/sidebar-x.js"></script>\n<link rel="modulepreload" crossorigin href="/chunks/shared-1.js">\n<link rel="stylesheet" href="/assets/a.css">',
      'chunks/sidebar-x.js': entry,
      'chunks/shared-1.js': 'export const a=1;',
      'chunks/side.js': 'import{a}from"./shared-1.js";console.log(a);',
      'chunks/lazy.js': 'export const big="x".repeat(9);',
    });
    const scripts = pageScripts(dir, 'sidebar.html');
    expect(scripts.map((s) => s.file)).toEqual(['chunks/sidebar-x.js', 'chunks/shared-1.js', 'chunks/side.js']);
    expect(scripts[0]).toEqual({ file: 'chunks/sidebar-x.js', raw: entry.length, gzip: gzipSync(entry, { level: 9 }).length });
  });

  it('counts what the entry module itself imports at once (the sidebar loads its app so), not what a deeper chunk imports lazily', () => {
    const entry =
      'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["chunks/app-1.js","chunks/big-1.js","assets/a.css"])))=>i.map(i=>d[i]);' +
      'import{t as r}from"./preload-1.js";r(()=>import(`./app-1.js`).then(e=>e.start()),__vite__mapDeps([0,1,2]));';
    const dir = build({
      'sidebar.html': '<script type="module" crossorigin src="/chunks/sidebar-y.js"></script>\n<link rel="modulepreload" crossorigin href="/chunks/preload-1.js">',
      'chunks/sidebar-y.js': entry,
      'chunks/preload-1.js': 'export const t=(f)=>f();',
      'chunks/app-1.js': 'import"./big-1.js";const later=()=>import("./lazy-1.js");export const start=()=>later;',
      'chunks/big-1.js': 'export const big="x".repeat(9);',
      'chunks/lazy-1.js': 'export const lazy=1;',
    });
    expect(pageScripts(dir, 'sidebar.html').map((s) => s.file)).toEqual(['chunks/sidebar-y.js', 'chunks/preload-1.js', 'chunks/app-1.js', 'chunks/big-1.js']);
  });
});
