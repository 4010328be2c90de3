// The CSV import's messages (options page → background), validated with zod on receipt like every
// request (protocol.ts lists them).
import * as z from 'zod/mini';
import { lazySchema } from '../domain/lazySchema';
import { MAX_BATCH_CHARS, MAX_BATCH_ROWS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_HEADER_CHARS, MAX_HEADERS, rowChars } from './importLimits';
import { IMPORT_CRMS } from '../crms/exportIds';

const bilingualSchema = lazySchema(() => z.object({ en: z.string(), es: z.string() }));
export const rejectionSchema = lazySchema(() => z.object({ row: z.number(), column: z.string(), reason: bilingualSchema }));
export const mergeNoteSchema = lazySchema(() => z.object({ row: z.number(), id: z.string(), name: z.string(), fields: z.array(z.string()), sameFile: z.boolean() }));

export const importKindSchema = lazySchema(() => z.enum(['contacts', 'accounts']));

/** What identifies the file and how its columns map; sent with every batch so a service worker
 * that was restarted in the middle of an import carries on. */
export const importContextSchema = lazySchema(() => z.object({
  importId: z.string().check(z.minLength(1), z.maxLength(100)),
  kind: importKindSchema,
  fileKey: z.string().check(z.regex(/^[0-9a-f]{8,64}$/)),
  headers: z.array(z.string().check(z.maxLength(MAX_HEADER_CHARS))).check(z.maxLength(MAX_HEADERS)),
  /** field → column indexes */
  map: z.record(z.string().check(z.maxLength(40)), z.array(z.number().check(z.int(), z.gte(0), z.lt(500))).check(z.maxLength(20))),
  /** the CRM whose ids the file carries (Record ID, Contact ID, Person - ID …) */
  crm: z.optional(z.enum(IMPORT_CRMS)),
  /** people become contacts, leads, or what each row says (the default) */
  personKind: z.optional(z.enum(['file', 'contact', 'lead'])),
  /** the file is a leads export: rows that say nothing become leads */
  leadsFile: z.optional(z.boolean()),
  /** the file's d/m/y dates: day or month first */
  dateOrder: z.optional(z.enum(['dmy', 'mdy'])),
}));

export const csvRowSchema = lazySchema(() => z.object({
  row: z.number().check(z.int(), z.gte(2)),
  cells: z.array(z.string().check(z.maxLength(MAX_CELL_CHARS))).check(z.maxLength(MAX_COLUMNS)),
  quoteError: z.optional(z.boolean()),
  /** the row was over a limit and is sent without its cells (utils/import/page/stream.ts boundRow) */
  tooBig: z.optional(
    z.object({
      what: z.enum(['cell', 'columns', 'row']),
      size: z.number().check(z.int(), z.gte(0)),
      col: z.optional(z.number().check(z.int(), z.gte(0))),
    }),
  ),
}));

/** A batch's rows: at most MAX_BATCH_ROWS, and MAX_BATCH_CHARS characters of cells all together. */
export const batchRowsSchema = lazySchema(() => z.array(csvRowSchema).check(
  z.maxLength(MAX_BATCH_ROWS),
  z.refine((rows) => rows.reduce((n, r) => n + rowChars(r.cells), 0) <= MAX_BATCH_CHARS, { message: `more than ${MAX_BATCH_CHARS} characters in one batch` }),
));

export const importStatusSchema = lazySchema(() => z.object({
  importId: z.string(),
  fileName: z.string(),
  kind: importKindSchema,
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  totalRows: z.number(),
  read: z.number(),
  imported: z.number(),
  merged: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  queued: z.number(),
  startedAt: z.string(),
  finishedAt: z.optional(z.string()),
  error: z.optional(z.string()),
}));
export type ImportStatus = z.infer<typeof importStatusSchema>;

export const batchResultSchema = lazySchema(() => z.object({
  read: z.number(),
  imported: z.number(),
  merged: z.number(),
  unchanged: z.number(),
  queued: z.number(),
  rejected: z.array(rejectionSchema),
  merges: z.array(mergeNoteSchema),
  /** the import was cancelled: the page stops sending */
  cancelled: z.boolean(),
}));

export const importRequestSchemas = {
  /** A new import: the file, its kind and column mapping, how many rows it holds. */
  'import/start': {
    request: lazySchema(() => z.extend(importContextSchema, {
      type: z.literal('import/start'),
      fileName: z.string().check(z.maxLength(300)),
      totalRows: z.number().check(z.gte(0)),
    })),
    response: importStatusSchema,
  },
  /** The next rows (parsed in the page), validated, matched and written in one transaction. */
  'import/batch': {
    request: lazySchema(() => z.extend(importContextSchema, {
      type: z.literal('import/batch'),
      rows: batchRowsSchema,
    })),
    response: batchResultSchema,
  },
  /** Every row was sent: the match index and every open surface catch up with the new records. */
  'import/finish': {
    request: lazySchema(() => z.object({ type: z.literal('import/finish'), importId: z.string().check(z.maxLength(100)) })),
    response: importStatusSchema,
  },
  /** The current (or last) import, if any. */
  'import/status': {
    request: lazySchema(() => z.object({ type: z.literal('import/status'), importId: z.optional(z.string().check(z.maxLength(100))) })),
    response: lazySchema(() => z.object({ current: z.optional(importStatusSchema) })),
  },
  /** Stop: later batches are refused; the records imported so far are kept. */
  'import/cancel': {
    request: lazySchema(() => z.object({ type: z.literal('import/cancel'), importId: z.string().check(z.maxLength(100)) })),
    response: importStatusSchema,
  },
} as const;
