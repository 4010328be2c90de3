// Which files sidebar.html names ahead of its entry's import() (scripts/build/preloadEntryImports.ts).
import { describe, expect, it } from 'vitest';
import { entryImportFiles } from './preloadEntryImports';

const chunk = (imports: string[] = [], dynamicImports: string[] = [], css: string[] = []) => ({
  type: 'chunk' as const,
  imports,
  dynamicImports,
  viteMetadata: { importedCss: new Set(css) },
});

describe('entryImportFiles', () => {
  it('names the chunks and style sheets the entry’s import() loads, not what the page loads already, not deeper lazy chunks', () => {
    const entry = chunk(['chunks/call.js', 'chunks/preload-helper.js'], ['chunks/app.js']);
    const bundle = {
      'chunks/sidebar.js': entry,
      'chunks/call.js': chunk(),
      'chunks/preload-helper.js': chunk(),
      'chunks/app.js': chunk(['chunks/primitives.js', 'chunks/call.js'], ['chunks/rows.js'], ['assets/app.css']),
      'chunks/primitives.js': chunk(['chunks/runtime.js'], [], ['assets/primitives.css']),
      'chunks/runtime.js': chunk(),
      'chunks/rows.js': chunk(),
      'assets/app.css': { type: 'asset' as const },
    };
    expect(entryImportFiles(bundle, entry)).toEqual({
      scripts: ['chunks/app.js', 'chunks/primitives.js', 'chunks/runtime.js'],
      styles: ['assets/app.css', 'assets/primitives.css'],
    });
  });
});
