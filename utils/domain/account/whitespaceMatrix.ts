// Whitespace across the account hierarchy (DOMAIN.md: "what the customer uses versus what you
// offer … quantify the value"): every business unit or child account × every catalogue product is
// owned, in an open deal, whitespace or not applicable. A whitespace cell carries the propensity
// that comparable customers (same industry and size band, or a fallback that says so) own the
// product and an expected value — list price × estimated seats × propensity — and the best of them
// become the account manager's next actions. Pure: no clock is needed; peers come in as data.
import type { Account, Deal, DealStage, Product } from '../entities';
import type { Bilingual } from '../bilingual';
import { type CommitteeConfig, DEFAULT_COMMITTEE_CONFIG, type Segment, segmentOf } from '../committee/committeeConfig';
import { formatMoneyCompact } from '../../i18n/format';
import { companyTokens } from '../../text/normalize';

type Text = Bilingual;

export const WHITESPACE_RULES = {
  /** a comparison group needs this many customers, else the next, wider one is used */
  minPeers: 5,
  /** units billed per seat: only these are multiplied by the estimated seats */
  perSeatUnit: /\b(?:seat|user|licen[cs]e|usuario|puesto|licencia)s?\b/i,
  /** a product billed by the year or month can be owned; anything else (a project, a day) is a one-off */
  recurringUnit: /(?:year|month|annual|yearly|monthly|\/yr|año|anual|mes|mensual)/i,
  /** how many of the best whitespace cells become next actions */
  actions: 3,
} as const;

/** Open deals: every stage but the two closed ones. */
const CLOSED: ReadonlySet<DealStage> = new Set<DealStage>(['closed-won', 'closed-lost']);

/**
 * Industry words for the peer sentence: English goes before "customers", Spanish after
 * "clientes". The demo's industry ids are listed; any other industry is used as given.
 */
export const INDUSTRY_WORDS: Readonly<Record<string, Text>> = {
  logistics: { en: 'logistics', es: 'de logística' },
  banking: { en: 'banking', es: 'de banca' },
  insurance: { en: 'insurance', es: 'de seguros' },
  retail: { en: 'retail', es: 'de retail' },
  healthcare: { en: 'healthcare', es: 'del sector salud' },
  manufacturing: { en: 'manufacturing', es: 'industriales' },
  energy: { en: 'energy', es: 'de energía' },
  telecom: { en: 'telecom', es: 'de telecomunicaciones' },
  software: { en: 'software', es: 'de software' },
  education: { en: 'education', es: 'de educación' },
  'public-sector': { en: 'public-sector', es: 'del sector público' },
  'food-and-beverage': { en: 'food and beverage', es: 'de alimentación y bebidas' },
  construction: { en: 'construction', es: 'de construcción' },
  pharma: { en: 'pharma', es: 'farmacéuticos' },
  consulting: { en: 'consulting', es: 'de consultoría' },
  automotive: { en: 'automotive', es: 'de automoción' },
  hospitality: { en: 'hospitality', es: 'de turismo y hostelería' },
  mining: { en: 'mining', es: 'de minería' },
  agribusiness: { en: 'agribusiness', es: 'de agroindustria' },
};

const SIZE_WORDS: Readonly<Record<Segment, Text>> = {
  smb: { en: 'small', es: 'pequeños' },
  'mid-market': { en: 'mid-sized', es: 'medianos' },
  enterprise: { en: 'enterprise', es: 'grandes' },
};

const COMPANIES_OF_SIZE: Readonly<Record<Segment, Text>> = {
  smb: { en: 'small companies', es: 'empresas pequeñas' },
  'mid-market': { en: 'mid-sized companies', es: 'empresas medianas' },
  enterprise: { en: 'large enterprises', es: 'grandes empresas' },
};

export type MatrixUnit = Pick<Account, 'id' | 'name' | 'industry' | 'employees' | 'products' | 'currency'> & { parentId?: string };
export type MatrixDeal = Pick<Deal, 'id' | 'name' | 'accountId' | 'stage' | 'amount' | 'currency' | 'productIds'>;
export type MatrixPeer = Pick<Account, 'id' | 'industry' | 'employees' | 'lifecycle' | 'products'>;

