// The trap set: CRM-shaped contacts and accounts (the same generator as crm-generator.ts) with the
// cases an SDR meets every week injected on purpose, each record pair labelled with its trap, so
// the benchmark can report recall per trap (same person or company, different look) and false
// merges per trap (different people or companies, same look). Deterministic from a seed; weights
// are fitted on TRAINING_SEED's set and figures reported on BENCHMARK_SEED's.
//
// Contacts (of the people generated, each trap drawn independently):
//   same person, different look (one extra record each)
//     jobChange       6 %  new company and work e-mail; same LinkedIn URL, mobile or personal e-mail
//     emailTypo       5 %  gmial.com, hotmial.es, a transposed or doubled letter in the user part or
//                          the company domain; same name, no other identifier
//     surname         5 %  married form ("López de Martínez"), second surname dropped, or a new
//                          surname at the same company with the same mobile
//     phoneFormat     5 %  the mobile or the office line (with its extension) written another way:
//                          (305) 626-0385, 305.626.0385, +34 612 345 678, 0034612345678, national
//                          without prefix, "x204" / "ext. 204"; no e-mail
//     invertedCase    4 %  "GARCÍA LÓPEZ, María José", all capitals, all lower case
//     accents         4 %  accents and ñ lost, or UTF-8 read as Latin-1 ("GarcÃ­a")
//   different people, same look (a second person, with his or her own CRM record)
//     namesake        4 %  same given name and surname at the same company, another e-mail, title
//                          and extension on the same switchboard (a large company: 40+ people)
//     fatherSon       2 %  same name and company, "Jr." / "Sr." / "hijo" / "padre" on one or both
//     familyPhone     3 %  two relatives on one home phone and in one city, different given names:
//                          siblings with both surnames (60 %) or parent and child with the first
//     sharedMailbox   2 %  another person at the same company whose only e-mail is the same
//                          info@ / ventas@ / compras@ mailbox
// Accounts (of the companies generated):
//   same company, different look
//     otherTld        6 %  the same name on another top-level domain (polaris.com / polaris.es),
//                          same city
//     rebrand         4 %  a new name on the same domain
//     abbreviation    8 %  Cía., Hnos., Transps., Int'l, S.A. de C.V. / SA DE CV, S.A.S. / SAS
//   different companies, same look
//     groupSubsidiary 5 %  a group ("Grupo Sigma") and one or two subsidiaries ("Sigma Global SAC",
//                          "Sigma Perú S.A.C.") sharing its domain: related, never one company
// A company's name is unique in its country (its register refuses a name taken): companies of one
// name are in different countries. The accounts set keeps that rule (see generateTrapAccounts), so
// its hard cases are the traps above and the namesakes abroad, not names no evidence could tell
// apart.
import type { MatchRecord } from '../../utils/match/record';
import {
  BENCHMARK_SEED,
  COUNTRIES,
  EN_SURNAMES,
  ES_SURNAMES,
  Rng,
  SYL,
  TITLES,
  cap,
  companyAsTyped,
  emailLocal,
  formatPhone,
  linkedinUrl,
  makeCompanies,
  makePerson,
  mulberry32,
  phoneDigits,
  recordFor,
  slug,
  stripAccents,
  uniqueAddress,
  weightedCompany,
  type Company,
  type Person,
  type Source,
} from './crm-generator';

export const CONTACT_TRAPS = ['jobChange', 'emailTypo', 'surname', 'phoneFormat', 'invertedCase', 'accents', 'namesake', 'fatherSon', 'familyPhone', 'sharedMailbox'] as const;
export const ACCOUNT_TRAPS = ['otherTld', 'rebrand', 'abbreviation', 'groupSubsidiary'] as const;
export type ContactTrap = (typeof CONTACT_TRAPS)[number];
export type AccountTrap = (typeof ACCOUNT_TRAPS)[number];
/** Traps whose pairs are different entities: counted as false merges, not recall. */
export const NEGATIVE_TRAPS: ReadonlySet<string> = new Set(['namesake', 'fatherSon', 'familyPhone', 'sharedMailbox', 'groupSubsidiary']);

