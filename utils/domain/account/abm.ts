// Account-based marketing (DOMAIN.md, "ABM"): a target account has a tier, a sales owner *and* a
// marketing owner; marketing's support follows the sales stage (awareness early, account-specific
// content mid, proof points and executive outreach late); and a weekly 30-minute review goes
// account by account through what moved since last week — stage changes, new people engaged, deals
// stalled, score and health moves — and what happens next.
// Pure: the clock comes in as `now`; the rules are documented constants.
import type { Account, Activity, Deal, DealStage, Person } from '../entities';
import type { Bilingual } from '../bilingual';
import { DAY_MS, isoMs } from '../time';
import { formatRelativeDays } from '../../i18n/format';

type Text = Bilingual;

export const ABM_RULES = {
  /** "since last week" */
  weekDays: 7,
  /** an open deal with no activity for this long is stalled (two weekly reviews without a touch) */
  stalledAfterDays: 14,
  /** a person engaged this week counts as new when they had no two-way contact in this many days before */
  newEngagedQuietDays: 90,
  /** score and health moves smaller than these are noise */
  scoreMoveAtLeast: 5,
  healthMoveAtLeast: 3,
  /** tiers in review order */
  tierOrder: ['tier-1', 'tier-2', 'tier-3'] as const,
} as const;

export type AbmTier = NonNullable<Account['tier']>;
export type SalesPhase = 'early' | 'mid' | 'late';

export const TIER_LABELS: Readonly<Record<AbmTier, Text>> = {
  'tier-1': { en: 'Tier 1 · one-to-one', es: 'Nivel 1 · uno a uno' },
  'tier-2': { en: 'Tier 2 · one-to-few', es: 'Nivel 2 · uno a pocos' },
  'tier-3': { en: 'Tier 3 · one-to-many', es: 'Nivel 3 · uno a muchos' },
};

const STAGE_LABELS: Readonly<Record<DealStage, Text>> = {
  discovery: { en: 'discovery', es: 'descubrimiento' },
  qualification: { en: 'qualification', es: 'cualificación' },
  proposal: { en: 'proposal', es: 'propuesta' },
  negotiation: { en: 'negotiation', es: 'negociación' },
  'closed-won': { en: 'won', es: 'ganada' },
  'closed-lost': { en: 'lost', es: 'perdida' },
};

const STAGE_RANK: Readonly<Record<DealStage, number>> = {
  discovery: 0, qualification: 1, proposal: 2, negotiation: 3, 'closed-won': 4, 'closed-lost': -1,
};

/** Where marketing's support stands for each open stage (DOMAIN.md). */
export const PHASE_OF_STAGE: Readonly<Record<DealStage, SalesPhase | undefined>> = {
  discovery: 'early',
  qualification: 'mid',
  proposal: 'mid',
  negotiation: 'late',
  'closed-won': undefined,
  'closed-lost': undefined,
};

export const MARKETING_SUPPORT: Readonly<Record<SalesPhase, { title: Text; items: Text[] }>> = {
  early: {
    title: { en: 'Early: awareness, light personalisation', es: 'Inicio: notoriedad, personalización ligera' },
    items: [
      { en: 'Industry content and ads to the whole buying group', es: 'Contenido del sector y anuncios para todo el grupo de compra' },
      { en: 'Invitations to webinars and events that fit their industry', es: 'Invitaciones a webinars y eventos de su sector' },
    ],
  },
  mid: {
    title: { en: 'Mid: account-specific content, sales enablement', es: 'Medio: contenido específico de la cuenta, apoyo a ventas' },
    items: [
      { en: 'A business case written for this account', es: 'Un caso de negocio escrito para esta cuenta' },
      { en: 'Content for each committee role still to convince', es: 'Contenido para cada rol del comité que falta convencer' },
    ],
  },
  late: {
    title: { en: 'Late: proof points, executive outreach', es: 'Final: pruebas de valor, contacto ejecutivo' },
    items: [
      { en: 'Case studies and references from similar customers', es: 'Casos de éxito y referencias de clientes parecidos' },
      { en: 'Executive outreach to the economic buyer', es: 'Contacto ejecutivo con el decisor económico' },
    ],
  },
};

