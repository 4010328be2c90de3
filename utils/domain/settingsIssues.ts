// Readable validation errors for settings the team edits (scoring model, rules), in English and
// Spanish. zod/mini ships no messages of its own ("Invalid input"), so we word the issues here.
import type * as z from 'zod/mini';
import type { Bilingual } from './bilingual';

export type SettingsIssue = { path: string; message: Bilingual };
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: SettingsIssue[] };

type Issue = z.core.$ZodIssue;

function list(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function word(issue: Issue): Bilingual {
  switch (issue.code) {
    case 'invalid_type':
      return !('input' in issue) || issue.input === undefined
        ? { en: 'is required', es: 'es obligatorio' }
        : { en: `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`, es: `debe ser ${issue.expected === 'int' ? 'un número entero' : `de tipo ${issue.expected}`}` };
    case 'invalid_value':
      return { en: `must be one of ${list(issue.values)}`, es: `debe ser uno de ${list(issue.values)}` };
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? { en: `needs at least ${issue.minimum} item(s)`, es: `necesita al menos ${issue.minimum} elemento(s)` }
        : { en: `must be at least ${issue.minimum}`, es: `debe ser como mínimo ${issue.minimum}` };
    case 'too_big':
      return { en: `must be at most ${issue.maximum}`, es: `debe ser como máximo ${issue.maximum}` };
    case 'unrecognized_keys':
      return { en: `unknown field(s): ${issue.keys.join(', ')}`, es: `campo(s) desconocido(s): ${issue.keys.join(', ')}` };
    case 'invalid_union':
      return { en: 'matches none of the allowed shapes', es: 'no coincide con ninguna forma permitida' };
    case 'custom': {
      // our refinements put "English | Español" in the message
      const [en, es] = issue.message.split(' | ');
      return { en: en ?? issue.message, es: es ?? en ?? issue.message };
    }
    default:
      return { en: 'is not valid', es: 'no es válido' };
  }
}

export function describeIssues(error: z.core.$ZodError): SettingsIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: word(issue),
  }));
}

/** Validate with a schema and return either the value or the worded issues. */
export function parseWith<T>(schema: z.ZodMiniType<T>, value: unknown): ParseResult<T> {
  // reportInput tells a missing field (no input) from a wrong one
  const parsed = schema.safeParse(value, { reportInput: true });
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: describeIssues(parsed.error) };
}