/** Which customers a propensity was read from: the first group with enough of them. */
export type PeerBasis =
  | { kind: 'similar'; industry: string; size: Segment }
  | { kind: 'industry'; industry: string }
  | { kind: 'size'; size: Segment }
  | { kind: 'all' };

export type MatrixCell =
  | { state: 'owned'; since: string; seats?: number; arr?: number; currency: string }
  | { state: 'in-deal'; dealId: string; dealName: string; stage: DealStage; amount?: number; currency: string }
  | {
      state: 'whitespace';
      /** share (0–1) of the comparable customers that own the product */
      propensity: number;
      peers: { owners: number; of: number; basis: PeerBasis; fallback: boolean };
      estimatedSeats: number;
      /** list price × estimated seats, a year, in the product's currency */
      estimatedArr: number;
      /** estimatedArr × propensity */
      expectedValue: number;
      currency: string;
      reason: Text;
    }
  | { state: 'not-applicable'; reason: Text };

export type WhitespaceAction = { unitId: string; productId: string; expectedValue: number; currency: string; text: Text; reason: Text };

export type WhitespaceMatrix = {
  /**
   * the account first, then its descendants depth-first by name; depth 0 is the account; `label`
   * is the name without what it shares with the account's and without its legal form ("Portugal")
   */
  units: { id: string; name: string; label: string; depth: number; size?: Segment; industry?: string }[];
  products: { id: string; name: string; family: string }[];
  /** cells[unit][product], in the order of `units` and `products` */
  cells: MatrixCell[][];
  /** whitespace cells by expected value, best first: [unit index, product index] */
  ranked: [number, number][];
  /** the best `WHITESPACE_RULES.actions` whitespace cells, worded */
  actions: WhitespaceAction[];
};

export type WhitespaceMatrixInput = {
  /** the account the page is about */
  accountId: string;
  /** the account and every account below it (others are ignored) */
  units: readonly MatrixUnit[];
  catalog: readonly Product[];
  /** the units' deals, any stage (closed ones are ignored) */
  deals: readonly MatrixDeal[];
  /** every other account; customers count as comparable (the hierarchy itself never does) */
  peers: readonly MatrixPeer[] | PeerIndex;
  /** the size bands (committee segments) */
  committee?: Pick<CommitteeConfig, 'segments'>;
};

// ── the comparable customers, indexed once ──────────────────────────────────────────────────

type Group = {
  customers: number;
  /** per product (by `PeerIndex.product` number): how many customers own it */
  owners: number[];
  /** per product: seats and employees summed over the owners who have both (seats per employee) */
  seats: number[];
  employees: number[];
};

/**
 * Customer counts and product ownership per comparison group (industry × size, industry, size,
 * all). Building it is one pass over the peers with products numbered once, so a book of 10,000
 * customers is indexed in a few milliseconds and reused for every unit and product.
 */
export type PeerIndex = {
  groups: Map<string, Group>;
  product: Map<string, number>;
  ids: ReadonlySet<string>;
  config: Pick<CommitteeConfig, 'segments'>;
};

const norm = (industry: string | undefined) => industry?.trim().toLowerCase() || undefined;
const groupKeys = (industry: string | undefined, size: Segment | undefined): string[] => {
  const keys = ['all'];
  if (industry) keys.push(`i:${industry}`);
  if (size) keys.push(`s:${size}`);
  if (industry && size) keys.push(`is:${industry}|${size}`);
  return keys;
};

