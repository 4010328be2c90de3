// Net revenue retention (DOMAIN.md: "farming, not hunting: retention and expansion of existing
// customers; net revenue retention"): what the ARR a customer had a year ago has become, through
// expansion (more seats, a higher price, a product bought since), contraction and churn (a product
// ended), for one account and for the book of accounts a person owns; and the ARR at risk at the
// renewal. Pure: the clock comes in as `now`; ARR over time is read from the owned products'
// `since`, `changes` and `endedAt`.
import type { Account } from '../entities';
import type { Bilingual } from '../bilingual';
import { DAY_MS, isoMs } from '../time';
import { formatMoney } from '../../i18n/format';

type Text = Bilingual;
type Owned = Account['products'][number];

export const RETENTION_RULES = {
  /** the window NRR looks back over */
  windowDays: 365,
  /** ARR renewing within this many days is at risk when health is not healthy … */
  atRiskWithinDays: 180,
  /** … and in the book, the ARR renewing within this many days is shown */
  bookRenewingWithinDays: 90,
} as const;

/** A product's ARR on a date: 0 before `since` and from `endedAt`; else the last change's, or its start. */
export function arrAt(o: Owned, atMs: number): number {
  const since = isoMs(o.since);
  if (since === undefined || atMs < since) return 0;
  const ended = isoMs(o.endedAt);
  if (ended !== undefined && atMs >= ended) return 0;
  let arr: number | undefined;
  let latest = -Infinity;
  for (const c of o.changes ?? []) {
    const at = isoMs(c.at);
    if (at !== undefined && at <= atMs && at >= latest) {
      latest = at;
      arr = c.arr;
    }
  }
  if (arr !== undefined) return finite(arr);
  // before any change: the starting ARR, else (no history) the current one
  return finite(o.startArr ?? (o.changes?.length ? earliestChange(o)?.arr : undefined) ?? o.arr ?? 0);
}

function earliestChange(o: Owned) {
  let first: { at: number; arr: number } | undefined;
  for (const c of o.changes ?? []) {
    const at = isoMs(c.at);
    if (at !== undefined && (!first || at < first.at)) first = { at, arr: c.arr };
  }
  return first;
}

const finite = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

export type Movement = { productId: string; kind: 'expansion' | 'new' | 'contraction' | 'churn'; amount: number };

export type Retention = {
  currency: string;
  /** ARR a year ago, and now, of the same customer(s) */
  startArr: number;
  endArr: number;
  expansion: number;
  contraction: number;
  churn: number;
  /** endArr / startArr (0…); undefined when there was no ARR a year ago (a new customer) */
  nrr?: number;
  /** per product, largest first (accounts only) */
  movements: Movement[];
  text: Text;
};

/** NRR of one account over the last `RETENTION_RULES.windowDays`. */
export function accountRetention(account: Pick<Account, 'products' | 'currency'>, now: Date): Retention {
  const nowMs = now.getTime();
  const fromMs = nowMs - RETENTION_RULES.windowDays * DAY_MS;
  const byProduct = new Map<string, { start: number; end: number }>();
  for (const o of account.products) {
    const cur = byProduct.get(o.productId) ?? { start: 0, end: 0 };
    cur.start += arrAt(o, fromMs);
    cur.end += arrAt(o, nowMs);
    byProduct.set(o.productId, cur);
  }
  const movements: Movement[] = [];
  let startArr = 0;
  let endArr = 0;
  for (const [productId, { start, end }] of byProduct) {
    startArr += start;
    endArr += end;
    if (end > start) movements.push({ productId, kind: start === 0 ? 'new' : 'expansion', amount: end - start });
    else if (end < start) movements.push({ productId, kind: end === 0 ? 'churn' : 'contraction', amount: start - end });
  }
  movements.sort((a, b) => b.amount - a.amount || (a.productId < b.productId ? -1 : 1));
  return summarise(account.currency ?? '', startArr, endArr, movements);
}

function summarise(currency: string, startArr: number, endArr: number, movements: Movement[]): Retention {
  const sum = (kinds: Movement['kind'][]) => movements.filter((m) => kinds.includes(m.kind)).reduce((s, m) => s + m.amount, 0);
  const r: Retention = {
    currency,
    startArr,
    endArr,
    expansion: sum(['expansion', 'new']),
    contraction: sum(['contraction']),
    churn: sum(['churn']),
    movements,
    text: { en: '', es: '' },
  };
  if (startArr > 0) r.nrr = endArr / startArr;
  r.text = retentionText(r);
  return r;
}

function retentionText(r: Retention): Text {
  const m = (n: number, l: 'en' | 'es') => formatMoney(n, r.currency || 'EUR', l);
  if (r.nrr === undefined) {
    return r.endArr > 0
      ? { en: `No ARR a year ago: all ${m(r.endArr, 'en')} is new`, es: `Hace un año no había ARR: los ${m(r.endArr, 'es')} son nuevos` }
      : { en: 'No recurring revenue in the last 12 months', es: 'Sin ingresos recurrentes en los últimos 12 meses' };
  }
  const parts = (l: 'en' | 'es') => {
    const w = l === 'en' ? { exp: 'expansion', con: 'contraction', churn: 'churn' } : { exp: 'expansión', con: 'contracción', churn: 'bajas' };
    const out = [`${m(r.startArr, l)} → ${m(r.endArr, l)}`];
    if (r.expansion) out.push(`+${m(r.expansion, l)} ${w.exp}`);
    if (r.contraction) out.push(`−${m(r.contraction, l)} ${w.con}`);
    if (r.churn) out.push(`−${m(r.churn, l)} ${w.churn}`);
    return out.join(' · ');
  };
  return { en: parts('en'), es: parts('es') };
}

