import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { lazySchema } from './lazySchema';

describe('lazySchema', () => {
  it('builds nothing until first used, then once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.object({ a: z.string() });
    });
    expect(builds).toBe(0);
    expect(schema.safeParse({ a: 'x' }).success).toBe(true);
    expect(schema.safeParse({ a: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it('composes: inside objects, optionals, arrays and discriminated unions, as the schema itself', () => {
    const inner = lazySchema(() => z.object({ type: z.literal('a'), n: z.number() }));
    const other = lazySchema(() => z.object({ type: z.literal('b') }));
    const union = lazySchema(() => z.discriminatedUnion('type', [inner, other]));
    const outer = z.object({ one: z.optional(inner), many: z.array(union) });
    expect(outer.safeParse({ one: { type: 'a', n: 1 }, many: [{ type: 'b' }, { type: 'a', n: 2 }] }).success).toBe(true);
    expect(outer.safeParse({ many: [{ type: 'a' }] }).success).toBe(false);
    expect(outer.safeParse({ many: [{ type: 'c' }] }).success).toBe(false);
  });

  it('gives the schema\'s own properties (enum options, object shape)', () => {
    const e = lazySchema(() => z.enum(['x', 'y']));
    expect(e.options).toEqual(['x', 'y']);
    const o = lazySchema(() => z.object({ k: z.string() }));
    expect(Object.keys(o.shape)).toEqual(['k']);
    expect(o instanceof z.ZodMiniObject).toBe(true);
  });
});
