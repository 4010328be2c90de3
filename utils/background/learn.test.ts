// A score that learns, through the background on the demo workspace in IndexedDB (fake-indexeddb):
// the closed deals' features at the close, the fit and its figures, adopting the fitted points.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../store/db';
import { createHandlers } from './handlers';
import { loadDemo } from './workspace';
import type { DealsideEvent } from '../messaging/protocol';
import { requestSchemas } from '../messaging/protocol';
import { closedDealSamples } from './views/learnView';
import { buildQualificationView, gather, qualifySettingsOf } from './views/qualificationView';
import { closedAtMs, ruleFeatures } from '../domain/learning/features';
import { qualify } from '../domain/qualify/qualify';
import { getSetting } from '../store/settings';
import { bantAsOf } from '../domain/qualification/qualification';

const now = new Date('2026-11-22T10:00:00Z');
let db: Db;
let events: DealsideEvent[];
const sender = { id: 'x', url: 'chrome-extension://x/options.html' };
const handlers = () => createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e) });

beforeAll(async () => {
  db = await openStore(`learn-${Math.random()}`);
  await loadDemo(db, now);
});
beforeEach(() => {
  fakeBrowser.reset();
  events = [];
});

describe('a score that learns, on the demo workspace', () => {
  it('reads every closed deal with features that reproduce the agreed score at its close', async () => {
    const settings = await qualifySettingsOf(db);
    const samples = await closedDealSamples(db, settings);
    const closed = (await db.getAll('deals')).filter((d) => d.stage === 'closed-won' || d.stage === 'closed-lost');
    expect(samples.length).toBe(closed.length);
    const features = ruleFeatures(settings.scoringModel);
    for (const sample of samples.slice(0, 40)) {
      const input = (await gather(db, { entityType: 'deal', entityId: sample.id }))!;
      const at = closedAtMs(input.deal!)!;
      const activities = input.activities.filter((a) => Date.parse(a.at) <= at);
      const q = qualify(
        { entityType: 'deal', ...input, activities, ...(input.qualification ? { qualification: { ...input.qualification, bant: bantAsOf(input.qualification, at) } } : {}) },
        settings,
        new Date(at),
      );
      expect(sample.x.reduce((s, v, j) => s + v * features[j]!.points, 0)).toBe(q.score.score);
    }
  });

  it('ignores what happened after the close', async () => {
    const settings = await qualifySettingsOf(db);
    const [first] = await closedDealSamples(db, settings);
    const deal = (await db.get('deals', first!.id))!;
    const after = new Date(closedAtMs(deal)! + 86_400_000).toISOString();
    await db.put('activities', { id: 'late-meeting', type: 'meeting', at: after, dealId: deal.id, personId: deal.contactIds[0], source: 'local' });
    const again = (await closedDealSamples(db, settings)).find((s) => s.id === deal.id);
    expect(again!.x).toEqual(first!.x);
    await db.delete('activities', 'late-meeting');
  });

  it('answers scoring/learn with both models’ held-out figures: the fitted one separates better', async () => {
    const report = requestSchemas['scoring/learn'].response.parse(await handlers()['scoring/learn']({ type: 'scoring/learn' }, { sender }));
    expect(report.deals).toBeGreaterThan(100);
    expect(report.won).toBeGreaterThanOrEqual(30);
    expect(report.lost).toBeGreaterThanOrEqual(30);
    expect(report.tooFew).toBe(false);
    expect(report.agreed.auc).toBeGreaterThan(0.5);
    expect(report.fitted.auc).toBeGreaterThan(report.agreed.auc!);
    expect(report.agreed.calibration.reduce((n, r) => n + r.deals, 0)).toBe(report.deals);
    expect(report.rules.length).toBe(ruleFeatures((await qualifySettingsOf(db)).scoringModel).length);
    expect(report.proposed?.version).toBe(report.baseVersion);
  });

  it('adopts the fitted points as the next version and keeps the old one', async () => {
    const h = handlers();
    const report = await h['scoring/learn']({ type: 'scoring/learn' }, { sender });
    const before = (await qualifySettingsOf(db)).scoringModel;
    const request = requestSchemas['scoring/adopt'].request.parse({ type: 'scoring/adopt', baseVersion: report.baseVersion, model: report.proposed });
    const answer = await h['scoring/adopt'](request, { sender });
    expect(answer).toEqual({ ok: true, version: before.version + 1 });
    const after = (await qualifySettingsOf(db)).scoringModel;
    expect(after.version).toBe(before.version + 1);
    expect(after.updatedAt).toBe(now.toISOString());
    expect(after.engagement.rules.map((r) => r.points)).toEqual(report.proposed!.engagement.rules.map((r) => r.points));
    expect(after.fit.map((r) => r.label)).toEqual(before.fit.map((r) => r.label));
    expect((await getSetting(db, 'scoringModelHistory'))?.at(-1)).toEqual(before);
    expect(requestSchemas['scoring/history'].response.parse(await h['scoring/history']({ type: 'scoring/history' }, { sender }))[0]).toEqual(before);
    expect(events).toContainEqual({ type: 'event/entities-changed', ids: [] });
    // the sidebar's score now reads the new version, every point still with its rule
    const got = await h['settings/qualify-get']({ type: 'settings/qualify-get' }, { sender });
    expect((got.settings as { scoringModel: { version: number } }).scoringModel.version).toBe(after.version);

    // every point of an open deal's score still names its rule, with the rule's label, at the new points
    const open = (await db.getAll('deals')).find((d) => d.stage === 'negotiation')!;
    const view = (await buildQualificationView(db, { entityType: 'deal', entityId: open.id }, now))!;
    expect(view.score.modelVersion).toBe(after.version);
    expect(view.score.breakdown.reduce((n, item) => n + item.points, 0)).toBe(view.score.score);
    const rules = new Map([...after.fit, ...after.engagement.rules].map((r) => [r.id, r]));
    for (const item of view.score.breakdown) {
      const rule = rules.get(item.ruleId);
      if (rule) expect([item.label, item.points]).toEqual([rule.label, rule.points]);
      else expect(item.ruleId).toMatch(/^(bant\.|engagement\.inactivity$)/);
    }

    // a fit of an older version is refused, and so is a model that changes more than points
    expect(await h['scoring/adopt'](request, { sender })).toEqual({ ok: false, version: after.version, reason: 'changed-since' });
    const relabelled = { ...after, fit: after.fit.map((r, i) => (i === 0 ? { ...r, label: { en: 'x', es: 'x' } } : r)) };
    expect(await h['scoring/adopt']({ type: 'scoring/adopt', baseVersion: after.version, model: relabelled }, { sender })).toEqual({
      ok: false,
      version: after.version,
      reason: 'not-points-only',
    });
  });

  it('on a store without closed deals says so and proposes nothing', async () => {
    const empty = await openStore(`learn-empty-${Math.random()}`);
    const h = createHandlers({ db: async () => empty, now: () => now, broadcast: (e) => events.push(e) });
    const report = requestSchemas['scoring/learn'].response.parse(await h['scoring/learn']({ type: 'scoring/learn' }, { sender }));
    expect(report).toMatchObject({ deals: 0, won: 0, lost: 0, tooFew: true, baseVersion: 1, rules: [] });
    expect(report.proposed).toBeUndefined();
    expect(report.agreed.auc).toBeUndefined();
    empty.close();
  });
});
