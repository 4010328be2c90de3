// Features: a record's normalised, comparable parts, computed once when it enters the index (the
// index stores features, not raw records) or when a record is looked up.
import type { CountryCode } from 'libphonenumber-js';
import {
  companyCoreTokens,
  companyDomainKey,
  clearNameCaches,
  companyTokens,
  emailParts,
  foldText,
  impliedCountries,
  legalForm,
  linkedinKey,
  parsePersonName,
  phoneKey,
  repairMojibake,
  wordsOf,
  type Generation,
} from '../text/normalize';
import type { MatchKind, MatchOptions, MatchRecord } from './record';
import { inferRoleFromTitle } from '../domain/committee/titles';
import { blockKeys } from './blocking';

export interface Features {
  id: string;
  kind: MatchKind;
  /** given names, folded ("jose", "maria"); nicknames kept as written except two-name ones */
  given: readonly string[];
  /** surnames, folded, particles glued ("delafuente") */
  family: readonly string[];
  /** another reading of an ambiguous full name */
  altGiven: readonly string[] | undefined;
  altFamily: readonly string[] | undefined;
  /** a given name was a nickname for two names ("Chema" read as "jose maria") */
  nickname: boolean;
  /** Jr. / Sr. / hijo / padre after the name: father and son are two people */
  generation: Generation | undefined;
  /** job title as function and seniority ("finance:c-level" for "CFO" and "Directora Financiera") */
  title: string | undefined;
  /** comparable e-mail addresses (emailParts().key), not role mailboxes */
  emails: readonly string[];
  /** role mailboxes (info@, ventas@ …): only weak evidence */
  roleEmails: readonly string[];
  /** phoneKey(): the last nine digits, then ";<extension>" when there is one */
  phones: readonly string[];
  linkedin: string | undefined;
  /** companyKey of the company name */
  company: string | undefined;
  companyCore: readonly string[] | undefined;
  /** registrable company domain: from the website, else from a work e-mail */
  domain: string | undefined;
  country: string | undefined;
  /** accounts: the legal form's kind (legalForm(): "sa", "sl", "sa de cv", "inc" …) */
  form: string | undefined;
  /**
   * accounts: where the company is, as country codes joined by "," — the record's own country, else
   * what its legal form, website ending and city imply ("MX", "CO,AR,FR"); undefined when unknown
   */
  where: string | undefined;
  /** folded, spaces removed ("winstonhills") */
  city: string | undefined;
  postcode: string | undefined;
  state: string | undefined;
  /** folded, abbreviations expanded, spaces removed */
  address: string | undefined;
  /** YYYYMMDD */
  birth: string | undefined;
  nationalId: string | undefined;
  /** blocking keys (hashes), computed once */
  keys: readonly number[];
}

const EMPTY: readonly string[] = Object.freeze([]);

// Interning: equal tokens share one string, which keeps a million-record index small.
const INTERN_LIMIT = 500_000;
/** at most this many entries in each cache below (capFeatureCaches) */
let featureCacheCap = Infinity;
let interned = new Map<string, string>();
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size >= INTERN_LIMIT || interned.size >= featureCacheCap) interned = new Map();
  interned.set(s, s);
  return s;
}

/**
 * A bounded cache for normalisers whose inputs repeat across records (company names, websites,
 * cities, countries): most records of a CRM share them.
 */
const memoClearers: Array<() => void> = [];
function memo<T>(fn: (s: string) => T, limit = 50_000): (s: string) => T {
  let cache = new Map<string, T>();
  memoClearers.push(() => (cache = new Map()));
  return (s: string) => {
    let v = cache.get(s);
    if (v === undefined && !cache.has(s)) {
      v = fn(s);
      if (cache.size >= limit || cache.size >= featureCacheCap) cache = new Map();
      cache.set(s, v);
    }
    return v as T;
  };
}

/**
 * Empty the caches toFeatures keeps (parsed names, companies, domains, interned tokens): a batch
 * that is done adding records frees their memory before it compares. Only speed depends on them.
 */
export function clearFeatureCaches(): void {
  for (const clear of memoClearers) clear();
  interned = new Map();
  clearNameCaches();
}

/**
 * Keep each of toFeatures' caches (interned tokens, companies, domains, titles, cities …) under
 * this many entries (default: 50,000 each, 500,000 interned tokens). The dedupe CLI keeps them
 * small: a batch's index keeps each token once in its own tables, and at a million rows the
 * caches held some 40 MB of the heap while reading — close to the run's peak.
 */
