// How big a CSV import's rows and messages may be. The page checks rows against these before
// sending (a row over a limit is sent without its cells, saying why, and is rejected with that
// reason); the background's zod schema (schema.ts) enforces the same numbers, so one broken row
// never makes a whole batch invalid.

/** Excel's own cell limit: no spreadsheet writes a longer value; a longer one is a broken file (an unclosed quote that swallowed the rows after it). */
export const MAX_CELL_CHARS = 32_767;
/** columns a row may have (the header's limit, 500, plus Excel's trailing empty one) */
export const MAX_COLUMNS = 501;
/** characters in one row, all cells together */
export const MAX_ROW_CHARS = 1_000_000;
/** rows in one `import/batch` message (the page sends 1,000) */
export const MAX_BATCH_ROWS = 2000;
/** characters in one `import/batch` message's cells, all rows together: the page starts a new batch before this */
export const MAX_BATCH_CHARS = 4_000_000;
/** columns in the header, and characters in one header */
export const MAX_HEADERS = 500;
export const MAX_HEADER_CHARS = 1000;

/** Characters in a row's cells. */
export function rowChars(cells: readonly string[]): number {
  let n = 0;
  for (const c of cells) n += c.length;
  return n;
}
