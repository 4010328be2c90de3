// A CSV row → a draft contact or account, or the reasons it is rejected (row, column, reason in
// English and Spanish). Pure.
import { companyDomainKey, emailKey, linkedinKey, parsePersonName, wordsOf } from '../match/normalize';
import type { ColumnMap, Field, Kind } from './columns';
import type { CsvRow } from './stream';

export type Bilingual = { en: string; es: string };

/** A row that was not imported, and why. `row` is the spreadsheet row (the header is row 1). */
export type Rejection = { row: number; column: string; reason: Bilingual };

/** A row merged into a record that was already there (or created by an earlier row of the file). */
export type MergeNote = { row: number; id: string; name: string; fields: string[]; sameFile: boolean };

export type PersonDraft = {
  type: 'person';
  row: number;
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
  name: string;
  domain?: string;
  linkedinUrl?: string;
  city?: string;
  country?: string;
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


/** Validate one row under a mapping and turn it into a draft record. */
export function readRow(input: CsvRow, headers: readonly string[], map: ColumnMap, kind: Kind): RowResult {
  const { row, cells } = input;
  const rejections: Rejection[] = [];
  const reject = (column: string, reason: Bilingual) => rejections.push({ row, column, reason });
  if (input.quoteError) {
    const col = Math.max(0, Math.min(cells.length, headers.length) - 1);
    reject(columnName(headers, col), REASONS.quote());
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

  const linkedin = one('linkedinUrl');
  if (linkedin) {
    const key = linkedinKey(linkedin.value);
    const wanted = kind === 'contacts' ? 'in/' : 'company/';
    if (!key || !key.startsWith(wanted)) reject(columnName(headers, linkedin.col), REASONS.linkedin(linkedin.value, kind));
  }
  const city = one('city');
  const country = one('country');

  if (kind === 'accounts') {
    const name = one('companyName');
    const site = one('companyDomain');
    let domain: string | undefined;
    if (site) {
      domain = companyDomainKey(site.value);
      if (!domain) reject(columnName(headers, site.col), REASONS.domain(site.value));
    }
    if (!name && !site && !linkedin && rejections.length === 0) reject(firstCol(['companyName', 'companyDomain', 'linkedinUrl']), REASONS.noIdentity(kind));
    if (rejections.length) return { ok: false, rejections };
    const draft: AccountDraft = { type: 'account', row, name: name?.value ?? domain ?? linkedin!.value };
    if (domain) draft.domain = domain;
    if (linkedin) draft.linkedinUrl = linkedin.value;
    if (city) draft.city = city.value;
    if (country) draft.country = country.value;
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
    const digits = value.match(PHONE_DIGITS)?.length ?? 0;
    if (digits < 6 || digits > 20 || /\p{L}/u.test(value.replace(/(?:ext(?:ension)?\.?|x)\s*(?=\d)/gi, ''))) reject(columnName(headers, col), REASONS.phone(value));
    else phone ??= value;
  }
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
  const draft: PersonDraft = { type: 'person', row, firstName, lastName, fullName, emails };
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
