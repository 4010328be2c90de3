// The rep's path through the background on the demo workspace: the view of a contact carries the
// qualification of her soonest deal; every edit is stored before the answer and survives restarts.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../store/db';
import { createHandlers } from './handlers';
import { loadDemo, removeDemo } from './workspace';
import type { DealsideEvent } from '../messaging/protocol';
import { mariaOnHubspot } from '../../tests/support/pages';

const now = new Date('2026-11-22T10:00:00Z');
let db: Db;
let events: DealsideEvent[];
const { sender, snapshot } = mariaOnHubspot;
const handlersNow = () => createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e) });

beforeAll(async () => {
  db = await openStore(`qual-${Math.random()}`);
  await loadDemo(db, now);
});
beforeEach(() => {
  fakeBrowser.reset();
  events = [];
});

async function viewOfMaria() {
  const h = handlersNow();
  await h['page/detected']({ type: 'page/detected', snapshot }, { sender, tabId: 3 });
  const view = await h['tab/view']({ type: 'tab/view', tabId: 3 }, { sender });
  return view.entity!.qualification!;
}

describe('qualification through the background', () => {
  it('shows the qualification of the contact’s soonest open deal', async () => {
    const q = await viewOfMaria();
    expect(q.entityType).toBe('deal');
    expect(q.entityName).toMatch(/Iberia Logística/);
    expect(q.actions.length).toBeGreaterThan(0);
    expect(q.actions.every((a) => a.reason.en && a.reason.es)).toBe(true);
    expect(q.committee.members.map((m) => m.name)).toContain('María José García López');
    expect(q.score.trend.at(-1)?.score).toBe(q.score.score);
    // the scale a deal's number is read against: the deal thresholds, hot at 200
    expect(q.score.thresholds).toEqual({ warm: 40, mql: 80, sql: 140, hot: 200 });
    expect(q.score.scale).toBe(200);
    // the two things that would raise it most, in both languages with their points
    expect(q.score.levers.length).toBeLessThanOrEqual(2);
    for (const l of q.score.levers) {
      expect(l.text.en).toBe(`${l.action.en}: +${l.points}`);
      expect(l.text.es).toBe(`${l.action.es}: +${l.points}`);
    }
  });

  it('stores a BANT answer, signs it with the current user, and recomputes score, stage and actions', async () => {
    const before = await viewOfMaria();
    const h = handlersNow();
    const target = { entityType: before.entityType, entityId: before.entityId };
    const after = await h['qualification/answer'](
      { type: 'qualification/answer', target, edit: { letter: 'budget', answer: 'approved', amount: 60000, currency: 'EUR', note: 'CFO: presupuesto 2027 firmado' } },
      { sender },
    );
    expect(after.bant.budget).toMatchObject({ status: 'confirmed', answer: 'approved', amount: 60000, setBy: 'demo-user-01', note: 'CFO: presupuesto 2027 firmado' });
    expect(after.score.score).toBeGreaterThanOrEqual(before.score.score);
    expect(after.actions.some((a) => a.key.includes('discovery') && a.key.includes('budget'))).toBe(false);
    expect(events).toContainEqual({ type: 'event/entities-changed', ids: [target.entityId] });
    // durable: a fresh worker reads it back from IndexedDB
    expect((await db.get('qualifications', target.entityId))?.bant.budget.answer).toBe('approved');
    expect((await viewOfMaria()).bant.budget.status).toBe('confirmed');
  });

  it('remembers a dismissed action and can reopen it', async () => {
    const q = await viewOfMaria();
    const action = q.actions[0]!;
    const target = { entityType: q.entityType, entityId: q.entityId };
    const dismissed = await handlersNow()['qualification/action']({ type: 'qualification/action', target, actionKey: action.key, state: 'dismissed' }, { sender });
    expect(dismissed.actions.map((a) => a.key)).not.toContain(action.key);
    expect((await viewOfMaria()).actions.map((a) => a.key)).not.toContain(action.key);
    const reopened = await handlersNow()['qualification/action']({ type: 'qualification/action', target, actionKey: action.key }, { sender });
    expect(reopened.actions.map((a) => a.key)).toContain(action.key);
  });

  it('lets the rep set a committee role that wins over the title', async () => {
    const q = await viewOfMaria();
    const target = { entityType: q.entityType, entityId: q.entityId };
    const maria = q.committee.members.find((m) => m.name === 'María José García López')!;
    const after = await handlersNow()['qualification/role']({ type: 'qualification/role', target, personId: maria.personId, role: 'champion' }, { sender });
    expect(after.committee.members.find((m) => m.personId === maria.personId)).toMatchObject({ role: 'champion', roleSource: 'override' });
  });

  it('undoes the last change durably and says what it undid', async () => {
    const q = await viewOfMaria();
    const target = { entityType: q.entityType, entityId: q.entityId };
    const h = handlersNow();
    const timingBefore = q.bant.timing;
    await h['qualification/answer']({ type: 'qualification/answer', target, edit: { letter: 'timing', horizon: 'no-timeline' } }, { sender });
    const undo = await h['qualification/undo']({ type: 'qualification/undo', target }, { sender });
    expect(undo.undone).toEqual({ kind: 'timing' });
    expect(undo.view.bant.timing.status).toBe(timingBefore.status);
    expect(undo.view.bant.timing.horizon).toBe(timingBefore.horizon);
    expect((await db.get('qualifications', target.entityId))?.bant.timing.horizon).toBe(timingBefore.horizon);
    expect(events).toContainEqual({ type: 'event/entities-changed', ids: [target.entityId] });
  });

  it('refuses an edit for a record that is not in the workspace, with a clear message', async () => {
    await expect(
      handlersNow()['qualification/answer']({ type: 'qualification/answer', target: { entityType: 'deal', entityId: 'nope' }, edit: { letter: 'need', note: 'x' } }, { sender }),
    ).rejects.toThrow(/no longer in the workspace/);
  });

  it('removes demo qualifications with the demo data', async () => {
    expect(await db.count('qualifications')).toBeGreaterThan(0);
    await removeDemo(db, now);
    expect(await db.count('qualifications')).toBe(0);
  });
});
