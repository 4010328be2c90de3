// The Salesforce connector and engine against the local Salesforce fake (real HTTP).
import { afterEach, describe, expect, it } from 'vitest';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { openStore } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer } from '../domain/qualification/qualification';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { VirtualClock, deal, inCrm, person, account } from '../../tests/support/sync';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { createLocalRecord, linkLocalRecords } from '../../tests/support/localRecords';
import { salesforceBantField, soqlDateTime } from './connectors/salesforce';
import { createPersonWithAccount, logActivity } from './sdrActions';
import type { Activity } from '../domain/entities';
import type { LaunchWebAuthFlow } from './auth';
import { readSecret } from './secrets';

const fakes: SalesforceFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function setup(options: ConstructorParameters<typeof SalesforceFake>[0] = {}, connect = true) {
  const clock = new VirtualClock();
  const fake = new SalesforceFake({ now: clock.now, ...options });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`sf-${Math.random()}`);
  // The identity API's window: follow the authorize redirect and hand back where it lands.
  const launchWebAuthFlow: LaunchWebAuthFlow = async ({ url }) => (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? undefined;
  const service = new SyncService(
    {
      db,
      fetch,
      now: clock.now,
      sleep: clock.sleep,
      random: mulberry32(3),
      timeoutMs: 30_000,
      launchWebAuthFlow,
      redirectUri: 'https://ext.chromiumapp.org/',
      oauthClients: { salesforce: { clientId: 'dealside-client' } },
    },
    true,
  );
  if (connect) {
    await service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url });
    await service.engine.run();
  }
  return { clock, fake, db, service };
}

