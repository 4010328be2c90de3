// Step 1, accounts: companies (names, legal forms, domains, LinkedIn pages), their subsidiaries,
// what customers own and pay, their health, the key accounts; and the companies leads type in
// that are not accounts.
import { type Account, crmKey } from '../../domain/entities';
import { linkedinKey, nameKey } from '../../text/normalize';
import { INDUSTRIES, NAME_STOPWORDS, type IndustryDef } from '../data/companies';
import { COUNTRIES, RESERVED_BRANDS, type CountryDef } from '../data/countries';
import { TERRITORIES } from '../data/users';
import { type Rng, type Weighted } from '../prng';
import { compact, foldAscii, slug } from '../text';
import {
  type AccountInfo,
  type DemoContext,
  DAY,
  MINUTE,
  RECURRING,
  SIZE,
  clamp,
  dropUndefined,
  fill,
  iso,
  money,
  quantity,
  roundTo,
} from './context';


export interface UnlinkedCompany {
  name: string;
  base: string;
  domain: string;
  country: CountryDef;
  city: string;
  industry: IndustryDef;
}

export function pickIndustry(rng: Rng, country: CountryDef): IndustryDef {
  const entries: [IndustryDef, number][] = [];
  for (const ind of INDUSTRIES) {
    const w = ind.weight + (ind.boost?.[country.code] ?? 0);
    if (w > 0 && ind.names[country.lang]) entries.push([ind, w]);
  }
  return rng.weighted(entries);
}

/** A company name not used yet (without legal form), or undefined after many tries. */
export function companyBase(ctx: DemoContext, rng: Rng, country: CountryDef, industry: IndustryDef): string | undefined {
  const patterns = industry.names[country.lang] ?? industry.names.en ?? [];
  for (let attempt = 0; attempt < 60; attempt++) {
    const base = fill(rng.pick(patterns), {
      B: rng.pick(country.brands),
      C: rng.pick(country.cities).name,
    });
    const key = nameKey(base);
    if (ctx.usedCompanyKeys.has(key)) continue;
    if (RESERVED_BRANDS.some((r) => key.includes(nameKey(r)))) continue;
    ctx.usedCompanyKeys.add(key);
    return base;
  }
  return undefined;
}

export function legalForm(rng: Rng, country: CountryDef, industry: IndustryDef, employees: number): string {
  if ((employees >= 5000 || industry.id === 'public-sector') && rng.chance(0.6)) return country.bigLegalForm;
  return rng.weighted(country.legalForms);
}

export function domainRoot(base: string, german: boolean): string {
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

export function claimDomain(ctx: DemoContext, root: string, tld: string, country: CountryDef): string {
  const candidates = [
    `${root}${tld}`,
    `${root}${country.code.toLowerCase()}${tld}`,
    `grupo${root}${tld}`,
  ];
  for (const c of candidates) {
    if (!ctx.usedDomains.has(c)) {
      ctx.usedDomains.add(c);
      return c;
    }
  }
  for (let n = 2; ; n++) {
    const c = `${root}${n}${tld}`;
    if (!ctx.usedDomains.has(c)) {
      ctx.usedDomains.add(c);
      return c;
    }
  }
}

function companyLinkedin(ctx: DemoContext, rng: Rng, base: string, legal: string, country: CountryDef): { url: string; key: string } {
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
    if (key && !ctx.usedLinkedin.has(key)) {
      ctx.usedLinkedin.add(key);
      return { url, key };
    }
  }
  throw new Error(`no LinkedIn company vanity left for ${base}`);
}

export function employeeCount(rng: Rng): number {
  const raw = Math.exp(rng.real(Math.log(20), Math.log(20000)));
  const step = raw < 100 ? 1 : raw < 1000 ? 5 : raw < 10000 ? 50 : 500;
  return clamp(roundTo(raw, step), 20, 20000);
}

