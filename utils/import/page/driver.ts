// The page's side of a CSV import (pure: no DOM; the options page, the tests and the benchmark
// all run it): decode the file, find its columns, then parse it in batches and send each batch to
// the background, awaiting its answer before parsing the next, so the page never freezes and the
// background never holds more than one batch.
import type { AnyRequest, ResponseOf } from '../../messaging/protocol';
import { toCsv } from '../../csv/write';
import { MAX_HEADER_CHARS, MAX_HEADERS } from '../../messaging/importLimits';
import { autoMap, detectCrm, isLeadsFile, type ColumnMap, type ImportCrm, type Kind } from '../columns';
import type { PersonKindChoice } from '../rows';
import { decode, detectDelimiter, type Encoding } from './decode';
import type { MergeNote, Rejection } from '../rows';
import { columnValues, countRows, readHeader, readSample, streamCsv } from './stream';
import { dateOrderOf, type DateOrder } from '../ownedColumns';

export type PreparedFile = {
  fileName: string;
  size: number;
  /** a hash of the bytes: the same file imported again creates the same ids */
  fileKey: string;
  text: string;
  encoding: Encoding;
  delimiter: string;
  headers: string[];
  /** the first data rows (at most SAMPLE_ROWS), for the preview and for telling which CRM exported the file */
  sample: string[][];
  totalRows: number;
};

export const SAMPLE_ROWS = 20;