/** Activities that show two-way contact (they answered, talked or met). */
const TWO_WAY: readonly Activity['type'][] = ['meeting', 'call', 'email-replied'];

export type AbmMove = {
  kind: 'stage' | 'engaged' | 'stalled' | 'score' | 'health';
  tone: 'good' | 'risk';
  text: Text;
  /** the deal or person it is about */
  dealId?: string;
  personId?: string;
};

export type ScoreMove = { dealId: string; dealName: string; now: number; weekAgo: number };

export type AbmInput = {
  account: Pick<Account, 'id' | 'name' | 'tier' | 'ownerId' | 'marketingOwnerId'>;
  /** user id → name */
  userNames: Readonly<Record<string, string>>;
  /** the account's deals (open and closed) */
  deals: readonly Pick<Deal, 'id' | 'name' | 'stage' | 'stageChanges' | 'lastActivityAt' | 'createdAt'>[];
  people: readonly Pick<Person, 'id' | 'fullName' | 'title'>[];
  /** the account's activities, at least the last `newEngagedQuietDays + weekDays` */
  activities: readonly Pick<Activity, 'at' | 'type' | 'personId' | 'dealId'>[];
  /** the account's health now and a week ago (customers) */
  health?: { now: number; weekAgo: number };
  /** the open deals' scores now and a week ago */
  scores?: readonly ScoreMove[];
  now: Date;
};

export type AbmView = {
  tier?: AbmTier;
  tierLabel?: Text;
  salesOwner?: { id: string; name: string };
  marketingOwner?: { id: string; name: string };
  /** an owner missing: the account is not really run as ABM until both are named */
  ownerGaps: Text[];
  phase: SalesPhase;
  /** the open deal the phase is read from (the furthest along) */
  phaseDeal?: { id: string; name: string; stage: DealStage };
  support: { title: Text; items: Text[] };
  /** what moved since last week, risks first */
  moves: AbmMove[];
  /** what happens next, in one line */
  next: Text;
};

/**
 * A deal's name as the account's own review reads it: "Iberia Logística — Renovación 2027" on
 * Iberia Logística S.L. is "Renovación 2027" (CRMs name deals after the account; saying it again
 * in every line of the account's review only pushes the news off the line).
 */
export function dealNameOnAccount(dealName: string, accountName: string): string {
  const m = /^(.+?)\s+[—–-]\s+(.+)$/.exec(dealName);
  if (!m) return dealName;
  const fold = (x: string) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  return fold(accountName).startsWith(fold(m[1]!)) ? m[2]! : dealName;
}

const nameOf = (names: Readonly<Record<string, string>>, id: string | undefined) => (id ? { id, name: names[id] ?? id } : undefined);