/** Adds (sign 1) or removes (sign -1) one customer's ownership to the groups it belongs to. */
function tally(index: PeerIndex, combos: Map<string, Group[]>, p: Pick<MatrixPeer, 'industry' | 'employees' | 'products'>, sign: 1 | -1): void {
  const size = segmentOf(p.employees, index.config as CommitteeConfig);
  const comboKey = `${p.industry ?? ''}|${size ?? ''}`;
  let groups = combos.get(comboKey);
  if (!groups) {
    groups = groupKeys(norm(p.industry), size).map((key) => {
      let g = index.groups.get(key);
      if (!g) index.groups.set(key, (g = { customers: 0, owners: [], seats: [], employees: [] }));
      return g;
    });
    combos.set(comboKey, groups);
  }
  for (const g of groups) g.customers += sign;
  const employees = p.employees && p.employees > 0 ? p.employees : 0;
  const counted: number[] = [];
  for (const o of p.products) {
    if (o.endedAt) continue;
    let k = index.product.get(o.productId);
    if (k === undefined) index.product.set(o.productId, (k = index.product.size));
    const seats = o.seats ?? 0;
    const first = !counted.includes(k);
    if (first) counted.push(k);
    for (const g of groups) {
      if (first) g.owners[k] = (g.owners[k] ?? 0) + sign;
      if (seats > 0 && employees > 0) {
        g.seats[k] = (g.seats[k] ?? 0) + sign * seats;
        if (first) g.employees[k] = (g.employees[k] ?? 0) + sign * employees;
      }
    }
  }
}

export function indexPeers(peers: readonly MatrixPeer[], committee: Pick<CommitteeConfig, 'segments'> = DEFAULT_COMMITTEE_CONFIG): PeerIndex {
  const ids = new Set<string>();
  const index: PeerIndex = { groups: new Map(), product: new Map(), ids, config: committee };
  const combos = new Map<string, Group[]>();
  for (const p of peers) {
    if (p.lifecycle !== 'customer') continue;
    ids.add(p.id);
    tally(index, combos, p, 1);
  }
  return index;
}

/** Take the hierarchy's own accounts out of a prebuilt index (they are not their own peers). */
function withoutUnits(index: PeerIndex, units: readonly MatrixUnit[]): PeerIndex {
  const inside = units.filter((u) => index.ids.has(u.id));
  if (inside.length === 0) return index;
  const groups = new Map<string, Group>();
  for (const [key, g] of index.groups) groups.set(key, { customers: g.customers, owners: g.owners.slice(), seats: g.seats.slice(), employees: g.employees.slice() });
  const ids = new Set(index.ids);
  for (const u of inside) ids.delete(u.id);
  const copy: PeerIndex = { groups, product: new Map(index.product), ids, config: index.config };
  const combos = new Map<string, Group[]>();
  for (const u of inside) tally(copy, combos, u, -1);
  return copy;
}

// ── the matrix ───────────────────────────────────────────────────────────────────────────────

