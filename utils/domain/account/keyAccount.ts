// Key accounts (DOMAIN.md, "Account management and key accounts"): an account is a key account when
// it brings a large share of the team's revenue (a threshold the team sets in Options) or the CRM
// flags it so; its value is measured as ACV (what it brings a year) and CLV (what it has brought and
// is expected to bring over the relationship); it has an account plan reviewed quarterly — profile,
// needs, the customer's own audience, assigned manager, value-adds, commitments and SLA, alignment
// meeting, quarterly review — whose gaps are its next actions; and it gets the shorter response SLA.
// Pure: the clock comes in as `now`; every rule is a documented constant or a team setting.
import * as z from 'zod/mini';
import { lazySchema } from '../lazySchema';
import type { Account, Activity, ActivityType, Person } from '../entities';
import type { Bilingual } from '../bilingual';
import { DAY_MS, HOUR_MS, isoMs } from '../time';
import { arrAt, accountRetention } from './retention';
import { formatDate, formatDuration, formatMoney, formatMoneyCompact, formatNumber, formatPercent, formatRelativeDays } from '../../i18n/format';

type Text = Bilingual;

// ── settings and rules ─────────────────────────────────────────────────────────────────────────

/** What the team sets in Options → Key accounts. */
export const keyAccountSettingsSchema = lazySchema(() => z.object({
  /** an account (with its units) bringing at least this share of the team's ARR in its currency is a key account */
  revenueShare: z.number().check(z.gt(0), z.lte(1)),
}));
export type KeyAccountSettings = z.infer<typeof keyAccountSettingsSchema>;

/** 2 %: in the demo's book (≈ 160 customers) that is the top few accounts, like the CRM's own flag. */
export const DEFAULT_KEY_ACCOUNT_SETTINGS: KeyAccountSettings = { revenueShare: 0.02 };

export const KEY_ACCOUNT_RULES = {
  lifetime: {
    /** fewer customers than this a year ago: too few to read a churn rate from, use the fallback */
    minCustomers: 10,
    fallbackYears: 5,
    /** expected lifetime = 1 ÷ yearly customer churn, kept within these bounds */
    minYears: 1,
    maxYears: 10,
  },
  /** the quarterly review is due again this long after the last one */
  reviewEveryDays: 90,
  /** the alignment meeting on joint goals is held once a year */
  alignmentEveryDays: 365,
  /** the customer reaching out: these wait for an answer within the key-account SLA … */
  inboundTypes: ['email-replied', 'support-ticket', 'form-submitted'] as readonly ActivityType[],
  /** … and these answer them */
  responseTypes: ['email-sent', 'call', 'meeting'] as readonly ActivityType[],
  /** an unanswered message older than this is no longer a response clock (the staleness rules take over) */
  responseWindowDays: 14,
} as const;

// ── the account plan ─────────────────────────────────────────────────────────────────────────

/** The account plan's checklist, in the order of the plan (DOMAIN.md). */
export const PLAN_ITEMS = ['profile', 'needs', 'audience', 'manager', 'value-adds', 'commitments', 'alignment', 'review'] as const;
export type PlanItemKey = (typeof PLAN_ITEMS)[number];
export const planItemKeySchema = lazySchema(() => z.enum(PLAN_ITEMS));

export const PLAN_ITEM_LABELS: Readonly<Record<PlanItemKey, Text>> = {
  profile: { en: 'Profile', es: 'Perfil' },
  needs: { en: 'Needs', es: 'Necesidades' },
  audience: { en: "The customer's own audience", es: 'La audiencia del propio cliente' },
  manager: { en: 'Assigned manager', es: 'Gestor asignado' },
  'value-adds': { en: 'Value-adds', es: 'Valor añadido' },
  commitments: { en: 'Commitments and SLA', es: 'Compromisos y SLA' },
  alignment: { en: 'Alignment meeting', es: 'Reunión de alineación' },
  review: { en: 'Quarterly review', es: 'Revisión trimestral' },
};

