// Step 2, people: each account's contacts and leads, and leads at companies that are not
// accounts — names as each country writes them, titles, work and free e-mails, LinkedIn
// profiles, phones, owners.
import { type Person, crmKey } from '../../domain/entities';
import { linkedinKey, nameKey } from '../../text/normalize';
import { DEMO_CAST } from '../cast';
import { type CityDef, type CountryDef } from '../data/countries';
import * as NAMES from '../data/names';
import {
  FUNCTION_WEIGHTS,
  SENIORITY_WEIGHTS,
  TITLES,
  type JobFunction,
  type Seniority,
  type TitleDef,
} from '../data/titles';
import { TERRITORIES } from '../data/users';
import { type Rng, type Weighted } from '../prng';
import { compact, slug, stripAccents } from '../text';
import { unlinkedCompanies } from './accounts';
import {
  type DemoContext,
  type Gender,
  type Kind,
  type LeadStatus,
  type PersonInfo,
  type PersonName,
  ACCENTED,
  DAY,
  HOUR,
  MINUTE,
  SIZE,
  clamp,
  iso,
} from './context';

/** The cast's names: no generated namesake may blur a fixture's match. */
const CAST_NAME_KEYS = new Set(Object.values(DEMO_CAST.people).map((p) => nameKey(p.fullName)));

/**
 * 'Ana Belén Soto' must never be generated (a LinkedIn fixture uses her as someone not in the
 * CRM), nor a namesake of the cast.
 */
export function isForbiddenName(fullName: string): boolean {
  const key = nameKey(fullName);
  if (CAST_NAME_KEYS.has(key)) return true;
  const k = ` ${key} `;
  return k.includes(' belen ') && k.includes(' soto ');
}

/** Titles by function and seniority. */
const TITLE_INDEX = new Map<string, TitleDef[]>();
for (const t of TITLES) {
  const key = `${t.fn}/${t.level}`;
  const list = TITLE_INDEX.get(key) ?? [];
  list.push(t);
  TITLE_INDEX.set(key, list);
}

export function makeName(rng: Rng, country: CountryDef): PersonName {
  for (;;) {
    const n = makeNameOnce(rng, country);
    if (!isForbiddenName(`${n.first} ${n.last}`)) return n;
  }
}

function makeNameOnce(rng: Rng, country: CountryDef): PersonName {
  const gender: Gender = rng.chance(0.5) ? 'm' : 'f';
  const spanish = country.lang === 'es' || rng.chance(country.hispanicShare ?? 0);
  if (spanish) {
    const latam = country.region === 'latam';
    let first: string;
    const r = rng.float();
    if (gender === 'm') {
      first =
        r < 0.22
          ? rng.pick(NAMES.ES_MALE_COMPOUND)
          : latam && r < 0.4
            ? rng.pick(NAMES.LATAM_MALE)
            : rng.pick(NAMES.ES_MALE);
    } else {
      first =
        r < 0.22
          ? rng.pick(NAMES.ES_FEMALE_COMPOUND)
          : latam && r < 0.4
            ? rng.pick(NAMES.LATAM_FEMALE)
            : rng.pick(NAMES.ES_FEMALE);
    }
    const local = NAMES.COUNTRY_SURNAMES[country.code];
    const surname = () => (local && rng.chance(0.3) ? rng.pick(local) : rng.pick(NAMES.ES_SURNAMES));
    const s1 = surname();
    let s2 = surname();
    while (s2 === s1) s2 = surname();
    const oneSurname = rng.chance(country.lang === 'es' ? country.oneSurnameShare : 0.8);
    return { first, last: oneSurname ? s1 : `${s1} ${s2}`, surnames: [s1, s2], gender, nameLang: 'es' };
  }
  if (country.lang === 'de') {
    const first = rng.pick(gender === 'm' ? NAMES.DE_MALE : NAMES.DE_FEMALE);
    const last = rng.pick(NAMES.DE_SURNAMES);
    return { first, last, surnames: [last], gender, nameLang: 'de' };
  }
  const first = rng.pick(gender === 'm' ? NAMES.EN_MALE : NAMES.EN_FEMALE);
  const last = rng.pick(NAMES.EN_SURNAMES);
  return { first, last, surnames: [last], gender, nameLang: 'en' };
}

