// `npm run --silent dedupe -- <in.csv> --kind contacts|accounts --out <out.csv>`
// Reads a HubSpot, Salesforce or Pipedrive export (or any CSV with recognisable headers), finds
// the rows that are the same person / company, and writes every input row — original columns and
// headers as read, except that a cell a spreadsheet would run as a formula gets a leading quote
// (utils/csv/write.ts), in the same encoding and delimiter — plus cluster_id, match_score and
// match_reasons. The file is streamed twice (read and index, then read and write), so memory holds
// the matcher's index, not the file: see `npm run bench` (dedupe.*). Progress goes to stderr. Bad input exits with code 2 and a message naming the
// line and column.
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CountryCode } from 'libphonenumber-js';
import { createClusterer, type ClustererPhase } from '../../utils/match/cluster';
import { capFeatureCaches, clearFeatureCaches } from '../../utils/match/features';
import { capNameCaches } from '../../utils/text/normalize';
import { matchProbability } from '../../utils/match/compare';
import { renderReasonsDetailed, type Lang } from '../../utils/match/reasons';
import type { MatchRecord } from '../../utils/match/record';
import { DEFAULT_THRESHOLDS } from '../../utils/match/weights';
import { applyOverrides, autoMap, checkMapping, describeMapping, MappingError, type ColumnMap, type Field, type Kind } from './columns';
import { memoryLogger } from './memlog';
import { fileSpill, type FileSpill } from './spill';
import { bomOf, CsvError, encodeChunk, ENCODING_NAMES, NotUtf8Error, readCsvFile, sniffInput, unparse, type Encoding } from './csv';

export interface Io {
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /**
   * A full garbage collection, when the host can run one (scripts/dedupe.ts): run after reading
   * (before the blocks are built), once they are built (so that comparing starts from a heap
   * without what reading left behind), when comparing ends, before merging makes its arrays, and
   * when merging ends, before the best links' arrays are made.
   * V8 otherwise keeps the heap it grew and its garbage until it next collects on its own.
   */
  collectGarbage?: () => void;
}

const USAGE = `usage: npm run --silent dedupe -- <in.csv> --kind contacts|accounts --out <out.csv> [options]

Finds duplicate rows in a CRM export and writes every row back with three more columns:
cluster_id (rows with the same id are the same person / company), match_score (0–1, how sure the
row's strongest link is) and match_reasons (why, and to which row).

options:
  --kind contacts|accounts   what the rows are (default contacts)
  --out <file>               where to write (required)
  --map field=Header,...     name columns the automatic mapping missed; fields: givenName,
                             familyName, fullName, email, phone, companyName, companyDomain,
                             linkedinUrl, city, country, postcode, address, title
  --default-country <CC>     country for phone numbers written without +prefix (default ES)
  --threshold <bits>         score for "same" (default ${DEFAULT_THRESHOLDS.duplicate}); --possible <bits> (default ${DEFAULT_THRESHOLDS.possible})
  --lang en|es               language of match_reasons (default en)
  --delimiter <c>            force the delimiter (default: detected from the header line)
  --encoding utf8|win1252    force the input encoding (default: UTF-8 if valid, else Windows-1252)
  --quiet                    no progress on stderr`;

class UsageError extends Error {}


const OUTPUT_COLUMNS = ['cluster_id', 'match_score', 'match_reasons'] as const;

