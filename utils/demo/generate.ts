// The demo workspace that seeds the store on first install: a pure, deterministic generator.
// Same seed and same `now` give byte-identical output. No clock, no Math.random, no browser APIs:
// every date is an offset from `now`, every random choice comes from a seeded PRNG.
import {
  type Account,
  type Activity,
  type ActivityType,
  type BantLetterStatus,
  type Deal,
  type DealStage,
  type Person,
  type Product,
  type User,
  crmKey,
} from '../domain/entities';
import { linkedinKey, nameKey } from '../text/normalize';
import type { AccountPlan } from '../domain/keyAccount';
import { CAST_RESERVED, DEMO_CAST, buildCast } from './cast';
import { DEAL_CLOSE_NOTES, DEAL_LABELS, SUBJECTS } from './data/activities';
import { CATALOG, DEMO_PRODUCTS, type CatalogEntry } from './data/catalog';
import { INDUSTRIES, NAME_STOPWORDS, type IndustryDef } from './data/companies';
import { COUNTRIES, RESERVED_BRANDS, type CityDef, type CountryDef, type Lang } from './data/countries';
import * as NAMES from './data/names';
import {
  FUNCTION_WEIGHTS,
  SENIORITY_WEIGHTS,
  TITLES,
  type JobFunction,
  type Seniority,
  type TitleDef,
} from './data/titles';
import { DEMO_USERS, TERRITORIES, type Territory } from './data/users';
import { Rng, deriveSeed, type Weighted } from './prng';
import { compact, foldAscii, pad, slug, stripAccents } from './text';

export interface DemoWorkspace {
  users: User[];
  accounts: Account[];
  people: Person[];
  deals: Deal[];
  activities: Activity[];
  products: Product[];
  /** deliberate duplicates: [originalId, duplicateId] */
  duplicatePairs: Array<[string, string]>;
  /** key accounts' plans (the cast's key account, partly done) */
  accountPlans: AccountPlan[];
}

export interface GenerateDemoOptions {
  now: Date;
  seed?: number;
}

export const DEFAULT_DEMO_SEED = 4481234;