function accountHealth(rng: Rng): NonNullable<Account['health']> {
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

function createAccount(
  ctx: DemoContext,
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
  const now = ctx.nowMs;
  const german = country.lang === 'de';
  const legal = legalForm(rng, country, industry, employees);
  const name = `${base} ${legal}`;
  const tld = rng.weighted(country.tlds);
  const domain = claimDomain(ctx, spec.domainRoot ?? domainRoot(base, german), tld, country);
  const li = companyLinkedin(ctx, rng, base, legal, country);
  const city = rng.pick(country.cities).name;
  const territory = TERRITORIES[country.region];

  const createdMs =
    now - (lifecycle === 'customer' ? rng.int(400, 2200) : rng.int(60, 1800)) * DAY - rng.int(0, 600) * MINUTE;
  const updatedMs = ctx.snap(createdMs + rng.real(0.5, 1) * (now - createdMs));

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
      const qty = quantity(rng, entry, employees);
      const since = createdMs + (i === 0 ? rng.real(0, 0.3) : rng.real(0.1, 1)) * (latestSince - createdMs);
      return dropUndefined({
        productId: entry.product.id,
        since: iso(ctx.snap(since)),
        seats: entry.per === 'seat' ? qty : undefined,
        arr: money(entry.product.listPrice * qty * rng.real(0.72, 1), country.currency),
      });
    });
    arr = products.reduce((sum, p) => sum + (p.arr ?? 0), 0);
    renewalDate = iso(
      rng.chance(0.88)
        ? now + rng.int(30, 540) * DAY
        : now - rng.int(1, 60) * DAY,
    );
    health = accountHealth(rng);
  }

  const hubspotId = ctx.nextHubspotCompany();
  // undefined fields are dropped when the workspace is assembled
  const account: Account = {
    id: ctx.nextAccountId(),
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
  ctx.accounts.push(info);
  return info;
}

export function generateAccounts(ctx: DemoContext): void {
  const rng = ctx.rng('accounts');
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
    const industry = pickIndustry(rng, country);
    const base = companyBase(ctx, rng, country, industry);
    if (!base) continue;
    createAccount(ctx, rng, {
      country,
      industry,
      base,
      employees: employeeCount(rng),
      lifecycle: rng.weighted(lifecycles),
      tier: rng.weighted(tiers),
    });
    made++;
  }

  // Subsidiaries: large accounts get one or two children abroad.
  const generated = ctx.accounts.slice();
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
      if (ctx.usedCompanyKeys.has(key)) continue;
      ctx.usedCompanyKeys.add(key);
      const parentLife = parent.account.lifecycle;
      createAccount(ctx, rng, {
        country,
        industry: parent.industry,
        base,
        employees: clamp(roundTo((parent.account.employees ?? 1000) * rng.real(0.04, 0.3), 5), 20, 20000),
        lifecycle: parentLife === 'customer' && rng.chance(0.5) ? 'customer' : 'prospect',
        tier: rng.chance(0.5) ? parent.account.tier : undefined,
        parent,
        domainRoot: domainRoot(parent.base, parent.country.lang === 'de'),
      });
      children++;
    }
  }

  // Key accounts: the customers with the largest ARR (~5 % of all accounts, the cast included).
  const keyCount = Math.round((ctx.accounts.length + 2) * 0.05) - 1;
  const customers = ctx.accounts
    .filter((a) => a.account.lifecycle === 'customer')
    .sort((a, b) => (b.account.arr ?? 0) - (a.account.arr ?? 0) || (a.account.id < b.account.id ? -1 : 1));
  for (const a of customers.slice(0, keyCount)) a.account.keyAccount = true;
}

export function unlinkedCompanies(ctx: DemoContext, rng: Rng): UnlinkedCompany[] {
  const out: UnlinkedCompany[] = [];
  const countryWeights: Weighted<CountryDef> = COUNTRIES.map((c) => [c, c.weight] as const);
  let guard = 0;
  while (out.length < SIZE.unlinkedCompanies && guard++ < 5000) {
    const country = rng.weighted(countryWeights);
    const industry = pickIndustry(rng, country);
    const base = companyBase(ctx, rng, country, industry);
    if (!base) continue;
    const employees = employeeCount(rng);
    const legal = legalForm(rng, country, industry, employees);
    const domain = claimDomain(ctx, domainRoot(base, country.lang === 'de'), rng.weighted(country.tlds), country);
    out.push({ name: `${base} ${legal}`, base, domain, country, city: rng.pick(country.cities).name, industry });
  }
  return out;
}
