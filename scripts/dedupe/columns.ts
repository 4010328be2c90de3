// Which CSV column holds what: the headers of HubSpot, Salesforce (English and Spanish) and
// Pipedrive exports, recognised automatically (utils/import/columns.ts, shared with the options
// page's CSV import); `--map field=Header,...` overrides.
import { FIELDS, hasIdentifyingColumn, normalise, type ColumnMap, type Field, type Kind } from '../../utils/import/columns';

export { autoMap, FIELDS, type ColumnMap, type Field, type Kind } from '../../utils/import/columns';

export class MappingError extends Error {}

/**
 * Apply `--map field=Header,field=Header` over the automatic mapping. Headers are matched
 * exactly first, then case- and accent-insensitively.
 */
export function applyOverrides(map: ColumnMap, headers: readonly string[], spec: readonly string[]): ColumnMap {
  const out: ColumnMap = { ...map };
  const overridden = new Set<Field>();
  for (const part of spec.flatMap((s) => s.split(/,(?=\s*[A-Za-z]+\s*=)/))) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new MappingError(`--map expects field=Header, got "${part}"`);
    const field = part.slice(0, eq).trim() as Field;
    const header = part.slice(eq + 1).trim();
    if (!FIELDS.includes(field)) throw new MappingError(`--map: unknown field "${field}" (fields: ${FIELDS.join(', ')})`);
    let i = headers.indexOf(header);
    if (i < 0) i = headers.map(normalise).indexOf(normalise(header));
    if (i < 0) throw new MappingError(`--map ${field}: no column "${header}" in the file (columns: ${headers.map((h) => `"${h}"`).join(', ')})`);
    // a column moved to this field leaves any other field
    for (const f of FIELDS) if (out[f]) out[f] = out[f]!.filter((c) => c !== i);
    if (!overridden.has(field)) out[field] = [];
    overridden.add(field);
    out[field]!.push(i);
  }
  for (const f of FIELDS) if (out[f] && !out[f]!.length) delete out[f];
  return out;
}

/** Throws when the mapping cannot identify anything: no name or e-mail (contacts), no name or domain (accounts). */
export function checkMapping(map: ColumnMap, headers: readonly string[], kind: Kind): void {
  if (hasIdentifyingColumn(map, kind)) return;
  const wanted = kind === 'contacts' ? 'a name or e-mail column' : 'a company name or website column';
  throw new MappingError(
    `no recognisable ${kind === 'contacts' ? 'name or e-mail' : 'company name or domain'} column: found ${headers
      .map((h) => `"${h}"`)
      .join(', ')}. Expected ${wanted} (e.g. "First Name", "Email", "Company Name"); name it with --map, e.g. --map ${
      kind === 'contacts' ? 'email="Your E-mail Header"' : 'companyName="Your Name Header"'
    }`,
  );
}

export function describeMapping(map: ColumnMap, headers: readonly string[]): string {
  return FIELDS.filter((f) => map[f]?.length)
    .map((f) => `${f}=${map[f]!.map((i) => `"${headers[i]}"`).join('+')}`)
    .join(', ');
}
