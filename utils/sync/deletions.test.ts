// crm deletions and Pipedrive leads, end to end over real HTTP against the local fakes: a record
// deleted in the CRM leaves Dealside (or stays, marked, when it holds the rep's work), a restore
// brings it back; Pipedrive's Leads inbox is pulled and BANT on a lead is pushed to it.
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { openStore, type Db } from '../store/db';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer } from '../domain/qualification/qualification';
import { goneFromCrm } from '../domain/entities';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock } from '../../tests/support/sync';
import { allEntries } from '../store/outbox';
import { listConflicts } from './conflicts';
import type { LaunchWebAuthFlow } from './auth';
import { SALESFORCE_DELETED_EVERY_MS } from './connectors/salesforce';
import { HUBSPOT_ARCHIVED_EVERY_MS } from './connectors/hubspot';
import { PIPEDRIVE_DELETED_EVERY_MS } from './connectors/pipedrive';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

function service(db: Db, clock: VirtualClock) {
  const launchWebAuthFlow: LaunchWebAuthFlow = async ({ url }) => (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? undefined;
  return new SyncService(
    { db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(11), timeoutMs: 30_000, launchWebAuthFlow, redirectUri: 'https://ext.chromiumapp.org/', oauthClients: { salesforce: { clientId: 'dealside-client' } } },
    true,
  );
}

async function answerBudget(db: Db, dealId: string, at: Date) {
  await editQualification(db, { entityType: 'deal', entityId: dealId }, at, (q) => applyBantAnswer(q, { letter: 'budget', status: 'confirmed' }, { by: 'rep', at }));
}

describe('Salesforce deletions (sObject Get Deleted)', () => {
  async function setup() {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    await fake.start();
    stops.push(() => fake.stop());
    const db = await openStore(`sfdel-${Math.random()}`);
    const s = service(db, clock);
    return { clock, fake, db, service: s };
  }

  it('removes a deleted record, keeps and marks one with the rep’s work, unlinks a deleted contact role, and brings an undeleted one back', async () => {
    const t = await setup();
    const acc = t.fake.insert('Account', { Name: 'Northwind' });
    const c1 = t.fake.insert('Contact', { FirstName: 'Ana', LastName: 'Ruiz', AccountId: acc.Id! });
    const c2 = t.fake.insert('Contact', { FirstName: 'Luis', LastName: 'Gil' });
    const opp1 = t.fake.insert('Opportunity', { Name: 'Gone', StageName: 'Qualification', CloseDate: '2027-03-31', AccountId: acc.Id! });
    const opp2 = t.fake.insert('Opportunity', { Name: 'Worked on', StageName: 'Qualification', CloseDate: '2027-03-31' });
    const role = t.fake.insert('OpportunityContactRole', { OpportunityId: opp2.Id!, ContactId: c2.Id! });
    const c3 = t.fake.insert('Contact', { FirstName: 'Rosa', LastName: 'Vidal' });
    const opp3 = t.fake.insert('Opportunity', { Name: 'Still open', StageName: 'Qualification', CloseDate: '2027-03-31' });
    const role3 = t.fake.insert('OpportunityContactRole', { OpportunityId: opp3.Id!, ContactId: c3.Id! });
    await t.service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: t.fake.url });
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', `salesforce-deal-${opp2.Id}`))!.contactIds).toEqual([`salesforce-person-${c2.Id}`]);

    // the rep answers BANT on opp2 and it is pushed; later both opportunities, c1 and the role are deleted
    const now = new Date(t.clock.now());
    await answerBudget(t.db, `salesforce-deal-${opp2.Id}`, now);
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toHaveLength(0);
    t.clock.advance(10 * 60_000);
    t.fake.remove('Opportunity', opp1.Id as string);
    t.fake.remove('Opportunity', opp2.Id as string);
    t.fake.remove('Contact', c1.Id as string);
    t.fake.remove('OpportunityContactRole', role.Id as string);
    t.fake.remove('OpportunityContactRole', role3.Id as string);
    t.clock.advance(SALESFORCE_DELETED_EVERY_MS);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    for (const o of ['Account', 'Contact', 'Lead', 'Opportunity', 'OpportunityContactRole']) expect(t.fake.counters.byRoute[`GET /services/data/v62.0/sobjects/${o}/deleted/`]).toBe(1);
    expect(await t.db.get('deals', `salesforce-deal-${opp1.Id}`)).toBeUndefined();
    expect(await t.db.get('people', `salesforce-person-${c1.Id}`)).toBeUndefined();
    const kept = (await t.db.get('deals', `salesforce-deal-${opp2.Id}`))!;
    expect(kept.crmDeleted).toMatchObject({ system: 'salesforce' });
    expect(goneFromCrm(kept)).toBe(true);
    // the deal deleted with its contact role keeps its contact (for "create it again") …
    expect(kept.contactIds).toEqual([`salesforce-person-${c2.Id}`]);
    // … while a contact role deleted on a live opportunity unlinks the contact
    expect((await t.db.get('deals', `salesforce-deal-${opp3.Id}`))!.contactIds).toEqual([]);
    expect(await t.db.get('qualifications', kept.id)).toBeDefined();

    // an edit on the deleted deal is refused with the reason instead of retrying for ever
    const at = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: kept.id }, at, (q) => applyBantAnswer(q, { letter: 'budget', status: 'partial' }, { by: 'rep', at }));
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.failed).toBe(1);
    const [entry] = await allEntries(t.db);
    expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'not-found' } });
    expect(entry!.lastError!.message).toMatch(/deleted in Salesforce/);

    // undeleted in Salesforce: back in the CRM, and the refused change goes out
    t.fake.undelete('Opportunity', opp2.Id as string);
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', kept.id))!.crmDeleted).toBeUndefined();
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toHaveLength(0);
  });

  it('reads at most the 15 days Salesforce keeps, and waits when the window is under two minutes', async () => {
    const t = await setup();
    await t.service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: t.fake.url });
    await t.service.engine.run({ pull: 'now' });
    const c = t.fake.insert('Contact', { LastName: 'Old' });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    t.fake.remove('Contact', c.Id as string);
    // the worker slept 40 days: the start is clamped (no INVALID_REPLICATION_DATE), the deletion is seen
    t.clock.advance(40 * 86_400_000);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.log.filter((l) => l.path.endsWith('/deleted/')).every((l) => l.status === 200)).toBe(true);
    // the contact was deleted 40 days ago: past the log, so it is only known once a push says 404
    expect(await t.db.get('people', `salesforce-person-${c.Id}`)).toBeDefined();
    // a check right after the previous one: nothing asked
    t.clock.advance(SALESFORCE_DELETED_EVERY_MS);
    const conn = (await t.db.get('syncConnections', 'salesforce'))!;
    await t.db.put('syncConnections', { ...conn, cursors: { ...conn.cursors, deleted: { ...conn.cursors.deleted!, since: new Date(t.clock.now() - 60_000).toISOString() } } });
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.log.filter((l) => l.path.endsWith('/deleted/'))).toHaveLength(0);
  });
});

