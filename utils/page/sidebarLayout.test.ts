import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { SIDEBAR_WIDTH, clampWidth, maxWidth, parseSidebarLayout, sidebarLayoutKey } from './sidebarLayout';

describe('the in-page sidebar layout', () => {
  it('is kept per CRM host', () => {
    expect(sidebarLayoutKey('app.hubspot.com')).toBe('sidebarLayout:app.hubspot.com');
    expect(sidebarLayoutKey('Acme.Lightning.Force.com')).toBe('sidebarLayout:acme.lightning.force.com');
    expect(sidebarLayoutKey('app.hubspot.com')).not.toBe(sidebarLayoutKey('app-eu1.hubspot.com'));
  });

  it('reads what was stored, and the defaults for anything missing or malformed', () => {
    expect(parseSidebarLayout(undefined)).toEqual({ collapsed: false, width: SIDEBAR_WIDTH.default });
    expect(parseSidebarLayout({ collapsed: true, width: 500.4 })).toEqual({ collapsed: true, width: 500 });
    expect(parseSidebarLayout({ collapsed: 'yes', width: 'wide' })).toEqual({ collapsed: false, width: SIDEBAR_WIDTH.default });
    expect(parseSidebarLayout({ width: Number.NaN }).width).toBe(SIDEBAR_WIDTH.default);
    expect(parseSidebarLayout('open')).toEqual({ collapsed: false, width: SIDEBAR_WIDTH.default });
  });

  it('is never narrower than the minimum nor wider than half the window', () => {
    expect(clampWidth(100, 1440)).toBe(SIDEBAR_WIDTH.min);
    expect(clampWidth(400, 1440)).toBe(400);
    expect(clampWidth(1000, 1440)).toBe(720);
    expect(maxWidth(1440)).toBe(720);
    // In a window too narrow for both, the minimum wins: the sidebar stays usable (and foldable).
    expect(clampWidth(1000, 500)).toBe(SIDEBAR_WIDTH.min);
    for (const viewport of [320, 800, 1280, 1920, 3840])
      for (const width of [0, 280, 384, 900, 5000]) {
        const shown = clampWidth(width, viewport);
        expect(shown).toBeGreaterThanOrEqual(SIDEBAR_WIDTH.min);
        expect(shown).toBeLessThanOrEqual(Math.max(SIDEBAR_WIDTH.min, viewport / 2));
      }
  });
});

describe('reading a stored layout without a schema library', () => {
  // The shape the content script used to parse with zod/mini; the hand-written check must agree
  // with it on any value, so this schema stays what a stored layout is.
  const schema = z.object({ collapsed: z.optional(z.boolean()), width: z.optional(z.number()) });
  const byZod = (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    const value = parsed.success ? parsed.data : {};
    return { collapsed: value.collapsed === true, width: value.width !== undefined ? Math.round(value.width) : SIDEBAR_WIDTH.default };
  };
  const anything = fc.anything({ withBoxedValues: true, withNullPrototype: true, withSparseArray: true, withDate: true, withMap: true });
  const field = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 4, arbitrary: valid }, fc.constantFrom(undefined, null, Number.NaN, Infinity, -Infinity, 'true', 0, 1), anything);

  it('gives what the schema gave, for any value', () => {
    const near = fc.record({ collapsed: field(fc.boolean()), width: field(fc.double()), other: anything }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.oneof(near, anything), (raw) => {
        expect(parseSidebarLayout(raw)).toEqual(byZod(raw));
      }),
      { numRuns: 3000 },
    );
    for (const raw of [[], [true], Object.create({ collapsed: true, width: 400 }), new Boolean(true), { collapsed: new Boolean(true) }, { width: new Number(400) }])
      expect(parseSidebarLayout(raw)).toEqual(byZod(raw));
  });
});
