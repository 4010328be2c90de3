// A CSV row → a draft contact or account, or the reasons it is rejected (row, column, reason in
// English and Spanish). Pure.
import { companyDomainKey, emailKey, linkedinKey, parsePersonName, wordsOf } from '../text/normalize';
import type { ColumnMap, Field, ImportCrm, Kind } from './columns';
import type { Person } from '../domain/entities';
import { EXPORT_IDS, type ExportIdOf } from '../crms/exportIds';
import { MAX_CELL_CHARS, MAX_ROW_CHARS } from '../messaging/importLimits';
import { OWNED_REASONS, parseAmount, parseOwnedDate, parseSeats, type DateOrder, type OwnedDraft } from './ownedColumns';

/** One data row as the options page reads it and the background imports it: its spreadsheet row number (the header is row 1) and its cells. */
export type CsvRow = {
  row: number;
  cells: string[];
  /** the row is malformed beyond the column count (an unclosed quote) */
  quoteError?: boolean;
  /**
   * The row was too big to send (importLimits.ts): its cells are left out and this says why — a cell
   * (`col`) of `size` characters, `size` columns, or a row of `size` characters. It is rejected
   * with that reason; the rows around it are imported.
   */
  tooBig?: { what: 'cell' | 'columns' | 'row'; size: number; col?: number };
};

export type Bilingual = { en: string; es: string };

/** A row that was not imported, and why. `row` is the spreadsheet row (the header is row 1). */
export type Rejection = { row: number; column: string; reason: Bilingual };

/** A row merged into a record that was already there (or created by an earlier row of the file). */
export type MergeNote = { row: number; id: string; name: string; fields: string[]; sameFile: boolean };

/** A record's id in the CRM its export came from, as the sync keeps it (crmRefs / crmKeys). */
export type ImportRef = { system: ImportCrm; objectType: string; id: string };

export type LeadStatus = NonNullable<Person['leadStatus']>;

export type PersonDraft = {
  type: 'person';
  row: number;
  /** the person's CRM ids (a Pipedrive lead's id after the person's) */
  refs: ImportRef[];
  /** the CRM id of the person's company (HubSpot "Associated Company IDs", Salesforce "Account ID" …) */
  companyCrmId?: string;
  /** what the row says the person is (Salesforce lead id, Pipedrive lead, HubSpot lifecycle stage) */
  kind?: 'contact' | 'lead';
  leadStatus?: LeadStatus;
  /** the owner's e-mail or name, matched to the workspace's users */
  owner?: string;
  firstName: string;
  lastName: string;
  fullName: string;
  /** lower-case, valid, distinct */
  emails: string[];
  phone?: string;
  title?: string;
  linkedinUrl?: string;
  companyName?: string;
  /** registrable domain of the company's website, to find its account */
  companyDomain?: string;
  city?: string;
  country?: string;
};

export type AccountDraft = {
  type: 'account';
  row: number;
  refs: ImportRef[];
  name: string;
  industry?: string;
  employees?: number;
  phone?: string;
  owner?: string;
  domain?: string;
  linkedinUrl?: string;
  city?: string;
  country?: string;
  tier?: 'tier-1' | 'tier-2' | 'tier-3';
  /** a product the account owns (this row's: a file lists one row per account × product) */
  owned?: OwnedDraft;
  /** the parent company as written (a name, a website or a CRM id), resolved when the batch is written */
  parent?: string;
};

export type Draft = PersonDraft | AccountDraft;

export type RowResult = { ok: true; draft: Draft } | { ok: false; rejections: Rejection[] };

/** Longest value kept in a field; longer ones are rejected (a column mapped by mistake). */
export const MAX_VALUE_LENGTH = 500;

const quote = (v: string) => (v.length > 60 ? `${v.slice(0, 57)}…` : v);