export function whitespaceMatrix(input: WhitespaceMatrixInput): WhitespaceMatrix {
  const config = input.committee ?? DEFAULT_COMMITTEE_CONFIG;
  const ordered = hierarchy(input.accountId, input.units);
  const peerList = Array.isArray(input.peers) ? (input.peers as readonly MatrixPeer[]) : undefined;
  const unitIds = new Set(ordered.map((o) => o.unit.id));
  const index = peerList ? indexPeers(peerList.filter((p) => !unitIds.has(p.id)), config) : withoutUnits(input.peers as PeerIndex, ordered.map((o) => o.unit));

  const products: Product[] = [];
  const seen = new Set<string>();
  for (const p of input.catalog) if (!seen.has(p.id) && (seen.add(p.id), true)) products.push(p);

  const openDeals = new Map<string, MatrixDeal[]>();
  for (const d of input.deals) {
    if (CLOSED.has(d.stage) || !d.accountId || !unitIds.has(d.accountId)) continue;
    const list = openDeals.get(d.accountId) ?? [];
    list.push(d);
    openDeals.set(d.accountId, list);
  }

  const cells: MatrixCell[][] = [];
  const ranked: { u: number; p: number; ev: number; propensity: number }[] = [];
  ordered.forEach(({ unit }, u) => {
    const size = segmentOf(unit.employees, config as CommitteeConfig);
    const industry = norm(unit.industry);
    const owned = ownedByProduct(unit);
    const maxSeats = Math.max(0, ...[...owned.values()].map((o) => o.seats ?? 0));
    const deals = (openDeals.get(unit.id) ?? []).slice().sort((a, b) => (b.amount ?? 0) - (a.amount ?? 0) || compareText(a.id, b.id));
    const row: MatrixCell[] = products.map((product, p) => {
      const own = owned.get(product.id);
      if (own) {
        const cell: MatrixCell = { state: 'owned', since: own.since, currency: unit.currency ?? product.currency };
        if (own.seats !== undefined) cell.seats = own.seats;
        if (own.arr !== undefined) cell.arr = own.arr;
        return cell;
      }
      const deal = deals.find((d) => d.productIds.includes(product.id));
      if (deal) {
        const cell: MatrixCell = { state: 'in-deal', dealId: deal.id, dealName: deal.name, stage: deal.stage, currency: deal.currency };
        if (deal.amount !== undefined) cell.amount = deal.amount;
        return cell;
      }
      const na = notApplicable(product, industry, size);
      if (na) return { state: 'not-applicable', reason: na };
      const cell = whitespaceCell(product, index, industry, size, unit.employees, maxSeats);
      if (cell.state === 'whitespace' && cell.expectedValue > 0) ranked.push({ u, p, ev: cell.expectedValue, propensity: cell.propensity });
      return cell;
    });
    cells.push(row);
  });

  ranked.sort(
    (a, b) =>
      b.ev - a.ev ||
      b.propensity - a.propensity ||
      a.u - b.u ||
      compareText(products[a.p]!.name, products[b.p]!.name),
  );
  const units = ordered.map(({ unit, depth }) => {
    const size = segmentOf(unit.employees, config as CommitteeConfig);
    const label = depth === 0 ? unit.name : shortName(unit.name, ordered[0]!.unit.name);
    return { id: unit.id, name: unit.name, label, depth, ...(size ? { size } : {}), ...(unit.industry ? { industry: unit.industry } : {}) };
  });
  const actions = ranked.slice(0, WHITESPACE_RULES.actions).map(({ u, p }): WhitespaceAction => {
    const cell = cells[u]![p] as Extract<MatrixCell, { state: 'whitespace' }>;
    const product = products[p]!;
    const unit = units[u]!;
    // the account itself needs no naming; a unit does
    const to = u === 0 ? { en: '', es: '' } : { en: ` to ${unit.name}`, es: ` a ${unit.name}` };
    return {
      unitId: unit.id,
      productId: product.id,
      expectedValue: cell.expectedValue,
      currency: cell.currency,
      text: { en: `Offer ${product.name}${to.en}`, es: `Ofrece ${product.name}${to.es}` },
      reason: cell.reason,
    };
  });
  return {
    units,
    products: products.map((p) => ({ id: p.id, name: p.name, family: p.family })),
    cells,
    ranked: ranked.map((r) => [r.u, r.p]),
    actions,
  };
}

/**
 * A unit's name as a column heading: without the words it shares with its parent account's name
 * and without its legal form — "Iberia Logística Portugal, Lda." under "Iberia Logística S.L." is
 * "Portugal". Falls back to the whole name when the words cannot be told apart.
 */
export function shortName(name: string, rootName: string): string {
  const tokens = companyTokens(name);
  const root = companyTokens(rootName);
  const words = name.split(/\s+/).filter(Boolean).slice(0, tokens.length).map((w) => w.replace(/[,.;:]+$/, ''));
  if (words.length !== tokens.length || words.some((w, i) => companyTokens(w)[0] !== tokens[i])) return name;
  let from = 0;
  while (from < words.length - 1 && tokens[from] === root[from]) from++;
  return words.slice(from).join(' ') || name;
}

