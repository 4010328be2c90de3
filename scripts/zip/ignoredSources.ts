// The Firefox sources zip (`npm run zip`) must hold the project, not what a run left behind on this
// machine (screenshots, test reports, benchmark figures): everything .gitignore names is left out.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * .gitignore lines as picomatch patterns relative to the project root, for WXT's
 * `zip.excludeSources`. Covers the forms the file uses: `dir/`, `name`, `*.ext`, `/rooted`.
 * Negations (`!keep`) cannot be expressed as an exclusion and are refused loudly.
 */
export function gitignoreToGlobs(text: string): string[] {
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('!')) throw new Error(`.gitignore negation "${line}" is not supported by the sources zip's exclusions.`);
    const dirOnly = line.endsWith('/');
    const body = line.replace(/\/$/, '');
    // A pattern with a slash in it (other than at the end) is relative to the root; otherwise it
    // matches at any depth.
    const rooted = body.includes('/');
    const base = rooted ? body.replace(/^\//, '') : `**/${body}`;
    globs.push(`${base}/**`);
    if (!dirOnly) globs.push(base);
  }
  return globs;
}

export function ignoredSources(root: string): string[] {
  return gitignoreToGlobs(readFileSync(path.join(root, '.gitignore'), 'utf8'));
}
