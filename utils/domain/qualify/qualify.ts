// The one entry point the background calls for a deal or a lead: BANT (authority derived from the
// committee), the stage, the score with its breakdown, trend and levers, the buying committee and the
// ranked next actions — all from records passed in, with the time as a parameter.
import { type AuthorityDerivation, type Engagement, deriveAuthority, engagementTimes, pickEconomicBuyer } from '../qualification/authority';
import { type BantState, bantStatuses } from '../qualification/bant';
import type { Bilingual } from '../bilingual';
import { type Committee, buildCommittee } from '../committee/committee';
import { pickCommitteeTemplate } from '../committee/committeeConfig';
import type { Account, Activity, Deal, Person } from '../entities';
import { type DuplicateHint, type NextAction, nextActions } from '../actions/actions';
import { type Qualification, bantAsOf, newQualification, qualificationFromDeal } from '../qualification/qualification';
import type { QualifySettings } from './qualifySettings';
import type { CommitteeRole } from '../committee/roles';
import { type ScoreLever, scoreLevers } from '../qualification/levers';
import { type BantForScore, type Score, type ScoreInput, type TrendPoint, createScorer, trendOf } from '../qualification/scoring';
import { type ScoreThresholds, thresholdsFor } from '../qualification/scoringModel';
import { type StageResult, deriveStage } from '../qualification/stage';
import type { ElementId } from '../qualification/frameworks';
import { frameworkFor, frameworkStage, statusesOf } from '../qualification/frameworkRules';
import { type FrameworkView, frameworkParts, mergeLevers, stageForActions } from './qualifyFramework';
import { isoMs } from '../time';

export type QualifyInput = {
  entityType: 'deal' | 'lead';
  deal?: Deal;
  lead?: Person;
  account?: Account;
  /** the buying group: the deal's contacts and the account's other people (the lead is added if missing) */
  people: readonly Person[];
  /**
   * the activities of this deal / lead and of those people. The score, the response clock and
   * staleness read only the entity's own (the deal's and its contacts', or the lead's); the rest
   * tell the committee who was touched when.
   */
  activities: readonly Activity[];
  /** the stored record; absent until someone edits, then built from the deal's seed BANT */
  qualification?: Qualification;
  /** likely duplicates from the matcher */
  duplicates?: readonly DuplicateHint[];
  /** key-account status when it comes from elsewhere than account.keyAccount (shorter SLA) */
  keyAccount?: boolean;
};

export type Qualified = {
  entityType: 'deal' | 'lead';
  entityId: string;
  /** the record the edits apply to (new ones are not stored yet: store on the first edit) */
  qualification: Qualification;
  /** the answers, with the authority status derived from the committee */
  bant: BantState;
  authority: AuthorityDerivation;
  /** by BANT's rules (the team's stage rules) or the framework's (a reason may name its element) */
  stage: StageResult<ElementId>;
  /** the framework in force for this deal or lead, its elements and the next question */
  framework: FrameworkView;
  /** with the thresholds in force for this entity type: the scale the number is read against */
  score: Score & {
    trend: TrendPoint[];
    modelVersion: number;
    thresholds: ScoreThresholds;
    /** what would raise the score most, ranked (BANT to confirm, engagement with room, a quiet spell to end) */
    levers: ScoreLever[];
  };
  committee: Committee;
  template: { id: string; label: Bilingual };
  actions: NextAction[];
};