export type BookRetention = {
  /** one per currency, the largest starting ARR first (a book across currencies is not summed) */
  byCurrency: (Retention & { accounts: number })[];
  /** ARR of the book's customers renewing within `bookRenewingWithinDays`, per currency */
  renewing: { currency: string; arr: number; accounts: number }[];
};

/** NRR of the book: the customers and former customers a person owns, summed per currency. */
export function bookRetention(
  accounts: ReadonlyArray<Pick<Account, 'products' | 'currency' | 'lifecycle' | 'renewalDate' | 'ownerId'>>,
  ownerId: string,
  now: Date,
): BookRetention {
  const nowMs = now.getTime();
  const groups = new Map<string, { start: number; end: number; moves: Movement[]; accounts: number }>();
  const renewing = new Map<string, { arr: number; accounts: number }>();
  const soon = nowMs + RETENTION_RULES.bookRenewingWithinDays * DAY_MS;
  for (const a of accounts) {
    if (a.ownerId !== ownerId || (a.lifecycle !== 'customer' && a.lifecycle !== 'former-customer')) continue;
    const r = accountRetention(a, now);
    if (r.startArr === 0 && r.endArr === 0) continue;
    const g = groups.get(r.currency) ?? { start: 0, end: 0, moves: [], accounts: 0 };
    g.start += r.startArr;
    g.end += r.endArr;
    g.moves.push(...r.movements);
    g.accounts++;
    groups.set(r.currency, g);
    const renewal = isoMs(a.renewalDate);
    if (renewal !== undefined && renewal >= nowMs - DAY_MS && renewal <= soon && r.endArr > 0) {
      const x = renewing.get(r.currency) ?? { arr: 0, accounts: 0 };
      x.arr += r.endArr;
      x.accounts++;
      renewing.set(r.currency, x);
    }
  }
  const byCurrency = [...groups]
    .map(([currency, g]) => ({ ...summarise(currency, g.start, g.end, []), ...kinds(g.moves), accounts: g.accounts }))
    .sort((a, b) => b.startArr - a.startArr || (a.currency < b.currency ? -1 : 1));
  for (const r of byCurrency) r.text = retentionText(r);
  return {
    byCurrency,
    renewing: [...renewing].map(([currency, x]) => ({ currency, ...x })).sort((a, b) => b.arr - a.arr || (a.currency < b.currency ? -1 : 1)),
  };
}

function kinds(moves: readonly Movement[]) {
  const sum = (k: Movement['kind'][]) => moves.filter((m) => k.includes(m.kind)).reduce((s, m) => s + m.amount, 0);
  return { expansion: sum(['expansion', 'new']), contraction: sum(['contraction']), churn: sum(['churn']) };
}

export type ArrAtRisk = { arr: number; currency: string; text: Text };

/**
 * The ARR at risk at the renewal: all of it when the renewal is within `atRiskWithinDays` (or
 * overdue) and health is not healthy; none otherwise, saying why.
 */
export function arrAtRisk(
  account: Pick<Account, 'products' | 'currency' | 'renewalDate'>,
  health: { band: 'healthy' | 'watch' | 'at-risk' } | undefined,
  now: Date,
): ArrAtRisk | undefined {
  const nowMs = now.getTime();
  const renewal = isoMs(account.renewalDate);
  if (renewal === undefined) return undefined;
  const arr = account.products.reduce((s, o) => s + arrAt(o, nowMs), 0);
  const currency = account.currency ?? 'EUR';
  const m = (l: 'en' | 'es') => formatMoney(arr, currency, l);
  const days = Math.floor(renewal / DAY_MS) - Math.floor(nowMs / DAY_MS);
  if (arr === 0) return { arr: 0, currency, text: { en: 'No recurring revenue to renew', es: 'No hay ingresos recurrentes que renovar' } };
  if (days > RETENTION_RULES.atRiskWithinDays) {
    return { arr: 0, currency, text: { en: `${m('en')} renews in more than 6 months`, es: `${m('es')} se renuevan dentro de más de 6 meses` } };
  }
  if (!health || health.band === 'healthy') {
    return { arr: 0, currency, text: { en: `${m('en')} renews with the account healthy`, es: `${m('es')} se renuevan con la cuenta sana` } };
  }
  const band = health.band === 'watch' ? { en: 'to watch', es: 'en vigilancia' } : { en: 'at risk', es: 'en riesgo' };
  return {
    arr,
    currency,
    text: {
      en: `${m('en')} renews ${days < 0 ? 'overdue' : `within ${days} days`} with health ${band.en}`,
      es: `${m('es')} se renuevan ${days < 0 ? 'con la fecha vencida' : `en ${days} días`} con la salud ${band.es}`,
    },
  };
}