export const REASONS = {
  columns: (n: number, expected: number): Bilingual =>
    n > expected
      ? { en: `${n} values but the header has ${expected} columns (a delimiter inside an unquoted value?)`, es: `${n} valores pero la cabecera tiene ${expected} columnas (¿un delimitador dentro de un valor sin comillas?)` }
      : { en: `only ${n} of ${expected} columns`, es: `solo ${n} de ${expected} columnas` },
  quote: (): Bilingual => ({ en: 'a quoted value is not closed (a " with no closing ")', es: 'un valor entre comillas no se cierra (falta la " de cierre)' }),
  noIdentity: (kind: Kind): Bilingual =>
    kind === 'contacts'
      ? { en: 'no name, e-mail or LinkedIn URL', es: 'sin nombre, e-mail ni URL de LinkedIn' }
      : { en: 'no company name, website or LinkedIn page', es: 'sin nombre de empresa, web ni página de LinkedIn' },
  email: (v: string): Bilingual => ({ en: `not an e-mail address: "${quote(v)}"`, es: `no es una dirección de e-mail: «${quote(v)}»` }),
  phone: (v: string): Bilingual => ({ en: `not a phone number: "${quote(v)}"`, es: `no es un número de teléfono: «${quote(v)}»` }),
  linkedin: (v: string, kind: Kind): Bilingual =>
    kind === 'contacts'
      ? { en: `not a LinkedIn profile URL: "${quote(v)}"`, es: `no es la URL de un perfil de LinkedIn: «${quote(v)}»` }
      : { en: `not a LinkedIn company page URL: "${quote(v)}"`, es: `no es la URL de una página de empresa de LinkedIn: «${quote(v)}»` },
  domain: (v: string): Bilingual => ({ en: `not a website or domain: "${quote(v)}"`, es: `no es una web ni un dominio: «${quote(v)}»` }),
  employees: (v: string): Bilingual => ({ en: `not a number of employees: "${quote(v)}"`, es: `no es un número de empleados: «${quote(v)}»` }),
  tier: (v: string): Bilingual => ({ en: `not an ABM tier (1, 2 or 3): "${quote(v)}"`, es: `no es un nivel ABM (1, 2 o 3): «${quote(v)}»` }),
  cellTooLong: (n: number): Bilingual => ({
    en: `a value of ${n.toLocaleString('en')} characters, more than a spreadsheet cell holds (${MAX_CELL_CHARS.toLocaleString('en')}): is a quote not closed?`,
    es: `un valor de ${n.toLocaleString('es')} caracteres, más de lo que cabe en una celda (${MAX_CELL_CHARS.toLocaleString('es')}): ¿falta cerrar unas comillas?`,
  }),
  rowTooLong: (n: number): Bilingual => ({
    en: `the row holds ${n.toLocaleString('en')} characters, more than ${MAX_ROW_CHARS.toLocaleString('en')}`,
    es: `la fila tiene ${n.toLocaleString('es')} caracteres, más de ${MAX_ROW_CHARS.toLocaleString('es')}`,
  }),
  tooLong: (n: number): Bilingual => ({ en: `value too long (${n} characters, at most ${MAX_VALUE_LENGTH})`, es: `valor demasiado largo (${n} caracteres, como mucho ${MAX_VALUE_LENGTH})` }),
} as const;

/** The header of a column for the report: its name, or "column N" when it has none. */
export function columnName(headers: readonly string[], i: number): string {
  const h = headers[i]?.trim();
  return h ? h : `#${i + 1}`;
}

function splitValues(cell: string): string[] {
  return cell
    .split(/[;,\n]+/)
    .map((v) => v.trim())
    .filter(Boolean);
}

/** "María José García López" → first "María José", last "García López"; "García López, María José" too. */
export function splitFullName(full: string): { firstName: string; lastName: string } {
  const text = full.trim().replace(/\s+/g, ' ');
  const comma = text.indexOf(',');
  if (comma > 0) {
    const last = text.slice(0, comma).trim();
    const first = text.slice(comma + 1).trim();
    if (first && last) return { firstName: first, lastName: last };
  }
  const words = text.split(' ');
  if (words.length < 2) return { firstName: text, lastName: '' };
  const given = parsePersonName({ fullName: text }).given.join('');
  for (let k = 1; k < words.length; k++) {
    if (wordsOf(words.slice(0, k).join(' ')).join('') === given) return { firstName: words.slice(0, k).join(' '), lastName: words.slice(k).join(' ') };
  }
  const k = words.length >= 4 ? 2 : 1;
  return { firstName: words.slice(0, k).join(' '), lastName: words.slice(k).join(' ') };
}

const PHONE_DIGITS = /\d/g;

function badPhone(value: string): boolean {
  const digits = value.match(PHONE_DIGITS)?.length ?? 0;
  return digits < 6 || digits > 20 || /\p{L}/u.test(value.replace(/(?:ext(?:ension)?\.?|x)\s*(?=\d)/gi, ''));
}

export type IdResult = { ok: true; ref: ImportRef } | { ok: false; reason: Bilingual };

export { HUBSPOT_OBJECT, PIPEDRIVE_OBJECT } from '../crms/exportIds';

