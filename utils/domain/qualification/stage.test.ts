import { describe, expect, it } from 'vitest';
import type { BantStatuses, TimingHorizon } from './bant';
import { DEFAULT_SCORING_MODEL } from './scoringModel';
import { DEFAULT_STAGE_RULES, type QualificationStage, type StageRules, deriveStage } from './stage';

const thresholds = DEFAULT_SCORING_MODEL.thresholds; // mql 40
const S = (b: string): BantStatuses => {
  // "CCCC" → budget, authority, need, timing; C confirmed, P partial, U unknown, N negative
  const map = { C: 'confirmed', P: 'partial', U: 'unknown', N: 'negative' } as const;
  const [budget, authority, need, timing] = [...b].map((c) => map[c as keyof typeof map]);
  return { budget: budget!, authority: authority!, need: need!, timing: timing! };
};

describe('deriveStage under the default rules', () => {
  it.each<[string, string, TimingHorizon | undefined, number, QualificationStage, string]>([
    ['all four confirmed', 'CCCC', 'this-quarter', 0, 'sql', 'stage.sql'],
    ['all four confirmed, low score', 'CCCC', undefined, -50, 'sql', 'stage.sql'],
    ['missing one letter', 'CCCP', 'this-quarter', 0, 'mql', 'stage.mql.letters'],
    ['two confirmed', 'CUCU', undefined, 0, 'mql', 'stage.mql.letters'],
    ['one confirmed, low score', 'CUUU', undefined, 10, 'new', 'stage.new'],
    ['nothing confirmed, MQL score', 'UUUU', undefined, 40, 'mql', 'stage.mql.score'],
    ['nothing known', 'UUUU', undefined, 0, 'new', 'stage.new'],
    ['no need: a tourist', 'CCNC', undefined, 200, 'disqualified', 'stage.disqualified'],
    ['no budget now', 'NCCC', undefined, 90, 'nurture', 'stage.nurture.negative'],
    ['no timeline', 'CCCN', 'no-timeline', 90, 'nurture', 'stage.nurture.horizon'],
    ['next year', 'CCCP', 'later', 90, 'nurture', 'stage.nurture.horizon'],
    ['no need beats not now', 'UUNN', 'no-timeline', 0, 'disqualified', 'stage.disqualified'],
    ['authority ruled out is not a stage by default', 'CNCC', undefined, 0, 'mql', 'stage.mql.letters'],
  ])('%s → %s', (_what, bant, horizon, score, stage, code) => {
    const result = deriveStage({ bant: S(bant), horizon, score }, DEFAULT_STAGE_RULES, thresholds);
    expect(result.stage).toBe(stage);
    expect(result.reason.code).toBe(code);
  });

  it('explains with the facts', () => {
    expect(deriveStage({ bant: S('UUUU'), score: 55 }, DEFAULT_STAGE_RULES, thresholds).reason).toEqual({
      code: 'stage.mql.score',
      params: { score: 55, threshold: 40 },
    });
    expect(deriveStage({ bant: S('CCNC'), score: 0 }, DEFAULT_STAGE_RULES, thresholds).reason).toEqual({
      code: 'stage.disqualified',
      params: { letter: 'need' },
    });
  });
});

describe('deriveStage with the team’s own rules', () => {
  it('an SQL can require fewer letters and a minimum score', () => {
    const rules: StageRules = { ...DEFAULT_STAGE_RULES, sqlRequiresConfirmed: ['need', 'budget'], sqlMinScore: 60 };
    expect(deriveStage({ bant: S('CUCU'), score: 60 }, rules, thresholds).stage).toBe('sql');
    expect(deriveStage({ bant: S('CUCU'), score: 59 }, rules, thresholds).stage).toBe('mql');
  });

  it('MQL thresholds can be set apart from the scoring model', () => {
    const rules: StageRules = { ...DEFAULT_STAGE_RULES, mqlMinConfirmed: 3, mqlMinScore: 80 };
    expect(deriveStage({ bant: S('CUCU'), score: 79 }, rules, thresholds).stage).toBe('new');
    expect(deriveStage({ bant: S('CUCC'), score: 0 }, rules, thresholds).stage).toBe('mql');
    expect(deriveStage({ bant: S('UUUU'), score: 80 }, rules, thresholds).stage).toBe('mql');
  });

  it('disqualifying and nurturing letters are configurable', () => {
    const rules: StageRules = { ...DEFAULT_STAGE_RULES, disqualifyWhenNegative: ['need', 'budget'], nurtureWhenNegative: [], nurtureHorizons: ['no-timeline'] };
    expect(deriveStage({ bant: S('NCCC'), score: 0 }, rules, thresholds).stage).toBe('disqualified');
    expect(deriveStage({ bant: S('CCCP'), horizon: 'later', score: 0 }, rules, thresholds).stage).toBe('mql');
  });
});
