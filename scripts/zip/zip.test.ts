// `npm run zip` on a machine where the demo, the tests and the benchmarks have run: the store
// packages carry the project, never what those runs left behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { gitignoreToGlobs } from './ignoredSources';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('gitignoreToGlobs', () => {
  it('turns folders, names, extensions and rooted paths into exclusions', () => {
    expect(gitignoreToGlobs('# local\nnode_modules/\n*.log\n/bench-results.json\ndocs/private\n\n')).toEqual([
      '**/node_modules/**',
      '**/*.log/**',
      '**/*.log',
      'bench-results.json/**',
      'bench-results.json',
      'docs/private/**',
      'docs/private',
    ]);
  });

  it('refuses a negation it cannot honour', () => {
    expect(() => gitignoreToGlobs('dist/\n!dist/keep.txt')).toThrow(/negation/);
  });
});

describe('npm run zip', () => {
  it('leaves screenshots, test reports and benchmark figures out of the sources zip', async () => {
    // What a demo, a test run and a benchmark leave behind (created only when missing).
    const planted = ['demo-output/zip-test.png', 'test-output/zip-test.json', 'bench-results.json'].filter((f) => !existsSync(path.join(ROOT, f)));
    for (const f of planted) {
      mkdirSync(path.dirname(path.join(ROOT, f)), { recursive: true });
      writeFileSync(path.join(ROOT, f), '{}');
    }
    try {
      const run = spawnSync('npx', ['wxt', 'zip', '-b', 'firefox'], { cwd: ROOT, encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      const zip = await JSZip.loadAsync(readFileSync(path.join(ROOT, `.output/dealside-${version}-sources.zip`)));
      const names = Object.keys(zip.files);
      expect(names).toContain('package.json');
      expect(names).toContain('wxt.config.ts');
      expect(names.filter((n) => /^(demo-output|test-output|\.output|\.wxt|node_modules)\/|^bench-results\.json$|\.log$/.test(n))).toEqual([]);
    } finally {
      for (const f of planted) rmSync(path.join(ROOT, f), { force: true });
    }
  });
});