/** What to do when the item is missing (or due again). */
const PLAN_ITEM_ACTIONS: Readonly<Record<PlanItemKey, Text>> = {
  profile: { en: 'Write the account profile: who they are, their goals, how they are organised', es: 'Escribe el perfil de la cuenta: quiénes son, sus objetivos, cómo se organizan' },
  needs: { en: 'Write down their needs, in their words', es: 'Anota sus necesidades, con sus palabras' },
  audience: { en: "Describe the customer's own audience: who they sell to", es: 'Describe la audiencia del propio cliente: a quién vende' },
  manager: { en: 'Assign an account manager in the CRM', es: 'Asigna un gestor de la cuenta en el CRM' },
  'value-adds': { en: 'Agree the value-adds you give beyond the contract', es: 'Acuerda el valor añadido que das más allá del contrato' },
  commitments: { en: 'Write down the commitments and the SLA you agreed', es: 'Anota los compromisos y el SLA acordados' },
  alignment: { en: 'Hold the alignment meeting on joint goals', es: 'Celebra la reunión de alineación de objetivos comunes' },
  review: { en: 'Hold the quarterly review', es: 'Celebra la revisión trimestral' },
};

/** Items that are a dated meeting (held on `at`), not a written note. */
export const PLAN_MEETINGS: readonly PlanItemKey[] = ['alignment', 'review'];

const planEntrySchema = lazySchema(() => z.object({
  /** what the account manager wrote (the needs, the value-adds …); shown as text, never as HTML */
  note: z.optional(z.string().check(z.maxLength(1000))),
  /** when it was written down, or when the meeting was held */
  at: z.string(),
  /** who marked it (a user id) */
  by: z.string(),
}));
export type PlanEntry = z.infer<typeof planEntrySchema>;

/** One account's plan as stored (store `accountPlans`, keyed by accountId). */
export const accountPlanSchema = lazySchema(() => z.object({
  accountId: z.string(),
  items: z.object({
    profile: z.optional(planEntrySchema),
    needs: z.optional(planEntrySchema),
    audience: z.optional(planEntrySchema),
    manager: z.optional(planEntrySchema),
    'value-adds': z.optional(planEntrySchema),
    commitments: z.optional(planEntrySchema),
    alignment: z.optional(planEntrySchema),
    review: z.optional(planEntrySchema),
  }),
  updatedAt: z.string(),
}));
export type AccountPlan = z.infer<typeof accountPlanSchema>;

/** An edit of one item: done with a note (or the meeting's date), or undone. */
export const planEditSchema = lazySchema(() => z.object({
  item: planItemKeySchema,
  done: z.boolean(),
  note: z.optional(z.string().check(z.maxLength(1000))),
  /** the meeting's date (YYYY-MM-DD or ISO), for the alignment meeting and the quarterly review; absent: now */
  at: z.optional(z.string().check(z.maxLength(40))),
}));
export type PlanEdit = z.infer<typeof planEditSchema>;

export function emptyPlan(accountId: string, now: Date): AccountPlan {
  return { accountId, items: {}, updatedAt: now.toISOString() };
}

/** The plan after one edit (pure). A meeting dated in the future or unreadable is refused. */
export function applyPlanEdit(plan: AccountPlan, edit: PlanEdit, by: string, now: Date): AccountPlan {
  const items = { ...plan.items };
  if (!edit.done) {
    delete items[edit.item];
  } else {
    const atMs = edit.at !== undefined ? isoMs(edit.at) : now.getTime();
    if (atMs === undefined) throw new Error(`Unreadable date: ${edit.at}`);
    if (atMs > now.getTime()) throw new Error('A meeting cannot be marked held in the future.');
    const note = edit.note?.trim();
    items[edit.item] = { ...(note ? { note } : {}), at: new Date(atMs).toISOString(), by };
  }
  return { accountId: plan.accountId, items, updatedAt: now.toISOString() };
}

