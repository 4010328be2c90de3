// The account manager's panel data, through the real background handlers on the demo workspace:
// a customer's company page carries health, renewal and whitespace; a prospect's does not.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../store/db';
import { createHandlers } from './handlers';
import { createMatchService } from './matchService';
import { loadDemo } from './workspace';
import type { PageSnapshot } from '../sites/snapshot';

const now = new Date('2026-11-22T10:00:00Z');
let db: Db;
const handlers = () => createHandlers({ db: async () => db, now: () => now, broadcast: () => {}, matches: createMatchService(() => now) });
const sender = (url: string) => ({ id: 'x', url, tab: { id: 9 } });

async function view(snapshot: PageSnapshot) {
  const h = handlers();
  await h['page/detected']({ type: 'page/detected', snapshot }, { sender: sender(snapshot.url), tabId: 9 });
  return (await h['tab/view']({ type: 'tab/view', tabId: 9 }, { sender: sender(snapshot.url) })).entity!;
}

const company = (id: string, name: string): PageSnapshot => ({
  url: `https://app.hubspot.com/contacts/4481234/record/0-2/${id}`,
  ref: { site: 'hubspot', kind: 'account', objectType: '0-2', recordId: id },
  entity: { type: 'company', name },
  health: { status: 'ok', matched: [], missing: [] },
  takenAt: 1,
});

beforeAll(async () => {
  db = await openStore(`account360-${Math.random()}`);
  await loadDemo(db, now);
});
beforeEach(() => fakeBrowser.reset());

describe('account 360 in the tab view', () => {
  it('a customer account page carries health, renewal and whitespace', async () => {
    const entity = await view(company('90001', 'Iberia Logística S.L.'));
    const a = entity.account360!;
    expect(a.accountId).toBe(entity.accounts[0]!.account.id);
    expect(a.health?.band).toBeDefined();
    expect(a.health!.signals.length).toBeGreaterThan(0);
    expect(a.renewal?.daysLeft).toBeGreaterThan(0);
    // the matrix: Iberia and its three units (read through the parent index) × the catalogue
    const m = a.matrix;
    expect(m.units.map((u) => u.label)).toEqual(['Iberia Logística S.L.', 'Frío', 'Canarias', 'Portugal']);
    const row = (unitId: string) => Object.fromEntries(m.products.map((p, j) => [p.id, m.cells[m.units.findIndex((u) => u.id === unitId)]![j]!.state]));
    expect(row('demo-acc-0001')).toMatchObject({ 'demo-prod-01': 'owned', 'demo-prod-06': 'owned', 'demo-prod-02': 'in-deal', 'demo-prod-07': 'not-applicable' });
    expect(row('demo-acc-0004')).toMatchObject({ 'demo-prod-01': 'owned', 'demo-prod-04': 'owned', 'demo-prod-03': 'in-deal' });
    // Revenue Intelligence is not sold to small companies: the Canaries unit has 60 people
    expect(row('demo-acc-0005')).toMatchObject({ 'demo-prod-05': 'not-applicable', 'demo-prod-01': 'whitespace' });
    expect(m.actions).toHaveLength(3);
    expect(m.actions[0]!.reason.en).toMatch(/^(Fallback: )?\d+ of \d+ .*customers.* own .* · est\. €[\d.]+k? ARR$/);
    // retention: 20 seats more and Data Enrichment cancelled; healthy, so nothing at risk yet
    expect(a.retention).toMatchObject({ startArr: 56100, endArr: 60000, expansion: 8700, churn: 4800 });
    expect(a.atRisk?.arr).toBe(0);
    // the book of the demo's current user (Lucía, Iberia's owner), in euros first
    expect(a.book?.byCurrency[0]?.accounts).toBeGreaterThan(1);
    expect(a.book?.byCurrency[0]?.nrr).toBeGreaterThan(0);
    // the page's own account is never its own peer: a second read gives the same answer from the cache
    const again = (await view(company('90001', 'Iberia Logística S.L.'))).account360!;
    expect(again.matrix).toEqual(m);
  });

  it('a contact of a customer carries its account’s panel too', async () => {
    const entity = await view({
      url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51001',
      ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' },
      entity: { type: 'person', fullName: 'María José García López' },
      health: { status: 'ok', matched: [], missing: [] },
      takenAt: 1,
    });
    expect(entity.account360?.accountId).toBe(entity.people[0]!.account!.id);
    expect(entity.account360?.health).toBeDefined();
  });

  it('a prospect’s page has none', async () => {
    const prospect = (await db.getAll('accounts')).find((x) => x.lifecycle === 'prospect' && x.crmRefs[0]?.system === 'hubspot')!;
    const entity = await view(company(prospect.crmRefs[0]!.id, prospect.name));
    expect(entity.accounts[0]?.account.id).toBe(prospect.id);
    expect(entity.account360).toBeUndefined();
  });
});