export function capFeatureCaches(entries: number): void {
  featureCacheCap = entries;
  clearFeatureCaches();
}

const companyOf = memo((name: string): { key: string; core: readonly string[] } | undefined => {
  const tokens = companyTokens(repairMojibake(name), true);
  if (!tokens.length) return undefined;
  return { key: intern(tokens.join(' ')), core: Object.freeze(companyCoreTokens(tokens).map(intern)) };
});
const formOf = memo((name: string) => {
  const f = legalForm(repairMojibake(name));
  return f ? intern(f) : undefined;
});
const domainOf = memo((value: string) => {
  const d = companyDomainKey(value);
  return d ? intern(d) : undefined;
});
/**
 * A job title as what it says about the job, in any language: its function and seniority
 * ("CFO" and "Directora Financiera" are both finance:c-level), through the domain's title rules.
 */
const titleOf = memo((value: string) => {
  const t = inferRoleFromTitle(value);
  return t.function === 'other' && t.seniority === 'unknown' ? undefined : intern(`${t.function}:${t.seniority}`);
});
const cityOf = memo((value: string) => intern(wordsOf(value).join('')) || undefined);
const countryOf = memo((value: string) => {
  const code = countryCode(value);
  return intern(code ?? foldText(value.trim()));
});

const COUNTRY_NAMES: ReadonlyMap<string, CountryCode> = new Map(Object.entries({
  espana: 'ES', spain: 'ES', mexico: 'MX', colombia: 'CO', argentina: 'AR', chile: 'CL', peru: 'PE',
  venezuela: 'VE', ecuador: 'EC', uruguay: 'UY', paraguay: 'PY', bolivia: 'BO', 'costa rica': 'CR',
  panama: 'PA', guatemala: 'GT', 'el salvador': 'SV', honduras: 'HN', nicaragua: 'NI',
  'republica dominicana': 'DO', 'dominican republic': 'DO', 'puerto rico': 'PR', cuba: 'CU', brasil: 'BR',
  brazil: 'BR', portugal: 'PT', 'united states': 'US', 'estados unidos': 'US', usa: 'US', eeuu: 'US', us: 'US',
  'united kingdom': 'GB', 'reino unido': 'GB', uk: 'GB', england: 'GB', inglaterra: 'GB', france: 'FR', francia: 'FR',
  germany: 'DE', alemania: 'DE', italy: 'IT', italia: 'IT', canada: 'CA', ireland: 'IE', irlanda: 'IE',
  netherlands: 'NL', 'paises bajos': 'NL', australia: 'AU',
}));

/** ISO alpha-2 code from a code or a country name in English or Spanish; undefined when unknown. */
export function countryCode(value: string | undefined): CountryCode | undefined {
  if (!value) return undefined;
  const v = foldText(value.trim()).replace(/[^a-z ]/g, '').trim();
  if (/^[a-z]{2}$/.test(v) && v !== 'us' && v !== 'uk') return v.toUpperCase() as CountryCode;
  return COUNTRY_NAMES.get(v);
}

const ADDRESS_WORDS: ReadonlyMap<string, string> = new Map(Object.entries({
  st: 'street', str: 'street', rd: 'road', ave: 'avenue', av: 'avenida', avda: 'avenida', avd: 'avenida',
  cl: 'calle', c: 'calle', cll: 'calle', cra: 'carrera', kr: 'carrera', pza: 'plaza', pl: 'place', pte: 'puente',
  ctra: 'carretera', cr: 'crescent', cres: 'crescent', ct: 'court', dr: 'drive', ln: 'lane', hwy: 'highway',
  blvd: 'boulevard', pso: 'paseo', po: 'paseo', ps: 'paseo', cir: 'circuit', tce: 'terrace', pde: 'parade',
}));

function compactAddress(value: string): string | undefined {
  const words = wordsOf(value).map((w) => ADDRESS_WORDS.get(w) ?? w);
  return words.length ? words.join('') : undefined;
}

/** YYYYMMDD from "1960-02-10", "19600210", "10/02/1960" (day first) or a Date's ISO string. */
export function birthDateKey(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(v);
  if (m) return `${m[1]}${m[2]}${m[3]}`;
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
  if (m) return `${m[3]}${m[2]!.padStart(2, '0')}${m[1]!.padStart(2, '0')}`;
  const digits = v.replace(/\D/g, '');
  return digits.length >= 6 ? digits : undefined;
}