describe('Salesforce connector', () => {
  it('maps the standard fields and the admin’s Dealside custom fields on connect', async () => {
    const t = await setup();
    const [c] = (await t.service.status()).connections;
    expect(c).toMatchObject({ system: 'salesforce', label: 'Salesforce Iberia Analytics S.L.', status: 'connected', capabilities: { dealsideIdField: true, bant: 'mapped' } });
    const conn = await t.db.get('syncConnections', 'salesforce');
    expect(conn!.fieldMap.deal).toMatchObject({ name: 'Name', stage: 'StageName', 'bant.timing.targetDate': 'Dealside_Timing_Target_Date__c' });
    expect(conn!.fieldMap.lead).toMatchObject({ companyName: 'Company', 'bant.need.statement': 'Dealside_Need_Statement__c' });
    expect(salesforceBantField('bant.authority.engaged')).toBe('Dealside_Authority_Engaged__c');
  });

  it('says which BANT fields an admin must add when they are missing', async () => {
    const t = await setup({ dealsideFields: false });
    const [c] = (await t.service.status()).connections;
    expect(c!.capabilities).toEqual({ dealsideIdField: false, bant: 'missing', activityIds: 'marker', lineBilling: '' });
    expect(c!.message).toMatch(/ask a Salesforce admin to add Dealside_Budget_Status__c/);
  });

  it('pulls with SOQL on SystemModstamp following nextRecordsUrl, and an unchanged org costs one query per object', async () => {
    const t = await setup({}, false);
    const acc = t.fake.insert('Account', { Name: 'Northwind Traders', Website: 'https://www.northwind.example' });
    for (let i = 0; i < 4500; i++) t.fake.insert('Contact', { FirstName: `C${i}`, LastName: 'Smith', Email: `c${i}@northwind.example`, AccountId: i < 2 ? acc.Id! : null });
    const lead = t.fake.insert('Lead', { FirstName: 'Andrés', LastName: 'Ruiz', Company: 'Acme', Status: 'Open - Not Contacted' });
    await t.service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: t.fake.url, startSync: false });
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.pulled).toBe(4500 + 1 + 1); // contacts, the account, the lead
    expect(t.fake.counters.byRoute['GET /services/data/v62.0/query/{locator}']).toBe(2); // 2000 + 2000 + 500
    expect(await t.db.count('people')).toBe(4501);
    const p = (await t.db.getAllFromIndex('people', 'byCrmKey', `salesforce:person:${t.fake.find('Contact', 'Email', 'c0@northwind.example')[0]!.Id}`))[0]!;
    expect(p).toMatchObject({ kind: 'contact', firstName: 'C0', emails: ['c0@northwind.example'], accountId: `salesforce-account-${acc.Id}` });
    expect((await t.db.get('people', `salesforce-person-${lead.Id}`))).toMatchObject({ kind: 'lead', companyName: 'Acme' });
    expect((await t.db.get('accounts', `salesforce-account-${acc.Id}`))!.domain).toBe('northwind.example');

    t.clock.advance(5 * 60_000);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.requests).toBe(8); // one query per object, the users' (record owners) included
    const status = (await t.service.status()).connections[0]!;
    expect(status.usage).toMatchObject({ kind: 'daily-requests', limit: 15000 });
    expect(status.usage!.used).toBe(t.fake.apiUsed);
  });

  it('pulls the account hierarchy from Account.ParentId, a unit read before its parent too', async () => {
    const t = await setup({}, false);
    const group = t.fake.insert('Account', { Name: 'Grupo Andes S.A.', Website: 'https://grupoandes.pe' });
    const unit = t.fake.insert('Account', { Name: 'Andes Frío S.A.', ParentId: String(group.Id) });
    t.fake.insert('Account', { Name: 'Sur Cargo' });
    await t.service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: t.fake.url, startSync: false });
    await t.service.engine.run({ pull: 'now' });
    const local = (id: unknown) => t.db.get('accounts', `salesforce-account-${String(id)}`);
    expect((await local(unit.Id))!.parentId).toBe(`salesforce-account-${String(group.Id)}`);
    expect(await local(group.Id)).toMatchObject({ name: 'Grupo Andes S.A.' });
    expect((await local(group.Id))!.parentId).toBeUndefined();
    // moved out of the group in Salesforce: no parent here either
    t.clock.advance(60_000);
    t.fake.edit('Account', String(unit.Id), { ParentId: null });
    await t.service.engine.run({ pull: 'now' });
    expect((await local(unit.Id))!.parentId).toBeUndefined();
  });

  it('starts a new query when the query locator expired while the worker was stopped', async () => {
    const t = await setup({ locatorTtlMs: 60_000 }, false);
    for (let i = 0; i < 5000; i++) t.fake.insert('Contact', { LastName: `L${i}` });
    await t.service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: t.fake.url, startSync: false });
    const connector = t.service.engine.connectorFor((await t.db.get('syncConnections', 'salesforce'))!);
    const it1 = connector.pull('Contact', undefined);
    const step = await it1.next();
    if (step.done) throw new Error('no page');
    const first = step.value;
    expect(first.records).toHaveLength(2000);
    t.clock.advance(16 * 60_000); // the locator is gone
    const ids = new Set(first.records.map((r) => r.crmId));
    for await (const page of connector.pull('Contact', first.cursor)) for (const r of page.records) ids.add(r.crmId);
    expect(ids.size).toBe(5000);
    expect(soqlDateTime('2026-11-22T10:00:00.123Z')).toBe('2026-11-22T10:00:00Z');
  });

  it('pushes BANT to the opportunity’s custom fields through sObject collections, checking for changes first', async () => {
    const t = await setup();
    const opp = t.fake.insert('Opportunity', { Name: 'Iberia 2027', StageName: 'Qualification', CloseDate: '2027-03-31', Amount: 80000 });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inCrm('salesforce', 'deal', 'Opportunity', String(opp.Id)), stage: 'qualification', amount: 80000, closeDate: '2027-03-31' })]);
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) =>
      applyBantAnswer(q, { letter: 'timing', horizon: 'this-quarter', targetDate: '2027-01-31' }, { by: 'rep', at: now }),
    );
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report).toMatchObject({ pushed: 1, failed: 0 });
    expect(t.fake.records.Opportunity!.get(String(opp.Id))).toMatchObject({ Dealside_Timing_Status__c: 'confirmed', Dealside_Timing_Horizon__c: 'this-quarter', Dealside_Timing_Target_Date__c: '2027-01-31' });
    expect(t.fake.counters.byRoute['GET /services/data/v62.0/query']).toBe(1); // the read before the write
    expect(t.fake.counters.byRoute['PATCH /services/data/v62.0/composite/sobjects']).toBe(1);
  });

  it('creates by upsert on Dealside_Id__c, so a lost answer never makes a second record; contact roles are not doubled', async () => {
    const t = await setup();
    const now = new Date(t.clock.now());
    await createLocalRecord(t.db, 'account', account('a-1', 'Acme Ibérica'), now);
    await createLocalRecord(t.db, 'person', person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], accountId: 'a-1' }), now);
    await createLocalRecord(t.db, 'deal', deal('d-1', 'Acme platform', { accountId: 'a-1', contactIds: ['p-1'], amount: 90000, source: 'local' }), now);
    t.fake.failNext(2, 'lost-response', (r) => r.path.includes('/composite/sobjects/'));
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path.endsWith('/composite/sobjects'));
    for (let i = 0; i < 5; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(20 * 60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('Account', 'Dealside_Id__c', 'a-1')).toHaveLength(1);
    expect(t.fake.find('Contact', 'Dealside_Id__c', 'p-1')).toHaveLength(1);
    const opp = t.fake.find('Opportunity', 'Dealside_Id__c', 'd-1')[0]!;
    expect(opp).toMatchObject({ Name: 'Acme platform', Amount: 90000, StageName: 'Prospecting', AccountId: t.fake.find('Account', 'Dealside_Id__c', 'a-1')[0]!.Id });
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', String(opp.Id))).toHaveLength(1);
    expect(t.fake.counters.creates).toBe(4);
    await linkLocalRecords(t.db, { entity: 'deal', localId: 'd-1' }, { entity: 'person', localId: 'p-1', kind: 'contact' }, now);
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.find('OpportunityContactRole', 'OpportunityId', String(opp.Id))).toHaveLength(1);
  });

  it('stops before the daily API budget runs out, keeps the edits, and shows the usage', async () => {
    const t = await setup({ apiLimit: 40 });
    const opp = t.fake.insert('Opportunity', { Name: 'X', StageName: 'Qualification', CloseDate: '2027-03-31' });
    await putAll(t.db, 'deals', [deal('d-1', 'X', { ...inCrm('salesforce', 'deal', 'Opportunity', String(opp.Id)), stage: 'qualification', closeDate: '2027-03-31' })]);
    t.fake.apiUsed = 39;
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyBantAnswer(q, { letter: 'need', category: 'scale' }, { by: 'rep', at: now }));
    await t.service.engine.run({ pull: 'never' });
    await t.service.engine.run({ pull: 'never' });
    const c = (await t.service.status()).connections[0]!;
    expect(c.lastError?.code).toBe('budget-exhausted');
    expect(c.lastError?.message).toMatch(/daily API budget/);
    expect(c.blockedUntil).toBeDefined();
    expect(c.usage).toMatchObject({ kind: 'daily-requests', limit: 40 });
    expect(await allEntries(t.db)).toHaveLength(1);
    expect(t.fake.apiUsed).toBeLessThanOrEqual(41);
  });

  it('connects with OAuth (PKCE) through the identity API, and refreshes the session on 401', async () => {
    const t = await setup({}, false);
    const view = await t.service.connectOAuth('salesforce', { loginHost: t.fake.url });
    expect(view).toMatchObject({ system: 'salesforce', authKind: 'oauth', status: 'connected' });
    const secret = (await readSecret(t.db, 'salesforce'))!;
    expect(secret.refreshToken).toMatch(/^5Aep/);
    expect(secret.tokenUrl).toBe(`${t.fake.url}/services/oauth2/token`);
    await t.service.engine.run();
    // the session expires; the engine refreshes it and carries on
    t.fake.expire(secret.accessToken);
    const opp = t.fake.insert('Opportunity', { Name: 'Y', StageName: 'Qualification', CloseDate: '2027-03-31' });
    t.clock.advance(10 * 60_000);
    const report = await t.service.syncNow('salesforce');
    expect(report.errors).toEqual([]);
    expect(await t.db.get('deals', `salesforce-deal-${opp.Id}`)).toBeDefined();
    expect((await readSecret(t.db, 'salesforce'))!.accessToken).not.toBe(secret.accessToken);
    // the refresh token is revoked too: reconnect, edits kept
    t.fake.refreshTokens.clear();
    t.fake.expire((await readSecret(t.db, 'salesforce'))!.accessToken);
    t.clock.advance(10 * 60_000);
    await t.service.syncNow('salesforce');
    expect((await t.service.status()).connections[0]).toMatchObject({ status: 'reconnect-needed' });
  });

  it('refuses a wrong state or a denied consent with a clear message', async () => {
    const t = await setup({}, false);
    t.fake.clients.set('dealside-client', { redirectUri: 'https://ext.chromiumapp.org/' });
    const denied = new SyncService(
      { ...t.service.deps, launchWebAuthFlow: async () => 'https://ext.chromiumapp.org/?error=access_denied&error_description=end-user+denied+authorization' },
      true,
    );
    await expect(denied.connectOAuth('salesforce', { loginHost: t.fake.url })).rejects.toThrow('Salesforce refused the connection: end-user denied authorization.');
    const forged = new SyncService({ ...t.service.deps, launchWebAuthFlow: async () => 'https://ext.chromiumapp.org/?code=abc&state=not-ours' }, true);
    await expect(forged.connectOAuth('salesforce', { loginHost: t.fake.url })).rejects.toThrow(/state mismatch/);
  });
});