/** Sizes of the generated part (the cast comes on top). */
const SIZE = {
  accounts: 226, // plus ~14 subsidiaries and the 2 cast accounts
  parents: 9,
  minChildren: 14,
  unlinkedCompanies: 170,
  unlinkedLeads: 340,
  duplicateShare: 0.04,
  deals: 345,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** EUR → other currencies, for amounts. */
const FX: Readonly<Record<string, number>> = { EUR: 1, USD: 1.08, MXN: 19.5, COP: 4400 };
const ROUND_TO: Readonly<Record<string, number>> = { EUR: 100, USD: 100, MXN: 1000, COP: 100000 };

type Gender = 'm' | 'f';
type Kind = 'contact' | 'lead';
type LeadStatus = NonNullable<Person['leadStatus']>;
type DealKind = 'new' | 'expansion' | 'renewal' | 'past-renewal' | 'lost-renewal';

interface AccountInfo {
  account: Account;
  country: CountryDef;
  industry: IndustryDef;
  /** the name without its legal form, as people say it: deal names, subjects */
  base: string;
  createdMs: number;
  people: PersonInfo[];
}

interface PersonName {
  first: string;
  /** the surnames as written on the record (one or two) */
  last: string;
  /** both surnames when the person has two, even if only one is written */
  surnames: string[];
  gender: Gender;
  nameLang: Lang;
}

interface PersonInfo {
  person: Person;
  name: PersonName;
  country: CountryDef;
  account?: AccountInfo;
  /** the company as people call it (account base or the typed company name) */
  companyLabel?: string;
  /** the company's domain, for work e-mails */
  domain?: string;
  lang: 'es' | 'en';
  createdMs: number;
}

interface DealInfo {
  deal: Deal;
  account: AccountInfo;
  kind: DealKind;
  createdMs: number;
  closeMs: number;
  lastTouchMs: number;
  lang: 'es' | 'en';
}

interface PendingActivity {
  atMs: number;
  seq: number;
  type: ActivityType;
  subject: string;
  personId?: string;
  accountId?: string;
  dealId?: string;
  ownerId?: string;
}

interface UnlinkedCompany {
  name: string;
  base: string;
  domain: string;
  country: CountryDef;
  city: string;
  industry: IndustryDef;
}

const ACCENTED = /[^ -~]/; // any character outside printable ASCII
const RECURRING = CATALOG.filter((c) => c.recurring);
const AM_IDS = new Set(Object.values(TERRITORIES).flatMap((t) => t.ams));
const SALES_USER_IDS = DEMO_USERS.filter((u) => u.team !== 'marketing').map((u) => u.id);

/** A copy without the keys whose value is undefined, the others in the same order. */
function dropUndefined<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

/** The cast's names: no generated namesake may blur a fixture's match. */
const CAST_NAME_KEYS = new Set(Object.values(DEMO_CAST.people).map((p) => nameKey(p.fullName)));

/**
 * 'Ana Belén Soto' must never be generated (a LinkedIn fixture uses her as someone not in the
 * CRM), nor a namesake of the cast.
 */
function isForbiddenName(fullName: string): boolean {
  const key = nameKey(fullName);
  if (CAST_NAME_KEYS.has(key)) return true;
  const k = ` ${key} `;
  return k.includes(' belen ') && k.includes(' soto ');
}

class Generator {
  private readonly nowMs: number;
  private readonly seed: number;

  private readonly usedEmails = new Set<string>();
  private readonly usedLinkedin = new Set<string>();
  private readonly usedDomains = new Set<string>();
  private readonly usedCompanyKeys = new Set<string>();
  private readonly usedDealNames = new Set<string>();

  private accountSeq = 0;
  private personSeq = 0;
  private dealSeq = 0;
  private activitySeq = 0;
  private hubspotCompanySeq = 0;
  private hubspotContactSeq = 0;
  private hubspotDealSeq = 0;

  readonly accounts: AccountInfo[] = [];
  readonly people: PersonInfo[] = [];
  readonly deals: DealInfo[] = [];
  readonly pending: PendingActivity[] = [];
  readonly duplicatePairs: Array<[string, string]> = [];

  private readonly titleIndex = new Map<string, TitleDef[]>();

  constructor(seed: number, nowMs: number) {
    this.seed = seed;
    this.nowMs = nowMs;
    for (const t of TITLES) {
      const key = `${t.fn}/${t.level}`;
      const list = this.titleIndex.get(key) ?? [];
      list.push(t);
      this.titleIndex.set(key, list);
    }
  }

  /** Snaps a moment down onto the whole-minute grid that runs back from `now`. */
  private snap(ms: number): number {
    return this.nowMs - Math.ceil((this.nowMs - ms) / MINUTE) * MINUTE;
  }

  rng(label: string): Rng {
    return new Rng(deriveSeed(this.seed, label));
  }

  reserveCast(castAccounts: readonly Account[], castPeople: readonly Person[]): void {
    for (const e of CAST_RESERVED.emails) this.usedEmails.add(e);
    for (const u of CAST_RESERVED.linkedinUrls) {
      const k = linkedinKey(u);
      if (k) this.usedLinkedin.add(k);
    }
    for (const d of CAST_RESERVED.domains) this.usedDomains.add(d);
    for (const n of CAST_RESERVED.companyNames) this.usedCompanyKeys.add(nameKey(n));
    for (const d of Object.values(DEMO_CAST.deals)) this.usedDealNames.add(d.name);
    this.accountSeq = castAccounts.length;
    this.personSeq = castPeople.length;
    this.dealSeq = Object.keys(DEMO_CAST.deals).length;
  }

  // ── ids ────────────────────────────────────────────────────────────────────────────────────

  private nextAccountId(): string {
    return `demo-acc-${pad(++this.accountSeq, 4)}`;
  }
  private nextPersonId(): string {
    return `demo-per-${pad(++this.personSeq, 4)}`;
  }
  private nextDealId(): string {
    return `demo-deal-${pad(++this.dealSeq, 4)}`;
  }
  /** HubSpot ids far from the cast's (51001…, 71001…, 90001…), unique per object type. */
  private nextHubspotCompany(): string {
    return String(20_470_000_000 + ++this.hubspotCompanySeq * 7_919);
  }
  private nextHubspotContact(): string {
    return String(30_150_000_000 + ++this.hubspotContactSeq * 4_093);
  }
  private nextHubspotDeal(): string {
    return String(12_400_000_000 + ++this.hubspotDealSeq * 6_151);
  }

  // ── companies ──────────────────────────────────────────────────────────────────────────────

  private pickIndustry(rng: Rng, country: CountryDef): IndustryDef {
    const entries: [IndustryDef, number][] = [];
    for (const ind of INDUSTRIES) {
      const w = ind.weight + (ind.boost?.[country.code] ?? 0);
      if (w > 0 && ind.names[country.lang]) entries.push([ind, w]);
    }
    return rng.weighted(entries);
  }

  /** A company name not used yet (without legal form), or undefined after many tries. */
  private companyBase(rng: Rng, country: CountryDef, industry: IndustryDef): string | undefined {
    const patterns = industry.names[country.lang] ?? industry.names.en ?? [];
    for (let attempt = 0; attempt < 60; attempt++) {
      const base = fill(rng.pick(patterns), {
        B: rng.pick(country.brands),
        C: rng.pick(country.cities).name,
      });
      const key = nameKey(base);
      if (this.usedCompanyKeys.has(key)) continue;
      if (RESERVED_BRANDS.some((r) => key.includes(nameKey(r)))) continue;
      this.usedCompanyKeys.add(key);
      return base;
    }
    return undefined;
  }

  private legalForm(rng: Rng, country: CountryDef, industry: IndustryDef, employees: number): string {
    if ((employees >= 5000 || industry.id === 'public-sector') && rng.chance(0.6)) return country.bigLegalForm;
    return rng.weighted(country.legalForms);
  }

  private domainRoot(base: string, german: boolean): string {
    const root = compact(base, german);
    if (root.length <= 18) return root;
    const words = foldAscii(base, german)
      .split(/[^a-z0-9]+/)
      .filter((w) => w && !NAME_STOPWORDS.includes(w));
    const last = words[words.length - 1] ?? root;
    return words
      .slice(0, -1)
      .map((w) => w[0] ?? '')
      .join('') + last;
  }

  private claimDomain(root: string, tld: string, country: CountryDef): string {
    const candidates = [
      `${root}${tld}`,
      `${root}${country.code.toLowerCase()}${tld}`,
      `grupo${root}${tld}`,
    ];
    for (const c of candidates) {
      if (!this.usedDomains.has(c)) {
        this.usedDomains.add(c);
        return c;
      }
    }
    for (let n = 2; ; n++) {
      const c = `${root}${n}${tld}`;
      if (!this.usedDomains.has(c)) {
        this.usedDomains.add(c);
        return c;
      }
    }
  }

  private companyLinkedin(rng: Rng, base: string, legal: string, country: CountryDef): { url: string; key: string } {
    const german = country.lang === 'de';
    const tries: string[] = [];
    if (rng.chance(0.06)) tries.push(String(rng.int(1_000_000, 99_999_999)));
    const s = slug(base, german);
    if (rng.chance(0.2)) tries.push(`${s}-${slug(legal, german)}`);
    tries.push(s, `${s}-${country.code.toLowerCase()}`, `${s}-${slug(country.localName)}`);
    for (let n = 2; n < 50; n++) tries.push(`${s}-${n}`);
    for (const vanity of tries) {
      const url = `https://www.linkedin.com/company/${vanity}`;
      const key = linkedinKey(url);
      if (key && !this.usedLinkedin.has(key)) {
        this.usedLinkedin.add(key);
        return { url, key };
      }
    }
    throw new Error(`no LinkedIn company vanity left for ${base}`);
  }

  private employees(rng: Rng): number {
    const raw = Math.exp(rng.real(Math.log(20), Math.log(20000)));
    const step = raw < 100 ? 1 : raw < 1000 ? 5 : raw < 10000 ? 50 : 500;
    return clamp(roundTo(raw, step), 20, 20000);
  }

  private quantity(rng: Rng, entry: CatalogEntry, employees: number): number {
    switch (entry.per) {
      case 'seat':
        return clamp(Math.round(employees * rng.real(0.015, 0.07)), 5, 800);
      case 'pack':
        return rng.int(1, 1 + Math.floor(employees / 2500));
      case 'day':
        return rng.int(1, 5);
      case 'account':
        return 1;
    }
  }

  private money(eur: number, currency: string): number {
    return roundTo(eur * (FX[currency] ?? 1), ROUND_TO[currency] ?? 100);
  }

  private health(rng: Rng): NonNullable<Account['health']> {
    const h = rng.real(-0.7, 1);
    const usageTrend = Math.round(clamp(h * 0.35 + rng.real(-0.15, 0.15), -1, 1) * 100) / 100;
    const nps = clamp(Math.round(15 + h * 40 + rng.real(-15, 15)), -100, 100);
    const csat = Math.round(clamp(3.8 + h * 0.8 + rng.real(-0.3, 0.3), 1, 5) * 10) / 10;
    const openEscalations = h < -0.35 ? rng.int(1, 3) : h < 0.1 && rng.chance(0.2) ? 1 : 0;
    return dropUndefined({
      usageTrend,
      nps: rng.chance(0.85) ? nps : undefined,
      csat: rng.chance(0.85) ? csat : undefined,
      openEscalations,
    });
  }

  private createAccount(
    rng: Rng,
    spec: {
      country: CountryDef;
      industry: IndustryDef;
      base: string;
      employees: number;
      lifecycle: Account['lifecycle'];
      tier?: Account['tier'];
      parent?: AccountInfo;
      domainRoot?: string;
    },
  ): AccountInfo {
    const { country, industry, base, employees, lifecycle } = spec;
    const now = this.nowMs;
    const german = country.lang === 'de';
    const legal = this.legalForm(rng, country, industry, employees);
    const name = `${base} ${legal}`;
    const tld = rng.weighted(country.tlds);
    const domain = this.claimDomain(spec.domainRoot ?? this.domainRoot(base, german), tld, country);
    const li = this.companyLinkedin(rng, base, legal, country);
    const city = rng.pick(country.cities).name;
    const territory = TERRITORIES[country.region];

    const createdMs =
      now - (lifecycle === 'customer' ? rng.int(400, 2200) : rng.int(60, 1800)) * DAY - rng.int(0, 600) * MINUTE;
    const updatedMs = this.snap(createdMs + rng.real(0.5, 1) * (now - createdMs));

    let ownerId: string | undefined;
    if (lifecycle === 'customer') ownerId = rng.chance(0.55) ? rng.pick(territory.ams) : rng.pick(territory.aes);
    else if (!(lifecycle === 'prospect' && rng.chance(0.03))) ownerId = rng.pick(territory.aes);
    const marketingOwnerId = spec.tier || rng.chance(0.3) ? rng.pick(territory.marketing) : undefined;

    let products: Account['products'] = [];
    let arr: number | undefined;
    let renewalDate: string | undefined;
    let health: Account['health'];
    if (lifecycle === 'customer') {
      const [core, ...others] = RECURRING;
      const count = rng.weighted<number>([[1, 30], [2, 35], [3, 25], [4, 10]]);
      const chosen = core && rng.chance(0.9) ? [core, ...rng.sample(others, count - 1)] : rng.sample(others, count);
      chosen.sort((a, b) => (a.product.id < b.product.id ? -1 : 1));
      const latestSince = now - 30 * DAY;
      products = chosen.map((entry, i) => {
        const qty = this.quantity(rng, entry, employees);
        const since = createdMs + (i === 0 ? rng.real(0, 0.3) : rng.real(0.1, 1)) * (latestSince - createdMs);
        return dropUndefined({
          productId: entry.product.id,
          since: iso(this.snap(since)),
          seats: entry.per === 'seat' ? qty : undefined,
          arr: this.money(entry.product.listPrice * qty * rng.real(0.72, 1), country.currency),
        });
      });
      arr = products.reduce((sum, p) => sum + (p.arr ?? 0), 0);
      renewalDate = iso(
        rng.chance(0.88)
          ? now + rng.int(30, 540) * DAY
          : now - rng.int(1, 60) * DAY,
      );
      health = this.health(rng);
    }

    const hubspotId = this.nextHubspotCompany();
    // undefined fields are dropped when the workspace is assembled
    const account: Account = {
      id: this.nextAccountId(),
      name,
      nameKey: nameKey(name),
      domain,
      industry: industry.id,
      employees,
      country: country.name,
      city,
      lifecycle,
      tier: spec.tier,
      keyAccount: false,
      ownerId,
      marketingOwnerId,
      parentId: spec.parent?.account.id,
      linkedinUrl: li.url,
      linkedinKey: li.key,
      products,
      renewalDate,
      arr,
      currency: country.currency,
      health,
      crmRefs: [{ system: 'hubspot' as const, objectType: '0-2', id: hubspotId }],
      crmKeys: [crmKey('hubspot', 'account', hubspotId)],
      createdAt: iso(createdMs),
      updatedAt: iso(updatedMs),
      lastActivityAt: undefined,
      source: 'demo',
    };
    const info: AccountInfo = { account, country, industry, base, createdMs, people: [] };
    this.accounts.push(info);
    return info;
  }

  generateAccounts(): void {
    const rng = this.rng('accounts');
    const countryWeights: Weighted<CountryDef> = COUNTRIES.map((c) => [c, c.weight] as const);
    const lifecycles: Weighted<Account['lifecycle']> = [
      ['customer', 35],
      ['prospect', 52],
      ['former-customer', 6],
      ['partner', 7],
    ];
    const tiers: Weighted<Account['tier']> = [
      [undefined, 60],
      ['tier-3', 18],
      ['tier-2', 14],
      ['tier-1', 8],
    ];
    let made = 0;
    for (let guard = 0; made < SIZE.accounts; guard++) {
      if (guard > 20 * SIZE.accounts) throw new Error('demo: ran out of company names');
      const country = rng.weighted(countryWeights);
      const industry = this.pickIndustry(rng, country);
      const base = this.companyBase(rng, country, industry);
      if (!base) continue;
      this.createAccount(rng, {
        country,
        industry,
        base,
        employees: this.employees(rng),
        lifecycle: rng.weighted(lifecycles),
        tier: rng.weighted(tiers),
      });
      made++;
    }

    // Subsidiaries: large accounts get one or two children abroad.
    const generated = this.accounts.slice();
    const candidates = rng.shuffle(
      generated.filter((a) => (a.account.employees ?? 0) >= 1000 && a.country.lang !== 'de'),
    );
    let children = 0;
    let parentCount = 0;
    for (const parent of candidates) {
      if (children >= SIZE.minChildren) break;
      const n = parentCount++ < SIZE.minChildren - SIZE.parents ? 2 : 1;
      const abroad = COUNTRIES.filter((c) => c.code !== parent.country.code && c.lang !== 'de');
      const preferred = abroad.filter((c) => c.lang === parent.country.lang || c.code === 'MX');
      for (const country of rng.sample(preferred.length >= n ? preferred : abroad, n)) {
        const base = `${parent.base} ${country.localName}`;
        const key = nameKey(base);
        if (this.usedCompanyKeys.has(key)) continue;
        this.usedCompanyKeys.add(key);
        const parentLife = parent.account.lifecycle;
        this.createAccount(rng, {
          country,
          industry: parent.industry,
          base,
          employees: clamp(roundTo((parent.account.employees ?? 1000) * rng.real(0.04, 0.3), 5), 20, 20000),
          lifecycle: parentLife === 'customer' && rng.chance(0.5) ? 'customer' : 'prospect',
          tier: rng.chance(0.5) ? parent.account.tier : undefined,
          parent,
          domainRoot: this.domainRoot(parent.base, parent.country.lang === 'de'),
        });
        children++;
      }
    }

    // Key accounts: the customers with the largest ARR (~5 % of all accounts, the cast included).
    const keyCount = Math.round((this.accounts.length + 2) * 0.05) - 1;
    const customers = this.accounts
      .filter((a) => a.account.lifecycle === 'customer')
      .sort((a, b) => (b.account.arr ?? 0) - (a.account.arr ?? 0) || (a.account.id < b.account.id ? -1 : 1));
    for (const a of customers.slice(0, keyCount)) a.account.keyAccount = true;
  }

  private unlinkedCompanies(rng: Rng): UnlinkedCompany[] {
    const out: UnlinkedCompany[] = [];
    const countryWeights: Weighted<CountryDef> = COUNTRIES.map((c) => [c, c.weight] as const);
    let guard = 0;
    while (out.length < SIZE.unlinkedCompanies && guard++ < 5000) {
      const country = rng.weighted(countryWeights);
      const industry = this.pickIndustry(rng, country);
      const base = this.companyBase(rng, country, industry);
      if (!base) continue;
      const employees = this.employees(rng);
      const legal = this.legalForm(rng, country, industry, employees);
      const domain = this.claimDomain(this.domainRoot(base, country.lang === 'de'), rng.weighted(country.tlds), country);
      out.push({ name: `${base} ${legal}`, base, domain, country, city: rng.pick(country.cities).name, industry });
    }
    return out;
  }

  // ── people ─────────────────────────────────────────────────────────────────────────────────

  private makeName(rng: Rng, country: CountryDef): PersonName {
    for (;;) {
      const n = this.makeNameOnce(rng, country);
      if (!isForbiddenName(`${n.first} ${n.last}`)) return n;
    }
  }

  private makeNameOnce(rng: Rng, country: CountryDef): PersonName {
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

  private makeTitle(rng: Rng, country: CountryDef, gender: Gender, senior: boolean): string {
    let fn: JobFunction;
    let level: Seniority;
    if (senior) {
      fn = rng.pick<JobFunction>(['executive', 'finance', 'it', 'operations']);
      level = rng.chance(0.4) ? 'c-level' : 'director';
    } else {
      fn = rng.weighted(FUNCTION_WEIGHTS);
      level = rng.weighted(SENIORITY_WEIGHTS);
    }
    let candidates = this.titleIndex.get(`${fn}/${level}`) ?? [];
    if (candidates.length === 0) candidates = TITLES.filter((t) => t.fn === fn);
    const wantSpanish = country.lang === 'es' && rng.chance(0.78);
    const inLang = candidates.filter((t) => (wantSpanish ? t.es : t.en));
    const t = rng.pick(inLang.length > 0 ? inLang : candidates);
    if (wantSpanish && t.es) return gender === 'm' ? t.es[0] : t.es[1];
    return t.en ?? (t.es ? t.es[gender === 'm' ? 0 : 1] : 'Manager');
  }

  private firstPart(rng: Rng, first: string, german: boolean): string {
    const tokens = first.split(' ').map((t) => compact(t, german)).filter(Boolean);
    if (tokens.length < 2) return tokens[0] ?? compact(first, german);
    const r = rng.float();
    return r < 0.5 ? tokens.join('') : r < 0.8 ? (tokens[0] ?? '') : tokens.join('.');
  }

  private initials(first: string, german: boolean): string {
    return first
      .split(' ')
      .map((t) => compact(t, german)[0] ?? '')
      .join('');
  }

  private claimEmail(local: string, domain: string, surnames: readonly string[], german: boolean): string {
    const second = surnames[1] ? compact(surnames[1], german)[0] : undefined;
    const tries = [local, ...(second ? [`${local}.${second}`, `${local}${second}`] : [])];
    for (const l of tries) {
      const e = `${l}@${domain}`;
      if (!this.usedEmails.has(e)) {
        this.usedEmails.add(e);
        return e;
      }
    }
    for (let n = 2; ; n++) {
      const e = `${local}${n}@${domain}`;
      if (!this.usedEmails.has(e)) {
        this.usedEmails.add(e);
        return e;
      }
    }
  }

  private workEmail(rng: Rng, name: PersonName, domain: string, pattern: string): string {
    const german = name.nameLang === 'de';
    const f = this.firstPart(rng, name.first, german);
    const l = compact(name.surnames[0] ?? name.last, german);
    const i = this.initials(name.first, german);
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
    return this.claimEmail(local, domain, name.surnames, german);
  }

  private freeEmail(rng: Rng, name: PersonName, country: CountryDef): string {
    const german = name.nameLang === 'de';
    const f = compact(name.first.split(' ')[0] ?? name.first, german);
    const full = compact(name.first, german);
    const l = compact(name.surnames[0] ?? name.last, german);
    const i = this.initials(name.first, german);
    const local = rng.weighted<string>([
      [`${full}.${l}`, 25],
      [`${f}${l}${rng.int(70, 99)}`, 20],
      [`${i}${l}`, 15],
      [`${f}.${l}${rng.int(1, 30)}`, 15],
      [`${f}_${l}`, 10],
      [`${l}.${f}`, 8],
      [`${i}${l}${rng.int(1, 99)}`, 7],
    ]);
    return this.claimEmail(local, rng.pick(country.freeMail), name.surnames, german);
  }

  private personLinkedin(rng: Rng, name: PersonName): { url: string; key: string } {
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
                ? `${this.initials(name.first, german)}${compact(name.surnames[0] ?? name.last, german)}`
                : `${compact(name.first, german)}-${compact(name.surnames[0] ?? name.last, german)}-${rng.int(1, 999)}`;
    for (const vanity of [preferred, `${f}-${l}-${hex()}`, `${f}-${l}-${hex()}`, `${f}-${l}-${hex()}${hex()}`]) {
      const url = `https://www.linkedin.com/in/${vanity}`;
      const key = linkedinKey(url);
      if (key && !this.usedLinkedin.has(key)) {
        this.usedLinkedin.add(key);
        return { url, key };
      }
    }
    throw new Error(`no LinkedIn vanity left for ${full}`);
  }

  private phone(rng: Rng, country: CountryDef, city: string): string {
    const cityDef: CityDef | undefined = country.cities.find((c) => c.name === city);
    return rng.pattern(rng.pick(cityDef?.phones ?? country.phones));
  }

  private leadStatus(rng: Rng): LeadStatus {
    return rng.weighted<LeadStatus>([
      ['new', 22],
      ['working', 25],
      ['nurturing', 25],
      ['qualified', 12],
      ['unqualified', 16],
    ]);
  }

  private addPerson(p: Omit<PersonInfo, 'person'> & { person: Omit<Person, 'id' | 'nameKey' | 'fullName' | 'crmRefs' | 'crmKeys'> }): PersonInfo {
    const hubspotId = this.nextHubspotContact();
    const fullName = `${p.person.firstName} ${p.person.lastName}`;
    const person: Person = {
      id: this.nextPersonId(),
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
    this.people.push(info);
    p.account?.people.push(info);
    return info;
  }

  private personLang(rng: Rng, country: CountryDef): 'es' | 'en' {
    const native = country.lang === 'es' ? 'es' : 'en';
    return rng.chance(0.08) ? (native === 'es' ? 'en' : 'es') : native;
  }

  generatePeople(): void {
    const rng = this.rng('people');
    const now = this.nowMs;
    const patterns: Weighted<string> = [
      ['first.last', 45],
      ['f.last', 20],
      ['flast', 10],
      ['firstlast', 10],
      ['first_last', 7],
      ['first', 8],
    ];

    for (const acc of this.accounts) {
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
        const name = this.makeName(rng, country);
        const city = rng.chance(0.75) ? (account.city ?? rng.pick(country.cities).name) : rng.pick(country.cities).name;
        const leadStatus = kind === 'lead' ? this.leadStatus(rng) : undefined;
        const createdDays =
          kind === 'contact'
            ? rng.int(30, Math.max(31, accountAgeDays))
            : leadStatus === 'new'
              ? rng.int(1, Math.min(45, accountAgeDays))
              : rng.int(1, Math.min(400, accountAgeDays));
        const createdMs = Math.max(acc.createdMs + HOUR, now - createdDays * DAY - rng.int(0, 900) * MINUTE);
        const emails: string[] = [];
        const work = kind === 'contact' ? rng.chance(0.94) : rng.chance(0.75);
        if (work && account.domain) emails.push(this.workEmail(rng, name, account.domain, pattern));
        else if (kind === 'lead' || rng.chance(0.5)) emails.push(this.freeEmail(rng, name, country));
        if (kind === 'contact' && work && emails.length > 0 && rng.chance(0.04)) emails.push(this.freeEmail(rng, name, country));
        const li = rng.chance(kind === 'contact' ? 0.82 : 0.7) ? this.personLinkedin(rng, name) : undefined;
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
        this.addPerson({
          name,
          country,
          account: acc,
          companyLabel: acc.base,
          domain: account.domain,
          lang: this.personLang(rng, country),
          createdMs,
          person: {
            kind,
            firstName: name.first,
            lastName: name.last,
            title: hasTitle ? this.makeTitle(rng, country, name.gender, k === 0) : undefined,
            emails,
            phone: rng.chance(kind === 'contact' ? 0.72 : 0.55) ? this.phone(rng, country, city) : undefined,
            linkedinUrl: li?.url,
            linkedinKey: li?.key,
            accountId: account.id,
            country: country.name,
            city,
            ownerId,
            leadStatus,
            leftCompany: kind === 'contact' && k >= 2 && rng.chance(0.025) ? true : undefined,
            createdAt: iso(createdMs),
            updatedAt: iso(this.snap(createdMs + rng.real(0.3, 1) * (now - createdMs))),
            source: 'demo',
          },
        });
      }
    }

    // Leads whose company is not (yet) an account: typed company names, often free-mail.
    const companies = this.unlinkedCompanies(rng);
    const generatedAccounts = this.accounts.slice();
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
      const name = this.makeName(rng, country);
      const leadStatus = this.leadStatus(rng);
      const createdMs = now - (leadStatus === 'new' ? rng.int(1, 45) : rng.int(1, 400)) * DAY - rng.int(0, 900) * MINUTE;
      const territory = TERRITORIES[country.region];
      const email = rng.chance(0.55) && domain ? this.workEmail(rng, name, domain, 'first.last') : this.freeEmail(rng, name, country);
      const li = rng.chance(0.65) ? this.personLinkedin(rng, name) : undefined;
      this.addPerson({
        name,
        country,
        companyLabel: label,
        domain,
        lang: this.personLang(rng, country),
        createdMs,
        person: {
          kind: 'lead',
          firstName: name.first,
          lastName: name.last,
          title: rng.chance(0.85) ? this.makeTitle(rng, country, name.gender, false) : undefined,
          emails: [email],
          phone: rng.chance(0.5) ? this.phone(rng, country, city) : undefined,
          linkedinUrl: li?.url,
          linkedinKey: li?.key,
          companyName,
          country: country.name,
          city: rng.chance(0.8) ? city : undefined,
          ownerId: rng.chance(0.05) ? undefined : rng.pick(territory.sdrs),
          leadStatus,
          createdAt: iso(createdMs),
          updatedAt: iso(this.snap(createdMs + rng.real(0.2, 1) * (now - createdMs))),
          source: 'demo',
        },
      });
    }
  }

  // ── deliberate duplicates ──────────────────────────────────────────────────────────────────

  private nickname(name: PersonName): string | undefined {
    const map = name.nameLang === 'es' ? NAMES.ES_NICKNAMES : name.nameLang === 'en' ? NAMES.EN_NICKNAMES : {};
    return map[name.first];
  }

  private typo(rng: Rng, word: string): string {
    const chars = [...word];
    if (chars.length < 4) return `${word}${word[word.length - 1] ?? ''}`;
    const i = rng.int(1, chars.length - 2);
    const op = rng.int(0, 2);
    if (op === 0) {
      const a = chars[i] as string;
      chars[i] = chars[i + 1] as string;
      chars[i + 1] = a;
    } else if (op === 1) chars.splice(i, 1);
    else chars.splice(i, 0, chars[i] as string);
    const out = chars.join('');
    return out === word ? `${word}${chars[chars.length - 1] ?? ''}` : out;
  }

  generateDuplicates(): void {
    const rng = this.rng('duplicates');
    const now = this.nowMs;
    const originals = this.people.slice();
    const target = Math.round(originals.length * SIZE.duplicateShare);
    const withNickname = rng.shuffle(originals.filter((p) => this.nickname(p.name)));
    const others = rng.shuffle(originals.filter((p) => !this.nickname(p.name)));
    const queue = [...withNickname.slice(0, Math.round(target * 0.35)), ...rng.shuffle([...withNickname.slice(Math.round(target * 0.35)), ...others])];
    const used = new Set<string>();

    for (const orig of queue) {
      if (this.duplicatePairs.length >= target) break;
      if (used.has(orig.person.id)) continue;
      used.add(orig.person.id);
      const o = orig.person;
      const name = orig.name;
      const twoSurnames = name.last.includes(' ');
      const options: [string, number][] = [
        ['case', 10],
        ['typo', 15],
        ['email', 14],
        ['kind', 10],
      ];
      if (this.nickname(name)) options.push(['nickname', 40]);
      if (twoSurnames) options.push(['drop-surname', 18]);
      if (ACCENTED.test(`${name.first} ${name.last}`)) options.push(['accent', 16]);
      const primary = rng.weighted(options);
      const variations = new Set<string>([primary]);
      if (rng.chance(0.35)) {
        const extra = rng.pick(options.filter(([v]) => v !== primary && v !== 'email' && v !== 'kind'))[0];
        variations.add(extra);
      }

      let first = name.first;
      let last = name.last;
      if (variations.has('nickname')) first = this.nickname(name) ?? first;
      if (variations.has('drop-surname') && twoSurnames) last = name.surnames[0] ?? last;
      if (variations.has('typo')) {
        const parts = last.split(' ');
        parts[0] = this.typo(rng, parts[0] ?? last);
        last = parts.join(' ');
      }
      if (variations.has('accent')) {
        first = stripAccents(first);
        last = stripAccents(last);
      }
      if (variations.has('case')) {
        if (rng.chance(0.5)) {
          first = first.toUpperCase();
          last = last.toUpperCase();
        } else {
          first = first.toLowerCase();
          last = last.toLowerCase();
        }
      }
      if (isForbiddenName(`${first} ${last}`)) continue;

      // Kind: web-form leads are the usual source of duplicates.
      let kind: Kind = o.kind === 'contact' ? (variations.has('kind') || rng.chance(0.55) ? 'lead' : 'contact') : 'lead';
      if (o.kind === 'lead' && variations.has('kind') && orig.account) kind = 'contact';
      const linkToAccount = kind === 'contact' || (orig.account !== undefined && rng.chance(0.4));
      const account = linkToAccount ? orig.account : undefined;
      if (kind === 'contact' && !account) kind = 'lead';

      const dupName: PersonName = { ...name, first, last };
      const emails: string[] = [];
      const origEmail = o.emails[0];
      const origIsWork = origEmail !== undefined && orig.domain !== undefined && origEmail.endsWith(`@${orig.domain}`);
      if (variations.has('email')) {
        emails.push(
          origIsWork || !orig.domain
            ? this.freeEmail(rng, name, orig.country)
            : this.workEmail(rng, name, orig.domain, 'first.last'),
        );
      } else {
        const r = rng.float();
        if (r < 0.45 && origEmail) emails.push(origEmail);
        else if (r < 0.75) emails.push(this.freeEmail(rng, name, orig.country));
      }

      const region = TERRITORIES[orig.country.region];
      const sameTeam = kind === 'lead' ? region.sdrs : [...region.aes, ...region.ams];
      const differentOwner = rng.chance(0.65);
      const ownerPool = differentOwner ? sameTeam.filter((u) => u !== o.ownerId) : [];
      const ownerId =
        differentOwner && ownerPool.length > 0
          ? rng.pick(ownerPool)
          : differentOwner
            ? rng.pick(SALES_USER_IDS.filter((u) => u !== o.ownerId))
            : o.ownerId;

      const companyName = account
        ? undefined
        : orig.companyLabel
          ? rng.weighted<string>([
              [orig.companyLabel, 40],
              [stripAccents(orig.companyLabel), 40],
              [orig.companyLabel.toLowerCase(), 20],
            ])
          : o.companyName;

      const createdMs = this.snap(Math.min(now - HOUR, orig.createdMs + rng.real(0.1, 1) * (now - orig.createdMs)));
      const dupLinkedin = o.linkedinUrl && rng.chance(0.3) ? o.linkedinUrl : undefined;
      const info = this.addPerson({
        name: dupName,
        country: orig.country,
        account,
        companyLabel: orig.companyLabel,
        domain: orig.domain,
        lang: orig.lang,
        createdMs,
        person: {
          kind,
          firstName: first,
          lastName: last,
          title: rng.chance(0.7) ? o.title : undefined,
          emails,
          phone: o.phone && rng.chance(0.35) ? o.phone : undefined,
          linkedinUrl: dupLinkedin,
          linkedinKey: dupLinkedin ? linkedinKey(dupLinkedin) : undefined,
          accountId: account?.account.id,
          companyName,
          country: o.country,
          city: o.city,
          ownerId,
          leadStatus: kind === 'lead' ? rng.weighted<LeadStatus>([['new', 50], ['working', 30], ['nurturing', 20]]) : undefined,
          createdAt: iso(createdMs),
          updatedAt: iso(this.snap(createdMs + rng.real(0, 1) * (now - createdMs))),
          source: 'demo',
        },
      });
      this.duplicatePairs.push([o.id, info.person.id]);
    }
  }

  // ── deals ──────────────────────────────────────────────────────────────────────────────────

  private stageFor(rng: Rng, kind: DealKind): DealStage {
    switch (kind) {
      case 'past-renewal':
        return 'closed-won';
      case 'lost-renewal':
        return 'closed-lost';
      case 'renewal':
        return rng.weighted<DealStage>([['qualification', 15], ['proposal', 35], ['negotiation', 50]]);
      case 'expansion':
        return rng.weighted<DealStage>([
          ['discovery', 14], ['qualification', 16], ['proposal', 20], ['negotiation', 12], ['closed-won', 24], ['closed-lost', 14],
        ]);
      case 'new':
        return rng.weighted<DealStage>([
          ['discovery', 18], ['qualification', 17], ['proposal', 14], ['negotiation', 8], ['closed-won', 16], ['closed-lost', 27],
        ]);
    }
  }

  private bantFor(rng: Rng, stage: DealStage): Deal['bant'] {
    const table: Record<DealStage, [number, number, number, number]> = {
      discovery: [60, 30, 8, 2],
      qualification: [28, 45, 24, 3],
      proposal: [7, 38, 53, 2],
      negotiation: [3, 20, 75, 2],
      'closed-won': [0, 8, 92, 0],
      'closed-lost': [20, 30, 28, 22],
    };
    if (stage === 'discovery' && rng.chance(0.12)) return undefined;
    const [u, p, c, n] = table[stage];
    const letter = () =>
      rng.weighted<BantLetterStatus>([['unknown', u], ['partial', p], ['confirmed', c], ['negative', n]]);
    const bant = { budget: letter(), authority: letter(), need: letter(), timing: letter() };
    // Need is the letter that matters most: past discovery it is at least partly known.
    if (stage !== 'discovery' && stage !== 'closed-lost' && bant.need === 'unknown') bant.need = 'partial';
    if (stage === 'closed-lost' && rng.chance(0.7) && !Object.values(bant).includes('negative')) {
      const k = rng.pick(['budget', 'authority', 'need', 'timing'] as const);
      bant[k] = 'negative';
    }
    return bant;
  }

  private dealProducts(rng: Rng, acc: AccountInfo, kind: DealKind): CatalogEntry[] {
    const owned = new Set(acc.account.products.map((p) => p.productId));
    const byId = (id: string) => CATALOG.find((c) => c.product.id === id);
    const core = CATALOG[0] as CatalogEntry;
    const addOns = CATALOG.filter((c) => c.recurring && c !== core);
    switch (kind) {
      case 'renewal':
      case 'past-renewal': {
        const list = [...owned].map(byId).filter((c): c is CatalogEntry => c !== undefined);
        return list.length > 0 ? list : [core];
      }
      case 'expansion': {
        const whitespace = addOns.filter((c) => !owned.has(c.product.id));
        const picked = whitespace.length > 0 ? rng.sample(whitespace, rng.int(1, 2)) : [];
        if (picked.length === 0 || rng.chance(0.25)) picked.push(CATALOG[7] as CatalogEntry);
        return picked;
      }
      case 'new':
      case 'lost-renewal': {
        const list = [core];
        if (rng.chance(0.35)) list.push(...rng.sample(addOns, 1));
        if (kind === 'new' && rng.chance(0.4)) list.push(CATALOG[6] as CatalogEntry);
        return list;
      }
    }
  }

  private dealName(rng: Rng, acc: AccountInfo, kind: DealKind, products: CatalogEntry[], lang: 'es' | 'en', year: number): string {
    const group = kind === 'renewal' || kind === 'lost-renewal' || kind === 'past-renewal' ? DEAL_LABELS.renewal : kind === 'expansion' ? DEAL_LABELS.expansion : DEAL_LABELS.new;
    const labels: readonly string[] = group[lang];
    for (let attempt = 0; attempt < 8; attempt++) {
      const product = products[attempt % products.length] ?? products[0];
      const label = fill(rng.pick(labels), {
        product: product ? product.short[lang] : 'Dealside',
        year: String(year),
      });
      const name = `${acc.base} — ${label}`;
      if (!this.usedDealNames.has(name)) {
        this.usedDealNames.add(name);
        return name;
      }
    }
    for (let n = 2; ; n++) {
      const name = `${acc.base} — ${fill(rng.pick(labels), { product: products[0]?.short[lang] ?? '', year: String(year) })} (${n})`;
      if (!this.usedDealNames.has(name)) {
        this.usedDealNames.add(name);
        return name;
      }
    }
  }

  private createDeal(rng: Rng, acc: AccountInfo, kind: DealKind): void {
    const now = this.nowMs;
    const contacts = acc.people.filter((p) => p.person.kind === 'contact' && !p.person.leftCompany);
    if (contacts.length === 0) return;
    const country = acc.country;
    const territory: Territory = TERRITORIES[country.region];
    const stage = this.stageFor(rng, kind);
    const closed = stage === 'closed-won' || stage === 'closed-lost';
    const chosen = rng.sample(contacts, rng.weighted<number>([[1, 30], [2, 35], [3, 22], [4, 13]]));
    // A contact who left may still sit on an older deal: a risk signal.
    const left = acc.people.find((p) => p.person.leftCompany);
    if (left && chosen.length < 4 && rng.chance(0.3)) chosen.push(left);
    const earliest = Math.max(acc.createdMs, ...chosen.map((c) => c.createdMs)) + HOUR;

    let createdMs: number;
    let closeMs: number;
    if (closed) {
      const renewalMs = acc.account.renewalDate ? Date.parse(acc.account.renewalDate) : NaN;
      const previousRenewal = renewalMs - YEAR - rng.int(0, 20) * DAY;
      closeMs =
        kind === 'past-renewal' && previousRenewal < now - 2 * DAY && previousRenewal > now - YEAR
          ? previousRenewal
          : now - (kind === 'past-renewal' ? rng.int(180, 360) : rng.int(3, 360)) * DAY - rng.int(0, 600) * MINUTE;
      createdMs = Math.max(closeMs - rng.int(20, 200) * DAY, earliest);
      if (createdMs > closeMs - 7 * DAY) closeMs = Math.min(now - DAY, createdMs + rng.int(7, 60) * DAY);
    } else if (kind === 'renewal' && acc.account.renewalDate) {
      const renewalMs = Date.parse(acc.account.renewalDate);
      closeMs = renewalMs - rng.int(0, 20) * DAY;
      createdMs = Math.max(earliest, Math.min(now - 3 * DAY, renewalMs - rng.int(60, 150) * DAY));
      if (closeMs <= createdMs) closeMs = createdMs + rng.int(14, 60) * DAY;
    } else {
      createdMs = Math.max(now - rng.int(3, 300) * DAY - rng.int(0, 600) * MINUTE, earliest);
      const stalePast = now - rng.int(1, 100) * DAY;
      closeMs = rng.chance(0.24) && stalePast > createdMs + 7 * DAY ? stalePast : now + rng.int(7, 200) * DAY;
    }
    closeMs = roundTo(closeMs, DAY);
    if (closeMs <= createdMs) closeMs = roundTo(createdMs + 7 * DAY, DAY);

    let lastTouchMs: number;
    if (closed) lastTouchMs = Math.max(createdMs, Math.min(closeMs, now) - rng.int(0, 4) * DAY);
    else {
      const days = rng.weighted<[number, number]>([[[0, 29], 55], [[30, 89], 28], [[90, 240], 17]]);
      const touch = this.workingHours(now - rng.int(days[0], days[1]) * DAY - rng.int(0, 600) * MINUTE, country.utcOffset);
      lastTouchMs = clamp(touch, createdMs + HOUR, now);
    }

    const products = this.dealProducts(rng, acc, kind);
    const currency = kind === 'renewal' || kind === 'past-renewal' || kind === 'lost-renewal'
      ? (acc.account.currency ?? 'USD')
      : rng.weighted(country.dealCurrencies);
    const employees = acc.account.employees ?? 100;
    const discount = rng.real(0.75, 1);
    let amount: number | undefined;
    if ((kind === 'renewal' || kind === 'past-renewal') && acc.account.arr) {
      const uplift = kind === 'renewal' ? rng.real(1, 1.08) : rng.real(0.6, 0.95);
      const eur = acc.account.arr / (FX[acc.account.currency ?? 'USD'] ?? 1);
      amount = this.money(eur * uplift, currency);
    } else {
      const eur = products.reduce((s, e) => s + e.product.listPrice * this.quantity(rng, e, employees), 0) * discount;
      amount = Math.max(ROUND_TO[currency] ?? 100, this.money(eur, currency));
    }
    const missing: Record<DealStage, number> = {
      discovery: 0.45,
      qualification: 0.25,
      proposal: 0.06,
      negotiation: 0.02,
      'closed-won': 0,
      'closed-lost': 0.08,
    };
    if (rng.chance(missing[stage])) amount = undefined;

    const accountOwner = acc.account.ownerId;
    let ownerId: string;
    if (kind === 'renewal' || kind === 'lost-renewal') ownerId = accountOwner && AM_IDS.has(accountOwner) ? accountOwner : rng.pick(territory.ams);
    else if (kind === 'expansion') ownerId = accountOwner ?? rng.pick(territory.aes);
    else ownerId = accountOwner && !AM_IDS.has(accountOwner) && rng.chance(0.85) ? accountOwner : rng.pick(territory.aes);

    const lang: 'es' | 'en' = country.lang === 'es' ? 'es' : 'en';
    const year = new Date(kind === 'renewal' && acc.account.renewalDate ? Date.parse(acc.account.renewalDate) : closeMs).getUTCFullYear();
    const hubspotId = this.nextHubspotDeal();
    const deal: Deal = {
      id: this.nextDealId(),
      name: this.dealName(rng, acc, kind, products, lang, year),
      accountId: acc.account.id,
      contactIds: chosen.map((c) => c.person.id),
      ownerId,
      stage,
      amount,
      currency,
      closeDate: iso(closeMs),
      productIds: products.map((p) => p.product.id),
      bant: this.bantFor(rng, stage),
      crmRefs: [{ system: 'hubspot' as const, objectType: '0-3', id: hubspotId }],
      crmKeys: [crmKey('hubspot', 'deal', hubspotId)],
      createdAt: iso(createdMs),
      updatedAt: iso(Math.max(createdMs, lastTouchMs)),
      lastActivityAt: undefined,
      source: 'demo',
    };
    this.deals.push({ deal, account: acc, kind, createdMs, closeMs, lastTouchMs, lang });
  }

  generateDeals(): void {
    const rng = this.rng('deals');
    const now = this.nowMs;
    for (const acc of this.accounts) {
      const a = acc.account;
      const plan: DealKind[] = [];
      switch (a.lifecycle) {
        case 'customer': {
          const renewalMs = a.renewalDate ? Date.parse(a.renewalDate) : Infinity;
          if (renewalMs < now + 200 * DAY) plan.push('renewal');
          if (rng.chance(0.5)) plan.push('expansion');
          if (rng.chance(0.55)) plan.push('past-renewal');
          break;
        }
        case 'prospect':
          if (rng.chance(0.6)) plan.push('new');
          if (rng.chance(0.18)) plan.push('new');
          break;
        case 'former-customer':
          plan.push('lost-renewal');
          if (rng.chance(0.3)) plan.push('new');
          break;
        case 'partner':
          if (rng.chance(0.3)) plan.push('new');
          break;
      }
      for (const kind of plan) this.createDeal(rng, acc, kind);
    }
    const growable = this.accounts.filter((a) => a.account.lifecycle === 'prospect' || a.account.lifecycle === 'customer');
    while (this.deals.length < SIZE.deals) {
      const acc = rng.pick(growable);
      this.createDeal(rng, acc, acc.account.lifecycle === 'customer' ? 'expansion' : 'new');
    }
  }

  // ── activities ─────────────────────────────────────────────────────────────────────────────

  private push(a: Omit<PendingActivity, 'seq'>): void {
    (a as PendingActivity).seq = this.activitySeq++;
    this.pending.push(a as PendingActivity);
  }

  private subject(rng: Rng, type: ActivityType, lang: 'es' | 'en', vars: { product: string; company: string; industry: string }): string {
    return fill(rng.pick(SUBJECTS[type][lang]), { ...vars, n: String(rng.int(10000, 99999)) });
  }

  /** The same local day, squeezed into working hours (08:00–20:00 at that UTC offset). */
  private workingHours(ms: number, utcOffset: number): number {
    const local = ms + utcOffset * HOUR;
    const dayStart = Math.floor(local / DAY) * DAY;
    const minuteOfDay = Math.floor((local - dayStart) / MINUTE);
    return this.snap(dayStart + (8 * 60 + (minuteOfDay % (12 * 60))) * MINUTE - utcOffset * HOUR);
  }

  /** n moments in [startMs, endMs] in local working hours, the last exactly at endMs, ascending. */
  private moments(rng: Rng, n: number, startMs: number, endMs: number, utcOffset: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n - 1; i++) {
      const t = this.workingHours(startMs + rng.float() * (endMs - startMs), utcOffset);
      out.push(clamp(t, startMs, endMs));
    }
    out.sort((a, b) => a - b);
    out.push(endMs);
    return out;
  }

  private dealActivities(rng: Rng): void {
    const now = this.nowMs;
    const types: Weighted<ActivityType> = [
      ['email-sent', 28],
      ['email-opened', 14],
      ['email-replied', 12],
      ['call', 18],
      ['meeting', 16],
      ['note', 12],
    ];
    for (const d of this.deals) {
      const start = Math.max(d.createdMs, now - YEAR);
      const end = d.lastTouchMs;
      if (end < start) continue;
      const closed = d.deal.stage === 'closed-won' || d.deal.stage === 'closed-lost';
      const n = closed ? rng.int(4, 12) : rng.int(3, 10);
      const contacts = d.deal.contactIds
        .map((id) => d.account.people.find((p) => p.person.id === id))
        .filter((p): p is PersonInfo => p !== undefined);
      const times = this.moments(rng, n, start, end, d.account.country.utcOffset);
      times.forEach((atMs, i) => {
        const person = rng.pick(contacts);
        const lang = person.lang;
        const product = CATALOG.find((c) => c.product.id === d.deal.productIds[0]);
        const vars = {
          product: product ? product.short[lang] : 'Dealside',
          company: d.account.base,
          industry: d.account.industry.label[lang],
        };
        let type = rng.weighted(types);
        let subject = this.subject(rng, type, lang, vars);
        if (closed && i === times.length - 1) {
          type = 'note';
          subject = rng.pick(d.deal.stage === 'closed-won' ? DEAL_CLOSE_NOTES.won[lang] : DEAL_CLOSE_NOTES.lost[lang]);
        }
        this.push({
          atMs,
          type,
          subject,
          personId: person.person.id,
          accountId: d.account.account.id,
          dealId: d.deal.id,
          ownerId: d.deal.ownerId,
        });
      });
    }
  }

  private personActivities(rng: Rng): void {
    const now = this.nowMs;
    const customerContact: Weighted<ActivityType> = [
      ['email-sent', 20], ['email-opened', 15], ['email-replied', 8], ['call', 12], ['meeting', 8], ['note', 6],
      ['support-ticket', 10], ['webinar-attended', 6], ['case-study-download', 3], ['pricing-page-visit', 2], ['form-submitted', 1],
    ];
    const prospectContact: Weighted<ActivityType> = [
      ['email-sent', 25], ['email-opened', 20], ['email-replied', 6], ['call', 14], ['meeting', 5], ['note', 5],
      ['pricing-page-visit', 8], ['case-study-download', 7], ['webinar-attended', 6], ['form-submitted', 3],
    ];
    const lead: Weighted<ActivityType> = [
      ['email-sent', 15], ['email-opened', 18], ['email-replied', 4], ['call', 10], ['meeting', 2], ['note', 3],
      ['pricing-page-visit', 14], ['case-study-download', 12], ['webinar-attended', 10], ['form-submitted', 8],
    ];
    const counts: Weighted<number> = [
      [1, 9], [2, 13], [3, 15], [4, 15], [5, 13], [6, 11], [7, 8], [8, 6], [10, 6], [12, 4],
    ];
    const creationEvents: Weighted<ActivityType> = [
      ['form-submitted', 60], ['webinar-attended', 15], ['case-study-download', 15], ['pricing-page-visit', 10],
    ];

    for (const p of this.people) {
      const person = p.person;
      const isLead = person.kind === 'lead';
      const recentLead = isLead && person.leadStatus === 'new';
      let range: [number, number] | undefined;
      if (person.leftCompany) range = [60, 300];
      else if (recentLead) range = [0, 13];
      else {
        range = rng.weighted<[number, number] | undefined>([
          [[0, 13], 30],
          [[14, 29], 22],
          [[30, 89], 26],
          [[90, 330], 16],
          [undefined, isLead ? 0 : 6],
        ]);
      }
      const start = Math.max(p.createdMs, now - YEAR);
      const createdInWindow = p.createdMs >= now - YEAR;
      if (!range) continue; // untouched: never contacted
      let end = this.workingHours(now - rng.int(range[0], range[1]) * DAY - rng.int(0, 600) * MINUTE, p.country.utcOffset);
      if (end < start) end = this.snap(start + rng.float() * (now - start));
      end = clamp(end, start, now);

      const n = rng.weighted(counts);
      const times = this.moments(rng, n, start, end, p.country.utcOffset);
      const account = p.account;
      const customer = account?.account.lifecycle === 'customer';
      const weights = isLead ? lead : customer ? customerContact : prospectContact;
      const ownedProduct = account?.account.products[0]?.productId;
      times.forEach((atMs, i) => {
        let type: ActivityType;
        let when = atMs;
        if (i === 0 && isLead && createdInWindow) {
          type = rng.weighted(creationEvents);
          when = p.createdMs;
        } else type = rng.weighted(weights);
        if (type === 'support-ticket' && !customer) type = 'email-sent';
        const productId = ownedProduct && rng.chance(0.6) ? ownedProduct : rng.pick(RECURRING).product.id;
        const product = CATALOG.find((c) => c.product.id === productId);
        const vars = {
          product: product ? product.short[p.lang] : 'Dealside',
          company: p.companyLabel ?? '',
          industry: (account?.industry.label ?? { es: 'tu sector', en: 'your industry' })[p.lang],
        };
        const ownerId =
          type === 'support-ticket' && account
            ? (account.account.ownerId ?? person.ownerId)
            : person.ownerId;
        this.push({
          atMs: when,
          type,
          subject: this.subject(rng, type, p.lang, vars),
          personId: person.id,
          accountId: person.accountId,
          ownerId,
        });
      });
    }
  }

  /**
   * What retention reads: seat and price changes of the last year (mostly growth), products some
   * customers cancelled, and the products former customers had until they left. Its own random
   * stream, run last, so nothing generated before it moves.
   */
  generateProductHistory(): void {
    const rng = this.rng('product-history');
    const now = this.nowMs;
    const round = (x: number, currency: string) => Math.max(ROUND_TO[currency] ?? 100, roundTo(x, ROUND_TO[currency] ?? 100));
    const ended = (account: Account, count: number, endedFrom: number, endedTo: number) => {
      const owned = new Set(account.products.map((p) => p.productId));
      const currency = account.currency ?? 'EUR';
      for (const entry of rng.sample(RECURRING.filter((e) => !owned.has(e.product.id)), count)) {
        const endedMs = now - rng.int(endedFrom, endedTo) * DAY;
        const qty = this.quantity(rng, entry, account.employees ?? 200);
        account.products.push(
          dropUndefined({
            productId: entry.product.id,
            since: iso(this.snap(endedMs - rng.int(365, 1000) * DAY)),
            seats: entry.per === 'seat' ? qty : undefined,
            startArr: this.money(entry.product.listPrice * qty * rng.real(0.72, 1), currency),
            endedAt: iso(this.snap(endedMs)),
          }),
        );
      }
    };
    for (const { account } of this.accounts) {
      const currency = account.currency ?? 'EUR';
      if (account.lifecycle === 'customer') {
        for (const p of account.products) {
          if (p.arr === undefined || Date.parse(p.since) > now - 300 * DAY || !rng.chance(0.35)) continue;
          const before = round(p.arr * (rng.chance(0.7) ? rng.real(0.6, 0.92) : rng.real(1.08, 1.4)), currency);
          if (before === p.arr) continue;
          p.startArr = before;
          p.changes = [{ at: iso(this.snap(now - rng.int(20, 330) * DAY)), arr: p.arr, ...(p.seats !== undefined ? { seats: p.seats } : {}) }];
        }
        if (rng.chance(0.12)) ended(account, 1, 15, 330);
      } else if (account.lifecycle === 'former-customer') {
        ended(account, rng.int(1, 2), 20, 700);
      }
    }
  }

  /**
   * Each deal's way through the stages (for the weekly ABM review's "what moved"): from discovery
   * to where it is, spread between its creation and its last touch, a closed deal closing on its
   * close date; about one open deal in six moved within the last week. Its own random stream, run
   * last, so nothing generated before it moves.
   */
  generateStageHistory(): void {
    const rng = this.rng('stage-history');
    const now = this.nowMs;
    const OPEN: DealStage[] = ['discovery', 'qualification', 'proposal', 'negotiation'];
    for (const d of this.deals) {
      const stage = d.deal.stage;
      const closed = stage === 'closed-won' || stage === 'closed-lost';
      // a lost deal was lost from any open stage; the others went through every stage before theirs
      const reached = closed ? (stage === 'closed-won' ? 3 : rng.int(0, 3)) : OPEN.indexOf(stage);
      const path = [...OPEN.slice(0, reached + 1), ...(closed ? [stage] : [])];
      if (path.length < 2) continue;
      const end = closed ? Math.min(d.closeMs, now) : Math.min(d.lastTouchMs, now);
      const recent = !closed && rng.chance(1 / 6);
      const last = recent ? now - rng.int(0, 6) * DAY - rng.int(60, 600) * MINUTE : end;
      const start = d.createdMs + DAY;
      if (last <= start) continue;
      const changes: NonNullable<Deal['stageChanges']> = [];
      for (let i = 1; i < path.length; i++) {
        const at = i === path.length - 1 ? last : start + ((last - start) * i) / (path.length - 1) - rng.int(0, 3) * DAY;
        changes.push({ at: iso(Math.max(start, Math.min(at, last))), from: path[i - 1]!, to: path[i]! });
      }
      d.deal.stageChanges = changes;
    }
  }

  generateActivities(): void {
    const rng = this.rng('activities');
    this.dealActivities(rng);
    this.personActivities(rng);
  }
}

