// Net revenue retention (DOMAIN.md: "farming, not hunting: retention and expansion of existing
// customers; net revenue retention"): what the ARR a customer had a year ago has become, through
// expansion (more seats, a higher price, a product bought since), contraction and churn (a product
// ended), for one account and for the book of accounts a person owns; and the ARR at risk at the
// renewal. Pure: the clock comes in as `now`; ARR over time is read from the owned products'
// `since`, `changes` and `endedAt`. Each change says what kind of deal made it (`via`, from the CRM's
// deal type): an expansion is worded as from add-ons or at renewal, a contraction as at renewal or a
// downgrade, where the CRM says.
import type { Account, DealType } from '../entities';
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

export type Movement = {
  productId: string;
  kind: 'expansion' | 'new' | 'contraction' | 'churn';
  amount: number;
  /** the kind of deal behind the product's last change in the window, when the CRM says (expansion, contraction) */
  via?: DealType;
};

/** How an expansion or a contraction came about, from the deals' types: the amounts by reason. */
export type MovementReasons = {
  /** expansion sold as add-ons (upgrades, upsells) */
  addOn: number;
  /** expansion or contraction at a renewal (a renewal, a replacement, existing business restated) */
  atRenewal: number;
  /** contraction by a downgrade deal */
  downgrade: number;
};

function reasonsOf(moves: readonly Movement[], kinds: readonly Movement['kind'][]): MovementReasons {
  const out: MovementReasons = { addOn: 0, atRenewal: 0, downgrade: 0 };
  for (const m of moves) {
    if (!kinds.includes(m.kind)) continue;
    if (m.via === 'add-on') out.addOn += m.amount;
    else if (m.via === 'renewal' || m.via === 'existing') out.atRenewal += m.amount;
    else if (m.via === 'downgrade') out.downgrade += m.amount;
  }
  return out;
}

/** The kind of deal behind the product's latest change within the window. */
function viaIn(o: Owned, fromMs: number, toMs: number): DealType | undefined {
  let best: { at: number; via?: DealType } | undefined;
  for (const c of o.changes ?? []) {
    const at = isoMs(c.at);
    if (at === undefined || at <= fromMs || at > toMs) continue;
    if (!best || at >= best.at) best = { at, ...(c.via ? { via: c.via } : {}) };
  }
  return best?.via;
}

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
  /** what the expansion and the contraction came from, where the CRM's deal types say */
  expansionBy: MovementReasons;
  contractionBy: MovementReasons;
  text: Text;
};

/** NRR of one account over the last `RETENTION_RULES.windowDays`. */
export function accountRetention(account: Pick<Account, 'products' | 'currency'>, now: Date): Retention {
  const nowMs = now.getTime();
  const fromMs = nowMs - RETENTION_RULES.windowDays * DAY_MS;
  const byProduct = new Map<string, { start: number; end: number; via?: DealType }>();
  for (const o of account.products) {
    const cur = byProduct.get(o.productId) ?? { start: 0, end: 0 };
    cur.start += arrAt(o, fromMs);
    cur.end += arrAt(o, nowMs);
    const via = viaIn(o, fromMs, nowMs);
    if (via) cur.via = via;
    byProduct.set(o.productId, cur);
  }
  const movements: Movement[] = [];
  let startArr = 0;
  let endArr = 0;
  for (const [productId, { start, end, via }] of byProduct) {
    startArr += start;
    endArr += end;
    const v = via ? { via } : {};
    if (end > start) movements.push({ productId, kind: start === 0 ? 'new' : 'expansion', amount: end - start, ...(start === 0 ? {} : v) });
    else if (end < start) movements.push({ productId, kind: end === 0 ? 'churn' : 'contraction', amount: start - end, ...(end === 0 ? {} : v) });
  }
  movements.sort((a, b) => b.amount - a.amount || (a.productId < b.productId ? -1 : 1));
  return summarise(account.currency ?? '', startArr, endArr, movements);
}

function summarise(currency: string, startArr: number, endArr: number, movements: Movement[]): Retention {
  const r: Retention = {
    currency,
    startArr,
    endArr,
    ...kinds(movements),
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
    // what the deals say it came from: "(€6,000 from add-ons, €2,000 at renewal)"
    const why = (by: MovementReasons, total: number) => {
      const said = (
        [
          [by.addOn, l === 'en' ? 'from add-ons' : 'por ampliaciones'],
          [by.atRenewal, l === 'en' ? 'at renewal' : 'en la renovación'],
          [by.downgrade, l === 'en' ? 'by a downgrade' : 'por una reducción'],
        ] as const
      ).filter(([amount]) => amount > 0);
      if (said.length === 0) return '';
      // one reason for all of it: just the reason
      if (said.length === 1 && said[0]![0] === total) return ` (${said[0]![1]})`;
      return ` (${said.map(([amount, words]) => `${m(amount, l)} ${words}`).join(', ')})`;
    };
    if (r.expansion) out.push(`+${m(r.expansion, l)} ${w.exp}${why(r.expansionBy, r.expansion)}`);
    if (r.contraction) out.push(`−${m(r.contraction, l)} ${w.con}${why(r.contractionBy, r.contraction)}`);
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
  return {
    expansion: sum(['expansion', 'new']),
    contraction: sum(['contraction']),
    churn: sum(['churn']),
    expansionBy: reasonsOf(moves, ['expansion']),
    contractionBy: reasonsOf(moves, ['contraction']),
  };
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