describe('Salesforce: LinkedIn profile links', () => {
  it('writes Dealside_LinkedIn_URL__c on a contact and on a lead, and reads it back', async () => {
    const t = await setup();
    const conn = (await t.db.get('syncConnections', 'salesforce'))!;
    expect(conn.fieldMap.person?.linkedinUrl).toBe('Dealside_LinkedIn_URL__c');
    expect(conn.fieldMap.lead?.linkedinUrl).toBe('Dealside_LinkedIn_URL__c');
    const c = t.fake.insert('Contact', { FirstName: 'Lucía', LastName: 'Martín', Email: 'lucia@acme.es' });
    const l = t.fake.insert('Lead', { FirstName: 'Andrés', LastName: 'Ruiz', Company: 'Acme', Status: 'Open - Not Contacted' });
    await putAll(t.db, 'people', [
      person('p-c', 'Lucía', 'Martín', { ...inCrm('salesforce', 'person', 'Contact', String(c.Id)), source: 'crm' }),
      person('p-l', 'Andrés', 'Ruiz', { ...inCrm('salesforce', 'person', 'Lead', String(l.Id)), kind: 'lead', companyName: 'Acme', source: 'crm' }),
    ]);
    const now = new Date(t.clock.now());
    await saveLocalEdit(t.db, { entity: 'person', localId: 'p-c' }, { linkedinUrl: 'https://es.linkedin.com/in/lucia-martin' }, now);
    await saveLocalEdit(t.db, { entity: 'person', localId: 'p-l' }, { linkedinUrl: 'https://www.linkedin.com/in/andres-ruiz' }, now);
    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.records.Contact!.get(String(c.Id))!.Dealside_LinkedIn_URL__c).toBe('https://es.linkedin.com/in/lucia-martin');
    expect(t.fake.records.Lead!.get(String(l.Id))!.Dealside_LinkedIn_URL__c).toBe('https://www.linkedin.com/in/andres-ruiz');
    t.clock.advance(10 * 60_000);
    t.fake.edit('Lead', String(l.Id), { Dealside_LinkedIn_URL__c: 'https://www.linkedin.com/in/andres-ruiz-2' });
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('people', 'p-l')).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/andres-ruiz-2', linkedinKey: 'in/andres-ruiz-2' });
  });

  it('without the field (no admin added it), says so on connect and keeps the link in Dealside only', async () => {
    const t = await setup({ linkedinField: false });
    const [view] = (await t.service.status()).connections;
    expect(view!.message).toMatch(/Contact and Lead have no Dealside_LinkedIn_URL__c field/);
    expect((await t.db.get('syncConnections', 'salesforce'))!.fieldMap.person?.linkedinUrl).toBeUndefined();
    const c = t.fake.insert('Contact', { FirstName: 'Lucía', LastName: 'Martín', Title: 'CFO' });
    await putAll(t.db, 'people', [person('p-c', 'Lucía', 'Martín', { ...inCrm('salesforce', 'person', 'Contact', String(c.Id)), title: 'CFO', source: 'crm' })]);
    const now = new Date(t.clock.now());
    await saveLocalEdit(t.db, { entity: 'person', localId: 'p-c' }, { linkedinUrl: 'https://www.linkedin.com/in/lucia-martin', title: 'CEO' }, now);
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.failed).toBe(0);
    expect(await allEntries(t.db)).toEqual([]); // nothing refused, nothing waiting
    expect(t.fake.records.Contact!.get(String(c.Id))!.Title).toBe('CEO');
    expect((await t.db.get('people', 'p-c'))!.linkedinKey).toBe('in/lucia-martin');
  });
});