/** The demo workspace for `now`: users, accounts, people, deals, activities and products. */
export function generateDemoWorkspace(opts: GenerateDemoOptions): DemoWorkspace {
  const nowMs = opts.now.getTime();
  if (!Number.isFinite(nowMs)) throw new Error('generateDemoWorkspace: invalid `now`');
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;

  const cast = buildCast(opts.now);
  const g = new Generator(seed, nowMs);
  g.reserveCast(cast.accounts, cast.people);
  g.generateAccounts();
  g.generatePeople();
  g.generateDuplicates();
  g.generateDeals();
  g.generateActivities();
  g.generateProductHistory();
  g.generateStageHistory();

  // Activities: the cast's first, then the generated ones in time order; ids follow that order.
  const activities: Activity[] = cast.activities.map((a, i) => ({ id: `demo-act-${pad(i + 1, 6)}`, ...a }));
  const sorted = g.pending.slice().sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  for (const a of sorted) {
    const r = { id: `demo-act-${pad(activities.length + 1, 6)}`, type: a.type, at: iso(a.atMs) } as Activity;
    r.subject = a.subject;
    if (a.personId !== undefined) r.personId = a.personId;
    if (a.accountId !== undefined) r.accountId = a.accountId;
    if (a.dealId !== undefined) r.dealId = a.dealId;
    if (a.ownerId !== undefined) r.ownerId = a.ownerId;
    r.source = 'demo';
    activities.push(r);
  }

  // lastActivityAt = the latest activity of each record (ISO strings of one format sort by time).
  const last = new Map<string, string>();
  const bump = (id: string | undefined, at: string) => {
    if (id === undefined) return;
    const cur = last.get(id);
    if (cur === undefined || at > cur) last.set(id, at);
  };
  for (const a of activities) {
    bump(a.personId, a.at);
    bump(a.accountId, a.at);
    bump(a.dealId, a.at);
  }
  /** the cast's records: lastActivityAt goes before `source`, the schema's order */
  const castWithLast = <T extends { id: string; lastActivityAt?: string; source: string }>(r: T): T => {
    const at = last.get(r.id);
    if (at === undefined) return r;
    const { source, ...rest } = r;
    return { ...rest, lastActivityAt: at, source } as T;
  };
  /** generated records carry a lastActivityAt slot already */
  const generatedWithLast = <T extends { id: string; lastActivityAt?: string }>(r: T): T => {
    r.lastActivityAt = last.get(r.id);
    return dropUndefined(r);
  };

  const accounts = [...cast.accounts.map(castWithLast), ...g.accounts.map((a) => generatedWithLast(a.account))];
  const people = [...cast.people.map(castWithLast), ...g.people.map((p) => generatedWithLast(p.person))];
  const deals = [...cast.deals.map(castWithLast), ...g.deals.map((d) => generatedWithLast(d.deal))];

  return {
    users: DEMO_USERS.map((u) => ({ ...u })),
    accounts,
    people,
    deals,
    activities,
    products: DEMO_PRODUCTS.map((p) => ({ ...p })),
    duplicatePairs: [
      ...DEMO_CAST.duplicatePairs.map(([a, b]): [string, string] => [a, b]),
      ...g.duplicatePairs,
    ],
    accountPlans: cast.accountPlans,
  };
}