const impliedOf = memo((key: string) => {
  const [name, domain, city] = key.split('\u0000');
  return impliedCountries(name || undefined, domain || undefined, city || undefined)?.join(',');
});

function whereOf(record: MatchRecord, domain: string | undefined): string | undefined {
  const explicit = countryCode(record.country);
  if (explicit) return explicit;
  const key = `${record.companyName ?? ''}\u0000${domain ?? ''}\u0000${record.city ?? ''}`;
  return key.length > 2 ? impliedOf(key) : undefined;
}

const repair = (s: string | undefined) => (s === undefined ? undefined : repairMojibake(s));
/** a name field read with the wrong encoding ("GarcÃ­a") */
const mangled = (s: string | undefined) => s !== undefined && s !== repairMojibake(s);

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t ? t : undefined;
}

/**
 * Normalise a record into the features the matcher compares and blocks on. (Phones are compared
 * by their last nine digits, so the default country no longer changes features; the option stays
 * for callers and for the serialised index's header.)
 */
export function toFeatures(record: MatchRecord, _options: MatchOptions = {}): Features {
  const person = record.kind === 'person';

  let given: readonly string[] = EMPTY;
  let family: readonly string[] = EMPTY;
  let altGiven: readonly string[] | undefined;
  let altFamily: readonly string[] | undefined;
  let nickname = false;
  let generation: Generation | undefined;
  if (person) {
    const name = parsePersonName(
      mangled(record.givenName) || mangled(record.familyName) || mangled(record.fullName)
        ? { givenName: repair(record.givenName), familyName: repair(record.familyName), fullName: repair(record.fullName) }
        : record,
    );
    nickname = name.expanded === true;
    generation = name.generation;
    given = name.given.length ? name.given : EMPTY;
    family = name.family.length ? name.family : EMPTY;
    if (name.alt) {
      altGiven = name.alt.given;
      altFamily = name.alt.family;
    }
  }

  let emails: string[] | undefined;
  let roleEmails: string[] | undefined;
  let emailDomain: string | undefined;
  for (const raw of record.emails ?? EMPTY) {
    const e = emailParts(raw);
    if (!e) continue;
    if (e.role) {
      if (!roleEmails) roleEmails = [e.key];
      else if (!roleEmails.includes(e.key)) roleEmails.push(e.key);
    } else if (!emails) emails = [e.key];
    else if (!emails.includes(e.key)) emails.push(e.key);
    if (!e.freeMail && !emailDomain) emailDomain = domainOf(e.domain);
  }

  let phones: string[] | undefined;
  for (const raw of record.phones ?? EMPTY) {
    const p = raw ? phoneKey(raw) : undefined;
    if (!p) continue;
    if (!phones) phones = [p];
    else if (!phones.includes(p)) phones.push(p);
  }

  const companyName = nonEmpty(record.companyName);
  const company = companyName ? companyOf(companyName) : undefined;
  const website = nonEmpty(record.companyDomain);
  const domain = (website && domainOf(website)) || emailDomain;

  const li = nonEmpty(record.linkedinUrl);
  const linkedin = li ? linkedinKey(li) : undefined;

  const features: Features = {
    id: record.id,
    kind: record.kind,
    given,
    family,
    altGiven,
    altFamily,
    nickname,
    generation,
    title: person && nonEmpty(record.title) ? titleOf(record.title!) : undefined,
    emails: emails ?? EMPTY,
    roleEmails: roleEmails ?? EMPTY,
    phones: phones ?? EMPTY,
    linkedin: linkedin && (person ? linkedin.startsWith('in/') : linkedin.startsWith('company/')) ? linkedin : undefined,
    company: company?.key,
    companyCore: company?.core,
    domain,
    country: nonEmpty(record.country) ? countryOf(record.country!) : undefined,
    form: !person && companyName ? formOf(companyName) : undefined,
    where: person ? undefined : whereOf(record, domain),
    city: nonEmpty(record.city) ? cityOf(record.city!) : undefined,
    postcode: nonEmpty(record.postcode) ? intern(record.postcode!.replace(/\s+/g, '').toLowerCase()) : undefined,
    state: nonEmpty(record.state) ? intern(foldText(record.state!.trim())) : undefined,
    address: nonEmpty(record.address) ? compactAddress(record.address!) : undefined,
    birth: birthDateKey(record.birthDate),
    nationalId: nonEmpty(record.nationalId)?.replace(/[\s.-]/g, '').toUpperCase() || undefined,
    keys: EMPTY as unknown as readonly number[],
  };
  features.keys = blockKeys(features);
  return features;
}