/** The account, then its descendants depth-first (children by name); cycles and strays ignored. */
function hierarchy(rootId: string, units: readonly MatrixUnit[]): { unit: MatrixUnit; depth: number }[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const root = byId.get(rootId);
  if (!root) return [];
  const children = new Map<string, MatrixUnit[]>();
  for (const u of byId.values()) {
    if (!u.parentId || u.id === rootId) continue;
    const list = children.get(u.parentId) ?? [];
    list.push(u);
    children.set(u.parentId, list);
  }
  const out: { unit: MatrixUnit; depth: number }[] = [];
  const visited = new Set<string>();
  const walk = (u: MatrixUnit, depth: number) => {
    if (visited.has(u.id)) return;
    visited.add(u.id);
    out.push({ unit: u, depth });
    const kids = (children.get(u.id) ?? []).slice().sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    for (const k of kids) walk(k, depth + 1);
  };
  walk(root, 0);
  return out;
}

function ownedByProduct(unit: MatrixUnit): Map<string, { since: string; seats?: number; arr?: number }> {
  const owned = new Map<string, { since: string; seats?: number; arr?: number }>();
  for (const o of unit.products) {
    if (o.endedAt) continue; // cancelled: kept for retention, no longer owned
    const cur = owned.get(o.productId) ?? { since: o.since };
    if (o.since < cur.since) cur.since = o.since;
    if (o.seats !== undefined) cur.seats = (cur.seats ?? 0) + o.seats;
    if (o.arr !== undefined) cur.arr = (cur.arr ?? 0) + o.arr;
    owned.set(o.productId, cur);
  }
  return owned;
}

function notApplicable(product: Product, industry: string | undefined, size: Segment | undefined): Text | undefined {
  if (!WHITESPACE_RULES.recurringUnit.test(product.unit)) {
    return { en: `A one-off service (${product.unit}), not something to own`, es: `Un servicio puntual (${product.unit}), no una suscripción` };
  }
  const fit = product.appliesTo;
  if (fit?.industries?.length && (!industry || !fit.industries.some((i) => norm(i) === industry))) {
    return { en: 'Not offered in this industry', es: 'No se ofrece en este sector' };
  }
  if (fit?.sizeBands?.length && size && !fit.sizeBands.includes(size)) {
    return { en: `Not offered to ${COMPANIES_OF_SIZE[size].en}`, es: `No se ofrece a ${COMPANIES_OF_SIZE[size].es}` };
  }
  return undefined;
}

function whitespaceCell(
  product: Product,
  index: PeerIndex,
  industry: string | undefined,
  size: Segment | undefined,
  employees: number | undefined,
  maxSeatsOwned: number,
): MatrixCell {
  const candidates: [PeerBasis, string][] = [];
  if (industry && size) candidates.push([{ kind: 'similar', industry, size }, `is:${industry}|${size}`]);
  if (industry) candidates.push([{ kind: 'industry', industry }, `i:${industry}`]);
  if (size) candidates.push([{ kind: 'size', size }, `s:${size}`]);
  candidates.push([{ kind: 'all' }, 'all']);
  let chosen = candidates.findIndex(([, key]) => (index.groups.get(key)?.customers ?? 0) >= WHITESPACE_RULES.minPeers);
  if (chosen < 0) chosen = candidates.length - 1;
  const [basis, key] = candidates[chosen]!;
  const group = index.groups.get(key);
  const k = index.product.get(product.id);
  const of = Math.max(0, group?.customers ?? 0);
  const owners = Math.max(0, Math.min(of, (k !== undefined ? group?.owners[k] : 0) ?? 0));
  const propensity = of > 0 ? owners / of : 0;

  // seats: the most the unit already has of any product (its users), else what comparable owners
  // have per employee × the unit's employees, else one
  const perSeat = WHITESPACE_RULES.perSeatUnit.test(product.unit);
  let estimatedSeats = 1;
  if (perSeat) {
    const seats = k !== undefined ? (group?.seats[k] ?? 0) : 0;
    const ownersEmployees = k !== undefined ? (group?.employees[k] ?? 0) : 0;
    if (maxSeatsOwned > 0) estimatedSeats = maxSeatsOwned;
    else if (seats > 0 && ownersEmployees > 0 && employees && employees > 0) estimatedSeats = Math.max(1, Math.round((seats / ownersEmployees) * employees));
  }
  const price = Number.isFinite(product.listPrice) && product.listPrice > 0 ? product.listPrice : 0;
  const estimatedArr = Math.round(price * estimatedSeats);
  const expectedValue = Math.round(estimatedArr * propensity);
  const fallback = chosen > 0 || basis.kind !== 'similar';
  return {
    state: 'whitespace',
    propensity,
    peers: { owners, of, basis, fallback },
    estimatedSeats,
    estimatedArr,
    expectedValue,
    currency: product.currency,
    reason: peerReason(owners, of, basis, fallback, product, estimatedArr),
  };
}

