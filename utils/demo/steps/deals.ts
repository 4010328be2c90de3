// Step 4, deals: per account what its lifecycle calls for (renewals, expansions, new business,
// lost renewals), each with its stage, BANT, products, amount, owner and dates.
import { type BantLetterStatus, type Deal, type DealStage, crmKey } from '../../domain/entities';
import { DEAL_LABELS } from '../data/activities';
import { CATALOG, type CatalogEntry } from '../data/catalog';
import { TERRITORIES, type Territory } from '../data/users';
import { type Rng } from '../prng';
import {
  type AccountInfo,
  type DealKind,
  type DemoContext,
  DAY,
  FX,
  HOUR,
  MINUTE,
  ROUND_TO,
  SIZE,
  YEAR,
  clamp,
  fill,
  iso,
  money,
  quantity,
  roundTo,
} from './context';

const AM_IDS = new Set(Object.values(TERRITORIES).flatMap((t) => t.ams));

function stageFor(rng: Rng, kind: DealKind): DealStage {
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

function bantFor(rng: Rng, stage: DealStage): Deal['bant'] {
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

function dealProducts(rng: Rng, acc: AccountInfo, kind: DealKind): CatalogEntry[] {
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

function dealName(ctx: DemoContext, rng: Rng, acc: AccountInfo, kind: DealKind, products: CatalogEntry[], lang: 'es' | 'en', year: number): string {
  const group = kind === 'renewal' || kind === 'lost-renewal' || kind === 'past-renewal' ? DEAL_LABELS.renewal : kind === 'expansion' ? DEAL_LABELS.expansion : DEAL_LABELS.new;
  const labels: readonly string[] = group[lang];
  for (let attempt = 0; attempt < 8; attempt++) {
    const product = products[attempt % products.length] ?? products[0];
    const label = fill(rng.pick(labels), {
      product: product ? product.short[lang] : 'Dealside',
      year: String(year),
    });
    const name = `${acc.base} — ${label}`;
    if (!ctx.usedDealNames.has(name)) {
      ctx.usedDealNames.add(name);
      return name;
    }
  }
  for (let n = 2; ; n++) {
    const name = `${acc.base} — ${fill(rng.pick(labels), { product: products[0]?.short[lang] ?? '', year: String(year) })} (${n})`;
    if (!ctx.usedDealNames.has(name)) {
      ctx.usedDealNames.add(name);
      return name;
    }
  }
}

function createDeal(ctx: DemoContext, rng: Rng, acc: AccountInfo, kind: DealKind): void {
  const now = ctx.nowMs;
  const contacts = acc.people.filter((p) => p.person.kind === 'contact' && !p.person.leftCompany);
  if (contacts.length === 0) return;
  const country = acc.country;
  const territory: Territory = TERRITORIES[country.region];
  const stage = stageFor(rng, kind);
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
    const touch = ctx.workingHours(now - rng.int(days[0], days[1]) * DAY - rng.int(0, 600) * MINUTE, country.utcOffset);
    lastTouchMs = clamp(touch, createdMs + HOUR, now);
  }

  const products = dealProducts(rng, acc, kind);
  const currency = kind === 'renewal' || kind === 'past-renewal' || kind === 'lost-renewal'
    ? (acc.account.currency ?? 'USD')
    : rng.weighted(country.dealCurrencies);
  const employees = acc.account.employees ?? 100;
  const discount = rng.real(0.75, 1);
  let amount: number | undefined;
  if ((kind === 'renewal' || kind === 'past-renewal') && acc.account.arr) {
    const uplift = kind === 'renewal' ? rng.real(1, 1.08) : rng.real(0.6, 0.95);
    const eur = acc.account.arr / (FX[acc.account.currency ?? 'USD'] ?? 1);
    amount = money(eur * uplift, currency);
  } else {
    const eur = products.reduce((s, e) => s + e.product.listPrice * quantity(rng, e, employees), 0) * discount;
    amount = Math.max(ROUND_TO[currency] ?? 100, money(eur, currency));
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
  const hubspotId = ctx.nextHubspotDeal();
  const deal: Deal = {
    id: ctx.nextDealId(),
    name: dealName(ctx, rng, acc, kind, products, lang, year),
    accountId: acc.account.id,
    contactIds: chosen.map((c) => c.person.id),
    ownerId,
    stage,
    amount,
    currency,
    closeDate: iso(closeMs),
    productIds: products.map((p) => p.product.id),
    bant: bantFor(rng, stage),
    crmRefs: [{ system: 'hubspot' as const, objectType: '0-3', id: hubspotId }],
    crmKeys: [crmKey('hubspot', 'deal', hubspotId)],
    // the kind of sale, as a CRM's deal type says it (Salesforce Type, HubSpot dealtype)
    dealType: kind === 'new' ? 'new-business' : kind === 'expansion' ? 'add-on' : 'renewal',
    createdAt: iso(createdMs),
    updatedAt: iso(Math.max(createdMs, lastTouchMs)),
    lastActivityAt: undefined,
    source: 'demo',
  };
  ctx.deals.push({ deal, account: acc, kind, createdMs, closeMs, lastTouchMs, lang });
}

export function generateDeals(ctx: DemoContext): void {
  const rng = ctx.rng('deals');
  const now = ctx.nowMs;
  for (const acc of ctx.accounts) {
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
    for (const kind of plan) createDeal(ctx, rng, acc, kind);
  }
  const growable = ctx.accounts.filter((a) => a.account.lifecycle === 'prospect' || a.account.lifecycle === 'customer');
  while (ctx.deals.length < SIZE.deals) {
    const acc = rng.pick(growable);
    createDeal(ctx, rng, acc, acc.account.lifecycle === 'customer' ? 'expansion' : 'new');
  }
}
