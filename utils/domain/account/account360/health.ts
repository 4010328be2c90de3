// An account's health (DOMAIN.md, "Account management and key accounts"): declining usage,
// key-contact changes, negative feedback, escalations, engagement, the buying committee and its
// anchors, each a signal with its points and text, and the score's trend over the last quarter.
// Pure: the clock comes in as `now`; every rule is a documented constant a team can tune.
import type { Person } from '../../entities';
import { DAY_MS, isoMs, msIso } from '../../time';
import { type Seniority, inferRoleFromTitle } from '../../committee/titles';
import { formatDays, formatRelativeDays } from '../../../i18n/format';
import { buildCommittee } from '../../committee/committee';
import { DEFAULT_COMMITTEE_CONFIG, pickCommitteeTemplate } from '../../committee/committeeConfig';
import { type CommitteeRole, ROLE_LABELS } from '../../committee/roles';
import { type Account360Input, type Dated, type Text, isTouch } from './input';

export type HealthSignal = {
  key:
    | 'usage-down'
    | 'usage-up'
    | 'nps-detractor'
    | 'nps-promoter'
    | 'csat-low'
    | 'csat-high'
    | 'escalations'
    | 'no-recent-touch'
    | 'key-contact-left'
    | 'single-threaded'
    | 'thin-threaded'
    | 'engaged'
    | 'committee-gaps'
    | 'champion-cold'
    | 'buyer-cold'
    | 'buyer-engaged';
  /** points added to (positive) or taken from (negative) the score */
  points: number;
  tone: 'good' | 'risk';
  text: Text;
  /** the people the signal is about (leavers, the people engaged, the champion, the economic buyer) */
  personIds?: string[];
};

export type HealthPoint = { at: string; score: number };

export type AccountHealth = {
  /** 0–100, integer */
  score: number;
  band: 'healthy' | 'watch' | 'at-risk';
  /** most important first */
  signals: HealthSignal[];
  /**
   * The score recomputed on each of `HEALTH_RULES.trend.points` dates `everyDays` apart, the last
   * being now; `change` is now minus the first, `direction` says whether that is a move at all.
   */
  trend: { points: HealthPoint[]; change: number; direction: 'up' | 'down' | 'flat' };
};

/**
 * Health = BASE + the points of every signal that fires, rounded and clamped to 0–100.
 * The data's scales follow the demo workspace (utils/demo/steps/accounts.ts `accountHealth`): usageTrend is the
 * usage change over the last quarter as a fraction (-1 … +1), NPS is the account's *net* promoter
 * score (-100 … +100, % promoters − % detractors; not a 0–10 survey answer), CSAT is 1–5.
 */
export const HEALTH_RULES = {
  /** the score of an account with no signal at all */
  base: 70,
  /** healthy ≥ 70, watch 45–69, at-risk < 45 */
  bands: { healthy: 70, watch: 45 },
  usage: {
    /** a trend at or below this is 'usage-down' */
    riskAtMost: -0.15,
    /** a trend at or above this is 'usage-up' */
    goodAtLeast: 0.15,
    /** points per unit of trend (-0.30 → -12), capped below */
    pointsPerUnit: 40,
    maxRisk: 25,
    maxGood: 15,
  },
  nps: {
    /** net NPS at or below this: at least as many detractors as promoters */
    detractorAtMost: 0,
    /** net NPS at or above this: promoters clearly outnumber detractors (a good B2B score) */
    promoterAtLeast: 40,
    riskPoints: 10,
    goodPoints: 8,
  },
  csat: {
    /** out of 5 */
    lowAtMost: 3,
    highAtLeast: 4.5,
    riskPoints: 10,
    goodPoints: 6,
  },
  escalations: {
    /** each open escalation */
    pointsEach: 8,
    /** support tickets opened in this window also count … */
    ticketWindowDays: 30,
    /** … beyond this many, which is ordinary use of the product */
    ticketsAllowed: 1,
    pointsPerTicket: 3,
    maxRisk: 24,
  },
  touch: {
    /** no two-way contact (TOUCH_TYPES) within this many days is 'no-recent-touch' */
    windowDays: 60,
    riskPoints: 12,
  },
  keyContactLeft: {
    /** a leaver is a key contact when we had activities with them, their title is this senior, a rep gave them a committee role or they were the champion or economic buyer */
    seniorities: ['c-level', 'vp', 'director', 'head'] as readonly Seniority[],
    /** the first key contact gone, each further one, and the cap */
    points: 15,
    pointsEachMore: 5,
    /** the first one gone was the champion or the economic buyer: the relationship's anchor */
    anchorPoints: 20,
    maxRisk: 25,
  },
  threading: {
    /** people engaged (a TOUCH_TYPES activity) within this many days */
    windowDays: 90,
    /** exactly one person engaged: 'single-threaded' */
    singlePoints: 8,
    /** exactly two, when the committee needs more than two roles: 'thin-threaded' (one leaving halves the relationship) */
    thinPoints: 4,
    /** this many or more: 'engaged' */
    engagedAtLeast: 3,
    engagedPoints: 6,
  },
  committee: {
    /** each required role of the account's committee template that nobody at the company holds */
    pointsPerMissingRole: 3,
    maxRisk: 15,
  },
  champion: {
    /** the champion's last two-way contact older than this (or none) is 'champion-cold' */
    coldAfterDays: 30,
    points: 6,
  },
  economicBuyer: {
    /** the economic buyer's last two-way contact older than this (or none) is 'buyer-cold' */
    coldAfterDays: 60,
    points: 8,
    /** … and within this many days, 'buyer-engaged' */
    engagedWithinDays: 30,
    engagedPoints: 4,
  },
  /**
   * Weekly points over the last quarter. Activities, committee and leavers (when their leaving
   * date is known) are replayed at each date; usage, NPS, CSAT and escalations have no history in
   * the records, so their current values count at every point.
   */
  trend: { points: 13, everyDays: 7, flatWithin: 2 },
} as const;