function splitValues(cell: string): string[] {
  return cell
    .split(/[;,\n]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

function toRecord(row: string[], map: ColumnMap, kind: Kind, i: number): MatchRecord {
  const one = (f: Field) => {
    for (const c of map[f] ?? []) {
      const v = row[c]?.trim();
      if (v) return v;
    }
    return undefined;
  };
  const many = (f: Field) => (map[f] ?? []).flatMap((c) => (row[c] ? splitValues(row[c]!) : []));
  const r: MatchRecord = { id: String(i), kind: kind === 'contacts' ? 'person' : 'account' };
  const set = <K extends keyof MatchRecord>(k: K, v: MatchRecord[K] | undefined) => {
    if (v !== undefined && (!Array.isArray(v) || v.length)) r[k] = v;
  };
  set('givenName', one('givenName'));
  set('familyName', one('familyName'));
  set('fullName', one('fullName'));
  set('emails', many('email'));
  set('phones', (map.phone ?? []).map((c) => row[c]?.trim() ?? '').filter(Boolean));
  set('companyName', one('companyName'));
  set('companyDomain', one('companyDomain') ?? (kind === 'accounts' ? many('email')[0] : undefined));
  set('linkedinUrl', one('linkedinUrl'));
  set('city', one('city'));
  set('country', one('country'));
  set('postcode', one('postcode'));
  set('address', one('address'));
  set('title', one('title'));
  return r;
}

/**
 * A copy of a cell that does not point into the chunk of text it was parsed from: V8 keeps longer
 * substrings as slices of their parent, so a value the index keeps would keep its whole chunk
 * (256 KB) alive — about a fifth of the memory at 100,000 rows.
 */
function unslice(cell: string): string {
  return cell.length > 12 ? Buffer.from(cell, 'utf8').toString('utf8') : cell;
}

/**
 * Each row's company as the row writes it, for the reasons of a job change: an id per row in an
 * Int32Array and each name once (a list repeats its companies), not a JS array of a million.
 */
class CompanyColumn {
  private ids: Int32Array;
  private length = 0;
  private readonly names: string[] = [];
  private idOf: Map<string, number> | undefined = new Map();
  constructor(expected: number) {
    this.ids = new Int32Array(Math.max(1024, expected));
  }
  push(company: string | undefined): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    let id = -1;
    if (company !== undefined) {
      const idOf = (this.idOf ??= new Map(this.names.map((name, i) => [name, i])));
      id = idOf.get(company) ?? -1;
      if (id < 0) idOf.set(company, (id = this.names.push(company) - 1));
    }
    this.ids[this.length++] = id;
  }
  /** every row is in: the lookup map goes (7 MB at a million rows); a later push builds it again */
  done(): void {
    this.idOf = undefined;
  }
  at(row: number): string | undefined {
    const id = this.ids[row]!;
    return id < 0 ? undefined : this.names[id];
  }
}

/** Progress lines: rewritten in place on a terminal; otherwise only every 25 % and the final lines. */
function progress(io: Io, quiet: boolean) {
  let last = '';
  return (text: string, done = false, pct?: number) => {
    if (quiet || text === last) return;
    last = text;
    if (io.stderr.isTTY) io.stderr.write(`\r${text}\x1b[K${done ? '\n' : ''}`);
    else if (done || pct === undefined || pct % 25 === 0) io.stderr.write(`${text}\n`);
  };
}

/** Run the CLI; resolves to the exit code (0 done, 2 bad input or usage, 1 unexpected failure). */
export async function runDedupe(argv: string[], io: Io = { stderr: process.stderr }): Promise<number> {
  let inputPath: string | undefined;
  // the pairs found while comparing wait in a temporary file (removed however the run ends)
  let spill: FileSpill | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        kind: { type: 'string', default: 'contacts' },
        out: { type: 'string' },
        map: { type: 'string', multiple: true },
        'default-country': { type: 'string', default: 'ES' },
        threshold: { type: 'string' },
        possible: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        delimiter: { type: 'string' },
        encoding: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.stderr.write(`${USAGE}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'one input file, please' : 'no input file');
    inputPath = positionals[0]!;
    const kind = values.kind as Kind;
    if (kind !== 'contacts' && kind !== 'accounts') throw new UsageError(`--kind must be contacts or accounts, not "${values.kind}"`);
    if (!values.out) throw new UsageError('--out <file> is required');
    const lang = values.lang as Lang;
    if (lang !== 'en' && lang !== 'es') throw new UsageError('--lang must be en or es');
    const country = values['default-country']!.toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw new UsageError('--default-country takes a two-letter code such as ES, MX, US');
    const thresholds = {
      duplicate: values.threshold !== undefined ? Number(values.threshold) : DEFAULT_THRESHOLDS.duplicate,
      possible: values.possible !== undefined ? Number(values.possible) : DEFAULT_THRESHOLDS.possible,
    };
    if (!Number.isFinite(thresholds.duplicate) || !Number.isFinite(thresholds.possible)) throw new UsageError('--threshold and --possible take numbers (bits)');
    if (thresholds.possible > thresholds.duplicate) thresholds.possible = thresholds.duplicate;
    const forced = values.encoding === undefined ? undefined : values.encoding === 'win1252' || values.encoding === 'cp1252' ? 'win1252' : 'utf8';
    const show = progress(io, values.quiet!);

    // a file's full names are nearly all different: caching 100,000 of them costs 25 MB, saves little
    capNameCaches(20_000);
    // and the normalisers' other caches: the index keeps each token once in its own tables
    capFeatureCaches(20_000);

    // read (pass 1): each row becomes a record in the matcher's index and is dropped; a file
    // guessed to be UTF-8 that turns out not to be is read again as Windows-1252
    try {
      statSync(inputPath);
    } catch (e) {
      throw new UsageError(`cannot read ${inputPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const delimiterOption = values.delimiter ? values.delimiter.replace('\\t', '\t') : undefined;
    let info = sniffInput(inputPath, forced as Encoding | undefined, delimiterOption);
    const label = info.delimiter === '\t' ? 'tab' : info.delimiter;
    let map: ColumnMap = {};
    let headers: string[] = [];
    let clusterer!: ReturnType<typeof createClusterer>;
    let rowCount = 0;
    // room for the rows at once (the index's arrays are not copied as they grow)
    // the first progress of comparing comes once the blocks are built and the normalisers' caches
    // emptied: the heap V8 grew while reading (some 80 MB at a million rows, a third of it in use
    // then) is collected and shrunk before comparing makes its garbage; the last, before merging
    const memlog = memoryLogger(process.env, (line) => io.stderr.write(line));
    const onProgress = (phase: 'index' | 'compare', done: number, total: number) => {
      if (phase === 'compare' && (done === 0 || done === total)) {
        io.collectGarbage?.();
        memlog?.(done === 0 ? 'blocks built' : 'compared');
      }
    };
    // merging's arrays (the strong pairs, their order, the member lists) are garbage once the
    // clusters are numbered: collected before the best links' arrays are made
    const onPhase = (phase: ClustererPhase, detail: string) => {
      if (phase === 'merged') io.collectGarbage?.();
      memlog?.(detail ? `${phase} (${detail})` : phase);
    };
    const options = { defaultCountry: country as CountryCode, thresholds, expected: Math.ceil(info.rowsEstimate * 1.1), onProgress, onPhase };
    let companies = new CompanyColumn(info.rowsEstimate);
    for (;;) {
      clusterer = createClusterer(options);
      companies = new CompanyColumn(info.rowsEstimate);
      try {
        const pass = info;
        const read = await readCsvFile(
          inputPath,
          { encoding: pass.encoding, bom: pass.bom, delimiter: pass.delimiter, fatal: pass.guessed, onProgress: (f) => show(`reading and indexing ${Math.floor(f * 100)}%`, false, Math.floor(f * 100)) },
          (h) => {
            headers = h;
            map = autoMap(h, kind);
            if (values.map?.length) map = applyOverrides(map, h, values.map);
            for (const name of OUTPUT_COLUMNS) {
              const i = h.indexOf(name);
              if (i >= 0) for (const f of Object.keys(map) as Field[]) map[f] = map[f]!.filter((c) => c !== i);
            }
            checkMapping(map, h, kind);
          },
          (row) => {
            const record = toRecord(row.map(unslice), map, kind, 0);
            // each row's company as it writes it, interned (a list repeats its companies): a job
            // change names both rows' companies their way
            const company = record.companyName;
            companies.push(company);
            clusterer.add(record);
          },
        );
        rowCount = read.rows;
        companies.done();
        break;
      } catch (e) {
        if (e instanceof NotUtf8Error && info.guessed) {
          info = { ...info, encoding: 'win1252', guessed: false };
          continue;
        }
        throw e;
      }
    }
    show(`${inputPath}: ${rowCount} rows, ${headers.length} columns, ${ENCODING_NAMES[info.encoding]}, "${label}" delimited`, true);
    show(`columns: ${describeMapping(map, headers)}`, true);

    // match: the normalisers' caches emptied and the heap collected first, so that building the
    // blocks (the largest arrays made at once) does not come on top of what reading left
    const t0 = performance.now();
    memlog?.('read');
    clearFeatureCaches();
    io.collectGarbage?.();
    spill = fileSpill();
    const result = clusterer.finish(spill);

    // write (pass 2): the file is read again and each row written back with its three columns
    const extra = OUTPUT_COLUMNS.map((name) => headers.indexOf(name));
    const outHeaders = [...headers];
    OUTPUT_COLUMNS.forEach((name, k) => {
      if (extra[k]! < 0) outHeaders.push(name);
    });
    const rowNumber = (i: number) => i + 2; // spreadsheet row: the header is row 1
    // written beside the target and renamed at the end: the input is read while the output is
    // written, so --out may even name the input file
    const partial = `${values.out}.${process.pid}.partial`;
    const fd = openSync(partial, 'w');
    try {
      writeSync(fd, bomOf(info.encoding));
      writeSync(fd, encodeChunk(`${unparse([outHeaders], info.delimiter, info.newline)}${info.newline}`, info.encoding));
      let out: string[][] = [];
      const flush = () => {
        if (out.length) writeSync(fd, encodeChunk(`${unparse(out, info.delimiter, info.newline)}${info.newline}`, info.encoding));
        out = [];
      };
      let i = 0;
      await readCsvFile(
        inputPath,
        {
          encoding: info.encoding,
          bom: info.bom,
          delimiter: info.delimiter,
          onProgress: (f) => {
            const pct = Math.floor(f * 100);
            show(`writing ${pct}%`, false, pct);
            if (pct % 10 === 0) memlog?.(`writing ${pct}%`);
          },
        },
        () => {},
        (cells) => {
          const link = result.link(i, true);
          let score = '';
          let reasons = '';
          if (link) {
            score = matchProbability(link.score).toFixed(2);
            const row = rowNumber(link.other);
            const what =
              link.band === 'related'
                ? lang === 'es'
                  ? `mismo grupo que la fila ${row}`
                  : `same group as row ${row}`
                : lang === 'es'
                  ? link.sameCluster
                    ? `duplicado de la fila ${row}`
                    : `posible duplicado de la fila ${row}`
                  : link.sameCluster
                    ? `duplicate of row ${row}`
                    : `possible duplicate of row ${row}`;
            // a job change names the companies as the rows write them: "moved from <other row's> to <this row's>"
            const named = link.reasons.map((r) => (r.code === 'job-change' ? { ...r, from: companies.at(link.other) ?? r.from, to: companies.at(i) ?? r.to } : r));
            // the CSV keeps each comparator's similarity for whoever reviews it field by field; match_score is the probability
            reasons = `${what}: ${renderReasonsDetailed(named, lang)}`;
          }
          const values3 = [String(result.clusterOf[i]! + 1), score, reasons];
          const row = [...cells];
          OUTPUT_COLUMNS.forEach((_, k) => {
            if (extra[k]! >= 0) row[extra[k]!] = values3[k]!;
            else row.push(values3[k]!);
          });
          out.push(row);
          i++;
          // a thousand rows, their reasons and their text at a time (5,000 held some 4 MB more)
          if (out.length >= 1000) flush();
        },
      );
      flush();
    } catch (e) {
      closeSync(fd);
      rmSync(partial, { force: true });
      throw e;
    }
    closeSync(fd);
    renameSync(partial, values.out);
    memlog?.('written');
    const sizes = new Int32Array(result.clusters);
    for (const c of result.clusterOf) sizes[c]!++;
    let multi = 0;
    let dupRows = 0;
    for (const n of sizes) if (n > 1) [multi, dupRows] = [multi + 1, dupRows + n];
    show(
      `${values.out}: ${rowCount} rows, ${result.clusters} clusters; ${multi} clusters hold ${dupRows} rows that are duplicates of each other (${Math.round(performance.now() - t0)} ms)`,
      true,
    );
    return 0;
  } catch (e) {
    const where = inputPath ? `${inputPath}: ` : '';
    if (e instanceof CsvError || e instanceof MappingError) {
      io.stderr.write(`dedupe: ${where}${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`dedupe: ${(e as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`dedupe: ${where}unexpected failure: ${(e as Error).stack ?? e}\n`);
    return 1;
  } finally {
    spill?.close();
  }
}