function makeTitle(rng: Rng, country: CountryDef, gender: Gender, senior: boolean): string {
  let fn: JobFunction;
  let level: Seniority;
  if (senior) {
    fn = rng.pick<JobFunction>(['executive', 'finance', 'it', 'operations']);
    level = rng.chance(0.4) ? 'c-level' : 'director';
  } else {
    fn = rng.weighted(FUNCTION_WEIGHTS);
    level = rng.weighted(SENIORITY_WEIGHTS);
  }
  let candidates = TITLE_INDEX.get(`${fn}/${level}`) ?? [];
  if (candidates.length === 0) candidates = TITLES.filter((t) => t.fn === fn);
  const wantSpanish = country.lang === 'es' && rng.chance(0.78);
  const inLang = candidates.filter((t) => (wantSpanish ? t.es : t.en));
  const t = rng.pick(inLang.length > 0 ? inLang : candidates);
  if (wantSpanish && t.es) return gender === 'm' ? t.es[0] : t.es[1];
  return t.en ?? (t.es ? t.es[gender === 'm' ? 0 : 1] : 'Manager');
}

function firstPart(rng: Rng, first: string, german: boolean): string {
  const tokens = first.split(' ').map((t) => compact(t, german)).filter(Boolean);
  if (tokens.length < 2) return tokens[0] ?? compact(first, german);
  const r = rng.float();
  return r < 0.5 ? tokens.join('') : r < 0.8 ? (tokens[0] ?? '') : tokens.join('.');
}

function initials(first: string, german: boolean): string {
  return first
    .split(' ')
    .map((t) => compact(t, german)[0] ?? '')
    .join('');
}

function claimEmail(ctx: DemoContext, local: string, domain: string, surnames: readonly string[], german: boolean): string {
  const second = surnames[1] ? compact(surnames[1], german)[0] : undefined;
  const tries = [local, ...(second ? [`${local}.${second}`, `${local}${second}`] : [])];
  for (const l of tries) {
    const e = `${l}@${domain}`;
    if (!ctx.usedEmails.has(e)) {
      ctx.usedEmails.add(e);
      return e;
    }
  }
  for (let n = 2; ; n++) {
    const e = `${local}${n}@${domain}`;
    if (!ctx.usedEmails.has(e)) {
      ctx.usedEmails.add(e);
      return e;
    }
  }
}

export function workEmail(ctx: DemoContext, rng: Rng, name: PersonName, domain: string, pattern: string): string {
  const german = name.nameLang === 'de';
  const f = firstPart(rng, name.first, german);
  const l = compact(name.surnames[0] ?? name.last, german);
  const i = initials(name.first, german);
  const local =
    pattern === 'f.last'
      ? `${i}.${l}`
      : pattern === 'flast'
        ? `${i}${l}`
        : pattern === 'first'
          ? f
          : pattern === 'firstlast'
            ? `${f.replace(/\./g, '')}${l}`
            : pattern === 'first_last'
              ? `${f}_${l}`
              : `${f}.${l}`;
  return claimEmail(ctx, local, domain, name.surnames, german);
}

export function freeEmail(ctx: DemoContext, rng: Rng, name: PersonName, country: CountryDef): string {
  const german = name.nameLang === 'de';
  const f = compact(name.first.split(' ')[0] ?? name.first, german);
  const full = compact(name.first, german);
  const l = compact(name.surnames[0] ?? name.last, german);
  const i = initials(name.first, german);
  const local = rng.weighted<string>([
    [`${full}.${l}`, 25],
    [`${f}${l}${rng.int(70, 99)}`, 20],
    [`${i}${l}`, 15],
    [`${f}.${l}${rng.int(1, 30)}`, 15],
    [`${f}_${l}`, 10],
    [`${l}.${f}`, 8],
    [`${i}${l}${rng.int(1, 99)}`, 7],
  ]);
  return claimEmail(ctx, local, rng.pick(country.freeMail), name.surnames, german);
}

function personLinkedin(ctx: DemoContext, rng: Rng, name: PersonName): { url: string; key: string } {
  const german = name.nameLang === 'de';
  const hex = () => rng.int(0x10000000, 0xffffffff).toString(16);
  const f = slug(name.first, german);
  const l = slug(name.last, german);
  const full = `${name.first} ${name.last}`;
  const r = rng.float();
  const preferred =
    ACCENTED.test(full) && r < 0.06
      ? encodeURIComponent(`${name.first} ${name.last}`.toLowerCase().replace(/\s+/g, '-') + `-${hex()}`)
      : r < 0.4
        ? `${f}-${l}-${hex()}`
        : r < 0.65
          ? `${compact(name.first, german)}${compact(name.last, german)}`
          : r < 0.85
            ? `${f}-${l}`
            : r < 0.93
              ? `${initials(name.first, german)}${compact(name.surnames[0] ?? name.last, german)}`
              : `${compact(name.first, german)}-${compact(name.surnames[0] ?? name.last, german)}-${rng.int(1, 999)}`;
  for (const vanity of [preferred, `${f}-${l}-${hex()}`, `${f}-${l}-${hex()}`, `${f}-${l}-${hex()}${hex()}`]) {
    const url = `https://www.linkedin.com/in/${vanity}`;
    const key = linkedinKey(url);
    if (key && !ctx.usedLinkedin.has(key)) {
      ctx.usedLinkedin.add(key);
      return { url, key };
    }
  }
  throw new Error(`no LinkedIn vanity left for ${full}`);
}