describe('HubSpot deletions (archived records)', () => {
  async function setup() {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    await fake.start();
    stops.push(() => fake.stop());
    const db = await openStore(`hsdel-${Math.random()}`);
    const s = service(db, clock);
    await s.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url });
    return { clock, fake, db, service: s };
  }

  it('pages through the recycle bin every 3 hours, removes what was archived, keeps and marks a record with unsent edits, and brings a restored one back', async () => {
    const t = await setup();
    const contacts = Array.from({ length: 250 }, (_, i) => t.fake.seed('contacts', { firstname: `C${i}`, lastname: 'Ng', email: `c${i}@ng.example` }));
    const d1 = t.fake.seed('deals', { dealname: 'Kept', dealstage: 'qualifiedtobuy' });
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('people', `hubspot-person-${contacts[0]!.id}`)).toBeDefined();

    // an unsent BANT answer on d1 (the push is refused for now), then 230 contacts and d1 are archived
    t.fake.failNext(5, 503, (r) => r.path.includes('/deals/batch/'));
    await answerBudget(t.db, `hubspot-deal-${d1.id}`, new Date(t.clock.now()));
    for (const c of contacts.slice(0, 230)) t.fake.archive('contacts', c.id);
    t.fake.archive('deals', d1.id);
    t.fake.clearFaults();
    // nothing is read before the cadence is due
    t.clock.advance(60_000);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.byRoute['GET /crm/v3/objects/contacts'] ?? 0).toBe(0);
    t.clock.advance(HUBSPOT_ARCHIVED_EVERY_MS);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.byRoute['GET /crm/v3/objects/contacts']).toBe(3); // 100 + 100 + 30 archived
    expect(await t.db.get('people', `hubspot-person-${contacts[0]!.id}`)).toBeUndefined();
    expect(await t.db.get('people', `hubspot-person-${contacts[240]!.id}`)).toBeDefined();
    const kept = (await t.db.get('deals', `hubspot-deal-${d1.id}`))!;
    expect(kept.crmDeleted).toMatchObject({ system: 'hubspot' });
    const entries = await allEntries(t.db);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatchObject({ state: 'failed', lastError: { code: 'not-found' } });

    // restored in HubSpot: it comes back with the next pull, and the kept answer goes out
    t.fake.restore('deals', d1.id);
    t.fake.restore('contacts', contacts[0]!.id);
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', kept.id))!.crmDeleted).toBeUndefined();
    expect(await t.db.get('people', `hubspot-person-${contacts[0]!.id}`)).toBeDefined();
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toHaveLength(0);
  });

  it('a 404 when pushing means the record is gone: marked, and the entry fails with the reason', async () => {
    const t = await setup();
    const d = t.fake.seed('deals', { dealname: 'Vanishing' });
    await t.service.engine.run({ pull: 'now' });
    t.fake.archive('deals', d.id);
    await answerBudget(t.db, `hubspot-deal-${d.id}`, new Date(t.clock.now()));
    await t.service.engine.run({ pull: 'never' });
    expect((await t.db.get('deals', `hubspot-deal-${d.id}`))!.crmDeleted).toMatchObject({ system: 'hubspot' });
    const [entry] = await allEntries(t.db);
    expect(entry).toMatchObject({ state: 'failed', lastError: { code: 'not-found' } });
  });

  it('an edit made after a restore the pull has not seen yet waits with the refused ones: no false conflict, the last value wins', async () => {
    // found by the chaos test: pushed alone, the new edit met HubSpot's value from before the
    // refused edit, took the rep's own earlier value for someone else's, and became a conflict
    const t = await setup();
    const d = t.fake.seed('deals', { dealname: 'Back again' });
    await t.service.engine.run({ pull: 'now' });
    const id = `hubspot-deal-${d.id}`;
    const budget = (amount: number) => {
      const at = new Date(t.clock.now());
      return editQualification(t.db, { entityType: 'deal', entityId: id }, at, (q) => applyBantAnswer(q, { letter: 'budget', status: 'confirmed', amount }, { by: 'rep', at }));
    };
    t.fake.archive('deals', d.id);
    await budget(1000);
    await t.service.engine.run({ pull: 'never' }); // 404: marked, refused
    t.fake.restore('deals', d.id);
    t.clock.advance(1000);
    await budget(2000);
    await t.service.engine.run({ pull: 'never' });
    expect(await listConflicts(t.db)).toEqual([]);
    const entries = await allEntries(t.db);
    expect(entries).toHaveLength(2);
    for (const e of entries) expect(e).toMatchObject({ state: 'failed', lastError: { code: 'not-found' } });
    // the pull sees the restore: both go out again, merged, in order
    await t.service.engine.run({ pull: 'now' });
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(await listConflicts(t.db)).toEqual([]);
    expect(t.fake.objects.deals.get(d.id)!.properties).toMatchObject({ dealside_budget_status: 'confirmed', dealside_budget_amount: '2000' });
    expect((await t.db.get('deals', id))!.crmDeleted).toBeUndefined();
  });
});