export type PlanItemState = {
  key: PlanItemKey;
  /** done; due (a meeting held too long ago); missing (never done) */
  state: 'done' | 'due' | 'missing';
  label: Text;
  /** what shows it is done, or why it is due */
  evidence?: Text;
  /** the account manager's own words (plain text) */
  note?: string;
  at?: string;
  /** what to do, when not done */
  action?: Text;
  /** where the item's state comes from: the stored plan, or the CRM (the owner) */
  source: 'plan' | 'crm';
};

export type PlanChecklist = { items: PlanItemState[]; done: number; total: number };

/** The checklist's state: stored entries, the CRM's owner for the manager, meetings that expire. */
export function planChecklist(plan: AccountPlan | undefined, facts: { ownerName?: string }, now: Date): PlanChecklist {
  const nowMs = now.getTime();
  const R = KEY_ACCOUNT_RULES;
  const items = PLAN_ITEMS.map((key): PlanItemState => {
    const label = PLAN_ITEM_LABELS[key];
    const action = PLAN_ITEM_ACTIONS[key];
    if (key === 'manager') {
      // the CRM's owner is the assigned manager: nothing to tick by hand
      return facts.ownerName
        ? { key, state: 'done', label, evidence: { en: facts.ownerName, es: facts.ownerName }, source: 'crm' }
        : { key, state: 'missing', label, action, source: 'crm' };
    }
    const entry = plan?.items[key];
    if (!entry) return { key, state: 'missing', label, action, source: 'plan' };
    const base = { key, label, at: entry.at, source: 'plan' as const, ...(entry.note ? { note: entry.note } : {}) };
    if (PLAN_MEETINGS.includes(key)) {
      const every = key === 'review' ? R.reviewEveryDays : R.alignmentEveryDays;
      const heldMs = isoMs(entry.at) ?? 0;
      const days = Math.floor((nowMs - heldMs) / DAY_MS);
      const next = heldMs + every * DAY_MS;
      if (days > every) {
        return {
          ...base,
          state: 'due',
          action,
          evidence: {
            en: `Last held ${formatDate(entry.at, 'en')} (${formatRelativeDays(-days, 'en')}): due every ${formatDays(every, 'en')}`,
            es: `La última fue el ${formatDate(entry.at, 'es')} (${formatRelativeDays(-days, 'es')}): toca cada ${formatDays(every, 'es')}`,
          },
        };
      }
      const nextIso = new Date(next).toISOString();
      return {
        ...base,
        state: 'done',
        evidence: {
          en: `Held ${formatDate(entry.at, 'en')} · next by ${formatDate(nextIso, 'en')}`,
          es: `Celebrada el ${formatDate(entry.at, 'es')} · la próxima antes del ${formatDate(nextIso, 'es')}`,
        },
      };
    }
    return { ...base, state: 'done', evidence: { en: `Written ${formatDate(entry.at, 'en')}`, es: `Escrito el ${formatDate(entry.at, 'es')}` } };
  });
  return { items, done: items.filter((i) => i.state === 'done').length, total: items.length };
}

const formatDays = (n: number, l: 'en' | 'es') => formatDuration(n, 'day', l);

// ── the team's revenue, ACV and CLV ──────────────────────────────────────────────────────────

type Revenue = Pick<Account, 'products' | 'currency'>;

/** The team's ARR now per currency, and its yearly customer churn (for the expected lifetime). */
export type TeamRevenue = {
  arrByCurrency: Readonly<Record<string, number>>;
  /** accounts that had ARR a year ago … */
  customersYearAgo: number;
  /** … and of those, the ones with none now */
  lostSince: number;
};

export function teamRevenue(accounts: Iterable<Revenue>, now: Date): TeamRevenue {
  const arrByCurrency: Record<string, number> = {};
  let customersYearAgo = 0;
  let lostSince = 0;
  for (const a of accounts) {
    const r = accountRetention(a, now);
    if (r.endArr > 0) arrByCurrency[r.currency] = (arrByCurrency[r.currency] ?? 0) + r.endArr;
    if (r.startArr > 0) {
      customersYearAgo++;
      if (r.endArr === 0) lostSince++;
    }
  }
  return { arrByCurrency, customersYearAgo, lostSince };
}