export function abmView(input: AbmInput): AbmView {
  const R = ABM_RULES;
  const nowMs = input.now.getTime();
  const weekMs = nowMs - R.weekDays * DAY_MS;
  const { account } = input;
  const deals = input.deals.map((d) => ({ ...d, name: dealNameOnAccount(d.name, account.name) }));
  const scoreMoves = (input.scores ?? []).map((s) => ({ ...s, dealName: dealNameOnAccount(s.dealName, account.name) }));
  const salesOwner = nameOf(input.userNames, account.ownerId);
  const marketingOwner = nameOf(input.userNames, account.marketingOwnerId);
  const ownerGaps: Text[] = [];
  if (!salesOwner) ownerGaps.push({ en: 'No sales owner: name one in the CRM', es: 'Sin propietario de ventas: asigna uno en el CRM' });
  if (!marketingOwner) ownerGaps.push({ en: 'No marketing owner: name one so marketing supports this account', es: 'Sin propietario de marketing: asigna uno para que marketing apoye esta cuenta' });

  const open = deals.filter((d) => d.stage !== 'closed-won' && d.stage !== 'closed-lost');
  const furthest = [...open].sort((a, b) => STAGE_RANK[b.stage] - STAGE_RANK[a.stage] || (a.name < b.name ? -1 : 1))[0];
  const phase: SalesPhase = (furthest && PHASE_OF_STAGE[furthest.stage]) ?? 'early';

  const moves: AbmMove[] = [];
  // stage changes this week
  for (const d of deals) {
    for (const c of d.stageChanges ?? []) {
      const ms = isoMs(c.at);
      if (ms === undefined || ms < weekMs || ms > nowMs) continue;
      const forward = c.to === 'closed-won' || (c.to !== 'closed-lost' && STAGE_RANK[c.to] > STAGE_RANK[c.from]);
      moves.push({
        kind: 'stage',
        tone: forward ? 'good' : 'risk',
        dealId: d.id,
        text: {
          en: `${d.name}: ${STAGE_LABELS[c.from].en} → ${STAGE_LABELS[c.to].en} (${formatRelativeDays(-Math.floor((nowMs - ms) / DAY_MS), 'en')})`,
          es: `${d.name}: ${STAGE_LABELS[c.from].es} → ${STAGE_LABELS[c.to].es} (${formatRelativeDays(-Math.floor((nowMs - ms) / DAY_MS), 'es')})`,
        },
      });
    }
  }
  // people engaged this week with no two-way contact in the quiet window before
  const quietFrom = weekMs - R.newEngagedQuietDays * DAY_MS;
  const thisWeek = new Map<string, number>();
  const before = new Set<string>();
  for (const a of input.activities) {
    const ms = isoMs(a.at);
    if (!a.personId || !TWO_WAY.includes(a.type) || ms === undefined || ms > nowMs) continue;
    if (ms >= weekMs) thisWeek.set(a.personId, Math.min(thisWeek.get(a.personId) ?? Infinity, ms));
    else if (ms >= quietFrom) before.add(a.personId);
  }
  for (const [personId] of [...thisWeek].sort((a, b) => a[1] - b[1])) {
    if (before.has(personId)) continue;
    const p = input.people.find((x) => x.id === personId);
    if (!p) continue;
    const who = p.title ? `${p.fullName} (${p.title})` : p.fullName;
    moves.push({ kind: 'engaged', tone: 'good', personId, text: { en: `${who} engaged: new in the conversation`, es: `${who} entra en la conversación por primera vez` } });
  }
  // open deals with no activity for two review cycles
  for (const d of open) {
    let last = isoMs(d.lastActivityAt) ?? -Infinity;
    for (const a of input.activities) {
      const ms = isoMs(a.at);
      if (a.dealId === d.id && ms !== undefined && ms <= nowMs && ms > last) last = ms;
    }
    const since = Number.isFinite(last) ? last : (isoMs(d.createdAt) ?? nowMs);
    const days = Math.floor((nowMs - since) / DAY_MS);
    if (days >= R.stalledAfterDays) {
      moves.push({
        kind: 'stalled',
        tone: 'risk',
        dealId: d.id,
        text: Number.isFinite(last)
          ? { en: `${d.name} stalled: last activity ${formatRelativeDays(-days, 'en')}`, es: `${d.name} está parada: última actividad ${formatRelativeDays(-days, 'es')}` }
          : { en: `${d.name} stalled: no activity since it was opened ${formatRelativeDays(-days, 'en')}`, es: `${d.name} está parada: sin actividad desde que se abrió ${formatRelativeDays(-days, 'es')}` },
      });
    }
  }
  // score moves
  for (const s of scoreMoves) {
    const delta = s.now - s.weekAgo;
    if (Math.abs(delta) < R.scoreMoveAtLeast) continue;
    const sign = delta > 0 ? '+' : '−';
    moves.push({
      kind: 'score',
      tone: delta > 0 ? 'good' : 'risk',
      dealId: s.dealId,
      text: {
        en: `${s.dealName}: score ${s.weekAgo} → ${s.now} (${sign}${Math.abs(delta)} this week)`,
        es: `${s.dealName}: puntuación ${s.weekAgo} → ${s.now} (${sign}${Math.abs(delta)} esta semana)`,
      },
    });
  }
  // health move
  if (input.health) {
    const delta = input.health.now - input.health.weekAgo;
    if (Math.abs(delta) >= R.healthMoveAtLeast) {
      const sign = delta > 0 ? '+' : '−';
      moves.push({
        kind: 'health',
        tone: delta > 0 ? 'good' : 'risk',
        text: {
          en: `Health ${input.health.weekAgo} → ${input.health.now} (${sign}${Math.abs(delta)} this week)`,
          es: `Salud ${input.health.weekAgo} → ${input.health.now} (${sign}${Math.abs(delta)} esta semana)`,
        },
      });
    }
  }
  const ORDER: AbmMove['kind'][] = ['stalled', 'health', 'stage', 'score', 'engaged'];
  moves.sort((a, b) => (a.tone === b.tone ? 0 : a.tone === 'risk' ? -1 : 1) || ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));

  const view: AbmView = {
    ownerGaps,
    phase,
    support: MARKETING_SUPPORT[phase],
    moves,
    next: nextStep(moves, ownerGaps, phase, furthest),
  };
  if (account.tier) {
    view.tier = account.tier;
    view.tierLabel = TIER_LABELS[account.tier];
  }
  if (salesOwner) view.salesOwner = salesOwner;
  if (marketingOwner) view.marketingOwner = marketingOwner;
  if (furthest) view.phaseDeal = { id: furthest.id, name: furthest.name, stage: furthest.stage };
  return view;
}