function industryWords(industry: string): Text {
  const known = INDUSTRY_WORDS[industry];
  if (known) return known;
  const words = /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(industry) ? industry.replaceAll('-', ' ') : industry;
  return { en: words, es: `de ${words}` };
}

function peerReason(owners: number, of: number, basis: PeerBasis, fallback: boolean, product: Product, estimatedArr: number): Text {
  const money = compactMoney(estimatedArr, product.currency);
  // the ARR the product would bring if bought, beside the header's expected value (that ARR ×
  // the share of peers owning it): "est." alone read as a second, contradicting estimate
  const tail = { en: ` · ${money.en} ARR if bought`, es: ` · ${money.es} de ARR si lo compra` };
  if (of === 0) {
    return { en: `No customers to compare with yet${tail.en}`, es: `Aún no hay clientes con los que comparar${tail.es}` };
  }
  let en: string;
  let es: string;
  const verbEs = owners === 1 ? 'tiene' : 'tienen';
  const verbEn = owners === 1 && of === 1 ? 'owns' : 'own';
  switch (basis.kind) {
    case 'similar': {
      const w = industryWords(basis.industry);
      en = `${owners} of ${of} similar ${w.en} customers ${verbEn} ${product.name}`;
      es = `${owners} de ${of} clientes ${w.es} similares ${verbEs} ${product.name}`;
      break;
    }
    case 'industry': {
      const w = industryWords(basis.industry);
      en = `${owners} of ${of} ${w.en} customers of any size ${verbEn} ${product.name}`;
      es = `${owners} de ${of} clientes ${w.es} de cualquier tamaño ${verbEs} ${product.name}`;
      break;
    }
    case 'size': {
      const w = SIZE_WORDS[basis.size];
      en = `${owners} of ${of} ${w.en} customers of any industry ${verbEn} ${product.name}`;
      es = `${owners} de ${of} clientes ${w.es} de cualquier sector ${verbEs} ${product.name}`;
      break;
    }
    case 'all':
      en = `${owners} of ${of} customers ${verbEn} ${product.name}`;
      es = `${owners} de ${of} clientes ${verbEs} ${product.name}`;
      break;
  }
  // a wider group says it is one (too few customers of the same industry and size to compare with)
  if (fallback) {
    en = `Wider comparison: ${en}`;
    es = `Comparación más amplia: ${es}`;
  }
  return { en: `${en}${tail.en}`, es: `${es}${tail.es}` };
}

/**
 * A figure rounded to the two significant digits a compact amount shows (half away from zero, as
 * Intl rounds): "€18k" is the same words for 17,500 and 18,499.
 */
export function twoDigits(n: number): number {
  if (!Number.isFinite(n) || Math.abs(n) < 100) return n;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(n))) - 1);
  return Math.sign(n) * Math.round(Math.abs(n) / step) * step;
}

/**
 * "€18k" in both languages, worded once per currency and rounded figure: a matrix has thousands
 * of whitespace cells but a few dozen distinct amounts, and Intl's compact formatting is most of a
 * cell's cost (issue #18's 50 units × 40 products under 50 ms). Bounded: cleared past 5,000.
 */
const compactWords = new Map<string, Bilingual>();
export function compactMoney(amount: number, currency: string): Bilingual {
  const rounded = twoDigits(amount);
  const key = `${currency}|${rounded}`;
  let words = compactWords.get(key);
  if (!words) {
    if (compactWords.size >= 5000) compactWords.clear();
    words = { en: formatMoneyCompact(rounded, currency, 'en'), es: formatMoneyCompact(rounded, currency, 'es') };
    compactWords.set(key, words);
  }
  return words;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