describe('Pipedrive deletions (recents) and leads', () => {
  const TOKEN = 'pd-api-token-0123456789abcdef';
  async function setup() {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now, burstLimit: 40 });
    await fake.start();
    stops.push(() => fake.stop());
    const db = await openStore(`pddel-${Math.random()}`);
    const s = service(db, clock);
    const connect = () => s.connectToken({ system: 'pipedrive', token: TOKEN, baseUrl: fake.url, startSync: false });
    return { clock, fake, db, service: s, connect };
  }

  it('removes deleted persons and deals seen in /v1/recents, and a restored one comes back', async () => {
    const t = await setup();
    const org = t.fake.seed('organizations', { name: 'Andinos' });
    const p = t.fake.seed('persons', { first_name: 'Rosa', last_name: 'Quispe', org_id: org.id });
    const d = t.fake.seed('deals', { title: 'Fleet', value: 10, currency: 'USD', stage_id: 1, person_id: p.id, org_id: org.id });
    await t.connect();
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', `pipedrive-deal-${d.id}`))!.contactIds).toEqual([`pipedrive-person-${p.id}`]);
    t.fake.remove('persons', p.id);
    t.fake.remove('organizations', org.id);
    t.clock.advance(PIPEDRIVE_DELETED_EVERY_MS);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.byRoute['GET /v1/recents']).toBe(1);
    expect(await t.db.get('people', `pipedrive-person-${p.id}`)).toBeUndefined();
    expect(await t.db.get('accounts', `pipedrive-account-${org.id}`)).toBeUndefined();
    const deal = (await t.db.get('deals', `pipedrive-deal-${d.id}`))!;
    expect(deal.contactIds).toEqual([]);
    expect(deal.accountId).toBeUndefined();
    t.fake.restore('persons', p.id);
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('people', `pipedrive-person-${p.id}`)).toMatchObject({ firstName: 'Rosa' });
  });

  it('pulls the Leads inbox as deals of type lead (first and incremental), pushes BANT to the lead, and follows an archived lead', async () => {
    const t = await setup();
    const person = t.fake.seed('persons', { first_name: 'Marta', last_name: 'Vidal' });
    const leads = Array.from({ length: 620 }, (_, i) => t.fake.seedLead({ title: `Lead ${i}`, person_id: i === 0 ? person.id : null, value: { amount: 100 + i, currency: 'EUR' }, expected_close_date: '2027-05-31' }));
    await t.connect();
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.byRoute['GET /v1/leads']).toBe(2); // 500 + 120
    const id = `pipedrive-deal-${leads[0]!.id}`;
    expect(await t.db.get('deals', id)).toMatchObject({ name: 'Lead 0', amount: 100, currency: 'EUR', closeDate: '2027-05-31', stage: 'discovery', contactIds: [`pipedrive-person-${person.id}`], crmRefs: [{ system: 'pipedrive', objectType: 'lead', id: leads[0]!.id }] });
    expect(await t.db.count('deals')).toBe(620);

    // incremental: one page, stopped at the first lead older than the last read
    t.fake.editLead(leads[7]!.id, { title: 'Lead 7 (hot)' });
    t.clock.advance(60_000);
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.byRoute['GET /v1/leads']).toBe(1);
    expect(report.pulled).toBe(1);
    expect((await t.db.get('deals', `pipedrive-deal-${leads[7]!.id}`))!.name).toBe('Lead 7 (hot)');

    // BANT on the lead goes to the lead's deal custom field
    await answerBudget(t.db, id, new Date(t.clock.now()));
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toHaveLength(0);
    const key = t.fake.fieldKey('deals', 'Dealside: Budget status')!;
    expect(t.fake.leads.get(leads[0]!.id)![key]).toBe('confirmed');
    expect(t.fake.counters.byRoute[`PATCH /v1/leads/${leads[0]!.id}`]).toBe(1);

    // archived in Pipedrive: still in the CRM (the archive), dismissed
    t.fake.editLead(leads[3]!.id, { is_archived: true });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', `pipedrive-deal-${leads[3]!.id}`))!.stage).toBe('closed-lost');

    // deleted lead: Pipedrive answers 404 to the push, the lead is marked and the change refused
    t.fake.leads.delete(leads[5]!.id);
    await answerBudget(t.db, `pipedrive-deal-${leads[5]!.id}`, new Date(t.clock.now()));
    await t.service.engine.run({ pull: 'never' });
    expect((await t.db.get('deals', `pipedrive-deal-${leads[5]!.id}`))!.crmDeleted).toMatchObject({ system: 'pipedrive' });
    expect((await allEntries(t.db))[0]).toMatchObject({ state: 'failed', lastError: { code: 'not-found' } });
  });
});