const SIGNAL_ORDER: readonly HealthSignal['key'][] = [
  'key-contact-left',
  'escalations',
  'usage-down',
  'nps-detractor',
  'csat-low',
  'no-recent-touch',
  'buyer-cold',
  'committee-gaps',
  'champion-cold',
  'single-threaded',
  'thin-threaded',
  'usage-up',
  'nps-promoter',
  'csat-high',
  'buyer-engaged',
  'engaged',
];

export function healthBand(score: number): AccountHealth['band'] {
  const { healthy, watch } = HEALTH_RULES.bands;
  return score >= healthy ? 'healthy' : score >= watch ? 'watch' : 'at-risk';
}

export function accountHealth(input: Account360Input, acts: readonly Dated[], nowMs: number): AccountHealth {
  const now = healthAt(input, acts, nowMs);
  const { points: n, everyDays, flatWithin } = HEALTH_RULES.trend;
  const points: HealthPoint[] = [];
  for (let i = n - 1; i > 0; i--) {
    const atMs = nowMs - i * everyDays * DAY_MS;
    points.push({ at: msIso(atMs), score: healthAt(input, acts, atMs).score });
  }
  points.push({ at: msIso(nowMs), score: now.score });
  const change = now.score - points[0]!.score;
  const direction = change > flatWithin ? 'up' : change < -flatWithin ? 'down' : 'flat';
  return { ...now, trend: { points, change, direction } };
}

/** The people as they stood at `atMs`: a leaver whose leaving date is later was still there. */
function peopleAt(people: readonly Person[], atMs: number): Person[] {
  return uniqueById(people).map((p) => {
    if (p.leftCompany !== true) return p;
    const leftMs = isoMs(p.leftAt);
    return leftMs !== undefined && leftMs > atMs ? { ...p, leftCompany: false } : p;
  });
}

