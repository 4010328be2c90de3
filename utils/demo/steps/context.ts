// What every step of the demo generator shares: `now`, the seeded random streams, the id
// counters, the names and addresses already taken, and the pools of records the steps fill and
// read (accounts → people → duplicates → deals → activities → history). Pure: no clock, no
// Math.random, no browser APIs.
import { type Account, type ActivityType, type Deal, type Person } from '../../domain/entities';
import { linkedinKey, nameKey } from '../../text/normalize';
import { CAST_RESERVED, DEMO_CAST } from '../cast';
import { CATALOG, type CatalogEntry } from '../data/catalog';
import { type CountryDef, type Lang } from '../data/countries';
import { type IndustryDef } from '../data/companies';
import { Rng, deriveSeed } from '../prng';
import { pad } from '../text';

/** Sizes of the generated part (the cast comes on top). */
export const SIZE = {
  accounts: 226, // plus ~14 subsidiaries and the 2 cast accounts
  parents: 9,
  minChildren: 14,
  unlinkedCompanies: 170,
  unlinkedLeads: 340,
  duplicateShare: 0.04,
  deals: 345,
};

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const YEAR = 365 * DAY;

/** EUR → other currencies, for amounts. */
export const FX: Readonly<Record<string, number>> = { EUR: 1, USD: 1.08, MXN: 19.5, COP: 4400 };
export const ROUND_TO: Readonly<Record<string, number>> = { EUR: 100, USD: 100, MXN: 1000, COP: 100000 };

export type Gender = 'm' | 'f';
export type Kind = 'contact' | 'lead';
export type LeadStatus = NonNullable<Person['leadStatus']>;
export type DealKind = 'new' | 'expansion' | 'renewal' | 'past-renewal' | 'lost-renewal';

export interface AccountInfo {
  account: Account;
  country: CountryDef;
  industry: IndustryDef;
  /** the name without its legal form, as people say it: deal names, subjects */
  base: string;
  createdMs: number;
  people: PersonInfo[];
}

export interface PersonName {
  first: string;
  /** the surnames as written on the record (one or two) */
  last: string;
  /** both surnames when the person has two, even if only one is written */
  surnames: string[];
  gender: Gender;
  nameLang: Lang;
}

export interface PersonInfo {
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

export interface DealInfo {
  deal: Deal;
  account: AccountInfo;
  kind: DealKind;
  createdMs: number;
  closeMs: number;
  lastTouchMs: number;
  lang: 'es' | 'en';
}

export interface PendingActivity {
  atMs: number;
  seq: number;
  type: ActivityType;
  subject: string;
  personId?: string;
  accountId?: string;
  dealId?: string;
  ownerId?: string;
}
export const ACCENTED = /[^ -~]/; // any character outside printable ASCII
export const RECURRING = CATALOG.filter((c) => c.recurring);

/** A copy without the keys whose value is undefined, the others in the same order. */
export function dropUndefined<T extends object>(o: T): T {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out as T;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

export function fill(template: string, vars: Readonly<Record<string, string>>): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}

export function quantity(rng: Rng, entry: CatalogEntry, employees: number): number {
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

export function money(eur: number, currency: string): number {
  return roundTo(eur * (FX[currency] ?? 1), ROUND_TO[currency] ?? 100);
}

export class DemoContext {
  readonly nowMs: number;
  private readonly seed: number;

  readonly usedEmails = new Set<string>();
  readonly usedLinkedin = new Set<string>();
  readonly usedDomains = new Set<string>();
  readonly usedCompanyKeys = new Set<string>();
  readonly usedDealNames = new Set<string>();

  private accountSeq = 0;
  private personSeq = 0;
  private dealSeq = 0;
  activitySeq = 0;
  private hubspotCompanySeq = 0;
  private hubspotContactSeq = 0;
  private hubspotDealSeq = 0;

  readonly accounts: AccountInfo[] = [];
  readonly people: PersonInfo[] = [];
  readonly deals: DealInfo[] = [];
  readonly pending: PendingActivity[] = [];
  readonly duplicatePairs: Array<[string, string]> = [];

  constructor(seed: number, nowMs: number) {
    this.seed = seed;
    this.nowMs = nowMs;
  }

  /** Snaps a moment down onto the whole-minute grid that runs back from `now`. */
  snap(ms: number): number {
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

  nextAccountId(): string {
    return `demo-acc-${pad(++this.accountSeq, 4)}`;
  }

  nextPersonId(): string {
    return `demo-per-${pad(++this.personSeq, 4)}`;
  }

  nextDealId(): string {
    return `demo-deal-${pad(++this.dealSeq, 4)}`;
  }

  /** HubSpot ids far from the cast's (51001…, 71001…, 90001…), unique per object type. */
  nextHubspotCompany(): string {
    return String(20_470_000_000 + ++this.hubspotCompanySeq * 7_919);
  }

  nextHubspotContact(): string {
    return String(30_150_000_000 + ++this.hubspotContactSeq * 4_093);
  }

  nextHubspotDeal(): string {
    return String(12_400_000_000 + ++this.hubspotDealSeq * 6_151);
  }

  /** The same local day, squeezed into working hours (08:00–20:00 at that UTC offset). */
  workingHours(ms: number, utcOffset: number): number {
    const local = ms + utcOffset * HOUR;
    const dayStart = Math.floor(local / DAY) * DAY;
    const minuteOfDay = Math.floor((local - dayStart) / MINUTE);
    return this.snap(dayStart + (8 * 60 + (minuteOfDay % (12 * 60))) * MINUTE - utcOffset * HOUR);
  }
}