/** Revenue a product has brought from `since` to `nowMs`: its ARR level over each stretch of time. */
export function revenueToDate(o: Account['products'][number], nowMs: number): number {
  const since = isoMs(o.since);
  if (since === undefined || since >= nowMs) return 0;
  const cuts = new Set<number>([since, nowMs]);
  for (const c of o.changes ?? []) {
    const at = isoMs(c.at);
    if (at !== undefined && at > since && at < nowMs) cuts.add(at);
  }
  const ended = isoMs(o.endedAt);
  if (ended !== undefined && ended > since && ended < nowMs) cuts.add(ended);
  const times = [...cuts].sort((a, b) => a - b);
  let sum = 0;
  for (let i = 0; i + 1 < times.length; i++) sum += (arrAt(o, times[i]!) * (times[i + 1]! - times[i]!)) / (365 * DAY_MS);
  return sum;
}

export type ExpectedLifetime = {
  years: number;
  /** churn: 1 ÷ the team's yearly churn; none-lost: no customer lost (the cap); fallback: too few customers to tell */
  basis: 'churn' | 'none-lost' | 'fallback';
  churnRate?: number;
};

export function expectedLifetime(team: TeamRevenue): ExpectedLifetime {
  const L = KEY_ACCOUNT_RULES.lifetime;
  if (team.customersYearAgo < L.minCustomers) return { years: L.fallbackYears, basis: 'fallback' };
  if (team.lostSince === 0) return { years: L.maxYears, basis: 'none-lost', churnRate: 0 };
  const churnRate = team.lostSince / team.customersYearAgo;
  return { years: Math.min(L.maxYears, Math.max(L.minYears, 1 / churnRate)), basis: 'churn', churnRate };
}

// ── the response SLA ─────────────────────────────────────────────────────────────────────────

export type ResponseClock = {
  /** the customer's message waiting for an answer */
  at: string;
  type: ActivityType;
  personId?: string;
  dueAt: string;
  overdue: boolean;
  /** hours left (≥ 0) or overdue (> 0), whole */
  hours: number;
  text: Text;
};

/** The customer's latest message with no answer after it, against the key-account SLA. */
export function responseClock(activities: readonly Activity[], people: readonly Pick<Person, 'id' | 'fullName'>[], slaHours: number, now: Date): ResponseClock | undefined {
  const R = KEY_ACCOUNT_RULES;
  const nowMs = now.getTime();
  let lastIn: { a: Activity; ms: number } | undefined;
  let lastOut = -Infinity;
  for (const a of activities) {
    const ms = isoMs(a.at);
    if (ms === undefined || ms > nowMs) continue;
    if (R.inboundTypes.includes(a.type) && (!lastIn || ms > lastIn.ms)) lastIn = { a, ms };
    if (R.responseTypes.includes(a.type) && ms > lastOut) lastOut = ms;
  }
  if (!lastIn || lastOut >= lastIn.ms || lastIn.ms < nowMs - R.responseWindowDays * DAY_MS) return undefined;
  const dueMs = lastIn.ms + slaHours * HOUR_MS;
  const overdue = nowMs > dueMs;
  const hours = Math.max(0, overdue ? Math.floor((nowMs - dueMs) / HOUR_MS) : Math.ceil((dueMs - nowMs) / HOUR_MS));
  const who = people.find((p) => p.id === lastIn.a.personId)?.fullName;
  const what = inboundWords(lastIn.a.type, who);
  const sla = { en: formatDuration(slaHours, 'hour', 'en', 'short'), es: formatDuration(slaHours, 'hour', 'es', 'short') };
  const left = { en: formatDuration(hours, 'hour', 'en', 'short'), es: formatDuration(hours, 'hour', 'es', 'short') };
  return {
    at: lastIn.a.at,
    type: lastIn.a.type,
    ...(lastIn.a.personId ? { personId: lastIn.a.personId } : {}),
    dueAt: new Date(dueMs).toISOString(),
    overdue,
    hours,
    text: overdue
      ? { en: `Answer ${what.en}: the key-account SLA of ${sla.en} passed ${left.en} ago`, es: `Responde ${what.es}: el SLA de cuenta clave de ${sla.es} venció hace ${left.es}` }
      : { en: `Answer ${what.en}: ${left.en} left of the key-account SLA of ${sla.en}`, es: `Responde ${what.es}: quedan ${left.es} del SLA de cuenta clave de ${sla.es}` },
  };
}

