// Lead scoring with its receipts: every point in the breakdown names the rule that gave it, the
// fact it came from and that fact's date. Time is a parameter and nothing after it counts, so the
// score on any past date (and so the trend) is computed the same way as today's.
import type { BantLetter, BantStatuses } from './bant';
import { BANT_LETTERS } from './bant';
import type { Bilingual } from '../bilingual';
import type { Account, Activity, ActivityType, BantLetterStatus, Person } from '../entities';
import { type EngagementRule, type FitRule, type ScoreThresholds, type ScoringModel, thresholdsFor } from './scoringModel';
import { DAY_MS, isoMs, msIso } from '../time';
import { inferRoleFromTitle, normalizeTitle } from '../committee/titles';

export type ScoreFact =
  | { kind: 'title'; personId: string; title: string }
  | { kind: 'employees'; employees: number }
  | { kind: 'industry'; industry: string }
  | { kind: 'country'; country: string }
  | { kind: 'tier'; tier: string }
  | { kind: 'activity'; activityId: string; activityType: ActivityType; personId?: string }
  | { kind: 'bant'; letter: BantLetter; status: BantLetterStatus }
  /** a framework element other than BANT's (frameworks.ts): its points come from the framework */
  | { kind: 'element'; element: string; label: Bilingual; status: BantLetterStatus }
  | { kind: 'inactivity'; days: number; since: string };

export type ScoreItem = { ruleId: string; label: Bilingual; points: number; fact: ScoreFact; at?: string };
export const SCORE_BANDS = ['cold', 'warm', 'mql', 'sql', 'hot'] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];
export type Score = { at: string; score: number; band: ScoreBand; breakdown: ScoreItem[] };
export type TrendPoint = { at: string; score: number; band: ScoreBand };

/** A letter's status and when it was set (BantState fits this shape). */
export type BantForScore = Record<BantLetter, { status: BantLetterStatus; setAt?: string }>;

/** A framework element's status on a date and the points its framework gives per status. */
export type ElementForScore = {
  id: string;
  label: Bilingual;
  status: BantLetterStatus;
  setAt?: string;
  points: Record<'negative' | 'partial' | 'confirmed', number>;
};

// "Métricas: confirmación" — a noun, so Spanish needs no agreement with each element's gender.
const ELEMENT_STATUS_WORDS: Record<'negative' | 'partial' | 'confirmed', Bilingual> = {
  negative: { en: 'ruled out', es: 'descarte' },
  partial: { en: 'partly confirmed', es: 'confirmación parcial' },
  confirmed: { en: 'confirmed', es: 'confirmación' },
};

export type ScoreInput = {
  /** whose job title gives seniority and function (the lead, or the deal's main contact) */
  person?: Person;
  account?: Account;
  /** the entity's activities; those after the scoring date are ignored */
  activities: readonly Activity[];
  /** BANT as held now, or as held on a given date (ms) for past scores */
  bant?: BantForScore | BantStatuses | ((atMs: number) => BantForScore);
  /** when the entity was created: inactivity counts from here when nothing happened since */
  since?: string;
  /**
   * a framework other than BANT: each element's status and points, as held on a date (ms). Scored
   * instead of `bant` (leave `bant` out), one item per element answered.
   */
  elements?: (atMs: number) => readonly ElementForScore[];
  /** whose thresholds the band is read against: a lead's (the default) or a deal's */
  entityType?: 'deal' | 'lead';
};

export function bandFor(score: number, thresholds: ScoreThresholds): ScoreBand {
  if (score >= thresholds.hot) return 'hot';
  if (score >= thresholds.sql) return 'sql';
  if (score >= thresholds.mql) return 'mql';
  return score >= thresholds.warm ? 'warm' : 'cold';
}

// Per-model derived data (normalised lists, rules by activity type), computed once per model object.
type CompiledModel = {
  rulesByType: Map<ActivityType, EngagementRule>;
  industries: Map<FitRule, Set<string>>;
  countries: Map<FitRule, Set<string>>;
};
const compiled = new WeakMap<ScoringModel, CompiledModel>();

// Spanish agrees in gender: "Presupuesto: confirmado", "Necesidad: confirmada".
const BANT_ITEM_LABELS: Record<BantLetter, Record<'negative' | 'partial' | 'confirmed', Bilingual>> = {
  budget: {
    negative: { en: 'Budget ruled out', es: 'Presupuesto: descartado' },
    partial: { en: 'Budget partly confirmed', es: 'Presupuesto: confirmado en parte' },
    confirmed: { en: 'Budget confirmed', es: 'Presupuesto: confirmado' },
  },
  authority: {
    negative: { en: 'Authority ruled out', es: 'Autoridad: descartada' },
    partial: { en: 'Authority partly confirmed', es: 'Autoridad: confirmada en parte' },
    confirmed: { en: 'Authority confirmed', es: 'Autoridad: confirmada' },
  },
  need: {
    negative: { en: 'Need ruled out', es: 'Necesidad: descartada' },
    partial: { en: 'Need partly confirmed', es: 'Necesidad: confirmada en parte' },
    confirmed: { en: 'Need confirmed', es: 'Necesidad: confirmada' },
  },
  timing: {
    negative: { en: 'Timing ruled out', es: 'Plazo: descartado' },
    partial: { en: 'Timing partly confirmed', es: 'Plazo: confirmado en parte' },
    confirmed: { en: 'Timing confirmed', es: 'Plazo: confirmado' },
  },
};
const INACTIVITY_LABEL: Bilingual = { en: 'No activity for a while', es: 'Sin actividad desde hace tiempo' };

