// What a content script reads back from its own background, checked without a schema library:
// zod/mini would add ~6 KB gzip and ~5 ms of start-up to every page (issue #15.1). The schemas in
// ./pageAnswers.ts and ./shellProtocol.ts stay the source of truth — the background builds and
// validates with them — and pageAnswerGuards.test.ts proves each guard here accepts exactly what
// its schema accepts (fast-check, hostile shapes included). Change a schema, change its guard.
import type { ListVerdict, ResponseEnvelope } from './pageAnswers';

/** rows per page/list request (the background's schema checks it) */
export const MAX_LIST_ROWS = 200;

type Obj = Record<string, unknown>;

/** zod's object check: any non-null object that is not an array (own or inherited keys read). */
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** zod 4's number: finite, not NaN */
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const optional = (v: unknown, check: (v: unknown) => boolean) => v === undefined || check(v);

/** The `{ok, data | error}` envelope every answer travels in (pageAnswerSchemas().envelope). */
export function isResponseEnvelope(v: unknown): v is ResponseEnvelope {
  if (!isObject(v)) return false;
  // zod's z.unknown() field: the key must be there (own or inherited), whatever its value
  if (v.ok === true) return 'data' in v;
  return v.ok === false && isObject(v.error) && isString(v.error.code) && isString(v.error.message);
}

/** The answer to page/detected and page/none. */
export function isTabAnswer(v: unknown): v is { tabId: number } {
  return isObject(v) && isNumber(v.tabId);
}

const VERDICTS: ReadonlySet<unknown> = new Set(['in-crm', 'possible', 'new']);

export function isListVerdict(v: unknown): v is ListVerdict {
  return (
    isObject(v) &&
    isString(v.key) &&
    VERDICTS.has(v.verdict) &&
    optional(v.ownerName, isString) &&
    optional(v.lastTouchAt, isString) &&
    optional(v.duplicateName, isString)
  );
}

/** The answer to page/list. */
export function isListAnswer(v: unknown): v is { tabId: number; rows: ListVerdict[]; retryAfterMs?: number } {
  if (!isObject(v) || !isNumber(v.tabId) || !Array.isArray(v.rows) || !optional(v.retryAfterMs, isNumber)) return false;
  // every index, holes too (Array.prototype.every skips the holes of a sparse array; zod does not)
  const rows: unknown[] = v.rows;
  for (let i = 0; i < rows.length; i++) if (!isListVerdict(rows[i])) return false;
  return true;
}

/** The keyboard command from our background (shellSchemas().message). */
export function isShellFocusMessage(v: unknown): v is { type: 'shell/focus-sidebar' } {
  return isObject(v) && v.type === 'shell/focus-sidebar';
}

/** A guard in the shape callBackground takes for each answer. */
function checked<T>(guard: (v: unknown) => v is T) {
  return { response: { safeParse: (v: unknown) => (guard(v) ? { success: true as const, data: v } : { success: false as const }) } };
}

/** Per page request, its answer's guard. */
export const pageAnswerGuards = {
  'page/detected': checked(isTabAnswer),
  'page/none': checked(isTabAnswer),
  'page/list': checked(isListAnswer),
};
