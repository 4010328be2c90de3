// A team switches framework in Options and the rep answers MEDDICC's elements: each answer is stored
// in IndexedDB before the view comes back, and switching to BANT and back loses none of them.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../store/db';
import { createHandlers } from './handlers';
import { loadDemo } from './workspace';
import { DEFAULT_QUALIFY_SETTINGS } from '../domain/qualify/qualifySettings';
import type { FrameworkId } from '../domain/qualification/frameworks';
import { mariaOnHubspot } from '../../tests/support/pages';

const now = new Date('2026-11-22T10:00:00Z');
let db: Db;
const { sender, snapshot } = mariaOnHubspot;
const handlersNow = () => createHandlers({ db: async () => db, now: () => now, broadcast: () => {} });

beforeAll(async () => {
  db = await openStore(`fw-${Math.random()}`);
  await loadDemo(db, now);
});
beforeEach(() => fakeBrowser.reset());

async function view() {
  const h = handlersNow();
  await h['page/detected']({ type: 'page/detected', snapshot }, { sender, tabId: 3 });
  return (await h['tab/view']({ type: 'tab/view', tabId: 3 }, { sender })).entity!.qualification!;
}

async function useFramework(id: FrameworkId) {
  const answer = await handlersNow()['settings/qualify-set'](
    { type: 'settings/qualify-set', settings: { ...DEFAULT_QUALIFY_SETTINGS, frameworks: { default: id, bySegment: {} } } },
    { sender: { id: 'x', url: 'chrome-extension://x/options.html' } },
  );
  expect(answer.ok).toBe(true);
}

describe('frameworks through the background', () => {
  it('shows BANT until the team chooses another framework', async () => {
    const q = await view();
    expect(q.framework?.id).toBe('bant');
    expect(q.framework?.elements.map((e) => e.id)).toEqual(['budget', 'authority', 'need', 'timing']);
  });

  it('stores MEDDICC answers durably, and a switch to BANT and back keeps every one', async () => {
    await useFramework('meddicc');
    const before = await view();
    expect(before.framework?.name).toBe('MEDDICC');
    expect(before.framework?.next?.question.es).toMatch(/¿/);
    const target = { entityType: before.entityType, entityId: before.entityId };
    const h = handlersNow();
    const after = await h['qualification/element'](
      { type: 'qualification/element', target, edit: { element: 'metrics', answer: 'quantified', note: 'Ahorro de 120 h/mes' } },
      { sender },
    );
    expect(after.framework?.elements.find((e) => e.id === 'metrics')).toMatchObject({ status: 'confirmed', answer: 'quantified', note: 'Ahorro de 120 h/mes' });
    expect(after.score.score).toBeGreaterThan(before.score.score);
    expect(after.score.breakdown.some((i) => i.ruleId === 'element.metrics.confirmed')).toBe(true);
    expect((await db.get('qualifications', target.entityId))?.elements?.metrics?.answer).toBe('quantified');

    await useFramework('bant');
    const bant = await view();
    expect(bant.framework?.elements.map((e) => e.id)).not.toContain('metrics');
    await useFramework('spiced');
    // SPICED's Impact is MEDDICC's Metrics: the same answer
    expect((await view()).framework?.elements.find((e) => e.id === 'metrics')).toMatchObject({ status: 'confirmed', label: { en: 'Impact', es: 'Impacto' } });
    await useFramework('meddicc');
    expect((await view()).framework?.elements.find((e) => e.id === 'metrics')?.status).toBe('confirmed');

    const undo = await h['qualification/undo']({ type: 'qualification/undo', target }, { sender });
    expect(undo.undone).toEqual({ kind: 'element' });
    expect(undo.view.framework?.elements.find((e) => e.id === 'metrics')?.status).toBe('unknown');
  });
});