function compile(model: ScoringModel): CompiledModel {
  let c = compiled.get(model);
  if (c) return c;
  const industries = new Map<FitRule, Set<string>>();
  const countries = new Map<FitRule, Set<string>>();
  for (const r of model.fit) {
    if (r.kind === 'industry') industries.set(r, new Set(r.industries.map(normalizeTitle)));
    if (r.kind === 'country') countries.set(r, new Set(r.countries.map(normalizeTitle)));
  }
  c = { rulesByType: new Map(model.engagement.rules.map((r) => [r.activityType, r])), industries, countries };
  compiled.set(model, c);
  return c;
}

function fitItems(input: ScoreInput, model: ScoringModel, c: CompiledModel): ScoreItem[] {
  const items: ScoreItem[] = [];
  const { person, account } = input;
  const title = person?.title;
  const inferred = person ? inferRoleFromTitle(title) : undefined;
  const country = account?.country ?? person?.country;
  // normalised only when the model has such rules (most teams have none)
  const countryKey = country !== undefined && c.countries.size > 0 ? normalizeTitle(country) : undefined;
  const industryKey = account?.industry !== undefined && c.industries.size > 0 ? normalizeTitle(account.industry) : undefined;
  for (const rule of model.fit) {
    if (rule.points === 0) continue;
    let fact: ScoreFact | undefined;
    switch (rule.kind) {
      case 'seniority':
        if (person && inferred && rule.seniority.includes(inferred.seniority)) fact = { kind: 'title', personId: person.id, title: title ?? '' };
        break;
      case 'function':
        if (person && inferred && rule.functions.includes(inferred.function)) fact = { kind: 'title', personId: person.id, title: title ?? '' };
        break;
      case 'company-size': {
        const n = account?.employees;
        if (n !== undefined && n >= rule.minEmployees && (rule.maxEmployees === undefined || n < rule.maxEmployees)) {
          fact = { kind: 'employees', employees: n };
        }
        break;
      }
      case 'industry':
        if (industryKey !== undefined && c.industries.get(rule)!.has(industryKey)) fact = { kind: 'industry', industry: account!.industry! };
        break;
      case 'country':
        if (countryKey !== undefined && c.countries.get(rule)!.has(countryKey)) fact = { kind: 'country', country: country! };
        break;
      case 'abm-tier':
        if (account?.tier && rule.tiers.includes(account.tier)) fact = { kind: 'tier', tier: account.tier };
        break;
    }
    if (fact) items.push({ ruleId: rule.id, label: rule.label, points: rule.points, fact });
  }
  return items;
}

type Timed = { ms: number; activity: Activity };

export type Scorer = {
  /** the score on a date (ms) with its full breakdown */
  at(atMs: number): Score;
  /** the score and band only: what a trend needs, without building the breakdown */
  point(atMs: number): TrendPoint;
};

/**
 * Prepare the time-independent parts once (fit, parsed and sorted activities) so that scoring
 * many dates — the trend — costs one pass over the activities per date.
 */