/** What happens next: unblock a stalled deal first, then name the missing owner, then the stage's support. */
function nextStep(moves: readonly AbmMove[], ownerGaps: readonly Text[], phase: SalesPhase, furthest: { name: string } | undefined): Text {
  const stalled = moves.find((m) => m.kind === 'stalled');
  if (stalled) return { en: 'Agree who restarts the stalled deal, and how, before the next review', es: 'Acordar quién reactiva la oportunidad parada, y cómo, antes de la próxima revisión' };
  if (ownerGaps[0]) return ownerGaps[0];
  const item = MARKETING_SUPPORT[phase].items[0]!;
  return furthest
    ? { en: `Marketing: ${item.en.toLowerCase()} for ${furthest.name}`, es: `Marketing: ${item.es.toLowerCase()} para ${furthest.name}` }
    : { en: `Marketing: ${item.en.toLowerCase()}`, es: `Marketing: ${item.es.toLowerCase()}` };
}

export type ReviewEntry = { accountId: string; name: string; tier: AbmTier };

/**
 * This week's review, account by account: the target accounts (with a tier) the user owns for
 * sales or for marketing, tier 1 first, then by name.
 */
export function reviewQueue(accounts: Iterable<Pick<Account, 'id' | 'name' | 'tier' | 'ownerId' | 'marketingOwnerId' | 'lifecycle'>>, userId: string): ReviewEntry[] {
  const out: ReviewEntry[] = [];
  for (const a of accounts) {
    if (!a.tier || a.lifecycle === 'former-customer') continue;
    if (a.ownerId !== userId && a.marketingOwnerId !== userId) continue;
    out.push({ accountId: a.id, name: a.name, tier: a.tier });
  }
  const rank = (t: AbmTier) => ABM_RULES.tierOrder.indexOf(t);
  return out.sort((a, b) => rank(a.tier) - rank(b.tier) || a.name.localeCompare(b.name, 'es') || (a.accountId < b.accountId ? -1 : 1));
}

/** The score a week ago from a trend (the point at or before that date), for ScoreMove. */
export function valueWeekAgo(points: readonly { at: string; score: number }[], now: Date): number | undefined {
  const target = now.getTime() - ABM_RULES.weekDays * DAY_MS;
  let best: { ms: number; score: number } | undefined;
  for (const p of points) {
    const ms = isoMs(p.at);
    if (ms === undefined || ms > target + 60_000) continue;
    if (!best || ms > best.ms) best = { ms, score: p.score };
  }
  return best?.score;
}
