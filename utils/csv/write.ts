// Writing CSV: the one function every CSV the project writes goes through (the dedupe CLI's
// output, the import's rejected-rows report, any export). papaparse quotes what needs quoting;
// cells that a spreadsheet would run as a formula are neutralised as OWASP recommends
// (https://owasp.org/www-community/attacks/CSV_Injection): a cell starting with =, +, -, @, tab
// or carriage return gets a single quote in front and is quoted, headers included.
import Papa from 'papaparse';

/**
 * A cell a spreadsheet may take for a formula. papaparse's own `escapeFormulae: true` pattern
 * (`/^[=+\-@\t\r].*$/`) misses a cell with a line break after its first line (`.` stops at the
 * break and `$` wants the end of the text), so the test is on the first character only.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as it is written: a leading quote when it starts like a formula. */
export function neutraliseCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export type CsvWriteOptions = {
  /** default "," */
  delimiter?: string;
  /** default "\r\n" (RFC 4180) */
  newline?: string;
  /** also quote cells that match (besides those holding the delimiter, a quote or a line break) */
  quoteWhen?: RegExp;
};

/**
 * CSV text for rows (the header is simply the first row), without a final line break: quoted only
 * where needed, formula-like cells neutralised and quoted.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>, options: CsvWriteOptions = {}): string {
  return Papa.unparse(rows as string[][], {
    delimiter: options.delimiter ?? ',',
    newline: options.newline ?? '\r\n',
    header: false,
    escapeFormulae: FORMULA_START,
    ...(options.quoteWhen ? { quotes: (value: unknown) => options.quoteWhen!.test(String(value)) } : {}),
  });
}
