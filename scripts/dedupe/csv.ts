// Reading and writing CRM exports: UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252
// (what Excel writes in Spain and Latin America); comma, semicolon or tab delimited; UTF-16
// without a BOM is refused with an error naming it. Parsing is papaparse, row by row; errors name
// the line and the column. Files are streamed (`readCsvFile`): a million rows are never in memory
// at once. Decoding and delimiter detection are shared with the options page's CSV import
// (utils/import/page/decode.ts).
import iconv from 'iconv-lite';
import { closeSync, createReadStream, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { toCsv } from '../../utils/csv/write';
import { decode, DecodeError, detectDelimiter, ENCODING_NAMES, refuseUtf16WithoutBom, type DecodedText, type Encoding } from '../../utils/import/page/decode';

export { decode, detectDelimiter, ENCODING_NAMES, type DecodedText, type Encoding };

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** The byte-order mark written before the output in this encoding (none for UTF-8 and Windows-1252). */
export function bomOf(encoding: Encoding): Buffer {
  if (encoding === 'utf8-bom') return Buffer.from([0xef, 0xbb, 0xbf]);
  if (encoding === 'utf16le') return Buffer.from([0xff, 0xfe]);
  if (encoding === 'utf16be') return Buffer.from([0xfe, 0xff]);
  return Buffer.alloc(0);
}

/** A piece of output text in this encoding, without a byte-order mark (see bomOf). */
export function encodeChunk(text: string, encoding: Encoding): Buffer {
  if (encoding === 'win1252') return iconv.encode(text, 'win1252');
  if (encoding === 'utf16le' || encoding === 'utf16be') return iconv.encode(text, encoding);
  return Buffer.from(text, 'utf8');
}

const describeColumn = (headers: readonly string[], i: number) => (headers[i] !== undefined ? `column ${i + 1} "${headers[i]}"` : `column ${i + 1}`);

/** CSV text for rows (header first), quoting only where needed, formula-like cells neutralised (utils/csv/write.ts). */
export function unparse(rows: string[][], delimiter: string, newline: string): string {
  return toCsv(rows, { delimiter, newline });
}

/** What the start of a file says: its encoding (as far as the first bytes tell), delimiter and line breaks. */
export interface InputInfo {
  encoding: Encoding;
  /** bytes of byte-order mark to skip */
  bom: number;
  /** no BOM and not forced: UTF-8 if every byte decodes as UTF-8, else Windows-1252 (known after a full read) */
  guessed: boolean;
  delimiter: string;
  newline: '\r\n' | '\n';
  /** about how many rows the file has, from the length of the first 64 KB's lines */
  rowsEstimate: number;
}

const SNIFF_BYTES = 64 * 1024;

/** Look at the first 64 KB of a file: BOM, UTF-16 without BOM (refused, naming it), delimiter, line breaks. */
export function sniffInput(path: string, forced?: Encoding, delimiter?: string): InputInfo {
  const fd = openSync(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    head = buffer.subarray(0, readSync(fd, buffer, 0, SNIFF_BYTES, 0));
  } finally {
    closeSync(fd);
  }
  let encoding: Encoding;
  let bom = 0;
  let guessed = false;
  if (forced === 'win1252') encoding = 'win1252';
  else if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) [encoding, bom] = ['utf8-bom', 3];
  else if (head[0] === 0xff && head[1] === 0xfe) [encoding, bom] = ['utf16le', 2];
  else if (head[0] === 0xfe && head[1] === 0xff) [encoding, bom] = ['utf16be', 2];
  else {
    try {
      refuseUtf16WithoutBom(head);
    } catch (e) {
      if (e instanceof DecodeError) throw new CsvError(e.message);
      throw e;
    }
    encoding = forced ?? 'utf8';
    guessed = forced === undefined;
  }
  // the head as text, for the delimiter and line breaks (a character cut at the end does not matter)
  const text = new TextDecoder(decoderLabel(encoding)).decode(head.subarray(bom));
  const lines = text.split('\n').length - 1;
  const size = statSync(path).size;
  const rowsEstimate = head.length >= size ? lines : Math.ceil((size / Math.max(1, head.length)) * lines);
  return { encoding, bom, guessed, delimiter: delimiter ?? detectDelimiter(text), newline: /\r\n/.test(text.slice(0, 10_000)) ? '\r\n' : '\n', rowsEstimate };
}

function decoderLabel(encoding: Encoding): string {
  return encoding === 'win1252' ? 'windows-1252' : encoding === 'utf16le' ? 'utf-16le' : encoding === 'utf16be' ? 'utf-16be' : 'utf-8';
}