function inboundWords(type: ActivityType, who: string | undefined): Text {
  if (type === 'support-ticket') return who ? { en: `${who}'s support ticket`, es: `el ticket de soporte de ${who}` } : { en: 'the support ticket', es: 'el ticket de soporte' };
  if (type === 'form-submitted') return who ? { en: `${who}'s form`, es: `el formulario de ${who}` } : { en: 'the form', es: 'el formulario' };
  return who ? { en: `${who}'s e-mail`, es: `el correo de ${who}` } : { en: 'the e-mail', es: 'el correo' };
}

// ── the key account ──────────────────────────────────────────────────────────────────────────

export type KeyAccountInput = {
  account: Pick<Account, 'id' | 'keyAccount' | 'products' | 'currency' | 'lifecycle'>;
  /** the accounts below it (business units, subsidiaries): their revenue is the customer's too */
  units: readonly Revenue[];
  team: TeamRevenue;
  settings: KeyAccountSettings;
  plan?: AccountPlan;
  ownerName?: string;
  activities: readonly Activity[];
  people: readonly Pick<Person, 'id' | 'fullName'>[];
  /** the key-account response SLA (the team's qualify settings, 12 h by default) */
  slaHours: number;
  now: Date;
};

export type KeyAccountStatus = {
  key: boolean;
  /** share: its share of revenue; flag: the CRM says so; both; none */
  basis: 'share' | 'flag' | 'both' | 'none';
  /** the account's and its units' ARR ÷ the team's ARR in that currency */
  share: number;
  threshold: number;
  currency: string;
  teamArr: number;
  /** ACV: the annual value of its contracts now (its and its units' ARR) */
  acv: number;
  /** how many of its units bring revenue (0: the account alone) */
  unitsWithArr: number;
  /** CLV: revenue to date + ACV × expected lifetime */
  clv: { value: number; toDate: number; firstSince?: string; lifetime: ExpectedLifetime };
  text: { status: Text; acv: Text; clv: Text };
  slaHours: number;
  /** key accounts only */
  plan?: PlanChecklist;
  response?: ResponseClock;
};

export function keyAccountStatus(input: KeyAccountInput): KeyAccountStatus {
  const nowMs = input.now.getTime();
  const currency = input.account.currency ?? input.units.find((u) => u.currency)?.currency ?? 'EUR';
  const all = [input.account, ...input.units];
  let acv = 0;
  let toDate = 0;
  let unitsWithArr = 0;
  let firstMs: number | undefined;
  for (const a of all) {
    if ((a.currency ?? currency) !== currency) continue; // never summed across currencies
    let own = 0;
    for (const o of a.products) {
      own += arrAt(o, nowMs);
      toDate += revenueToDate(o, nowMs);
      const since = isoMs(o.since);
      if (since !== undefined && since <= nowMs && (firstMs === undefined || since < firstMs)) firstMs = since;
    }
    acv += own;
    if (a !== input.account && own > 0) unitsWithArr++;
  }
  const teamArr = input.team.arrByCurrency[currency] ?? 0;
  const share = teamArr > 0 ? acv / teamArr : 0;
  const threshold = input.settings.revenueShare;
  const byShare = acv > 0 && share >= threshold;
  const byFlag = input.account.keyAccount;
  const basis = byShare && byFlag ? 'both' : byShare ? 'share' : byFlag ? 'flag' : 'none';
  const key = basis !== 'none';
  const lifetime = expectedLifetime(input.team);
  const clv = { value: toDate + acv * lifetime.years, toDate, ...(firstMs !== undefined ? { firstSince: new Date(firstMs).toISOString() } : {}), lifetime };
  const out: KeyAccountStatus = {
    key,
    basis,
    share,
    threshold,
    currency,
    teamArr,
    acv,
    unitsWithArr,
    clv,
    text: { status: statusText(basis, share, threshold), acv: acvText(acv, unitsWithArr, currency), clv: clvText(clv, acv, currency) },
    slaHours: input.slaHours,
  };
  if (key) {
    out.plan = planChecklist(input.plan, input.ownerName ? { ownerName: input.ownerName } : {}, input.now);
    const response = responseClock(input.activities, input.people, input.slaHours, input.now);
    if (response) out.response = response;
  }
  return out;
}

