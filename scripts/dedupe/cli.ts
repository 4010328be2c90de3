// `npm run --silent dedupe -- <in.csv> --kind contacts|accounts --out <out.csv>`
// Reads a HubSpot, Salesforce or Pipedrive export (or any CSV with recognisable headers), finds
// the rows that are the same person / company, and writes every input row — original columns and
// headers untouched, in the same encoding and delimiter — plus cluster_id, match_score and
// match_reasons. Progress goes to stderr. Bad input exits with code 2 and a message naming the
// line and column.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CountryCode } from 'libphonenumber-js';
import { clusterAll } from '../../utils/match/cluster';
import { matchProbability } from '../../utils/match/compare';
import { renderReasonsDetailed, type Lang } from '../../utils/match/reasons';
import type { MatchRecord } from '../../utils/match/record';
import { DEFAULT_THRESHOLDS } from '../../utils/match/weights';
import { applyOverrides, autoMap, checkMapping, describeMapping, MappingError, type ColumnMap, type Field, type Kind } from './columns';
import { CsvError, decode, detectDelimiter, encode, parseCsv, unparse, type Encoding } from './csv';

export interface Io {
  stderr: { write(text: string): unknown; isTTY?: boolean };
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

const ENCODING_NAMES: Record<Encoding, string> = {
  utf8: 'UTF-8',
  'utf8-bom': 'UTF-8 with BOM',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
  win1252: 'Windows-1252',
};

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

    // read
    let bytes: Buffer;
    try {
      bytes = readFileSync(inputPath);
    } catch (e) {
      throw new UsageError(`cannot read ${inputPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const { text, encoding } = decode(bytes, forced as Encoding | undefined);
    const delimiter = values.delimiter ? values.delimiter.replace('\\t', '\t') : detectDelimiter(text);
    const csv = parseCsv(text, delimiter);
    const label = delimiter === '\t' ? 'tab' : delimiter;
    show(`${inputPath}: ${csv.rows.length} rows, ${csv.headers.length} columns, ${ENCODING_NAMES[encoding]}, "${label}" delimited`, true);

    // columns
    let map = autoMap(csv.headers, kind);
    if (values.map?.length) map = applyOverrides(map, csv.headers, values.map);
    for (const name of OUTPUT_COLUMNS) {
      const i = csv.headers.indexOf(name);
      if (i >= 0) for (const f of Object.keys(map) as Field[]) map[f] = map[f]!.filter((c) => c !== i);
    }
    checkMapping(map, csv.headers, kind);
    show(`columns: ${describeMapping(map, csv.headers)}`, true);

    // match
    const records = csv.rows.map((row, i) => toRecord(row, map, kind, i));
    const t0 = performance.now();
    const result = clusterAll(records, {
      defaultCountry: country as CountryCode,
      thresholds,
      onProgress: (phase, done, total) => {
        const pct = total ? Math.floor((done / total) * 100) : 100;
        show(`${phase === 'index' ? 'indexing' : 'comparing'} ${pct}%`, phase === 'compare' && done === total, pct);
      },
    });

    // write
    const extra = OUTPUT_COLUMNS.map((name) => csv.headers.indexOf(name));
    const headers = [...csv.headers];
    OUTPUT_COLUMNS.forEach((name, k) => {
      if (extra[k]! < 0) headers.push(name);
    });
    const lines: string[] = [unparse([headers], delimiter, csv.newline)];
    const rowNumber = (i: number) => i + 2; // spreadsheet row: the header is row 1
    const chunk = 5000;
    for (let start = 0; start < csv.rows.length; start += chunk) {
      const out: string[][] = [];
      for (let i = start; i < Math.min(csv.rows.length, start + chunk); i++) {
        const link = result.best[i];
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
          const named = link.reasons.map((r) =>
            r.code === 'job-change' ? { ...r, from: records[link.other]!.companyName ?? r.from, to: records[i]!.companyName ?? r.to } : r,
          );
          // the CSV keeps each comparator's similarity for whoever reviews it field by field; match_score is the probability
          reasons = `${what}: ${renderReasonsDetailed(named, lang)}`;
        }
        const values3 = [String(result.clusterOf[i]! + 1), score, reasons];
        const row = [...csv.rows[i]!];
        OUTPUT_COLUMNS.forEach((_, k) => {
          if (extra[k]! >= 0) row[extra[k]!] = values3[k]!;
          else row.push(values3[k]!);
        });
        out.push(row);
      }
      lines.push(unparse(out, delimiter, csv.newline));
    }
    const body = `${lines.join(csv.newline)}${csv.newline}`;
    writeFileSync(values.out, encode(body, encoding));
    const sizes = new Map<number, number>();
    for (const c of result.clusterOf) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    const multi = [...sizes.values()].filter((n) => n > 1);
    const dupRows = multi.reduce((a, n) => a + n, 0);
    show(
      `${values.out}: ${csv.rows.length} rows, ${result.clusters} clusters; ${multi.length} clusters hold ${dupRows} rows that are duplicates of each other (${Math.round(performance.now() - t0)} ms)`,
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
  }
}