export function qualify(input: QualifyInput, settings: QualifySettings, now: Date): Qualified {
  const { entityType, deal, lead, account } = input;
  const entity = entityType === 'deal' ? deal : lead;
  if (!entity) throw new Error(`qualify: entityType '${entityType}' needs input.${entityType}`);
  const nowMs = now.getTime();
  const q =
    input.qualification ??
    (deal && entityType === 'deal' ? qualificationFromDeal(deal) : newQualification(entityType, entity.id, new Date(isoMs(entity.createdAt) ?? nowMs)));

  const people = lead && !input.people.some((p) => p.id === lead.id) ? [lead, ...input.people] : input.people;
  const onDealIds = entityType === 'deal' ? (deal?.contactIds ?? []) : [entity.id];
  const keyAccount = input.keyAccount ?? account?.keyAccount ?? false;
  const template = pickCommitteeTemplate(settings.committee, { account, amount: deal?.amount, keyAccount });
  const namedBuyer = q.bant.authority.economicBuyerId;
  const overrides: Record<string, CommitteeRole> =
    namedBuyer && !q.roleOverrides[namedBuyer] ? { ...q.roleOverrides, [namedBuyer]: 'economic-buyer' } : q.roleOverrides;
  const committee = buildCommittee({
    people,
    overrides,
    template,
    activities: input.activities,
    now,
    coldAfterDays: settings.committee.coldAfterDays,
    onDealIds,
  });

  // Authority as of any date: the answer of that day, the committee's economic buyer, their touches.
  const engagementsOf = new Map<string, Engagement[]>();
  const authorityAt = (answer: BantState['authority'], atMs: number): AuthorityDerivation => {
    const buyer = pickEconomicBuyer(answer, committee.members);
    let times: Engagement[] = [];
    if (buyer) {
      times = engagementsOf.get(buyer.personId) ?? engagementTimes(buyer.personId, input.activities, settings.committee);
      engagementsOf.set(buyer.personId, times);
    }
    return deriveAuthority(answer, buyer, times, atMs, settings.committee);
  };
  const authority = authorityAt(q.bant.authority, nowMs);
  const bant: BantState = {
    ...q.bant,
    authority: {
      ...q.bant.authority,
      status: authority.status,
      engaged: authority.engaged,
      ...(authority.economicBuyerId ? { economicBuyerId: authority.economicBuyerId } : {}),
    },
  };

  // Engagement is the entity's own: counting every touch at a busy account would make every deal hot.
  const own = ownActivities(input.activities, entityType === 'deal' ? deal : undefined, lead);

  const model = settings.scoringModel;
  const bantOn = (atMs: number): BantForScore => {
    if (atMs >= nowMs) return bant;
    const past = bantAsOf(q, atMs);
    return { ...past, authority: { status: authorityAt(past.authority, atMs).status, setAt: past.authority.setAt } };
  };
  const primary = lead ?? (deal ? firstContact(deal, people) : undefined);
  // BANT is scored by the team's model; another framework by its own points, without BANT's.
  const framework = frameworkFor(settings.frameworks, account, settings.committee, entityType === 'deal' ? deal?.pipeline?.id : undefined);
  const parts = frameworkParts(framework, q, bant, committee, bantOn, nowMs, primary);
  const scoreInput: ScoreInput = parts.scoreElements
    ? { person: primary, account, activities: own, elements: parts.scoreElements, since: entity.createdAt, entityType }
    : { person: primary, account, activities: own, bant: bantOn, since: entity.createdAt, entityType };
  const scorer = createScorer(scoreInput, model);
  const current = scorer.at(nowMs);
  const scoreLeversNow = scoreLevers(scoreInput, model, now, current);
  const levers = parts.scoreElements ? mergeLevers(framework, parts.view, scoreLeversNow) : scoreLeversNow;
  const trend = trendOf(scorer, now, settings.trend);
  // A deal is read against the deal thresholds, for its band and for "MQL by score" alike.
  const thresholds = thresholdsFor(model, entityType);
  const stage: StageResult<ElementId> = parts.scoreElements
    ? frameworkStage(framework, statusesOf(framework, { bant, elements: q.elements, champion: parts.view.champion }), bant.timing.horizon, current.score, thresholds.mql)
    : deriveStage({ bant: bantStatuses(bant), horizon: bant.timing.horizon, score: current.score }, settings.stageRules, thresholds);

  const actions = nextActions(
    {
      entityType,
      entityId: entity.id,
      deal,
      lead,
      account,
      people,
      activities: own,
      bant,
      authority,
      stage: stageForActions(stage),
      committee,
      qualification: q,
      duplicates: input.duplicates,
      keyAccount,
    },
    now,
    settings.actions,
  );

  // The discovery actions ask BANT's letters: under another framework only those it asks too.
  const asked = new Set<string>(framework.elements.map((e) => e.id));
  const shown = parts.scoreElements ? actions.filter((a) => a.category !== 'discovery' || asked.has(a.key.split(':')[1] ?? '')) : actions;

  return {
    entityType,
    entityId: entity.id,
    qualification: q,
    bant,
    authority,
    stage,
    framework: parts.view,
    score: { ...current, trend, modelVersion: model.version, thresholds, levers },
    committee,
    template: { id: template.id, label: template.label },
    actions: shown,
  };
}

function ownActivities(activities: readonly Activity[], deal: Deal | undefined, lead: Person | undefined): readonly Activity[] {
  if (deal) {
    const contacts = new Set(deal.contactIds);
    return activities.filter((a) => a.dealId === deal.id || (a.personId !== undefined && contacts.has(a.personId)));
  }
  return lead ? activities.filter((a) => a.personId === lead.id) : activities;
}

// The deal's main contact: the first of its contactIds we have a record for.
function firstContact(deal: Deal, people: readonly Person[]): Person | undefined {
  for (const id of deal.contactIds) {
    const p = people.find((x) => x.id === id);
    if (p) return p;
  }
  return undefined;
}
