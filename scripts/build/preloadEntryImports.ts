// A Vite plugin for extension pages whose entry imports its app at once (sidebar.html: the entry
// sends its first request to the worker, then imports the app — entrypoints/sidebar/main.tsx). Vite
// names in the page only what the entry imports statically, so the app's chunks would be fetched
// only once the entry had run. This names them too — modulepreload for the app's chunks, preload for
// its style sheet — so they are fetched from the start, beside the entry; the entry still runs
// first. A style sheet is preloaded, not linked: a linked one would hold the entry back until loaded.
import type { Plugin } from 'vite';

type Chunk = { type: 'chunk'; imports: string[]; dynamicImports: string[]; viteMetadata?: { importedCss: Set<string> } };
type Output = Chunk | { type: 'asset' };

/** What the entry's import()s load: their chunks, the chunks those import statically, and their CSS. */
export function entryImportFiles(bundle: Record<string, Output>, entry: Chunk): { scripts: string[]; styles: string[] } {
  const scripts: string[] = [];
  const styles = new Set<string>();
  const staticOfEntry = new Set<string>();
  const walkStatic = (name: string) => {
    const c = bundle[name];
    if (!c || c.type !== 'chunk' || staticOfEntry.has(name)) return;
    staticOfEntry.add(name);
    c.imports.forEach(walkStatic);
  };
  entry.imports.forEach(walkStatic);
  const seen = new Set<string>();
  const visit = (name: string) => {
    const c = bundle[name];
    if (!c || c.type !== 'chunk' || seen.has(name)) return;
    seen.add(name);
    if (!staticOfEntry.has(name)) scripts.push(name);
    for (const css of c.viteMetadata?.importedCss ?? []) styles.add(css);
    c.imports.forEach(visit);
  };
  entry.dynamicImports.forEach(visit);
  return { scripts, styles: [...styles] };
}

export function preloadEntryImports(pages: readonly string[]): Plugin {
  return {
    name: 'dealside:preload-entry-imports',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle || !ctx.chunk || !pages.some((p) => ctx.path.endsWith(p))) return undefined;
        const { scripts, styles } = entryImportFiles(ctx.bundle as unknown as Record<string, Output>, ctx.chunk as unknown as Chunk);
        return [
          ...scripts.map((file) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` }, injectTo: 'head' as const })),
          ...styles.map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', href: `/${file}` }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}