export function createScorer(input: ScoreInput, model: ScoringModel): Scorer {
  const c = compile(model);
  const fit = fitItems(input, model, c);
  let fitPoints = 0;
  for (const item of fit) fitPoints += item.points;
  const byType = new Map<ActivityType, Timed[]>();
  const engaged: Timed[] = [];
  const seenIds = new Set<string>();
  for (const activity of input.activities) {
    if (seenIds.has(activity.id)) continue;
    seenIds.add(activity.id);
    if (!c.rulesByType.has(activity.type)) continue;
    const ms = isoMs(activity.at);
    if (ms === undefined) continue;
    const timed = { ms, activity };
    const list = byType.get(activity.type);
    if (list) list.push(timed);
    else byType.set(activity.type, [timed]);
    engaged.push(timed);
  }
  for (const list of byType.values()) list.sort((a, b) => b.ms - a.ms || (a.activity.id < b.activity.id ? -1 : 1));
  engaged.sort((a, b) => a.ms - b.ms);
  const sinceMs = isoMs(input.since);
  const { windowDays, inactivity } = model.engagement;
  const thresholds = thresholdsFor(model, input.entityType ?? 'lead');

  // One evaluation for both uses; `items` collects the breakdown when given.
  const evaluate = (atMs: number, items: ScoreItem[] | undefined): number => {
    let score = fitPoints;
    const windowStart = atMs - windowDays * DAY_MS;
    for (const rule of model.engagement.rules) {
      const list = byType.get(rule.activityType);
      if (!list || rule.points === 0) continue;
      let counted = 0;
      for (const { ms, activity } of list) {
        if (ms > atMs) continue;
        if (ms < windowStart || (rule.maxCount !== undefined && counted >= rule.maxCount)) break;
        counted++;
        score += rule.points;
        items?.push({
          ruleId: rule.id,
          label: rule.label,
          points: rule.points,
          fact: { kind: 'activity', activityId: activity.id, activityType: activity.type, ...(activity.personId ? { personId: activity.personId } : {}) },
          at: activity.at,
        });
      }
    }

    // Inactivity counts from the later of the last engagement and the entity's creation, so a
    // new signal can only shorten it.
    let refMs = sinceMs !== undefined && sinceMs <= atMs ? sinceMs : undefined;
    let refIso = input.since;
    const last = lastAtOrBefore(engaged, atMs);
    if (last !== undefined && (refMs === undefined || last.ms > refMs)) {
      refMs = last.ms;
      refIso = last.activity.at;
    }
    if (refMs !== undefined && inactivity.points !== 0) {
      const days = Math.floor((atMs - refMs) / DAY_MS);
      if (days >= inactivity.afterDays) {
        const steps = Math.min(inactivity.maxSteps, 1 + Math.floor((days - inactivity.afterDays) / inactivity.everyDays));
        if (steps > 0) {
          const points = steps * inactivity.points;
          score += points;
          items?.push({
            ruleId: 'engagement.inactivity',
            label: INACTIVITY_LABEL,
            points,
            fact: { kind: 'inactivity', days, since: refIso! },
            at: refIso,
          });
        }
      }
    }

    const bant = typeof input.bant === 'function' ? input.bant(atMs) : input.bant;
    if (bant) {
      for (const letter of BANT_LETTERS) {
        const held = bant[letter];
        const status = typeof held === 'string' ? held : held.status;
        if (status === 'unknown') continue;
        const points = model.bant[letter][status];
        if (points === 0) continue;
        score += points;
        if (!items) continue;
        const setAt = typeof held === 'string' ? undefined : held.setAt;
        items.push({
          ruleId: `bant.${letter}.${status}`,
          label: BANT_ITEM_LABELS[letter][status],
          points,
          fact: { kind: 'bant', letter, status },
          ...(setAt !== undefined ? { at: setAt } : {}),
        });
      }
    }
    for (const e of input.elements?.(atMs) ?? []) {
      if (e.status === 'unknown') continue;
      const points = e.points[e.status];
      if (points === 0) continue;
      score += points;
      items?.push({
        ruleId: `element.${e.id}.${e.status}`,
        label: { en: `${e.label.en}: ${ELEMENT_STATUS_WORDS[e.status].en}`, es: `${e.label.es}: ${ELEMENT_STATUS_WORDS[e.status].es}` },
        points,
        fact: { kind: 'element', element: e.id, label: e.label, status: e.status },
        ...(e.setAt !== undefined ? { at: e.setAt } : {}),
      });
    }
    return score;
  };

  return {
    at(atMs) {
      const breakdown: ScoreItem[] = [...fit];
      const score = evaluate(atMs, breakdown);
      return { at: msIso(atMs), score, band: bandFor(score, thresholds), breakdown };
    },
    point(atMs) {
      const score = evaluate(atMs, undefined);
      return { at: msIso(atMs), score, band: bandFor(score, thresholds) };
    },
  };
}

function lastAtOrBefore(sortedAsc: readonly Timed[], atMs: number): Timed | undefined {
  let lo = 0;
  let hi = sortedAsc.length - 1;
  let found: Timed | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sortedAsc[mid]!.ms <= atMs) {
      found = sortedAsc[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The score on a date, with its breakdown. */
export function scoreAt(input: ScoreInput, model: ScoringModel, at: Date): Score {
  return createScorer(input, model).at(at.getTime());
}

export type TrendOptions = { points: number; everyDays: number };

/** Scores at `points` dates `everyDays` apart, oldest first; the last one is `now`. */
export function trendOf(scorer: Scorer, now: Date, options: TrendOptions): TrendPoint[] {
  const trend: TrendPoint[] = [];
  const nowMs = now.getTime();
  for (let i = Math.max(1, options.points) - 1; i >= 0; i--) trend.push(scorer.point(nowMs - i * options.everyDays * DAY_MS));
  return trend;
}

export function scoreTrend(
  input: ScoreInput,
  model: ScoringModel,
  now: Date,
  options: TrendOptions = { points: 8, everyDays: 7 },
): TrendPoint[] {
  return trendOf(createScorer(input, model), now, options);
}