function phoneNumber(rng: Rng, country: CountryDef, city: string): string {
  const cityDef: CityDef | undefined = country.cities.find((c) => c.name === city);
  return rng.pattern(rng.pick(cityDef?.phones ?? country.phones));
}

function pickLeadStatus(rng: Rng): LeadStatus {
  return rng.weighted<LeadStatus>([
    ['new', 22],
    ['working', 25],
    ['nurturing', 25],
    ['qualified', 12],
    ['unqualified', 16],
  ]);
}

export function addPerson(ctx: DemoContext, p: Omit<PersonInfo, 'person'> & { person: Omit<Person, 'id' | 'nameKey' | 'fullName' | 'crmRefs' | 'crmKeys'> }): PersonInfo {
  const hubspotId = ctx.nextHubspotContact();
  const fullName = `${p.person.firstName} ${p.person.lastName}`;
  const person: Person = {
    id: ctx.nextPersonId(),
    kind: p.person.kind,
    firstName: p.person.firstName,
    lastName: p.person.lastName,
    fullName,
    nameKey: nameKey(fullName),
    title: p.person.title,
    emails: p.person.emails,
    phone: p.person.phone,
    linkedinUrl: p.person.linkedinUrl,
    linkedinKey: p.person.linkedinKey,
    accountId: p.person.accountId,
    companyName: p.person.companyName,
    country: p.person.country,
    city: p.person.city,
    ownerId: p.person.ownerId,
    leadStatus: p.person.leadStatus,
    leftCompany: p.person.leftCompany,
    crmRefs: [{ system: 'hubspot' as const, objectType: '0-1', id: hubspotId }],
    crmKeys: [crmKey('hubspot', 'person', hubspotId)],
    createdAt: p.person.createdAt,
    updatedAt: p.person.updatedAt,
    lastActivityAt: undefined,
    source: 'demo',
  };
  const info: PersonInfo = { ...p, person };
  ctx.people.push(info);
  p.account?.people.push(info);
  return info;
}

function personLang(rng: Rng, country: CountryDef): 'es' | 'en' {
  const native = country.lang === 'es' ? 'es' : 'en';
  return rng.chance(0.08) ? (native === 'es' ? 'en' : 'es') : native;
}

