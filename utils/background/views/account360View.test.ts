// The account manager's panel data, through the real background handlers on the demo workspace:
// a customer's company page carries health, renewal and whitespace; a prospect's does not.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../../store/db';
import { createHandlers } from '../handlers';
import { createMatchService } from '../matchService';
import { loadDemo } from '../workspace';
import type { PageSnapshot } from '../../sites/snapshot';

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
    expect(m.actions[0]!.reason.en).toMatch(/^(Wider comparison: )?\d+ of \d+ .*customers.* own .* · €[\d.]+k? ARR if bought$/);
    // retention: 20 seats more and Data Enrichment cancelled; healthy, so nothing at risk yet
    expect(a.retention).toMatchObject({ startArr: 56100, endArr: 60000, expansion: 8700, churn: 4800 });
    // the seats were sold as an add-on: the reason reaches the panel, in both languages
    expect(a.retention?.movements[0]).toEqual({ productId: 'demo-prod-01', kind: 'expansion', amount: 8700, via: 'add-on' });
    expect(a.retention?.text.en).toContain('+€8,700 expansion (from add-ons)');
    expect(a.retention?.text.es).toContain('expansión (por ampliaciones)');
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

describe('key account and ABM in the tab view (the demo workspace)', () => {
  it('Iberia is a key account by its share of revenue, with ACV, CLV and a half-done plan', async () => {
    const k = (await view(company('90001', 'Iberia Logística S.L.'))).account360!.keyAccount!;
    expect(k.key).toBe(true);
    expect(k.basis).toBe('both');
    // Iberia, Portugal and Frío: 60,000 + 10,800 + 21,600
    expect(k.acv).toBe(92_400);
    expect(k.share).toBeGreaterThanOrEqual(k.threshold);
    expect(k.clv.value).toBeGreaterThan(k.acv + k.clv.toDate);
    const states = Object.fromEntries(k.plan!.items.map((i) => [i.key, i.state]));
    expect(states).toEqual({
      profile: 'done',
      needs: 'done',
      audience: 'missing',
      manager: 'done',
      'value-adds': 'missing',
      commitments: 'done',
      alignment: 'missing',
      review: 'due',
    });
    expect(k.plan!.items.find((i) => i.key === 'manager')?.evidence?.en).toBe('Lucía Fernández');
    // Juan Carlos's ticket of five hours ago: 7 h left of the 12 h SLA
    expect(k.response).toMatchObject({ overdue: false, hours: 7 });
  });

  it('a plan edit is stored, tells the surfaces, and the next view shows it done', async () => {
    const events: unknown[] = [];
    const h = createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e), matches: createMatchService(() => now) });
    const plan = await h['account/plan-edit'](
      { type: 'account/plan-edit', accountId: 'demo-acc-0001', edit: { item: 'audience', done: true, note: 'Retailers and e-commerce in Iberia' } },
      { sender: sender('chrome-extension://x/sidebar.html') },
    );
    expect(plan.items.audience?.note).toBe('Retailers and e-commerce in Iberia');
    expect(events).toContainEqual({ type: 'event/entities-changed', ids: ['demo-acc-0001'] });
    const k = (await view(company('90001', 'Iberia Logística S.L.'))).account360!.keyAccount!;
    expect(k.plan!.items.find((i) => i.key === 'audience')).toMatchObject({ state: 'done', note: 'Retailers and e-commerce in Iberia' });
    await expect(
      h['account/plan-edit']({ type: 'account/plan-edit', accountId: 'demo-acc-0001', edit: { item: 'review', done: true, at: '2030-01-01' } }, { sender: sender('chrome-extension://x/sidebar.html') }),
    ).rejects.toThrow(/future/);
    await h['account/plan-edit']({ type: 'account/plan-edit', accountId: 'demo-acc-0001', edit: { item: 'audience', done: false } }, { sender: sender('chrome-extension://x/sidebar.html') });
  });

  it('the key-account threshold from Options changes who is key', async () => {
    const h = handlers();
    const ext = { sender: sender('chrome-extension://x/options.html') };
    expect(await h['settings/key-accounts-get']({ type: 'settings/key-accounts-get' }, ext)).toEqual({ revenueShare: 0.02 });
    await h['settings/key-accounts-set']({ type: 'settings/key-accounts-set', settings: { revenueShare: 0.5 } }, ext);
    const k = (await view(company('90001', 'Iberia Logística S.L.'))).account360!.keyAccount!;
    expect(k).toMatchObject({ basis: 'flag', threshold: 0.5 });
    await h['settings/key-accounts-set']({ type: 'settings/key-accounts-set', settings: { revenueShare: 0.02 } }, ext);
  });

  it('Iberia’s ABM: tier 1, both owners, late-stage support and what moved this week', async () => {
    const entity = await view(company('90001', 'Iberia Logística S.L.'));
    const abm = entity.abm!;
    expect(abm.tier).toBe('tier-1');
    expect(abm.salesOwner?.name).toBe('Lucía Fernández');
    expect(abm.marketingOwner?.name).toBe('Pablo Ortega');
    expect(abm.phase).toBe('late');
    expect(abm.moves.map((m) => m.kind)).toContain('stage');
    expect(abm.moves.find((m) => m.kind === 'stage')?.text.en).toMatch(/proposal → negotiation/);
    expect(abm.review?.position).toBeGreaterThanOrEqual(1);
    expect(abm.review?.total).toBeGreaterThan(1);
  });

  it('the weekly review: Lucía’s target accounts, each with its week, account by account', async () => {
    const h = handlers();
    const ext = { sender: sender('chrome-extension://x/sidepanel.html') };
    const { entries } = await h['abm/review']({ type: 'abm/review' }, ext);
    expect(entries.length).toBeGreaterThan(3);
    expect(entries[0]!.tier).toBe('tier-1');
    const accounts = [];
    for (const e of entries) accounts.push(await h['abm/account']({ type: 'abm/account', accountId: e.accountId }, ext));
    // the review has content: several accounts moved this week
    expect(accounts.filter((a) => a.abm.moves.length > 0).length).toBeGreaterThan(1);
    expect(accounts.every((a) => a.abm.support.items.length > 0)).toBe(true);
  });

  it('a target prospect’s page carries ABM but no account panel', async () => {
    const entity = await view(company('90002', 'Northwind Logistics Inc.'));
    expect(entity.account360).toBeUndefined();
    expect(entity.abm).toMatchObject({ tier: 'tier-2', salesOwner: { name: 'Emily Carter' }, marketingOwner: { name: 'James Whitaker' }, phase: 'early' });
    expect(entity.abm?.moves.map((m) => m.kind)).toContain('stalled');
  });
});
