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
});