/** Health on one date, from what was on record then (see HEALTH_RULES.trend for what has no history). */
function healthAt(input: Account360Input, allActs: readonly Dated[], nowMs: number): Omit<AccountHealth, 'trend'> {
  const R = HEALTH_RULES;
  const acts = allActs.filter((d) => d.ms <= nowMs);
  const people = peopleAt(input.people, nowMs);
  const signals: HealthSignal[] = [];
  const add = (key: HealthSignal['key'], points: number, text: Text, personIds?: string[]) => {
    if (points === 0) return;
    const s: HealthSignal = { key, points, tone: points > 0 ? 'good' : 'risk', text };
    if (personIds) s.personIds = personIds;
    signals.push(s);
  };
  const h = input.account.health ?? {};

  // usage trend, scaled
  const trend = finite(h.usageTrend);
  if (trend !== undefined) {
    const pct = Math.round(Math.abs(trend) * 100);
    if (trend <= R.usage.riskAtMost) {
      const points = -Math.max(1, Math.min(R.usage.maxRisk, Math.round(-trend * R.usage.pointsPerUnit)));
      add('usage-down', points, {
        en: `Usage down ${pct}% over the last quarter`,
        es: `El uso ha bajado un ${pct}\u00a0% en el último trimestre`,
      });
    } else if (trend >= R.usage.goodAtLeast) {
      const points = Math.max(1, Math.min(R.usage.maxGood, Math.round(trend * R.usage.pointsPerUnit)));
      add('usage-up', points, {
        en: `Usage up ${pct}% over the last quarter`,
        es: `El uso ha subido un ${pct}\u00a0% en el último trimestre`,
      });
    }
  }

  // NPS (net, -100 … +100)
  const nps = finite(h.nps);
  if (nps !== undefined) {
    const n = Math.round(nps);
    if (nps <= R.nps.detractorAtMost) {
      add('nps-detractor', -R.nps.riskPoints, {
        en: `NPS of ${n}: ${n < 0 ? 'more detractors than promoters' : n === 0 ? 'as many detractors as promoters' : 'barely more promoters than detractors'}`,
        es: `NPS de ${n}: ${n < 0 ? 'hay más detractores que promotores' : n === 0 ? 'hay tantos detractores como promotores' : 'apenas hay más promotores que detractores'}`,
      });
    } else if (nps >= R.nps.promoterAtLeast) {
      add('nps-promoter', R.nps.goodPoints, {
        en: `NPS of ${n}: promoters clearly outnumber detractors`,
        es: `NPS de ${n}: los promotores superan con claridad a los detractores`,
      });
    }
  }

  // CSAT (1–5)
  const csat = finite(h.csat);
  if (csat !== undefined) {
    const en = decimal(csat, 'en');
    const es = decimal(csat, 'es');
    if (csat <= R.csat.lowAtMost) {
      add('csat-low', -R.csat.riskPoints, { en: `Low satisfaction: CSAT ${en} out of 5`, es: `Satisfacción baja: CSAT de ${es} sobre 5` });
    } else if (csat >= R.csat.highAtLeast) {
      add('csat-high', R.csat.goodPoints, { en: `High satisfaction: CSAT ${en} out of 5`, es: `Satisfacción alta: CSAT de ${es} sobre 5` });
    }
  }

  // open escalations and a run of recent support tickets
  const escalations = Math.max(0, Math.floor(finite(h.openEscalations) ?? 0));
  const ticketsFrom = nowMs - R.escalations.ticketWindowDays * DAY_MS;
  const tickets = acts.filter((d) => d.a.type === 'support-ticket' && d.ms >= ticketsFrom).length;
  const extraTickets = Math.max(0, tickets - R.escalations.ticketsAllowed);
  const escalationPoints = Math.min(R.escalations.maxRisk, escalations * R.escalations.pointsEach + extraTickets * R.escalations.pointsPerTicket);
  if (escalationPoints > 0) add('escalations', -escalationPoints, escalationText(escalations, tickets, R.escalations.ticketWindowDays));

  // no two-way contact lately
  const lastTouch = acts.reduce<number | undefined>((max, d) => (isTouch(d.a.type) && (max === undefined || d.ms > max) ? d.ms : max), undefined);
  if (lastTouch === undefined || lastTouch < nowMs - R.touch.windowDays * DAY_MS) {
    add('no-recent-touch', -R.touch.riskPoints, noTouchText(lastTouch === undefined ? undefined : Math.floor((nowMs - lastTouch) / DAY_MS), R.touch.windowDays));
  }

  // the buying committee the account's size calls for (the team's templates), as it stands
  const config = input.committee ?? DEFAULT_COMMITTEE_CONFIG;
  const template = pickCommitteeTemplate(config, { account: input.account });
  const committee = buildCommittee({
    people,
    overrides: input.roleOverrides ?? {},
    template,
    activities: acts.map((d) => d.a),
    now: new Date(nowMs),
    coldAfterDays: config.coldAfterDays,
  });
  // the roles that make a leaver a key contact: one a rep set, or an anchor read from the title
  // (a title-inferred "end user" is not, by itself, a key contact)
  const roleOf = new Map(
    committee.members.flatMap((m) =>
      m.role && (m.roleSource === 'override' || m.role === 'champion' || m.role === 'economic-buyer') ? [[m.personId, m.role] as const] : [],
    ),
  );

  // key contacts who left the company
  const withActivities = new Set<string>();
  for (const d of acts) if (d.a.personId) withActivities.add(d.a.personId);
  const keySeniorities: readonly Seniority[] = R.keyContactLeft.seniorities;
  const leavers = people.filter((p) => {
    if (p.leftCompany !== true) return false;
    if (withActivities.has(p.id) || roleOf.has(p.id)) return true;
    const t = inferRoleFromTitle(p.title);
    return keySeniorities.includes(t.seniority);
  });
  if (leavers.length > 0) {
    const anchor = leavers.some((p) => roleOf.get(p.id) === 'champion' || roleOf.get(p.id) === 'economic-buyer');
    const first = anchor ? R.keyContactLeft.anchorPoints : R.keyContactLeft.points;
    const points = Math.min(R.keyContactLeft.maxRisk, first + (leavers.length - 1) * R.keyContactLeft.pointsEachMore);
    add('key-contact-left', -points, leftText(leavers, roleOf, input.account.name), leavers.map((p) => p.id));
  }

  // how many people we are talking to
  const present = new Map(people.filter((p) => p.leftCompany !== true).map((p) => [p.id, p]));
  const engagedFrom = nowMs - R.threading.windowDays * DAY_MS;
  const engagedIds = new Set<string>();
  const lastTwoWay = new Map<string, number>();
  for (const d of acts) {
    const id = d.a.personId;
    if (!id || !isTouch(d.a.type) || !present.has(id)) continue;
    if (d.ms >= engagedFrom) engagedIds.add(id);
    if ((lastTwoWay.get(id) ?? -Infinity) < d.ms) lastTwoWay.set(id, d.ms);
  }
  const engaged = [...engagedIds].sort();
  const inWindow = formatDays(R.threading.windowDays, 'en');
  const enVentana = formatDays(R.threading.windowDays, 'es');
  if (engaged.length === 1) {
    const name = present.get(engaged[0]!)!.fullName;
    add('single-threaded', -R.threading.singlePoints, {
      en: `Single-threaded: ${name} is the only contact engaged in the last ${inWindow}`,
      es: `La relación depende de una sola persona: ${name} es el único contacto activo en los últimos ${enVentana}`,
    }, engaged);
  } else if (engaged.length === 2 && template.required.length > 2) {
    const [a, b] = engaged.map((id) => present.get(id)!.fullName);
    add('thin-threaded', -R.threading.thinPoints, {
      en: `Only two people engaged in the last ${inWindow} (${a} and ${b}): one leaving halves the relationship`,
      es: `Solo dos personas con contacto activo en los últimos ${enVentana} (${a} y ${b}): si una se va, la relación queda a medias`,
    }, engaged);
  } else if (engaged.length >= R.threading.engagedAtLeast) {
    add('engaged', R.threading.engagedPoints, {
      en: `${engaged.length} people engaged in the last ${inWindow}`,
      es: `${engaged.length} personas con contacto activo en los últimos ${enVentana}`,
    }, engaged);
  }

  // committee coverage: the roles this account's deals need, held by someone still there
  const { required, filled } = committee.coverage;
  const missing = committee.gaps.map((g) => g.role);
  if (missing.length > 0) {
    const points = Math.min(R.committee.maxRisk, missing.length * R.committee.pointsPerMissingRole);
    add('committee-gaps', -points, {
      en: `${filled} of ${required} committee roles covered: no ${listOf(missing.map((r) => ROLE_LABELS[r].en), 'or')}`,
      es: `${filled} de ${required} roles del comité cubiertos: sin ${listOf(missing.map((r) => ROLE_LABELS[r].es), 'ni')}`,
    });
  }

  // the champion's and the economic buyer's last two-way contact (the most recent holder of each)
  const holderOf = (role: CommitteeRole) => {
    const ids = committee.coverage.roles.find((r) => r.role === role)?.personIds ?? [];
    let best: { id: string; ms?: number } | undefined;
    for (const id of ids) {
      const ms = lastTwoWay.get(id);
      if (!best || (ms ?? -Infinity) > (best.ms ?? -Infinity)) best = ms === undefined ? { id } : { id, ms };
    }
    return best && { ...best, name: present.get(best.id)?.fullName ?? best.id, days: best.ms === undefined ? undefined : Math.floor((nowMs - best.ms) / DAY_MS) };
  };
  const champion = holderOf('champion');
  if (champion && (champion.days === undefined || champion.days > R.champion.coldAfterDays)) {
    add('champion-cold', -R.champion.points, lastTouchText('champion', champion.name, champion.days), [champion.id]);
  }
  const buyer = holderOf('economic-buyer');
  if (buyer && (buyer.days === undefined || buyer.days > R.economicBuyer.coldAfterDays)) {
    add('buyer-cold', -R.economicBuyer.points, lastTouchText('economic-buyer', buyer.name, buyer.days), [buyer.id]);
  } else if (buyer && buyer.days !== undefined && buyer.days <= R.economicBuyer.engagedWithinDays) {
    add('buyer-engaged', R.economicBuyer.engagedPoints, lastTouchText('economic-buyer', buyer.name, buyer.days), [buyer.id]);
  }

  signals.sort(
    (a, b) =>
      Math.abs(b.points) - Math.abs(a.points) ||
      (a.tone === b.tone ? 0 : a.tone === 'risk' ? -1 : 1) ||
      SIGNAL_ORDER.indexOf(a.key) - SIGNAL_ORDER.indexOf(b.key),
  );
  const sum = signals.reduce((s, x) => s + x.points, 0);
  const score = Math.max(0, Math.min(100, Math.round(R.base + sum)));
  return { score, band: healthBand(score), signals };
}