describe('Salesforce: adding a person with their company', () => {
  it('a contact: an Account and a Contact with AccountId, once under lost answers', async () => {
    const t = await setup();
    const now = new Date(t.clock.now());
    await createPersonWithAccount(t.db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], linkedinUrl: 'https://www.linkedin.com/in/lucia-martin' }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es' }) }, now);
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/composite/sobjects/Contact/Dealside_Id__c'));
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/composite'));
    for (let i = 0; i < 4 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(20 * 60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(2);
    const accounts = t.fake.find('Account', 'Dealside_Id__c', 'a-1');
    const contacts = t.fake.find('Contact', 'Dealside_Id__c', 'p-1');
    expect([accounts.length, contacts.length, t.fake.counters.creates]).toEqual([1, 1, 2]);
    expect(contacts[0]).toMatchObject({ LastName: 'Martín', Email: 'lucia@acme.es', AccountId: accounts[0]!.Id, Dealside_LinkedIn_URL__c: 'https://www.linkedin.com/in/lucia-martin' });
    expect((await t.db.get('people', 'p-1'))!.crmRefs).toEqual([{ system: 'salesforce', objectType: 'Contact', id: contacts[0]!.Id }]);
  });

  it('a lead: a Lead with Company, and no Account', async () => {
    const t = await setup();
    await createPersonWithAccount(t.db, { person: person('l-1', 'Andrés', 'Ruiz', { kind: 'lead', emails: ['andres@ruiz.example'] }), account: account('a-2', 'Ruiz Logística') }, new Date(t.clock.now()));
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/composite/sobjects/Lead/Dealside_Id__c'));
    for (let i = 0; i < 3 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(20 * 60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    const [lead] = t.fake.find('Lead', 'Dealside_Id__c', 'l-1');
    expect(lead).toMatchObject({ LastName: 'Ruiz', Company: 'Ruiz Logística', Email: 'andres@ruiz.example' });
    expect(t.fake.find('Account', 'Dealside_Id__c', 'a-2')).toEqual([]);
    expect(t.fake.counters.creates).toBe(1);
    expect((await t.db.get('people', 'l-1'))!.crmRefs).toEqual([{ system: 'salesforce', objectType: 'Lead', id: lead!.Id }]);
  });
});

describe('Salesforce without Dealside_Id__c', () => {
  it('a lead without an e-mail whose create answer was lost is found by name and company among those made since: one Lead', async () => {
    const t = await setup({ dealsideFields: false });
    // an older lead of the same name at another company is someone else
    t.fake.insert('Lead', { FirstName: 'Andrés', LastName: 'Ruiz', Company: 'Otra Empresa', Status: 'Open - Not Contacted' });
    t.clock.advance(3600_000);
    await createPersonWithAccount(t.db, { person: person('l-1', 'Andrés', 'Ruiz', { kind: 'lead' }), account: account('a-2', 'Ruiz Logística') }, new Date(t.clock.now()));
    t.fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path.endsWith('/sobjects/Lead'));
    for (let i = 0; i < 4 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(20 * 60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(1);
    const leads = t.fake.find('Lead', 'LastName', 'Ruiz');
    expect(leads.map((l) => l.Company).sort()).toEqual(['Otra Empresa', 'Ruiz Logística']);
    const ours = leads.find((l) => l.Company === 'Ruiz Logística')!;
    expect((await t.db.get('people', 'l-1'))!.crmRefs).toEqual([{ system: 'salesforce', objectType: 'Lead', id: ours.Id }]);
  });
});

describe('Salesforce: adding a person, exactly once', () => {
  it('a Contact with its Account and a Lead: one each under a 429, a 401, a lost answer and a worker stopped mid-upsert', async () => {
    const t = await setup();
    let service = t.service;
    const make = () => new SyncService({ db: t.db, fetch, now: t.clock.now, sleep: t.clock.sleep, random: mulberry32(3), timeoutMs: 30_000 }, true);
    const now = new Date(t.clock.now());
    await createPersonWithAccount(t.db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'] }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es' }) }, now);
    await createPersonWithAccount(t.db, { person: person('l-1', 'Andrés', 'Ruiz', { kind: 'lead' }), account: account('a-2', 'Ruiz Logística') }, now);
    const upsert = (object: string) => (r: { path: string }) => r.path.endsWith(`/composite/sobjects/${object}/Dealside_Id__c`);
    t.fake.failNext(1, 429, upsert('Account'));
    t.fake.failNext(1, 'lost-response', upsert('Lead'));
    let fired = false;
    t.fake.failNext(1, 'lost-response', (r) => {
      if (!fired && upsert('Contact')(r)) {
        fired = true;
        service.engine.kill();
        service = make();
      }
      return false;
    });
    t.fake.failNext(1, 401, upsert('Contact'));
    for (let i = 0; i < 10 && (await allEntries(t.db)).length > 0; i++) {
      if ((await t.db.get('syncConnections', 'salesforce'))?.status === 'reconnect-needed') {
        await service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: t.fake.url, startSync: false });
      }
      await service.engine.run({ pull: 'never' }).catch(() => undefined);
      t.clock.advance(20 * 60_000);
    }
    expect(fired).toBe(true);
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(3);
    expect([t.fake.records.Account!.size, t.fake.records.Contact!.size, t.fake.records.Lead!.size, t.fake.counters.creates]).toEqual([1, 1, 1, 3]);
    const [acc] = t.fake.find('Account', 'Dealside_Id__c', 'a-1');
    expect(t.fake.find('Contact', 'Dealside_Id__c', 'p-1')[0]).toMatchObject({ AccountId: acc!.Id, Email: 'lucia@acme.es' });
    expect(t.fake.find('Lead', 'Dealside_Id__c', 'l-1')[0]).toMatchObject({ Company: 'Ruiz Logística', LastName: 'Ruiz' });
  });
});

