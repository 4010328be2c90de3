// The content script's hand-written guards accept exactly what the protocol's zod schemas accept:
// the schemas stay the source of truth (the background validates with them), the guards only spare
// every page the schema library (issue #15.1). Any value at all, values built near the valid shapes
// (each field valid, missing, of another type or a hostile number), and shapes chosen by hand.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageAnswerSchemas } from './pageAnswers';
import { shellSchemas } from './shellProtocol';
import { MAX_LIST_ROWS, isListAnswer, isListVerdict, isResponseEnvelope, isShellFocusMessage, isTabAnswer, pageAnswerGuards } from './pageAnswerGuards';
import { MAX_LIST_ROWS as SCHEMA_MAX_LIST_ROWS } from './pageProtocol';

const schemas = pageAnswerSchemas();
const RUNS = 3000;

/** anything, including the shapes that trip hand-written checks */
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});
const hostileNumber = fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 1.5, Number.MAX_VALUE, Number.MIN_VALUE, -1);
/** a field: usually valid, sometimes missing, undefined, a hostile number or anything */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: valid }, fc.constant(undefined), hostileNumber, anything, fc.string(), fc.boolean(), fc.constant(null));
/** an object with those fields, some keys left out */
const near = (shape: Record<string, fc.Arbitrary<unknown>>) => fc.record(shape, { requiredKeys: [] });

const verdict = near({
  key: field(fc.string()),
  verdict: field(fc.constantFrom('in-crm', 'possible', 'new', 'In-CRM', '')),
  ownerName: field(fc.string()),
  lastTouchAt: field(fc.string()),
  duplicateName: field(fc.string()),
  extra: field(fc.string()),
});
const rows = fc.oneof(
  fc.array(verdict, { maxLength: 4 }),
  fc.array(fc.oneof(verdict, anything), { maxLength: 4 }),
  fc.sparseArray(verdict, { maxLength: 4 }),
  anything,
);

function agree(name: string, guard: (v: unknown) => boolean, schema: { safeParse(v: unknown): { success: boolean } }, arb: fc.Arbitrary<unknown>) {
  it(`${name}: the guard and the schema agree`, () => {
    fc.assert(
      fc.property(arb, (v) => {
        expect(guard(v)).toBe(schema.safeParse(v).success);
      }),
      { numRuns: RUNS },
    );
  });
}

describe('page answer guards ≡ the protocol schemas', () => {
  const tabAnswer = fc.oneof(near({ tabId: field(fc.integer()), extra: field(fc.string()) }), anything);
  agree('page/detected', isTabAnswer, schemas.answers['page/detected'].response, tabAnswer);
  agree('page/none', isTabAnswer, schemas.answers['page/none'].response, tabAnswer);
  agree('list verdict', isListVerdict, schemas.listVerdict, fc.oneof(verdict, anything));
  agree('page/list', isListAnswer, schemas.answers['page/list'].response, fc.oneof(near({ tabId: field(fc.integer()), rows: field(rows), retryAfterMs: field(fc.integer()) }), anything));
  agree(
    'envelope',
    isResponseEnvelope,
    schemas.envelope,
    fc.oneof(
      near({ ok: field(fc.constantFrom(true, false, 'true', 1, 0)), data: anything, error: field(near({ code: field(fc.string()), message: field(fc.string()) })) }),
      anything,
    ),
  );
  agree('shell message', isShellFocusMessage, shellSchemas().message, fc.oneof(near({ type: field(fc.constantFrom('shell/focus-sidebar', 'shell/other', '')) }), anything));

  it('agree on shapes chosen by hand', () => {
    const inherited = Object.create({ tabId: 7 }) as object;
    const nullProto = Object.assign(Object.create(null) as object, { tabId: 7 });
    const holes: unknown[] = [];
    holes.length = 2;
    const cases: unknown[] = [
      { tabId: 7 },
      { tabId: '7' },
      { tabId: Number.NaN },
      { tabId: Infinity },
      { tabId: 7n },
      { tabId: new Number(7) },
      inherited,
      nullProto,
      [7],
      Object.assign([], { tabId: 7 }),
      Object.assign(() => {}, { tabId: 7 }),
      new Date(),
      { tabId: 7, rows: holes },
      { tabId: 7, rows: Object.assign(new Array<unknown>(3), { 0: { key: 'k', verdict: 'new' }, 2: { key: 'k', verdict: 'new' } }) },
      { tabId: 7, rows: [], retryAfterMs: null },
      { ok: true },
      { ok: true, data: undefined },
      { ok: false },
      { ok: false, error: { code: 'x' } },
      { ok: false, error: { code: 'x', message: 'y' } },
      { ok: 'true', data: 1 },
    ];
    for (const v of cases) {
      expect(isTabAnswer(v), String(Object.keys(v as object))).toBe(schemas.answers['page/detected'].response.safeParse(v).success);
      expect(isListAnswer(v)).toBe(schemas.answers['page/list'].response.safeParse(v).success);
      expect(isResponseEnvelope(v)).toBe(schemas.envelope.safeParse(v).success);
    }
  });

  it('are what the page client checks each answer with', () => {
    expect(pageAnswerGuards['page/detected'].response.safeParse({ tabId: 3 })).toEqual({ success: true, data: { tabId: 3 } });
    expect(pageAnswerGuards['page/list'].response.safeParse({ tabId: 3 }).success).toBe(false);
    expect(Object.keys(pageAnswerGuards).sort()).toEqual(Object.keys(schemas.answers).sort());
    expect(MAX_LIST_ROWS).toBe(SCHEMA_MAX_LIST_ROWS);
  });
});
