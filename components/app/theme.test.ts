// The dark theme turns Tailwind's palette over (assets/tailwind.css). This checks, for every text
// colour the components use, against the background it sits on — the one named beside it, else
// the card, the page and its own hue's tints — that dark mode reads at least as well as light
// mode, and meets WCAG AA (4.5:1) wherever light mode does.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Palette = Map<string, string>;

function readVars(css: string): Palette {
  return new Map([...css.matchAll(/--color-([a-z]+(?:-\d+)?):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

const tailwind = readVars(fs.readFileSync(path.join(ROOT, 'node_modules/tailwindcss/theme.css'), 'utf8'));
const ours = fs.readFileSync(path.join(ROOT, 'assets/tailwind.css'), 'utf8');
const darkBlock = ours.slice(ours.indexOf('@media (prefers-color-scheme: dark)'));
const light: Palette = new Map([...tailwind, ['white', '#fff'], ['black', '#000']]);
const dark: Palette = new Map([...light, ...readVars(darkBlock)]);

/** Relative luminance (WCAG) of a CSS colour: #rgb / #rrggbb or oklch(L% C H). */
function luminance(color: string): number {
  let rgb: number[];
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color);
  const oklch = /^oklch\(([\d.]+)%\s+([\d.]+)\s+([\d.]+)\)$/.exec(color);
  if (hex) {
    const h = hex[1]!.length === 3 ? [...hex[1]!].map((c) => c + c).join('') : hex[1]!;
    rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  } else if (oklch) {
    const L = Number(oklch[1]) / 100;
    const C = Number(oklch[2]);
    const h = (Number(oklch[3]) * Math.PI) / 180;
    const a = C * Math.cos(h);
    const b = C * Math.sin(h);
    const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
    const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
    const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
    rgb = [
      4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
      -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
      -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
    ].map((c) => Math.min(1, Math.max(0, c))); // linear sRGB, clipped to the gamut as browsers show it
  } else throw new Error(`Unknown colour ${color}`);
  return 0.2126 * rgb[0]! + 0.7152 * rgb[1]! + 0.0722 * rgb[2]!;
}

function contrast(palette: Palette, text: string, background: string): number {
  const [a, b] = [luminance(palette.get(text)!), luminance(palette.get(background)!)].sort((x, y) => y - x);
  return (a! + 0.05) / (b! + 0.05);
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return sources(file);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [file] : [];
  });
}

/** Every string in the components that names a text colour, with the background named beside it. */
function pairs(): { text: string; backgrounds: string[]; where: string }[] {
  const found = new Map<string, { text: string; backgrounds: string[]; where: string }>();
  for (const file of sources(path.join(ROOT, 'components'))) {
    const code = fs.readFileSync(file, 'utf8');
    for (const literal of code.match(/(["'`])(?:(?!\1)[^\\\n]|\\.)*\1/g) ?? []) {
      // Only the plain (not hover: / disabled:) colour utilities; translucent backgrounds (/40) tint
      // what is below, so the surfaces below are used for them.
      const tokens = literal.slice(1, -1).split(/\s+/);
      const texts = tokens.flatMap((t) => /^text-((?:[a-z]+-\d+)|white|black)$/.exec(t)?.[1] ?? []);
      const backgrounds = tokens.flatMap((t) => /^bg-((?:[a-z]+-\d+)|white|black)$/.exec(t)?.[1] ?? []);
      for (const text of texts) {
        const hue = text.replace(/-\d+$/, '');
        const around = backgrounds.length ? backgrounds : ['white', 'slate-50', ...[`${hue}-50`, `${hue}-100`].filter((c) => light.has(c))];
        const key = `${text} on ${around.join('|')}`;
        if (!found.has(key)) found.set(key, { text, backgrounds: around, where: `${path.relative(ROOT, file)}: ${literal.slice(0, 80)}` });
      }
    }
  }
  return [...found.values()];
}

describe('dark theme', () => {
  it('redefines every colour the components use, and the palette really turns over', () => {
    const used = new Set(pairs().flatMap((p) => [p.text, ...p.backgrounds]));
    expect([...used].filter((c) => !readVars(darkBlock).has(c))).toEqual([]);
    expect(luminance(dark.get('white')!)).toBeLessThan(luminance(dark.get('slate-800')!));
    expect(luminance(dark.get('slate-50')!)).toBeLessThan(luminance(dark.get('white')!)); // cards a step above the page
  });

  it('keeps every text / background pair of the components readable: AA where light mode is, never worse than light', () => {
    const found = pairs();
    expect(found.length).toBeGreaterThan(30);
    const worse = found.flatMap((p) =>
      p.backgrounds.flatMap((bg) => {
        const before = contrast(light, p.text, bg);
        const after = contrast(dark, p.text, bg);
        const enough = after >= Math.min(4.5, before) - 0.01;
        return enough ? [] : [`text-${p.text} on bg-${bg}: ${before.toFixed(2)} light → ${after.toFixed(2)} dark (${p.where})`];
      }),
    );
    expect(worse).toEqual([]);
  });

  it('computes contrast as WCAG does', () => {
    expect(contrast(new Map([['a', '#000'], ['b', '#fff']]), 'a', 'b')).toBeCloseTo(21, 5);
    // Tailwind's slate-500 on white is about 4.76:1 (its documented AA pair).
    expect(contrast(light, 'slate-500', 'white')).toBeGreaterThan(4.5);
    expect(contrast(light, 'slate-500', 'white')).toBeLessThan(5);
  });
});