/**
 * A person's or an account's id in a CRM export, in the form the sync keeps: what the CRM's export
 * ids look like is the CRM's (utils/crms/exportIds.ts).
 */
export function parseCrmId(crm: ImportCrm, what: ExportIdOf, raw: string): IdResult {
  return EXPORT_IDS[crm](what, raw.trim());
}

const LEAD_STAGE = /^(?:subscriber|suscriptor|lead|mql|sql|marketingqualified|salesqualified|leadcualificado|leadcalificado)/;
const CONTACT_STAGE = /^(?:opportunity|customer|evangelist|other|oportunidad|cliente|evangelista|promotor|otro|otra)/;

/** HubSpot's lifecycle stage (internal value or label, English or Spanish) → lead or contact. */
export function kindOfLifecycleStage(value: string): 'lead' | 'contact' | undefined {
  const k = nameKeyOf(value);
  if (LEAD_STAGE.test(k)) return 'lead';
  if (CONTACT_STAGE.test(k)) return 'contact';
  return undefined;
}

const nameKeyOf = (v: string) => wordsOf(v).join('');

/** Salesforce, HubSpot or Spanish lead statuses → ours; undefined when unknown. */
export function leadStatusOf(value: string): LeadStatus | undefined {
  const k = ` ${wordsOf(value).join(' ')} `;
  if (/ (?:not converted|no convertido|unqualified|disqualified|no cualificado|descalificado|no calificado) /.test(k)) return 'unqualified';
  if (/ (?:nurtur\w*|bad timing|mal momento|maduracion) /.test(k)) return 'nurturing';
  if (/ (?:converted|convertido|open deal|qualified|cualificado|calificado) /.test(k)) return 'qualified';
  if (/ (?:not contacted|no contactado|new|nuevo|nueva) /.test(k)) return 'new';
  if (/ (?:working|contacted|contactado|in progress|attempted to contact|connected|open|abierto|en curso|trabajando) /.test(k)) return 'working';
  return undefined;
}

/** "51-200" → 51 (the lower bound: it never overstates), "10,001+" → 10001, "1.200" → 1200; undefined when not a count. */
/** An ABM tier as teams write it: "1", "Tier 2", "T3", "Nivel 1", "1:1" (tier 1), "1:few", "1:many". */
export function parseTier(value: string): 'tier-1' | 'tier-2' | 'tier-3' | undefined {
  const v = value.trim().toLowerCase().replace(/\s+/g, ' ');
  if (v === '1:1' || v === 'one-to-one' || v === 'strategic' || v === 'estrategica' || v === 'estratégica') return 'tier-1';
  if (v === '1:few' || v === 'one-to-few') return 'tier-2';
  if (v === '1:many' || v === 'one-to-many' || v === 'programmatic' || v === 'programática' || v === 'programatica') return 'tier-3';
  const m = /^(?:tier|nivel|t|n)?\s*[-_ ]?\s*([123]|i{1,3})$/.exec(v);
  if (!m) return undefined;
  const n = { '1': 1, '2': 2, '3': 3, i: 1, ii: 2, iii: 3 }[m[1] as '1'];
  return `tier-${n}` as 'tier-1';
}

export function parseEmployees(value: string): number | undefined {
  const text = value.trim().toLowerCase().replace(/\b(?:employees|employee|empleados|empleado|emp|staff)\b\.?/g, '').trim();
  const m = /^(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:\s*(?:\+|(?:-|–|—|to|a|hasta)\s*(?:\d{1,3}(?:[.,\s]\d{3})+|\d+)))?\s*$/.exec(text.replace(/^(?:more than|over|mas de|más de)\s+/, ''));
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/[.,\s]/g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}