const CONTACT_SHARES: Record<ContactTrap, number> = {
  jobChange: 0.06, emailTypo: 0.05, surname: 0.05, phoneFormat: 0.05, invertedCase: 0.04, accents: 0.04,
  namesake: 0.04, fatherSon: 0.02, familyPhone: 0.03, sharedMailbox: 0.02,
};
const ACCOUNT_SHARES: Record<AccountTrap, number> = { otherTld: 0.06, rebrand: 0.04, abbreviation: 0.08, groupSubsidiary: 0.05 };

export interface TrapSet {
  records: MatchRecord[];
  /** entity of each record: the same value means the same person / company */
  entity: number[];
  /** labelled pairs (record positions) per trap: same entity for positive traps, not for negative */
  pairs: Array<{ trap: string; a: number; b: number }>;
}

class Builder {
  readonly records: MatchRecord[] = [];
  readonly entity: number[] = [];
  readonly pairs: TrapSet['pairs'] = [];
  add(record: MatchRecord, entity: number): number {
    this.records.push({ ...record, id: `t${this.records.length}` });
    this.entity.push(entity);
    return this.records.length - 1;
  }
  pair(trap: string, a: number, b: number) {
    this.pairs.push({ trap, a, b });
  }
}

// ---------------------------------------------------------------------------------------------
// Contacts

const FREE_MAIL_TYPOS: Record<string, string[]> = {
  'gmail.com': ['gmial.com', 'gmai.com', 'gamil.com', 'gmail.co', 'gmaill.com'],
  'hotmail.com': ['hotmial.com', 'hotmal.com', 'hotmail.co'],
  'hotmail.es': ['hotmial.es', 'hotmal.es', 'hotmil.es'],
  'yahoo.com': ['yaho.com', 'yahooo.com'],
  'outlook.com': ['outlok.com', 'outllok.com'],
};

/** A transposed or doubled letter inside a string (never the first letter). */
function slip(rng: Rng, s: string): string {
  if (s.length < 4) return `${s}${s[s.length - 1]}`;
  const i = 1 + rng.int(s.length - 2);
  if (rng.chance(0.5) && s[i] !== s[i + 1]) return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
  return s.slice(0, i) + s[i] + s.slice(i);
}

function typoAddress(rng: Rng, address: string): string {
  const [local, domain] = address.split('@') as [string, string];
  const free = FREE_MAIL_TYPOS[domain];
  if (free && rng.chance(0.6)) return `${local}@${rng.pick(free)}`;
  if (rng.chance(0.6)) return `${slip(rng, local)}@${domain}`;
  const dot = domain.indexOf('.');
  return `${local}@${slip(rng, domain.slice(0, dot))}${domain.slice(dot)}`;
}

