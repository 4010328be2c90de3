// An accounts file may say what each customer owns: one row per account × product, with the product's
// name, since when, seats and ARR (issue #18.6: "products owned … come from … CSV import"). Rows of the
// same account merge into it (the import's matcher), each adding its product. Pure: shared by both
// halves of the import (rows.ts reads a row, background/ownedProducts.ts stores it).
import type { Bilingual } from '../domain/bilingual';

export type OwnedDraft = { name: string; since?: string; seats?: number; arr?: number };

const quote = (v: string) => (v.length > 60 ? `${v.slice(0, 57)}…` : v);

export const OWNED_REASONS = {
  date: (v: string): Bilingual => ({
    en: `not a date, or day and month could be either (write it as 2026-03-01): "${quote(v)}"`,
    es: `no es una fecha, o el día y el mes podrían ser cualquiera (escríbala como 2026-03-01): «${quote(v)}»`,
  }),
  seats: (v: string): Bilingual => ({ en: `not a number of seats: "${quote(v)}"`, es: `no es un número de puestos: «${quote(v)}»` }),
  arr: (v: string): Bilingual => ({ en: `not an amount: "${quote(v)}"`, es: `no es un importe: «${quote(v)}»` }),
  noProduct: (): Bilingual => ({ en: 'a product’s date, seats or ARR without the product’s name', es: 'fecha, puestos o ARR de un producto sin el nombre del producto' }),
};

/** Which number comes first in a file's d/m/y dates: the day (Spain, Latin America) or the month. */
export type DateOrder = 'dmy' | 'mdy';

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * A date as YYYY-MM-DD (a time after it is dropped), or day/month/year with "/", "-" or "." when
 * the numbers say which is the day (one of them over 12, or both the same) or the file does
 * (`order`, see dateOrderOf); undefined otherwise.
 */
export function parseOwnedDate(value: string, order?: DateOrder): string | undefined {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v);
  const dmy = DMY.exec(v);
  let y: number, m: number, d: number;
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) {
    const a = Number(dmy[1]);
    const b = Number(dmy[2]);
    y = Number(dmy[3]);
    if (a > 12 || a === b || (order === 'dmy' && b <= 12)) [d, m] = [a, b];
    else if (b > 12 || order === 'mdy') [m, d] = [a, b];
    else return undefined; // 03/04/2026: 3 April or March 4 — the file does not say
  } else return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

// Words of Spanish column headers: a file headed in Spanish was written where dates go day first.
const SPANISH_HEADER = /\b(?:fecha|desde|empresa|cliente|producto|licencias|nombre|apellidos?|correo|telefono|ciudad|pais|propietario|cuenta|sitio)\b/;

/**
 * The order of a file's d/m/y dates, from every value of its date columns: a date whose first
 * number is over 12 says the day comes first, one whose second is says the month does. When
 * none says (or they disagree), a file with Spanish headers is read day first; otherwise
 * undefined, and each date that could be either is refused with its row.
 */
export function dateOrderOf(values: Iterable<string>, headers: readonly string[]): DateOrder | undefined {
  let dayFirst = false;
  let monthFirst = false;
  for (const value of values) {
    const m = DMY.exec(value.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst = true;
    else if (Number(m[2]) > 12) monthFirst = true;
    if (dayFirst && monthFirst) return undefined;
  }
  if (dayFirst) return 'dmy';
  if (monthFirst) return 'mdy';
  const folded = headers.map((h) => h.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase());
  return folded.some((h) => SPANISH_HEADER.test(h)) ? 'dmy' : undefined;
}

/**
 * An amount as spreadsheets write it: "18000", "€18,000", "18.000 €", "18,000.50", "18.000,50",
 * "EUR 1 200". Of "." and ",", the last is the decimal mark when both appear; a single one followed by
 * exactly three digits (once or more) groups thousands. Undefined when not an amount, or negative.
 */
export function parseAmount(value: string): number | undefined {
  const v = value.trim().replace(/^[A-Za-z€$£¥\s]+|[A-Za-z€$£¥\s]+$/g, '').replace(/[\s\u00a0\u202f']/g, '');
  if (!/^\d[\d.,]*$/.test(v)) return undefined;
  const lastDot = v.lastIndexOf('.');
  const lastComma = v.lastIndexOf(',');
  let text: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    text = v.split(group).join('').replace(decimal, '.');
  } else {
    const mark = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '';
    if (!mark) text = v;
    else if (new RegExp(`^\\d{1,3}(?:\\${mark}\\d{3})+$`).test(v)) text = v.split(mark).join('');
    else if (v.split(mark).length === 2) text = v.replace(mark, '.');
    else return undefined;
  }
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Seats: a whole number (thousands grouped as amounts are). */
export function parseSeats(value: string): number | undefined {
  const n = parseAmount(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}