function hex(bytes: ArrayBuffer, n: number): string {
  return [...new Uint8Array(bytes).slice(0, n)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The first 64 bits of the SHA-256 of the file, as hex. */
export async function fileKeyOf(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return hex(digest, 8);
}

/** Decode and look at a file: encoding, delimiter, header, number of rows. */
export async function prepareFile(bytes: Uint8Array, fileName: string): Promise<PreparedFile> {
  const fileKey = fileKeyOf(bytes);
  const { text, encoding } = decode(bytes);
  // a large file: let the page paint between the steps (each is tens of ms per 10 MB)
  await pause();
  const delimiter = detectDelimiter(text);
  const headers = readHeader(text, delimiter);
  // the header travels with every batch: one the background's schema refuses would fail the whole import
  if (headers.length > MAX_HEADERS) throw new Error(`The header row has ${headers.length} columns; at most ${MAX_HEADERS} can be imported. / La fila de cabecera tiene ${headers.length} columnas; se pueden importar como mucho ${MAX_HEADERS}.`);
  const long = headers.findIndex((h) => h.length > MAX_HEADER_CHARS);
  if (long >= 0) throw new Error(`Column ${long + 1}'s header has ${headers[long]!.length} characters, more than ${MAX_HEADER_CHARS}: is this the header row? / La cabecera de la columna ${long + 1} tiene ${headers[long]!.length} caracteres, más de ${MAX_HEADER_CHARS}: ¿es la fila de cabecera?`);
  const sample = readSample(text, delimiter, SAMPLE_ROWS);
  await pause();
  const totalRows = countRows(text);
  return { fileName, size: bytes.length, fileKey: await fileKey, text, encoding, delimiter, headers, sample, totalRows };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

export { autoMap };

/**
 * How the file writes its d/m/y dates, read from every date of the mapped date columns (see
 * dateOrderOf); undefined when no date column is mapped or the file does not say.
 */
export function dateOrderFor(file: PreparedFile, map: ColumnMap): DateOrder | undefined {
  const cols = map.productSince ?? [];
  if (!cols.length) return undefined;
  return dateOrderOf(columnValues(file.text, file.delimiter, cols), file.headers);
}

export type ImportProgress = {
  importId: string;
  totalRows: number;
  read: number;
  imported: number;
  merged: number;
  unchanged: number;
  queued: number;
  rejected: Rejection[];
  /** the first merges (at most MAX_MERGE_NOTES) */
  merges: MergeNote[];
  state: 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
};

export const MAX_MERGE_NOTES = 500;

type ImportRequest = Extract<AnyRequest, { type: `import/${string}` }>;
/** How the page reaches the background: sendRequest in the extension, the handlers in tests. */
export type ImportSend = <R extends ImportRequest>(request: R) => Promise<ResponseOf<R['type']>>;

export type RunOptions = {
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  importId?: string;
  /** the CRM whose ids the file carries; detected from the headers and first rows when not given */
  crm?: ImportCrm;
  /** people as contacts, as leads, or as each row says (default) */
  personKind?: PersonKindChoice;
};

let counter = 0;

/** Import a prepared file with this mapping; resolves with the final progress. */
export async function runImport(file: PreparedFile, kind: Kind, map: ColumnMap, send: ImportSend, options: RunOptions = {}): Promise<ImportProgress> {
  const importId = options.importId ?? `${file.fileKey}-${Date.now().toString(36)}-${(counter++).toString(36)}`;
  const crm = options.crm ?? detectCrm(file.headers, map, file.sample);
  const dateOrder = kind === 'accounts' ? dateOrderFor(file, map) : undefined;
  const context = {
    importId,
    kind,
    fileKey: file.fileKey,
    headers: file.headers,
    map: map as Record<string, number[]>,
    ...(crm ? { crm } : {}),
    ...(kind === 'contacts' ? { personKind: options.personKind ?? 'file', leadsFile: isLeadsFile(file.headers) } : {}),
    ...(dateOrder ? { dateOrder } : {}),
  };

  const progress: ImportProgress = {
    importId,
    totalRows: file.totalRows,
    read: 0,
    imported: 0,
    merged: 0,
    unchanged: 0,
    queued: 0,
    rejected: [],
    merges: [],
    state: 'running',
  };
  const report = () => options.onProgress?.({ ...progress, rejected: progress.rejected, merges: progress.merges });
  await send({ type: 'import/start', ...context, fileName: file.fileName.slice(0, 300), totalRows: file.totalRows });
  report();
  let refused = false;
  const stop = new AbortController();
  options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  try {
    await streamCsv(file.text, { delimiter: file.delimiter, batchSize: options.batchSize ?? 1000, signal: stop.signal }, async (rows) => {
      const r = await send({ type: 'import/batch', ...context, rows });
      if (r.cancelled) {
        refused = true;
        stop.abort();
        return;
      }
      progress.read += r.read;
      progress.imported += r.imported;
      progress.merged += r.merged;
      progress.unchanged += r.unchanged;
      progress.queued += r.queued;
      for (const x of r.rejected) progress.rejected.push(x);
      for (const m of r.merges) if (progress.merges.length < MAX_MERGE_NOTES) progress.merges.push(m);
      report();
      // let the page paint and handle input between batches
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  } catch (error) {
    progress.state = 'failed';
    progress.error = error instanceof Error ? error.message : String(error);
    await send({ type: 'import/cancel', importId }).catch(() => {});
    report();
    return progress;
  }
  const cancelled = refused || stop.signal.aborted;
  const status = await send(cancelled ? { type: 'import/cancel', importId } : { type: 'import/finish', importId });
  progress.state = status.state === 'running' ? (cancelled ? 'cancelled' : 'done') : status.state;
  if (status.error) progress.error = status.error;
  if (progress.state === 'done') progress.totalRows = progress.read;
  report();
  return progress;
}

/**
 * The rejected rows as CSV text (row, column, reason), for download; formula-like cells neutralised
 * (utils/csv/write.ts), and cells with a comma or semicolon quoted whatever the delimiter (Excel's
 * list separator is ";" in Spain).
 */
export function rejectionsCsv(rejected: readonly Rejection[], lang: 'en' | 'es', delimiter = ','): string {
  const header = lang === 'es' ? ['fila', 'columna', 'motivo'] : ['row', 'column', 'reason'];
  return `${toCsv([header, ...rejected.map((r) => [String(r.row), r.column, r.reason[lang]])], { delimiter, newline: '\r\n', quoteWhen: /[,;\t]|^\s|\s$/ })}\r\n`;
}