/** UTF-8 bytes read as Latin-1: "García" → "GarcÃ­a". */
export function mojibake(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out += ch;
    else if (code < 0x800) out += String.fromCharCode(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else out += String.fromCharCode(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return out;
}

function familyOf(p: Person): string {
  return p.family2 ? `${p.family1} ${p.family2}` : p.family1;
}

function national(e164: string, p: Person): string {
  const cc = { ES: 2, MX: 2, CO: 2, AR: 2, CL: 2, PE: 2, US: 1, GB: 2 }[p.country.code] ?? 2;
  return e164.slice(1 + cc);
}

/** The mobile written in one of the ways people write it. */
function phoneAnotherWay(rng: Rng, p: Person): string {
  const nat = national(p.mobile, p);
  const cc = p.mobile.slice(1, p.mobile.length - nat.length);
  if (p.country.code === 'US') {
    return rng.pick([
      `(${nat.slice(0, 3)}) ${nat.slice(3, 6)}-${nat.slice(6)}`,
      `${nat.slice(0, 3)}.${nat.slice(3, 6)}.${nat.slice(6)}`,
      `+1 ${nat.slice(0, 3)} ${nat.slice(3, 6)} ${nat.slice(6)}`,
      `1-${nat.slice(0, 3)}-${nat.slice(3, 6)}-${nat.slice(6)}`,
    ]);
  }
  return rng.pick([`+${cc} ${nat.slice(0, 3)} ${nat.slice(3, 6)} ${nat.slice(6)}`, `00${cc}${nat}`, `+${cc}${nat}`, nat, `(+${cc}) ${nat}`]);
}

/** An office line: the switchboard with the person's extension, written one of several ways. */
function officeLine(rng: Rng, company: Company, ext: string): string {
  const sb = company.switchboard;
  if (company.country.code === 'US') {
    const n = sb.slice(2);
    return rng.pick([`(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)} x${ext}`, `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)} ext. ${ext}`, `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)} ext ${ext}`]);
  }
  return rng.pick([`${sb} ext. ${ext}`, `${sb} x${ext}`, `${formatPhone(rng, sb, company.country, false)} ext ${ext}`, `${sb} extensión ${ext}`]);
}

const ROLE_BOXES = ['info', 'ventas', 'compras', 'contacto', 'hola'];
const GENERATION = { older: ['Sr.', 'padre', 'Sr'], younger: ['Jr.', 'hijo', 'Jr', 'II'] };

const digitsTail = (p: string) => p.replace(/\D/g, '').slice(-9);

/** The base record carries the mobile (in its own format), so a copy can share it. */
function withMobile(rng: Rng, r: MatchRecord, p: Person): void {
  const tail = digitsTail(p.mobile);
  if (!(r.phones ?? []).some((x) => digitsTail(x) === tail)) r.phones = [...(r.phones ?? []), formatPhone(rng, p.mobile, p.country, true)];
}

function crmRecord(rng: Rng, p: Person, companies: Company[], cumulative: number[], used: Set<string>): MatchRecord {
  return recordFor(rng, p, 'crm', 'x', companies, cumulative, used);
}

export function generateTrapContacts(options: { seed?: number; people?: number } = {}): TrapSet {
  const seed = options.seed ?? BENCHMARK_SEED;
  const rng = new Rng(mulberry32(seed + 17));
  const nPeople = options.people ?? 9000;
  const companies = makeCompanies(rng, Math.max(30, Math.round(nPeople / 6)));
  const cumulative: number[] = [];
  let acc = 0;
  for (const c of companies) cumulative.push((acc += c.size));
  const big = companies.filter((c) => c.size >= 40);
  const used = new Set<string>();
  const b = new Builder();
  let entity = 0;

  const roll = (trap: ContactTrap) => rng.chance(CONTACT_SHARES[trap]);

  for (let e = 0; e < nPeople; e++) {
    const person = makePerson(rng, entity++, weightedCompany(rng, companies, cumulative), used);
    const base = b.add(crmRecord(rng, person, companies, cumulative, used), person.entity);
    // ordinary copies, as in the CRM-shaped set (fewer: the traps add their own)
    const u = rng.next();
    const copies = u < 0.7 ? 0 : u < 0.92 ? 1 : 2;
    for (let k = 0; k < copies; k++) {
      const v = rng.next();
      const source: Source = v < 0.3 ? 'form' : v < 0.6 ? 'linkedin' : v < 0.8 ? 'import' : 'othercrm';
      b.add(recordFor(rng, person, source, 'x', companies, cumulative, used), person.entity);
    }

    if (roll('jobChange')) {
      const company = weightedCompany(rng, companies, cumulative);
      const r: MatchRecord = {
        id: 'x',
        kind: 'person',
        givenName: rng.chance(0.3) ? stripAccents(person.given) : person.given,
        familyName: familyOf(person),
        emails: [uniqueAddress(used, emailLocal(rng, person.given, person.family1, person.family2), company.domain)],
        companyName: companyAsTyped(rng, company),
        title: rng.pick(TITLES),
        country: company.country.code,
      };
      // What carries over (one or more): the LinkedIn profile, the mobile, the personal address;
      // the old record is given what the new one shares, else there is nothing to find.
      const old = b.records[base]!;
      const carry = person.linkedin ? rng.int(3) : 1 + rng.int(2);
      if (carry === 0 || (person.linkedin && rng.chance(0.3))) {
        r.linkedinUrl = linkedinUrl(rng, person.linkedin!, person.country);
        old.linkedinUrl ??= linkedinUrl(rng, person.linkedin!, person.country);
      }
      if (carry === 1 || rng.chance(0.25)) {
        r.phones = [formatPhone(rng, person.mobile, person.country, person.country === company.country)];
        withMobile(rng, old, person);
      }
      if (carry === 2 || rng.chance(0.2)) {
        r.emails = [...r.emails!, person.personalEmail];
        if (!(old.emails ?? []).includes(person.personalEmail)) old.emails = [...(old.emails ?? []), person.personalEmail];
      }
      if (rng.chance(0.5)) r.companyDomain = company.domain;
      b.pair('jobChange', base, b.add(r, person.entity));
    }
    if (roll('emailTypo')) {
      // an address the CRM record has, mistyped
      const old = b.records[base]!;
      const own = (old.emails ?? []).filter((x) => !/^(info|ventas|contacto|hola)@/.test(x));
      const source = own.length ? rng.pick(own).toLowerCase() : person.workEmail;
      if (!own.length) old.emails = [...(old.emails ?? []), source];
      const r: MatchRecord = {
        id: 'x',
        kind: 'person',
        fullName: `${rng.chance(0.4) ? stripAccents(person.given) : person.given} ${rng.chance(0.5) ? person.family1 : familyOf(person)}`,
        emails: [typoAddress(rng, source)],
      };
      if (rng.chance(0.5)) r.companyName = companyAsTyped(rng, person.company);
      b.pair('emailTypo', base, b.add(r, person.entity));
    }
    if (roll('surname')) {
      const r: MatchRecord = { id: 'x', kind: 'person', givenName: person.given };
      const kind = person.country.hispanic ? rng.int(3) : 2;
      if (kind === 0) {
        // married form: "López de Martínez", often without the second surname
        r.familyName = `${person.family1} de ${rng.zipf(ES_SURNAMES)}`;
        r.companyName = companyAsTyped(rng, person.company);
        if (rng.chance(0.6)) {
          r.emails = [person.workEmail];
          if (!(b.records[base]!.emails ?? []).includes(person.workEmail)) b.records[base]!.emails = [...(b.records[base]!.emails ?? []), person.workEmail];
        } else {
          r.phones = [phoneAnotherWay(rng, person)];
          withMobile(rng, b.records[base]!, person);
        }
      } else if (kind === 1) {
        // a compound surname written with a hyphen, or the second one dropped
        r.familyName = person.family2 && rng.chance(0.5) ? `${person.family1}-${person.family2}` : person.family1;
        r.companyName = companyAsTyped(rng, person.company);
        r.phones = [phoneAnotherWay(rng, person)];
        withMobile(rng, b.records[base]!, person);
      } else {
        // a new surname at the same company, the same mobile
        withMobile(rng, b.records[base]!, person);
        const surnames = person.country.hispanic ? ES_SURNAMES : EN_SURNAMES;
        const married = rng.zipf(surnames);
        r.familyName = married;
        r.companyName = companyAsTyped(rng, person.company);
        r.phones = [formatPhone(rng, person.mobile, person.country, true)];
        if (rng.chance(0.6)) r.emails = [uniqueAddress(used, emailLocal(rng, person.given, married, undefined), person.company.domain)];
      }
      b.pair('surname', base, b.add(r, person.entity));
    }
    if (roll('phoneFormat')) {
      withMobile(rng, b.records[base]!, person);
      const r: MatchRecord = {
        id: 'x',
        kind: 'person',
        givenName: person.given,
        familyName: rng.chance(0.5) ? person.family1 : familyOf(person),
        phones: [phoneAnotherWay(rng, person)],
      };
      if (rng.chance(0.4)) r.companyName = companyAsTyped(rng, person.company);
      if (rng.chance(0.5)) r.country = person.country.code;
      b.pair('phoneFormat', base, b.add(r, person.entity));
    }
    if (roll('invertedCase')) {
      const family = familyOf(person);
      const form = rng.int(3);
      const r: MatchRecord = {
        id: 'x',
        kind: 'person',
        fullName: form === 0 ? `${family.toUpperCase()}, ${person.given}` : form === 1 ? `${person.given} ${family}`.toUpperCase() : `${family}, ${person.given}`.toLowerCase(),
        companyName: companyAsTyped(rng, person.company),
      };
      if (rng.chance(0.5)) r.emails = [rng.chance(0.5) ? person.workEmail.toUpperCase() : person.workEmail];
      else r.phones = [formatPhone(rng, person.mobile, person.country, true)];
      b.pair('invertedCase', base, b.add(r, person.entity));
    }
    if (roll('accents')) {
      const full = `${person.given} ${familyOf(person)}`;
      const r: MatchRecord = {
        id: 'x',
        kind: 'person',
        fullName: rng.chance(0.5) ? mojibake(full) : stripAccents(full).replace(/ñ/gi, 'n'),
        companyName: rng.chance(0.5) ? mojibake(person.company.name) : stripAccents(person.company.name),
      };
      const also = rng.int(4); // the work address, the mobile, or nothing but name and company
      if (also < 2) r.emails = [person.workEmail];
      else if (also === 2) r.phones = [formatPhone(rng, person.mobile, person.country, true)];
      b.pair('accents', base, b.add(r, person.entity));
    }

    // Different people who look the same
    if (roll('namesake') && big.length) {
      const company = rng.pick(big);
      const one = makePerson(rng, entity++, company, used);
      const two = makePerson(rng, entity++, company, used, one);
      if (rng.chance(0.5)) two.family2 = one.family2;
      const ext = () => String(100 + rng.int(900));
      const recs = [one, two].map((p, i) => {
        const r: MatchRecord = {
          id: 'x',
          kind: 'person',
          givenName: p.given,
          familyName: familyOf(p),
          companyName: companyAsTyped(rng, company),
          title: TITLES[(rng.int(TITLES.length) + i * 3) % TITLES.length],
          phones: [officeLine(rng, company, ext())],
          country: company.country.code,
        };
        if (i === 0 || rng.chance(0.6)) r.emails = [p.workEmail];
        if (rng.chance(0.5)) r.companyDomain = company.domain;
        return r;
      });
      b.pair('namesake', b.add(recs[0]!, one.entity), b.add(recs[1]!, two.entity));
    }
    if (roll('fatherSon')) {
      const company = weightedCompany(rng, companies, cumulative);
      const father = makePerson(rng, entity++, company, used);
      const son = makePerson(rng, entity++, company, used, father);
      son.family2 = father.family2;
      const both = rng.chance(0.5);
      const marks = rng.int(GENERATION.older.length);
      const recs = [
        [father, both ? GENERATION.older[marks]! : ''],
        [son, GENERATION.younger[Math.min(marks, GENERATION.younger.length - 1)]!],
      ] as const;
      const out = recs.map(([p, mark], i) => {
        const r: MatchRecord = {
          id: 'x',
          kind: 'person',
          fullName: `${p.given} ${familyOf(p)}${mark ? (mark === 'hijo' || mark === 'padre' ? ` (${mark})` : `${rng.chance(0.5) ? ',' : ''} ${mark}`) : ''}`,
          companyName: companyAsTyped(rng, company),
          phones: [formatPhone(rng, company.switchboard, company.country, true)],
        };
        if (i === 0 || rng.chance(0.5)) r.emails = [p.workEmail];
        if (rng.chance(0.6)) r.city = company.city;
        return r;
      });
      b.pair('fatherSon', b.add(out[0]!, father.entity), b.add(out[1]!, son.entity));
    }
    if (roll('familyPhone')) {
      // two relatives on one home phone: siblings (both surnames) or parent and child (the first)
      const company = weightedCompany(rng, companies, cumulative);
      const one = makePerson(rng, entity++, company, used);
      let two = makePerson(rng, entity++, weightedCompany(rng, companies, cumulative), used);
      while (two.given === one.given) two = makePerson(rng, two.entity, two.company, used);
      two.country = one.country;
      two.family1 = one.family1;
      if (rng.chance(0.6)) two.family2 = one.family2;
      const home = phoneDigits(rng, one.country);
      const e164 = `+${home.cc}${home.national}`;
      const recs = [one, two].map((p) => {
        const r: MatchRecord = {
          id: 'x',
          kind: 'person',
          givenName: p.given,
          familyName: familyOf(p),
          phones: [formatPhone(rng, e164, one.country, true)],
          city: one.city,
        };
        if (rng.chance(0.5)) r.emails = [rng.chance(0.5) ? p.personalEmail : p.workEmail];
        if (rng.chance(0.5)) r.companyName = companyAsTyped(rng, p.company);
        if (rng.chance(0.5)) r.country = one.country.code;
        return r;
      });
      b.pair('familyPhone', b.add(recs[0]!, one.entity), b.add(recs[1]!, two.entity));
    }
    if (roll('sharedMailbox')) {
      const company = weightedCompany(rng, companies, cumulative);
      const box = `${rng.pick(ROLE_BOXES)}@${company.domain}`;
      const one = makePerson(rng, entity++, company, used);
      const two = makePerson(rng, entity++, company, used);
      const recs = [one, two].map((p) => ({
        id: 'x',
        kind: 'person' as const,
        givenName: p.given,
        familyName: p.family1,
        emails: [box],
        companyName: companyAsTyped(rng, company),
        ...(rng.chance(0.5) ? { phones: [formatPhone(rng, company.switchboard, company.country, true)] } : {}),
      }));
      b.pair('sharedMailbox', b.add(recs[0]!, one.entity), b.add(recs[1]!, two.entity));
    }
  }
  return { records: b.records, entity: b.entity, pairs: b.pairs };
}

// ---------------------------------------------------------------------------------------------
// Accounts

const OTHER_TLD: Record<string, string[]> = { es: ['com', 'eu'], com: ['es', 'com.mx', 'net', 'io'], 'com.mx': ['com', 'mx'], mx: ['com.mx', 'com'] };

/** Names built around the words people abbreviate, with their abbreviated forms. */
const ABBREVIATED: Array<{ full: (x: string) => string; short: (x: string) => string; country: string }> = [
  { full: (x) => `Transportes ${x} Hermanos, S.A. de C.V.`, short: (x) => `Transps. ${x} Hnos. SA DE CV`, country: 'MX' },
  { full: (x) => `Compañía ${x} de Seguros, S.A.`, short: (x) => `Cía. ${x} de Seguros SA`, country: 'ES' },
  { full: (x) => `${x} International Inc.`, short: (x) => `${x} Int'l`, country: 'US' },
  { full: (x) => `${x} Hermanos S.A.S.`, short: (x) => `${x} Hnos SAS`, country: 'CO' },
  { full: (x) => `Distribuidora ${x} y Compañía, S.A. de C.V.`, short: (x) => `Distribuidora ${x} y Cía. SA DE CV`, country: 'MX' },
  { full: (x) => `Industrias ${x}, S.A.`, short: (x) => `Inds. ${x} S.A.`, country: 'ES' },
  { full: (x) => `Construcciones ${x} S.L.`, short: (x) => `Construcc. ${x} SL`, country: 'ES' },
];

function inventedName(rng: Rng): string {
  let w = '';
  const n = 2 + rng.int(2);
  for (let i = 0; i < n; i++) w += rng.pick(SYL);
  return cap(w);
}

function accountRecord(rng: Rng, c: Company, name: string, domain?: string): MatchRecord {
  const r: MatchRecord = { id: 'x', kind: 'account', companyName: name };
  if (domain) r.companyDomain = rng.pick([domain, `www.${domain}`, `https://www.${domain}/`]);
  if (rng.chance(0.5)) r.phones = [formatPhone(rng, c.switchboard, c.country, true)];
  if (rng.chance(0.8)) r.country = c.country.code;
  if (rng.chance(0.6)) r.city = c.city;
  return r;
}

const NOT_NAME_WORDS = new Set(['grupo', 'group', 'the', 'y', 'and', 'de', 'sa', 'sl', 'sas', 'inc', 'cv', 'ltda', 'sac', 'llc', 'ltd', 'plc', 'corp']);

/** A company's name as its country's register reads it: its words in any order, without "Grupo", "The", legal form. */
function registeredName(name: string, country: string): string {
  const words = name.split(/[\s,.]+/).map((w) => slug(w)).filter((w) => w.length > 1 && !NOT_NAME_WORDS.has(w));
  return `${country}:${words.sort().join(' ')}`;
}

export function generateTrapAccounts(options: { seed?: number; companies?: number } = {}): TrapSet {
  const seed = options.seed ?? BENCHMARK_SEED;
  const rng = new Rng(mulberry32(seed + 29));
  // A company's name is unique in its country: registers (Spain's Registro Mercantil Central,
  // Mexico's Secretaría de Economía, Colombia's RUES …) refuse a name already taken. Two companies
  // of one name are in two countries (the generator's namesakes abroad, kept); a second company of
  // a name in the same country — which the invented names' small syllable set makes by accident —
  // is left out, as are trap companies whose invented name is taken.
  const registered = new Set<string>();
  const companies = makeCompanies(rng, options.companies ?? 5000).filter((c) => {
    const key = registeredName(c.core, c.country.code);
    if (registered.has(key)) return false;
    registered.add(key);
    return true;
  });
  /** A core whose name (`nameOf(core)`) is not yet registered in the country. */
  const freshCore = (make: () => string, country: string, nameOf: (core: string) => string = (x) => x): string => {
    for (;;) {
      const core = make();
      const key = registeredName(nameOf(core), country);
      if (!registered.has(key)) {
        registered.add(key);
        return core;
      }
    }
  };
  const b = new Builder();
  let entity = 0;
  const roll = (trap: AccountTrap) => rng.chance(ACCOUNT_SHARES[trap]);
  const byCode = new Map(COUNTRIES.map((c) => [c.code, c]));

  for (const company of companies) {
    const e = entity++;
    const base = b.add(accountRecord(rng, company, company.name, rng.chance(0.9) ? company.domain : undefined), e);
    const u = rng.next();
    const copies = u < 0.65 ? 0 : u < 0.9 ? 1 : 2;
    for (let k = 0; k < copies; k++) b.add(accountRecord(rng, company, companyAsTyped(rng, company), rng.chance(0.6) ? company.domain : undefined), e);

    if (roll('otherTld')) {
      const dot = company.domain.indexOf('.');
      const tld = company.domain.slice(dot + 1);
      const other = `${company.domain.slice(0, dot)}.${rng.pick(OTHER_TLD[tld] ?? ['com', 'es'])}`;
      const r = accountRecord(rng, company, companyAsTyped(rng, company), other);
      // the trap: same name, same city, another ending (both records say where they are)
      r.city = company.city;
      b.records[base]!.city = company.city;
      b.pair('otherTld', base, b.add(r, e));
    }
    if (roll('rebrand')) {
      // the trap: a new name on the same domain (the old record has its website)
      b.records[base]!.companyDomain ??= company.domain;
      const r = accountRecord(rng, company, `${inventedName(rng)}${rng.chance(0.5) ? ` ${rng.pick(company.country.forms)}` : ''}`, company.domain);
      if (rng.chance(0.7)) r.city = company.city;
      b.pair('rebrand', base, b.add(r, e));
    }
  }
  // companies whose names people abbreviate
  for (let i = 0; i < companies.length * ACCOUNT_SHARES.abbreviation; i++) {
    const form = rng.pick(ABBREVIATED);
    const country = byCode.get(form.country)!;
    const surname = rng.chance(0.5);
    const core = freshCore(() => (surname ? stripAccents(rng.zipf(country.hispanic ? ES_SURNAMES : EN_SURNAMES)) : inventedName(rng)), form.country, form.full);
    const c = makeCompanies(rng, 1)[0]!;
    const company: Company = { ...c, country, city: rng.pick(country.cities), name: form.full(core), core, domain: `${slug(core)}${slug(form.full('').split(' ')[0] ?? '')}${rng.int(100)}.${country.tlds[0]}` };
    const e = entity++;
    const full = b.add(accountRecord(rng, company, company.name, rng.chance(0.6) ? company.domain : undefined), e);
    const r = accountRecord(rng, company, form.short(core), rng.chance(0.3) ? company.domain : undefined);
    b.pair('abbreviation', full, b.add(r, e));
  }
  // groups and their subsidiaries on one domain
  for (let i = 0; i < companies.length * ACCOUNT_SHARES.groupSubsidiary; i++) {
    const country = byCode.get(rng.pick(['ES', 'MX', 'PE', 'CO', 'US']))!;
    const core = freshCore(() => inventedName(rng), country.code);
    const c = makeCompanies(rng, 1)[0]!;
    const domain = `${slug(core)}${rng.int(100)}.${country.tlds[0]}`;
    const group: Company = { ...c, country, core, domain, city: rng.pick(country.cities), name: country.hispanic ? `Grupo ${core}` : `${core} Group` };
    const parent = entity++;
    const g = b.add(accountRecord(rng, group, rng.chance(0.3) ? `${group.name} ${rng.pick(['S.A.', 'Holding', 'S.A.B. de C.V.', 'Inc.'])}` : group.name, domain), parent);
    const qualifiers = country.hispanic ? ['Global', 'Perú', 'México', 'Colombia', 'Internacional', 'Logística', 'Servicios', 'Energía'] : ['Global', 'USA', 'International', 'Logistics', 'Services', 'Capital'];
    const subsidiaries = 1 + (rng.chance(0.4) ? 1 : 0);
    const subs: number[] = [];
    const first = rng.int(qualifiers.length);
    for (let k = 0; k < subsidiaries; k++) {
      const q = qualifiers[(first + k * 3) % qualifiers.length]!;
      const child = entity++;
      const s = b.add(accountRecord(rng, group, `${core} ${q} ${rng.pick(country.forms)}`, domain), child);
      b.pair('groupSubsidiary', g, s);
      subs.push(s);
    }
    if (subs.length === 2) b.pair('groupSubsidiary', subs[0]!, subs[1]!);
  }
  return { records: b.records, entity: b.entity, pairs: b.pairs };
}

/** Per trap: for positive traps the share of labelled pairs put in one cluster, for negative ones the count. */
export function trapFigures(set: TrapSet, clusterOf: readonly number[]): Map<string, { pairs: number; together: number }> {
  const out = new Map<string, { pairs: number; together: number }>();
  for (const { trap, a, b } of set.pairs) {
    const f = out.get(trap) ?? { pairs: 0, together: 0 };
    f.pairs++;
    if (clusterOf[a] === clusterOf[b]) f.together++;
    out.set(trap, f);
  }
  return out;
}