/** "a, b or c" / "a, b ni c" */
function listOf(items: readonly string[], last: string): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

function lastTouchText(role: 'champion' | 'economic-buyer', name: string, days: number | undefined): Text {
  const who = { en: `The ${ROLE_LABELS[role].en}, ${name},`, es: `${role === 'champion' ? 'El promotor' : 'El decisor económico'}, ${name},` };
  if (days === undefined) {
    return { en: `${who.en} has never met, called or replied`, es: `${who.es} no ha tenido nunca una reunión, llamada ni respuesta` };
  }
  return {
    en: `${who.en} last met, called or replied ${formatRelativeDays(-days, 'en')}`,
    es: `${who.es} tuvo su última reunión, llamada o respuesta ${formatRelativeDays(-days, 'es')}`,
  };
}

function finite(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

function decimal(n: number, locale: 'en' | 'es'): string {
  const s = String(Math.round(n * 10) / 10);
  return locale === 'es' ? s.replace('.', ',') : s;
}

function uniqueById(people: readonly Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.id) ? false : (seen.add(p.id), true)));
}

function escalationText(escalations: number, tickets: number, days: number): Text {
  const parts: Text[] = [];
  if (escalations > 0) {
    parts.push(
      escalations === 1
        ? { en: '1 open escalation', es: '1 escalado abierto' }
        : { en: `${escalations} open escalations`, es: `${escalations} escalados abiertos` },
    );
  }
  if (tickets > 0) {
    parts.push(
      tickets === 1
        ? { en: `1 support ticket in the last ${formatDays(days, 'en')}`, es: `1 ticket de soporte en los últimos ${formatDays(days, 'es')}` }
        : { en: `${tickets} support tickets in the last ${formatDays(days, 'en')}`, es: `${tickets} tickets de soporte en los últimos ${formatDays(days, 'es')}` },
    );
  }
  return { en: parts.map((p) => p.en).join(' and '), es: parts.map((p) => p.es).join(' y ') };
}

