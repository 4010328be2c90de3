// Parsing a decoded CSV export in batches (papaparse, row by row, paused between batches), so the
// page that parses stays responsive and each batch can be sent to the background before the next
// is read. Pure: no DOM, no browser APIs.
import Papa from 'papaparse';
import type { CsvRow } from '../rows';
import { MAX_BATCH_CHARS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_CHARS, rowChars } from '../../messaging/importLimits';

/** The row as it can be sent: cells dropped, with the reason, when it is over a limit. */
export function boundRow(input: CsvRow): CsvRow {
  const { cells } = input;
  let tooBig: CsvRow['tooBig'];
  if (cells.length > MAX_COLUMNS) tooBig = { what: 'columns', size: cells.length };
  else {
    const col = cells.findIndex((c) => c.length > MAX_CELL_CHARS);
    if (col >= 0) tooBig = { what: 'cell', size: cells[col]!.length, col };
    else {
      const size = rowChars(cells);
      if (size > MAX_ROW_CHARS) tooBig = { what: 'row', size };
    }
  }
  if (!tooBig) return input;
  return { row: input.row, cells: [], ...(input.quoteError ? { quoteError: true } : {}), tooBig };
}

/** The header row, and how many data rows the text holds (quoted line breaks counted right). */
export function readHeader(text: string, delimiter: string): string[] {
  const result = Papa.parse<string[]>(text, { delimiter, preview: 1, skipEmptyLines: true });
  return (result.data[0] ?? []).map((h) => h.replace(/^\uFEFF/, '').trim());
}

/** The first `n` data rows (after the header), for a preview. */
export function readSample(text: string, delimiter: string, n: number): string[][] {
  const result = Papa.parse<string[]>(text.slice(0, 200_000), { delimiter, preview: n + 1, skipEmptyLines: 'greedy' });
  return result.data.slice(1);
}

/**
 * Every value of these columns, row by row (the header row skipped): what a whole-file reading
 * needs, such as the order of a date column's day and month. Cells are not kept.
 */
export function* columnValues(text: string, delimiter: string, cols: readonly number[]): Generator<string> {
  if (!cols.length) return;
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' });
  for (let r = 1; r < result.data.length; r++) {
    const row = result.data[r]!;
    for (const c of cols) if (row[c]) yield row[c]!;
  }
}

/** Data rows in the text (non-empty records after the header), counted without parsing them. */
export function countRows(text: string): number {
  let rows = 0;
  let quoted = false;
  let content = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      quoted = !quoted;
      content = true;
    } else if (!quoted && (c === 10 || c === 13)) {
      if (content) rows++;
      content = false;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    } else if (c !== 32) content = true;
  }
  if (content) rows++;
  return Math.max(0, rows - 1);
}

export type StreamOptions = {
  delimiter: string;
  /** rows per batch (default 1,000) */
  batchSize?: number;
  /** characters per batch, all cells together (default MAX_BATCH_CHARS) */
  batchChars?: number;
  signal?: AbortSignal;
};

/**
 * Reads the text in batches of rows: `onBatch` is awaited before the next batch is parsed (the
 * parser is paused meanwhile), so a caller that sends each batch somewhere never holds more than
 * one batch. A batch ends at `batchSize` rows or before it would pass `batchChars` characters;
 * a row over a limit (boundRow) is passed without its cells. The header row is returned, not passed to onBatch. Stops early when `signal` aborts.
 */
export function streamCsv(
  text: string,
  options: StreamOptions,
  onBatch: (rows: CsvRow[]) => Promise<void> | void,
): Promise<{ headers: string[]; rows: number; aborted: boolean }> {
  const batchSize = options.batchSize ?? 1000;
  const batchChars = options.batchChars ?? MAX_BATCH_CHARS;
  return new Promise((resolve, reject) => {
    let headers: string[] | undefined;
    let row = 1; // spreadsheet row of the record just read (header = 1)
    let batch: CsvRow[] = [];
    let chars = 0;
    let total = 0;
    let failed = false;
    const flush = async () => {
      const rows = batch;
      batch = [];
      chars = 0;
      total += rows.length;
      if (rows.length) await onBatch(rows);
    };
    /** send the batch with the parser paused; then `next` and carry on, unless stopped */
    const flushPaused = (parser: Papa.Parser, next?: () => void) => {
      parser.pause();
      flush().then(
        () => {
          next?.();
          if (batch.length >= batchSize && !options.signal?.aborted) {
            flushPaused(parser);
            return;
          }
          if (options.signal?.aborted) {
            parser.abort();
            resolve({ headers: headers ?? [], rows: total, aborted: true });
          } else parser.resume();
        },
        (error: unknown) => {
          failed = true;
          parser.abort();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    };
    Papa.parse<string[]>(text, {
      delimiter: options.delimiter,
      skipEmptyLines: false,
      step: (result, parser) => {
        if (failed) return;
        const cells = result.data;
        if (!headers) {
          if (cells.length === 1 && cells[0]!.trim() === '') return; // blank lines before the header
          headers = cells.map((h) => h.replace(/^\uFEFF/, '').trim());
          return;
        }
        row++;
        if (cells.length === 1 && cells[0]!.trim() === '') return; // an empty line: nothing to import
        const quoteError = result.errors.some((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
        const next = boundRow(quoteError ? { row, cells, quoteError } : { row, cells });
        const size = rowChars(next.cells);
        const add = () => {
          batch.push(next);
          chars += size;
        };
        // this row would make the batch too big: send the batch first
        if (batch.length && chars + size > batchChars) {
          flushPaused(parser, add);
          return;
        }
        add();
        if (batch.length >= batchSize) flushPaused(parser);
      },
      complete: () => {
        if (failed || options.signal?.aborted) return;
        flush().then(() => resolve({ headers: headers ?? [], rows: total, aborted: false }), reject);
      },
    });
  });
}