export function generatePeople(ctx: DemoContext): void {
  const rng = ctx.rng('people');
  const now = ctx.nowMs;
  const patterns: Weighted<string> = [
    ['first.last', 45],
    ['f.last', 20],
    ['flast', 10],
    ['firstlast', 10],
    ['first_last', 7],
    ['first', 8],
  ];

  for (const acc of ctx.accounts) {
    const { account, country } = acc;
    const employees = account.employees ?? 100;
    const n = clamp(Math.round(1 + Math.log10(employees) * 2.6 + rng.real(0, 4)), 3, 20);
    const leadShare = account.lifecycle === 'prospect' ? 0.22 : account.lifecycle === 'customer' ? 0.1 : 0.15;
    let pattern = rng.weighted(patterns);
    if (pattern === 'first' && employees > 200) pattern = 'first.last';
    const territory = TERRITORIES[country.region];
    const accountAgeDays = Math.floor((now - acc.createdMs) / DAY);
    for (let k = 0; k < n; k++) {
      const kind: Kind = k < 2 ? 'contact' : rng.chance(leadShare) ? 'lead' : 'contact';
      const name = makeName(rng, country);
      const city = rng.chance(0.75) ? (account.city ?? rng.pick(country.cities).name) : rng.pick(country.cities).name;
      const leadStatus = kind === 'lead' ? pickLeadStatus(rng) : undefined;
      const createdDays =
        kind === 'contact'
          ? rng.int(30, Math.max(31, accountAgeDays))
          : leadStatus === 'new'
            ? rng.int(1, Math.min(45, accountAgeDays))
            : rng.int(1, Math.min(400, accountAgeDays));
      const createdMs = Math.max(acc.createdMs + HOUR, now - createdDays * DAY - rng.int(0, 900) * MINUTE);
      const emails: string[] = [];
      const work = kind === 'contact' ? rng.chance(0.94) : rng.chance(0.75);
      if (work && account.domain) emails.push(workEmail(ctx, rng, name, account.domain, pattern));
      else if (kind === 'lead' || rng.chance(0.5)) emails.push(freeEmail(ctx, rng, name, country));
      if (kind === 'contact' && work && emails.length > 0 && rng.chance(0.04)) emails.push(freeEmail(ctx, rng, name, country));
      const li = rng.chance(kind === 'contact' ? 0.82 : 0.7) ? personLinkedin(ctx, rng, name) : undefined;
      const ownerId =
        kind === 'contact'
          ? account.ownerId && rng.chance(0.75)
            ? account.ownerId
            : rng.pick([...territory.aes, ...territory.ams])
          : rng.chance(0.04)
            ? undefined
            : rng.chance(0.85)
              ? rng.pick(territory.sdrs)
              : (account.ownerId ?? rng.pick(territory.sdrs));
      const hasTitle = kind === 'contact' ? rng.chance(0.97) : rng.chance(0.88);
      addPerson(ctx, {
        name,
        country,
        account: acc,
        companyLabel: acc.base,
        domain: account.domain,
        lang: personLang(rng, country),
        createdMs,
        person: {
          kind,
          firstName: name.first,
          lastName: name.last,
          title: hasTitle ? makeTitle(rng, country, name.gender, k === 0) : undefined,
          emails,
          phone: rng.chance(kind === 'contact' ? 0.72 : 0.55) ? phoneNumber(rng, country, city) : undefined,
          linkedinUrl: li?.url,
          linkedinKey: li?.key,
          accountId: account.id,
          country: country.name,
          city,
          ownerId,
          leadStatus,
          leftCompany: kind === 'contact' && k >= 2 && rng.chance(0.025) ? true : undefined,
          createdAt: iso(createdMs),
          updatedAt: iso(ctx.snap(createdMs + rng.real(0.3, 1) * (now - createdMs))),
          source: 'demo',
        },
      });
    }
  }

  // Leads whose company is not (yet) an account: typed company names, often free-mail.
  const companies = unlinkedCompanies(ctx, rng);
  const generatedAccounts = ctx.accounts.slice();
  for (let i = 0; i < SIZE.unlinkedLeads; i++) {
    let companyName: string;
    let label: string;
    let domain: string | undefined;
    let country: CountryDef;
    let city: string;
    if (rng.chance(0.15)) {
      // a lead at a company that is an account, typed loosely and not linked
      const acc = rng.pick(generatedAccounts);
      const legal = acc.account.name.slice(acc.base.length).trim();
      companyName = rng.weighted<string>([
        [stripAccents(acc.base), 35],
        [acc.base, 25],
        [`${stripAccents(acc.base)} ${legal.replace(/\./g, '')}`, 20],
        [acc.base.toUpperCase(), 10],
        [acc.account.name.toLowerCase(), 10],
      ]);
      label = acc.base;
      domain = acc.account.domain;
      country = acc.country;
      city = acc.account.city ?? rng.pick(country.cities).name;
    } else {
      const c = rng.pick(companies);
      companyName = rng.chance(0.6) ? c.name : c.base;
      label = c.base;
      domain = c.domain;
      country = c.country;
      city = c.city;
    }
    const name = makeName(rng, country);
    const leadStatus = pickLeadStatus(rng);
    const createdMs = now - (leadStatus === 'new' ? rng.int(1, 45) : rng.int(1, 400)) * DAY - rng.int(0, 900) * MINUTE;
    const territory = TERRITORIES[country.region];
    const email = rng.chance(0.55) && domain ? workEmail(ctx, rng, name, domain, 'first.last') : freeEmail(ctx, rng, name, country);
    const li = rng.chance(0.65) ? personLinkedin(ctx, rng, name) : undefined;
    addPerson(ctx, {
      name,
      country,
      companyLabel: label,
      domain,
      lang: personLang(rng, country),
      createdMs,
      person: {
        kind: 'lead',
        firstName: name.first,
        lastName: name.last,
        title: rng.chance(0.85) ? makeTitle(rng, country, name.gender, false) : undefined,
        emails: [email],
        phone: rng.chance(0.5) ? phoneNumber(rng, country, city) : undefined,
        linkedinUrl: li?.url,
        linkedinKey: li?.key,
        companyName,
        country: country.name,
        city: rng.chance(0.8) ? city : undefined,
        ownerId: rng.chance(0.05) ? undefined : rng.pick(territory.sdrs),
        leadStatus,
        createdAt: iso(createdMs),
        updatedAt: iso(ctx.snap(createdMs + rng.real(0.2, 1) * (now - createdMs))),
        source: 'demo',
      },
    });
  }
}
