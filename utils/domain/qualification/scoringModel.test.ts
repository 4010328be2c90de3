import { describe, expect, it } from 'vitest';
import { DEFAULT_QUALIFY_SETTINGS, parseQualifySettings } from '../qualify/qualifySettings';
import { DEFAULT_DEAL_THRESHOLDS, DEFAULT_SCORING_MODEL, type ScoringModel, parseScoringModel, thresholdsFor } from './scoringModel';
import { parseStageRules } from './stage';

const clone = (): ScoringModel => structuredClone(DEFAULT_SCORING_MODEL);

describe('scoring model validation', () => {
  it('accepts the default model (version 1) and survives a JSON round trip', () => {
    const parsed = parseScoringModel(JSON.parse(JSON.stringify(DEFAULT_SCORING_MODEL)));
    expect(parsed).toEqual({ ok: true, value: DEFAULT_SCORING_MODEL });
    expect(DEFAULT_SCORING_MODEL.schemaVersion).toBe(1);
    expect(DEFAULT_SCORING_MODEL.version).toBe(1);
  });

  it('reads a model stored before deals had their own thresholds, with the documented default', () => {
    const { dealThresholds: _, ...before } = clone();
    const parsed = parseScoringModel(JSON.parse(JSON.stringify({ ...before, thresholds: { warm: 10, mql: 30, sql: 60, hot: 90 } })));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.dealThresholds).toEqual(DEFAULT_DEAL_THRESHOLDS);
    // the lead's stay the team's own
    expect(parsed.value.thresholds).toEqual({ warm: 10, mql: 30, sql: 60, hot: 90 });
    // each parse gets its own copy: editing one model never edits the default
    parsed.value.dealThresholds.hot = 1;
    expect(DEFAULT_DEAL_THRESHOLDS.hot).toBe(200);
  });

  it('reads a deal against the deal thresholds and a lead against the lead thresholds', () => {
    const m = clone();
    expect(thresholdsFor(m, 'lead')).toEqual({ warm: 20, mql: 40, sql: 70, hot: 100 });
    expect(thresholdsFor(m, 'deal')).toEqual({ warm: 40, mql: 80, sql: 140, hot: 200 });
    m.dealThresholds = { warm: 1, mql: 2, sql: 3, hot: 4 };
    expect(parseScoringModel(m)).toEqual({ ok: true, value: m });
  });

  it.each<[string, (m: ScoringModel) => unknown, string, string]>([
    [
      'thresholds out of order',
      (m) => ({ ...m, thresholds: { warm: 20, mql: 80, sql: 70, hot: 100 } }),
      'thresholds',
      'must rise',
    ],
    [
      'deal thresholds out of order',
      (m) => ({ ...m, dealThresholds: { warm: 40, mql: 80, sql: 240, hot: 200 } }),
      'dealThresholds',
      'must rise',
    ],
    ['deal thresholds with a missing level', (m) => ({ ...m, dealThresholds: { warm: 40, mql: 80, sql: 140 } }), 'dealThresholds.hot', 'is required'],
    ['a duplicated rule id', (m) => ({ ...m, fit: [...m.fit, m.fit[0]] }), 'fit', 'unique'],
    [
      'two rules for one activity type',
      (m) => ({ ...m, engagement: { ...m.engagement, rules: [...m.engagement.rules, { ...m.engagement.rules[0]!, id: 'eng.other' }] } }),
      'engagement.rules',
      'one rule per activity type',
    ],
    [
      'negative engagement points',
      (m) => ({ ...m, engagement: { ...m.engagement, rules: [{ ...m.engagement.rules[0]!, points: -5 }] } }),
      'engagement.rules.0.points',
      'at least 0',
    ],
    [
      'an unknown activity type',
      (m) => ({ ...m, engagement: { ...m.engagement, rules: [{ ...m.engagement.rules[0]!, activityType: 'tweet' }] } }),
      'engagement.rules.0.activityType',
      'must be one of',
    ],
    [
      'BANT points that would let a better answer lower the score',
      (m) => ({ ...m, bant: { ...m.bant, need: { negative: -20, partial: 30, confirmed: 20 } } }),
      'bant.need',
      'negative ≤ 0 ≤ partial ≤ confirmed',
    ],
    [
      'a positive inactivity penalty',
      (m) => ({ ...m, engagement: { ...m.engagement, inactivity: { ...m.engagement.inactivity, points: 10 } } }),
      'engagement.inactivity.points',
      'at most 0',
    ],
    ['a missing version', (m) => ({ ...m, version: undefined }), 'version', 'is required'],
    ['a fractional version', (m) => ({ ...m, version: 1.5 }), 'version', 'whole number'],
    ['a wrong schema version', (m) => ({ ...m, schemaVersion: 2 }), 'schemaVersion', 'must be one of 1'],
    [
      'a company-size band upside down',
      (m) => ({ ...m, fit: [{ kind: 'company-size', id: 'x', label: { en: 'x', es: 'x' }, points: 1, minEmployees: 500, maxEmployees: 100 }] }),
      'fit',
      'maxEmployees',
    ],
  ])('rejects %s with a clear message at %s', (_what, edit, path, words) => {
    const result = parseScoringModel(edit(clone()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(issue!.message.en).toContain(words);
    expect(issue!.message.es.length).toBeGreaterThan(0);
    expect(issue!.message.es).not.toBe(issue!.message.en);
  });
});

describe('qualify settings validation', () => {
  it('accepts the defaults', () => {
    expect(parseQualifySettings(structuredClone(DEFAULT_QUALIFY_SETTINGS)).ok).toBe(true);
  });

  it('words nested issues with their path', () => {
    const bad = structuredClone(DEFAULT_QUALIFY_SETTINGS) as unknown as Record<string, Record<string, unknown>>;
    bad.actions!.slaHours = 0;
    bad.committee!.templates = [];
    const result = parseQualifySettings(bad);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.path).sort()).toEqual(['actions.slaHours', 'committee.templates']);
    expect(result.issues.find((i) => i.path === 'committee.templates')!.message.es).toContain('al menos 1');
  });

  it('validates stage rules', () => {
    expect(parseStageRules({ ...DEFAULT_QUALIFY_SETTINGS.stageRules, mqlMinConfirmed: 5 }).ok).toBe(false);
    expect(parseStageRules({ ...DEFAULT_QUALIFY_SETTINGS.stageRules, sqlRequiresConfirmed: [] }).ok).toBe(false);
    expect(parseStageRules(DEFAULT_QUALIFY_SETTINGS.stageRules).ok).toBe(true);
  });
});