describe('Salesforce: logging a touch', () => {
  async function withRecords(options: ConstructorParameters<typeof SalesforceFake>[0] = {}) {
    const t = await setup(options);
    const make = () =>
      new SyncService({ db: t.db, fetch, now: t.clock.now, sleep: t.clock.sleep, random: mulberry32(3), timeoutMs: 30_000 }, true);
    const acc = t.fake.insert('Account', { Name: 'Acme Ibérica' });
    const c = t.fake.insert('Contact', { FirstName: 'Lucía', LastName: 'Martín', AccountId: String(acc.Id) });
    const lead = t.fake.insert('Lead', { FirstName: 'Andrés', LastName: 'Ruiz', Company: 'Ruiz Logística' });
    const opp = t.fake.insert('Opportunity', { Name: 'Acme 2027', StageName: 'Qualification', CloseDate: '2027-03-31', AccountId: String(acc.Id) });
    await putAll(t.db, 'accounts', [account('a-1', 'Acme Ibérica', inCrm('salesforce', 'account', 'Account', String(acc.Id)))]);
    await putAll(t.db, 'people', [
      person('p-1', 'Lucía', 'Martín', { ...inCrm('salesforce', 'person', 'Contact', String(c.Id)), accountId: 'a-1', source: 'crm' }),
      person('l-1', 'Andrés', 'Ruiz', { ...inCrm('salesforce', 'person', 'Lead', String(lead.Id)), kind: 'lead', source: 'crm' }),
    ]);
    await putAll(t.db, 'deals', [deal('d-1', 'Acme 2027', { ...inCrm('salesforce', 'deal', 'Opportunity', String(opp.Id)), accountId: 'a-1', contactIds: ['p-1'] })]);
    const x = {
      ...t,
      service: t.service,
      ids: { account: String(acc.Id), contact: String(c.Id), lead: String(lead.Id), opp: String(opp.Id) },
      now: () => new Date(t.clock.now()),
      restart() {
        x.service.engine.kill();
        x.service = make();
      },
      /** run until the outbox is empty; after a 401 the rep reconnects */
      async drain(rounds = 8) {
        for (let i = 0; i < rounds && (await allEntries(t.db)).length > 0; i++) {
          if ((await t.db.get('syncConnections', 'salesforce'))?.status === 'reconnect-needed') {
            await x.service.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: t.fake.url, startSync: false });
          }
          await x.service.engine.run({ pull: 'never' }).catch(() => undefined);
          t.clock.advance(20 * 60_000);
        }
      },
    };
    return x;
  }
  const touch = (id: string, type: Activity['type'], extra: Partial<Activity> = {}): Activity => ({ id, type, at: '2026-11-22T09:30:00.000Z', personId: 'p-1', dealId: 'd-1', source: 'local', ...extra });
  const tasks = (t: { fake: SalesforceFake }) => [...t.fake.records.Task!.values()];

  it('logs calls, e-mails and notes as Tasks and a meeting as an Event, on the Contact and the Opportunity; a Lead’s touch has no WhatId', async () => {
    const t = await withRecords();
    expect((await t.db.get('syncConnections', 'salesforce'))!.capabilities.activityIds).toBe('field');
    await logActivity(t.db, touch('act-call', 'call', { subject: 'Discovery call', body: 'Budget approved in Q1.', durationMin: 12 }), t.now());
    await logActivity(t.db, touch('act-mail', 'email-sent', { subject: 'Proposal' }), t.now());
    await logActivity(t.db, touch('act-meet', 'meeting', { subject: 'Demo', durationMin: 45 }), t.now());
    await logActivity(t.db, touch('act-note', 'note', { body: 'Champion.', dealId: undefined }), t.now());
    await logActivity(t.db, touch('act-lead', 'call', { personId: 'l-1', dealId: undefined }), t.now());
    await t.drain();
    expect(await allEntries(t.db)).toEqual([]);
    const [call] = t.fake.find('Task', 'Dealside_Id__c', 'act-call');
    expect(call).toMatchObject({ Subject: 'Discovery call', Description: 'Budget approved in Q1.', TaskSubtype: 'Call', Type: 'Call', CallType: 'Outbound', CallDurationInSeconds: 720, Status: 'Completed', ActivityDate: '2026-11-22', WhoId: t.ids.contact, WhatId: t.ids.opp });
    expect(t.fake.find('Task', 'Dealside_Id__c', 'act-mail')[0]).toMatchObject({ Subject: 'Proposal', TaskSubtype: 'Email', Type: 'Email' });
    expect(t.fake.find('Event', 'Dealside_Id__c', 'act-meet')[0]).toMatchObject({ Subject: 'Demo', StartDateTime: '2026-11-22T09:30:00.000Z', EndDateTime: '2026-11-22T10:15:00.000Z', WhoId: t.ids.contact, WhatId: t.ids.opp });
    // a note on the person: related to their Account
    expect(t.fake.find('Task', 'Dealside_Id__c', 'act-note')[0]).toMatchObject({ Subject: 'Note', Description: 'Champion.', WhoId: t.ids.contact, WhatId: t.ids.account });
    const [onLead] = t.fake.find('Task', 'Dealside_Id__c', 'act-lead');
    expect(onLead).toMatchObject({ WhoId: t.ids.lead });
    expect(onLead!.WhatId ?? null).toBeNull();
    expect((await t.db.get('activities', 'act-meet'))!.crmRefs).toEqual([{ system: 'salesforce', objectType: 'Event', id: t.fake.find('Event', 'Dealside_Id__c', 'act-meet')[0]!.Id }]);
    expect(tasks(t)).toHaveLength(4);
  });

  it('exactly once under a lost answer, a 429 and a 401: by Dealside_Id__c, or by the marker without it', async () => {
    for (const [options, mode] of [
      [{}, 'field'],
      [{ activityIdField: false }, 'marker'],
    ] as const) {
      const t = await withRecords(options);
      expect((await t.db.get('syncConnections', 'salesforce'))!.capabilities.activityIds, mode).toBe(mode);
      await logActivity(t.db, touch('act-1', 'call', { body: 'Left a voicemail.' }), t.now());
      await logActivity(t.db, touch('act-2', 'meeting', { subject: 'Demo' }), t.now());
      const create = (r: { method: string; path: string }) => r.method === 'POST' && r.path.endsWith('/composite/sobjects');
      t.fake.failNext(1, 'lost-response', create);
      t.fake.failNext(1, 429, (r) => r.path.includes('/query') || create(r));
      t.fake.failNext(1, 401, (r) => r.path.includes('/query') || create(r));
      await t.drain();
      expect(await allEntries(t.db), mode).toEqual([]);
      expect(t.fake.counters.faults, mode).toBe(3);
      expect(tasks(t), mode).toHaveLength(1);
      expect(t.fake.records.Event!.size, mode).toBe(1);
      const [call] = tasks(t);
      expect(call, mode).toMatchObject({ WhoId: t.ids.contact, WhatId: t.ids.opp });
      if (mode === 'marker') expect(call!.Description).toBe('Left a voicemail.\n\nDealside ref act-1');
      else expect(call!.Dealside_Id__c).toBe('act-1');
      expect((await t.db.get('activities', 'act-1'))!.crmRefs, mode).toEqual([{ system: 'salesforce', objectType: 'Task', id: call!.Id }]);
    }
  });

  it('the worker stopped while the create was in flight: the next worker finds the Task', async () => {
    for (const options of [{}, { activityIdField: false }]) {
      const t = await withRecords(options);
      await logActivity(t.db, touch('act-1', 'email-replied', { subject: 'Re: Proposal' }), t.now());
      let fired = false;
      t.fake.failNext(1, 'lost-response', (r) => {
        if (!fired && r.method === 'POST' && r.path.endsWith('/composite/sobjects')) {
          fired = true;
          t.restart();
        }
        return false;
      });
      await t.drain();
      expect(fired).toBe(true);
      expect(await allEntries(t.db)).toEqual([]);
      expect(tasks(t)).toHaveLength(1);
      expect(tasks(t)[0]).toMatchObject({ Subject: 'Re: Proposal', TaskSubtype: 'Email' });
    }
  });
});
