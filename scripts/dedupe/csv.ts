// Reading and writing CRM exports: UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252
// (what Excel writes in Spain and Latin America); comma, semicolon or tab delimited. Parsing is
// papaparse, row by row; errors name the line and the column. Decoding and delimiter detection
// are shared with the options page's CSV import (utils/import/decode.ts).
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { decode, detectDelimiter, type DecodedText, type Encoding } from '../../utils/import/decode';

export { decode, detectDelimiter, type DecodedText, type Encoding };

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** Encode output text the way the input was encoded, so it opens the same way. */
export function encode(text: string, encoding: Encoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16be')]);
    case 'win1252':
      return iconv.encode(text, 'win1252');
  }
}

export interface ParsedCsv {
  headers: string[];
  rows: string[][];
  /** line (1-based) on which each data row starts */
  lines: number[];
  delimiter: string;
  newline: '\r\n' | '\n';
}

function lineFinder(text: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const describeColumn = (headers: readonly string[], i: number) => (headers[i] !== undefined ? `column ${i + 1} "${headers[i]}"` : `column ${i + 1}`);

/**
 * Parse CSV text, checking every row: an unterminated quote or a row with more or fewer columns
 * than the header throws a CsvError naming the line and column.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): ParsedCsv {
  const lineOf = lineFinder(text);
  const newline = /\r\n/.test(text.slice(0, 10_000)) ? '\r\n' : '\n';
  let headers: string[] | undefined;
  const rows: string[][] = [];
  const lines: number[] = [];
  let previous = 0;
  let failure: CsvError | undefined;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: true,
    step: (result, parser) => {
      const start = previous;
      previous = result.meta.cursor;
      let first = start;
      while (first < text.length && (text[first] === '\n' || text[first] === '\r')) first++;
      const line = lineOf(first);
      const quoteError = result.errors.find((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
      if (quoteError) {
        const col = Math.max(0, result.data.length - 1);
        const where = headers ? describeColumn(headers, col) : `column ${col + 1}`;
        failure = new CsvError(`line ${line}, ${where}: quoted field is not closed (a " with no closing ")`, line, col + 1);
        parser.abort();
        return;
      }
      const row = result.data;
      if (!headers) {
        headers = row.map((h) => h.trim());
        if (!headers.some((h) => h)) {
          failure = new CsvError(`line ${line}: the header row is empty`, line);
          parser.abort();
        }
        return;
      }
      if (row.length !== headers.length) {
        // a trailing delimiter with nothing after it is common in Excel exports
        const trimmed = row.length === headers.length + 1 && row[row.length - 1] === '' ? row.slice(0, -1) : undefined;
        if (trimmed) {
          rows.push(trimmed);
          lines.push(line);
          return;
        }
        const col = Math.min(row.length, headers.length);
        failure =
          row.length > headers.length
            ? new CsvError(`line ${line}, column ${col + 1}: ${row.length} columns but the header has ${headers.length} (a delimiter inside an unquoted value?)`, line, col + 1)
            : new CsvError(`line ${line}, ${describeColumn(headers, col)}: missing; the row has ${row.length} of ${headers.length} columns`, line, col + 1);
        parser.abort();
        return;
      }
      rows.push(row);
      lines.push(line);
    },
  });
  if (failure) throw failure;
  if (!headers) throw new CsvError('the file is empty');
  return { headers, rows, lines, delimiter, newline };
}

/** CSV text for rows (header first), quoting only where needed. */
export function unparse(rows: string[][], delimiter: string, newline: string): string {
  return Papa.unparse(rows, { delimiter, newline, header: false });
}