function statusText(basis: KeyAccountStatus['basis'], share: number, threshold: number): Text {
  const s = { en: formatPercent(share, 'en', 1), es: formatPercent(share, 'es', 1) };
  const th = { en: formatPercent(threshold, 'en', 1), es: formatPercent(threshold, 'es', 1) };
  switch (basis) {
    case 'both':
    case 'share':
      return {
        en: `Key account: ${s.en} of the team's revenue (key from ${th.en})${basis === 'both' ? ', and flagged in the CRM' : ''}`,
        es: `Cuenta clave: ${s.es} de los ingresos del equipo (clave desde ${th.es})${basis === 'both' ? ', y marcada en el CRM' : ''}`,
      };
    case 'flag':
      return {
        en: `Key account: flagged in the CRM (${s.en} of the team's revenue; key from ${th.en})`,
        es: `Cuenta clave: marcada en el CRM (${s.es} de los ingresos del equipo; clave desde ${th.es})`,
      };
    case 'none':
      return {
        en: `Not a key account: ${s.en} of the team's revenue (key from ${th.en})`,
        es: `No es cuenta clave: ${s.es} de los ingresos del equipo (clave desde ${th.es})`,
      };
  }
}

function acvText(acv: number, units: number, currency: string): Text {
  const m = (l: 'en' | 'es') => formatMoney(acv, currency, l);
  if (units === 0) return { en: `ACV ${m('en')}: what its contracts bring a year (ARR now)`, es: `ACV ${m('es')}: lo que aportan sus contratos al año (ARR actual)` };
  return {
    en: `ACV ${m('en')}: what its contracts and ${units === 1 ? '1 unit' : `${units} units`} bring a year (ARR now)`,
    es: `ACV ${m('es')}: lo que aportan al año sus contratos y ${units === 1 ? '1 unidad' : `${units} unidades`} (ARR actual)`,
  };
}

function clvText(clv: KeyAccountStatus['clv'], acv: number, currency: string): Text {
  const m = (n: number, l: 'en' | 'es') => formatMoneyCompact(n, currency, l);
  const years = (l: 'en' | 'es') => formatNumber(Math.round(clv.lifetime.years * 10) / 10, l);
  const since = (l: 'en' | 'es') => (clv.firstSince ? formatDate(clv.firstSince, l) : '—');
  const why: Text =
    clv.lifetime.basis === 'churn'
      ? {
          en: `1 ÷ ${formatPercent(clv.lifetime.churnRate!, 'en', 1)} of customers lost a year`,
          es: `1 ÷ ${formatPercent(clv.lifetime.churnRate!, 'es', 1)} de clientes perdidos al año`,
        }
      : clv.lifetime.basis === 'none-lost'
        ? { en: 'no customer lost in 12 months: the cap', es: 'ningún cliente perdido en 12 meses: el máximo' }
        : { en: 'too few customers to read churn from: the default', es: 'pocos clientes para medir bajas: el valor por defecto' };
  return {
    en: `CLV ${m(clv.value, 'en')}: ${m(clv.toDate, 'en')} earned since ${since('en')} + ${m(acv, 'en')} a year × ${years('en')} more years expected (${why.en})`,
    es: `CLV ${m(clv.value, 'es')}: ${m(clv.toDate, 'es')} ingresados desde el ${since('es')} + ${m(acv, 'es')} al año × ${years('es')} años más previstos (${why.es})`,
  };
}