/** Validate one row under a mapping and turn it into a draft record. */
export function readRow(input: CsvRow, headers: readonly string[], map: ColumnMap, kind: Kind, options: { crm?: ImportCrm; dateOrder?: DateOrder } = {}): RowResult {
  const { row, cells } = input;
  const rejections: Rejection[] = [];
  const reject = (column: string, reason: Bilingual) => rejections.push({ row, column, reason });
  if (input.quoteError) {
    const col = input.tooBig?.col ?? Math.max(0, Math.min(cells.length, headers.length) - 1);
    reject(columnName(headers, col), REASONS.quote());
    return { ok: false, rejections };
  }
  // too big to send whole (stream.ts boundRow): the page sent why, not the cells
  const big = input.tooBig;
  if (big) {
    if (big.what === 'cell') reject(columnName(headers, big.col ?? 0), REASONS.cellTooLong(big.size));
    else if (big.what === 'columns') reject(`#${headers.length + 1}`, REASONS.columns(big.size, headers.length));
    else reject('', REASONS.rowTooLong(big.size));
    return { ok: false, rejections };
  }
  if (cells.length !== headers.length) {
    // a trailing delimiter with nothing after it is common in Excel exports
    const trailing = cells.length === headers.length + 1 && cells[cells.length - 1] === '';
    if (!trailing) {
      const col = Math.min(cells.length, headers.length);
      reject(cells.length > headers.length ? `#${col + 1}` : columnName(headers, col), REASONS.columns(cells.length, headers.length));
      return { ok: false, rejections };
    }
  }
  const values = (f: Field): Array<{ col: number; value: string }> =>
    (map[f] ?? []).flatMap((col) => {
      const value = cells[col]?.trim() ?? '';
      return value ? [{ col, value }] : [];
    });
  const one = (f: Field): { col: number; value: string } | undefined => {
    const v = values(f)[0];
    if (v && v.value.length > MAX_VALUE_LENGTH) {
      reject(columnName(headers, v.col), REASONS.tooLong(v.value.length));
      return undefined;
    }
    return v;
  };
  const firstCol = (fields: readonly Field[]) => {
    for (const f of fields) if (map[f]?.length) return columnName(headers, map[f]![0]!);
    return '';
  };

  /** the product this row says the account owns (accounts files), its cells checked */
  const readOwned = (): OwnedDraft | undefined => {
    const product = one('product');
    const cells = { since: one('productSince'), seats: one('productSeats'), arr: one('productArr') };
    const since = cells.since && parseOwnedDate(cells.since.value, options.dateOrder);
    const seats = cells.seats && parseSeats(cells.seats.value);
    const arr = cells.arr && parseAmount(cells.arr.value);
    if (cells.since && !since) reject(columnName(headers, cells.since.col), OWNED_REASONS.date(cells.since.value));
    if (cells.seats && seats === undefined) reject(columnName(headers, cells.seats.col), OWNED_REASONS.seats(cells.seats.value));
    if (cells.arr && arr === undefined) reject(columnName(headers, cells.arr.col), OWNED_REASONS.arr(cells.arr.value));
    if (!product) {
      const first = cells.since ?? cells.seats ?? cells.arr;
      if (first) reject(columnName(headers, first.col), OWNED_REASONS.noProduct());
      return undefined;
    }
    return { name: product.value, ...(since ? { since } : {}), ...(seats !== undefined ? { seats } : {}), ...(arr !== undefined ? { arr } : {}) };
  };
  const linkedin = one('linkedinUrl');
  if (linkedin) {
    const key = linkedinKey(linkedin.value);
    const wanted = kind === 'contacts' ? 'in/' : 'company/';
    if (!key || !key.startsWith(wanted)) reject(columnName(headers, linkedin.col), REASONS.linkedin(linkedin.value, kind));
  }
  const city = one('city');
  const country = one('country');
  const owner = one('owner');
  // the record's CRM id (and, for a person, its company's and its Pipedrive lead's)
  const refs: ImportRef[] = [];
  const crm = options.crm;
  const idOf = (f: Field, what: 'person' | 'account' | 'lead'): ImportRef | undefined => {
    const v = one(f);
    if (!v || !crm) return undefined;
    // "Associated Company IDs": several companies, the primary first
    const first = f === 'companyCrmId' ? (splitValues(v.value)[0] ?? v.value) : v.value;
    const r = parseCrmId(crm, what, first);
    if (r.ok) return r.ref;
    reject(columnName(headers, v.col), r.reason);
    return undefined;
  };
  const own = idOf('crmId', kind === 'contacts' ? 'person' : 'account');
  if (own) refs.push(own);

  if (kind === 'accounts') {
    const name = one('companyName');
    const site = one('companyDomain');
    let domain: string | undefined;
    if (site) {
      domain = companyDomainKey(site.value);
      if (!domain) reject(columnName(headers, site.col), REASONS.domain(site.value));
    }
    let employees: number | undefined;
    const staff = one('employees');
    if (staff) {
      employees = parseEmployees(staff.value);
      if (employees === undefined) reject(columnName(headers, staff.col), REASONS.employees(staff.value));
    }
    let phone: string | undefined;
    for (const { col, value } of values('phone')) {
      if (badPhone(value)) reject(columnName(headers, col), REASONS.phone(value));
      else phone ??= value;
    }
    const industry = one('industry');
    const tierCell = one('tier');
    const tier = tierCell ? parseTier(tierCell.value) : undefined;
    if (tierCell && !tier) reject(columnName(headers, tierCell.col), REASONS.tier(tierCell.value));
    const owned = readOwned();
    if (!name && !site && !linkedin && rejections.length === 0) reject(firstCol(['companyName', 'companyDomain', 'linkedinUrl']), REASONS.noIdentity(kind));
    if (rejections.length) return { ok: false, rejections };
    const draft: AccountDraft = { type: 'account', row, refs, name: name?.value ?? domain ?? linkedin!.value };
    if (industry) draft.industry = industry.value;
    if (employees !== undefined) draft.employees = employees;
    if (phone) draft.phone = phone;
    if (owner) draft.owner = owner.value;
    if (domain) draft.domain = domain;
    if (linkedin) draft.linkedinUrl = linkedin.value;
    if (city) draft.city = city.value;
    if (country) draft.country = country.value;
    if (tier) draft.tier = tier;
    if (owned) draft.owned = owned;
    const parent = one('parentCompany');
    if (parent) draft.parent = parent.value.trim();
    return { ok: true, draft };
  }

  const emails: string[] = [];
  for (const { col, value } of values('email')) {
    for (const part of splitValues(value)) {
      const key = emailKey(part);
      if (!key) reject(columnName(headers, col), REASONS.email(part));
      else if (!emails.includes(key)) emails.push(key);
    }
  }
  let phone: string | undefined;
  for (const { col, value } of values('phone')) {
    if (badPhone(value)) reject(columnName(headers, col), REASONS.phone(value));
    else phone ??= value;
  }
  const lead = idOf('leadId', 'lead');
  if (lead) refs.push(lead);
  const companyRef = idOf('companyCrmId', 'account');
  const stage = one('lifecycleStage');
  const status = one('leadStatus');
  const given = one('givenName');
  const family = one('familyName');
  const full = one('fullName');
  const title = one('title');
  const company = one('companyName');
  const site = one('companyDomain');
  if (!given && !family && !full && emails.length === 0 && !linkedin && rejections.length === 0) {
    reject(firstCol(['givenName', 'fullName', 'familyName', 'email', 'linkedinUrl']), REASONS.noIdentity(kind));
  }
  if (rejections.length) return { ok: false, rejections };

  let firstName = given?.value ?? '';
  let lastName = family?.value ?? '';
  if (!firstName && !lastName && full) ({ firstName, lastName } = splitFullName(full.value));
  else if (firstName && !lastName && /\s/.test(firstName) && !full) ({ firstName, lastName } = splitFullName(firstName));
  let fullName = [firstName, lastName].filter(Boolean).join(' ');
  if (!fullName) fullName = full?.value ?? emails[0] ?? linkedinKey(linkedin!.value)!.slice(3);
  const draft: PersonDraft = { type: 'person', row, refs, firstName, lastName, fullName, emails };
  if (companyRef) draft.companyCrmId = companyRef.id;
  // what the row says it is: a Salesforce lead id, a Pipedrive lead, HubSpot's lifecycle stage
  const rowKind = own?.objectType === 'Lead' || lead ? 'lead' : own?.objectType === 'Contact' ? 'contact' : stage ? kindOfLifecycleStage(stage.value) : undefined;
  if (rowKind) draft.kind = rowKind;
  const leadStatus = status ? leadStatusOf(status.value) : undefined;
  if (leadStatus) draft.leadStatus = leadStatus;
  if (owner) draft.owner = owner.value;
  if (phone) draft.phone = phone;
  if (title) draft.title = title.value;
  if (linkedin) draft.linkedinUrl = linkedin.value;
  if (company) draft.companyName = company.value;
  const domain = site ? companyDomainKey(site.value) : undefined;
  if (domain) draft.companyDomain = domain;
  if (city) draft.city = city.value;
  if (country) draft.country = country.value;
  return { ok: true, draft };
}

/** What kind of person an imported row becomes: the user's choice, else what the row says, else the file's kind. */
export type PersonKindChoice = 'file' | 'contact' | 'lead';
export function personKindOf(d: Pick<PersonDraft, 'kind'>, choice: PersonKindChoice | undefined, leadsFile: boolean | undefined): 'contact' | 'lead' {
  if (choice === 'contact' || choice === 'lead') return choice;
  return d.kind ?? (leadsFile ? 'lead' : 'contact');
}