/** The file is not valid UTF-8 (when it was read as UTF-8 on a guess): read it again as Windows-1252. */
export class NotUtf8Error extends Error {}

export interface ReadOptions {
  encoding: Encoding;
  bom: number;
  delimiter: string;
  /** a guessed UTF-8 fails with NotUtf8Error on the first byte that is not UTF-8 */
  fatal?: boolean;
  /** how far the read is, 0–1, now and then */
  onProgress?: (fraction: number) => void;
}

/**
 * Stream a CSV file row by row: `onHeader` once, then `onRow` for every data row with the line it
 * starts on. Every row is checked as it comes (an unterminated quote, or more or fewer columns
 * than the header, rejects with a CsvError naming the line and column); blank lines are skipped;
 * a trailing empty value after the last column (common in Excel exports) is dropped. Nothing is
 * kept: memory does not grow with the file.
 */
export function readCsvFile(
  path: string,
  options: ReadOptions,
  onHeader: (headers: string[]) => void,
  onRow: (cells: string[], line: number) => void,
): Promise<{ headers: string[]; rows: number }> {
  return new Promise((resolve, reject) => {
    const source = createReadStream(path, { start: options.bom, highWaterMark: 256 * 1024 });
    let size = 0;
    let read = 0;
    const decoder = new TextDecoder(decoderLabel(options.encoding), { fatal: options.fatal === true });
    let lastReport = 0;
    const text = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _enc, done) {
        read += chunk.length;
        if (options.onProgress && size && read - lastReport > size / 100) {
          lastReport = read;
          options.onProgress(read / size);
        }
        try {
          const t = decoder.decode(chunk, { stream: true });
          done(null, t.length ? t : undefined);
        } catch {
          done(new NotUtf8Error('not UTF-8'));
        }
      },
      flush(done) {
        try {
          const t = decoder.decode();
          done(null, t.length ? t : undefined);
        } catch {
          done(new NotUtf8Error('not UTF-8'));
        }
      },
    });
    source.on('open', (fd) => {
      size = fstatSync(fd).size;
    });
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      source.destroy();
      text.destroy();
      reject(error);
    };
    source.on('error', fail);
    source.pipe(text);

    let headers: string[] | undefined;
    let line = 1;
    let rows = 0;
    let linebreak = '\n';
    Papa.parse<string[]>(text as unknown as File, {
      delimiter: options.delimiter,
      skipEmptyLines: false,
      step: (result, parser) => {
        if (settled) return;
        if (result.meta.linebreak) linebreak = result.meta.linebreak === '\r' ? '\r' : '\n';
        const cells = result.data;
        const start = line;
        line += 1;
        for (const cell of cells) {
          if (cell.length > 0 && cell.includes(linebreak)) line += cell.split(linebreak).length - 1;
        }
        const quoteError = result.errors.find((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes');
        if (quoteError) {
          const col = Math.max(0, cells.length - 1);
          const where = headers ? describeColumn(headers, col) : `column ${col + 1}`;
          fail(new CsvError(`line ${start}, ${where}: quoted field is not closed (a " with no closing ")`, start, col + 1));
          parser.abort();
          return;
        }
        if (cells.length === 1 && cells[0] === '') return; // a blank line
        if (!headers) {
          headers = cells.map((h) => h.trim());
          if (!headers.some((h) => h)) {
            fail(new CsvError(`line ${start}: the header row is empty`, start));
            parser.abort();
            return;
          }
          onHeader(headers);
          return;
        }
        let row = cells;
        if (row.length !== headers.length) {
          if (row.length === headers.length + 1 && row[row.length - 1] === '') row = row.slice(0, -1);
          else {
            const col = Math.min(row.length, headers.length);
            fail(
              row.length > headers.length
                ? new CsvError(`line ${start}, column ${col + 1}: ${row.length} columns but the header has ${headers.length} (a delimiter inside an unquoted value?)`, start, col + 1)
                : new CsvError(`line ${start}, ${describeColumn(headers, col)}: missing; the row has ${row.length} of ${headers.length} columns`, start, col + 1),
            );
            parser.abort();
            return;
          }
        }
        rows++;
        try {
          onRow(row, start);
        } catch (error) {
          fail(error instanceof Error ? error : new Error(String(error)));
          parser.abort();
        }
      },
      complete: () => {
        if (settled) return;
        settled = true;
        if (!headers) reject(new CsvError('the file is empty'));
        else resolve({ headers, rows });
      },
      error: (error: Error) => fail(error),
    });
  });
}