function noTouchText(daysAgo: number | undefined, windowDays: number): Text {
  if (daysAgo === undefined) {
    return { en: 'No meeting, call or reply on record', es: 'No consta ninguna reunión, llamada ni respuesta' };
  }
  return {
    en: `No meeting, call or reply in the last ${formatDays(windowDays, 'en')} (the last was ${formatRelativeDays(-daysAgo, 'en')})`,
    es: `Ninguna reunión, llamada ni respuesta en los últimos ${formatDays(windowDays, 'es')} (la última fue ${formatRelativeDays(-daysAgo, 'es')})`,
  };
}

function leftText(leavers: readonly Person[], roleOf: ReadonlyMap<string, CommitteeRole>, accountName: string): Text {
  // "María José García (CFO, economic buyer, now at Acme)": the title, the role and, from a job
  // change, the new company when known
  const who = (p: Person, l: 'en' | 'es') => {
    const role = roleOf.get(p.id);
    const moved = p.companyName?.trim() && p.companyName.trim().toLowerCase() !== accountName.trim().toLowerCase() ? p.companyName.trim() : undefined;
    const parts = [p.title?.trim(), role ? ROLE_LABELS[role][l] : undefined, moved ? (l === 'en' ? `now at ${moved}` : `ahora en ${moved}`) : undefined].filter(Boolean);
    return parts.length ? `${p.fullName} (${parts.join(', ')})` : p.fullName;
  };
  const en = leavers.slice(0, 2).map((p) => who(p, 'en'));
  const es = leavers.slice(0, 2).map((p) => who(p, 'es'));
  const more = leavers.length - en.length;
  if (leavers.length === 1) return { en: `${en[0]} has left the company`, es: `${es[0]} ha dejado la empresa` };
  if (more === 0) {
    return { en: `${en[0]} and ${en[1]} have left the company`, es: `${es[0]} y ${es[1]} han dejado la empresa` };
  }
  return {
    en: `${en.join(', ')} and ${more} more key ${more === 1 ? 'contact have' : 'contacts have'} left the company`,
    es: `${es.join(', ')} y ${more} ${more === 1 ? 'contacto clave más han' : 'contactos clave más han'} dejado la empresa`,
  };
}
