// The Dynamics 365 connector and engine against the local Dataverse / Entra ID fake (real HTTP).
import { afterEach, describe, expect, it } from 'vitest';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer, setRoleOverride } from '../domain/qualification/qualification';
import type { CommitteeRole } from '../domain/committee/roles';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { isAllowedApiBase } from '../crms/catalogue';
import { VirtualClock, account, deal, person } from '../../tests/support/sync';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { createLocalRecord, linkLocalRecords } from '../../tests/support/localRecords';
import { batchBody, dynamicsBantField, parseBatchAnswer } from './connectors/dynamics';
import { logActivity } from './sdrActions';
import type { LaunchWebAuthFlow } from './auth';
import { readSecret } from './secrets';
import { getSetting } from '../store/settings';
import { crmKey } from '../domain/entities';
import { hostPermissionsFor } from '../crms/permissions';

const fakes: DynamicsFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

const APP = '0c2f4e6a-8b1d-4c3e-9f5a-7d6b8e9f0a1b';
const TENANT = 'iberia-analytics.onmicrosoft.com';

async function setup(options: ConstructorParameters<typeof DynamicsFake>[0] = {}, connect = true) {
  const clock = new VirtualClock();
  const fake = new DynamicsFake({ now: clock.now, ...options });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`dv-${Math.random()}`);
  const seen: string[] = [];
  // The identity API's window: follow the authorize redirect and hand back where it lands.
  const launchWebAuthFlow: LaunchWebAuthFlow = async ({ url }) => {
    seen.push(url);
    return (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? undefined;
  };
  const service = new SyncService(
    { db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(7), timeoutMs: 30_000, launchWebAuthFlow, redirectUri: 'https://ext.chromiumapp.org/', entraLoginHost: fake.url },
    true,
  );
  if (connect) {
    await service.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: fake.url, startSync: false });
    await service.engine.run();
  }
  return { clock, fake, db, service, seen };
}

function inDv(store: 'account' | 'person' | 'deal', objectType: string, id: string) {
  return { crmRefs: [{ system: 'dynamics' as const, objectType, id }], crmKeys: [crmKey('dynamics', store, id)] };
}

async function setRole(db: Db, clock: VirtualClock, personId: string, role: CommitteeRole | undefined, dealId = 'd-1') {
  const now = new Date(clock.now());
  return editQualification(db, { entityType: 'deal', entityId: dealId }, now, (q) => setRoleOverride(q, personId, role, { by: 'rep-1', at: now }));
}

describe('Dynamics 365 $batch', () => {
  it('writes multipart/mixed parts and reads each part’s status, headers and body back', () => {
    const text = batchBody('batch_1', 'https://org.crm4.dynamics.com/api/data/v9.2', [{ method: 'PATCH', url: '/accounts(x)', body: { name: 'A' }, headers: { 'If-Match': '*' } }]);
    expect(text).toContain('PATCH https://org.crm4.dynamics.com/api/data/v9.2/accounts(x) HTTP/1.1\r\nContent-Type: application/json; type=entry\r\nIf-Match: *\r\n\r\n{"name":"A"}');
    const answer = [
      '--batchresponse_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 204 No Content',
      'OData-EntityId: https://org.crm4.dynamics.com/api/data/v9.2/accounts(8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b)',
      '',
      '',
      '--batchresponse_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 400 Bad Request',
      'Content-Type: application/json; odata.metadata=minimal',
      '',
      '{"error":{"code":"0x80040203","message":"outside the valid range"}}',
      '--batchresponse_1--',
      '',
    ].join('\r\n');
    expect(parseBatchAnswer(answer)).toEqual([
      { status: 204, headers: { 'odata-entityid': 'https://org.crm4.dynamics.com/api/data/v9.2/accounts(8d2f4c1a-3b5e-4f60-9a7b-1c2d3e4f5a6b)' }, body: null },
      { status: 400, headers: { 'content-type': 'application/json; odata.metadata=minimal' }, body: { error: { code: '0x80040203', message: 'outside the valid range' } } },
    ]);
  });
});

describe('Dynamics 365 connector', () => {
  it('maps the standard columns, Dynamics’ own qualification columns and the admin’s dealside_* columns on connect; the signed-in user signs', async () => {
    const t = await setup();
    const [c] = (await t.service.status()).connections;
    expect(c).toMatchObject({ system: 'dynamics', label: 'Dynamics 365 Iberia Analytics', status: 'connected', capabilities: { dealsideIdField: true, bant: 'mapped' } });
    const conn = (await t.db.get('syncConnections', 'dynamics'))!;
    expect(conn.fieldMap.deal).toMatchObject({
      name: 'name',
      amount: 'estimatedvalue',
      'bant.budget.amount': 'budgetamount',
      'bant.budget.answer': 'budgetstatus',
      'bant.timing.horizon': 'purchasetimeframe',
      'bant.authority.engaged': 'decisionmaker',
      'bant.need.status': 'need',
      'bant.budget.note': 'dealside_budgetnote',
    });
    expect(conn.fieldMap.lead).toMatchObject({ companyName: 'companyname', 'bant.need.statement': 'dealside_needstatement' });
    expect(dynamicsBantField('bant.timing.targetDate')).toBe('dealside_timingtargetdate');
    // our buying-committee roles became stakeholder connection roles (found by name, else added)
    expect(Object.keys(conn.roleMap ?? {})).toHaveLength(8);
    expect(t.fake.find('connectionrole', 'name', 'Economic buyer')).toMatchObject([{ category: 1000 }]);
    expect(await getSetting(t.db, 'currentUser')).toEqual({ userId: `dynamics-user-${t.fake.currentUserId}`, name: 'Lucía Romero' });
  });

  it('says which columns and keys an admin must add when they are missing', async () => {
    const t = await setup({ dealsideFields: false });
    const [c] = (await t.service.status()).connections;
    expect(c!.capabilities).toEqual({ dealsideIdField: false, bant: 'missing', activityIds: 'marker' });
    expect(c!.message).toMatch(/ask a Dynamics 365 admin to add .*dealside_budgetnote/);
    expect(c!.message).toMatch(/no alternate key on dealside_dealsideid/);
  });

  it('a System Customizer’s connect adds the missing columns and keys over the metadata API, in Dealside’s own solution', async () => {
    const t = await setup({ dealsideFields: false, customizer: true, keyIndexMs: 60_000 });
    const [c] = (await t.service.status()).connections;
    // the columns are there at once; the keys' indexes are being built
    expect(c!.capabilities).toMatchObject({ bant: 'mapped', dealsideIdField: false });
    expect(c!.message).toMatch(/Dealside added its columns to Dynamics 365 .*opportunity\.dealside_budgetnote/);
    expect(c!.message).toMatch(/building the alternate key on dealside_dealsideid for account, contact, lead, opportunity/);
    expect(c!.message).not.toMatch(/ask a Dynamics 365 admin/);
    expect(t.fake.find('publisher', 'customizationprefix', 'dealside')).toHaveLength(1);
    expect(t.fake.find('solution', 'uniquename', 'dealside')).toHaveLength(1);
    const opportunity = t.fake.madeColumns.get('opportunity')!;
    expect(Object.fromEntries(['dealside_dealsideid', 'dealside_budgetstatus', 'dealside_budgetnote', 'dealside_timingtargetdate'].map((n) => [n, opportunity.get(n)]))).toEqual({
      dealside_dealsideid: 'String',
      dealside_budgetstatus: 'String',
      dealside_budgetnote: 'Memo',
      dealside_timingtargetdate: 'DateTime',
    });
    expect(t.fake.madeColumns.get('contact')!.has('dealside_linkedinurl')).toBe(true);
    expect((await t.db.get('syncConnections', 'dynamics'))!.fieldMap.person).toMatchObject({ linkedinUrl: 'dealside_linkedinurl' });
    // connecting again once the indexes are built: creates are upserts on the key; nothing is made twice
    t.clock.advance(2 * 60_000);
    await t.service.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    expect((await t.service.status()).connections[0]!.capabilities).toMatchObject({ dealsideIdField: true, bant: 'mapped' });
    expect(t.fake.find('publisher', 'customizationprefix', 'dealside')).toHaveLength(1);
    await createLocalRecord(t.db, 'account', account('acc-1', 'Northwind Traders'), new Date(t.clock.now()));
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ failed: 0 });
    expect(t.fake.find('account', 'dealside_dealsideid', 'acc-1')).toHaveLength(1);
  });

  it('pulls with change tracking: pages by nextLink, then only the changes and deletions through the delta link', async () => {
    const t = await setup({}, false);
    const acc = t.fake.insert('account', { name: 'Northwind Traders', websiteurl: 'https://www.northwind.example' });
    const gone = t.fake.insert('account', { name: 'Old Co' });
    for (let i = 0; i < 2100; i++) t.fake.insert('contact', { firstname: `C${i}`, lastname: 'Smith', emailaddress1: `c${i}@northwind.example`, _parentcustomerid_value: i < 2 ? acc.accountid : null, '_parentcustomerid_value@type': 'account' });
    const lead = t.fake.insert('lead', { firstname: 'Valentina', lastname: 'Ríos', companyname: 'Acme', subject: 'Valentina Ríos', budgetstatus: 2, need: 0 });
    await t.service.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.errors).toEqual([]);
    expect(report.pulled).toBe(2100 + 2 + 1);
    expect(t.fake.counters.byRoute['GET /api/data/v9.2/contacts']).toBe(3); // 1000 + 1000 + 100
    const c0 = (await t.db.getAllFromIndex('people', 'byCrmKey', `dynamics:person:${t.fake.find('contact', 'emailaddress1', 'c0@northwind.example')[0]!.contactid as string}`))[0]!;
    expect(c0).toMatchObject({ kind: 'contact', firstName: 'C0', emails: ['c0@northwind.example'], accountId: `dynamics-account-${acc.accountid as string}` });
    expect(await t.db.get('people', `dynamics-person-${lead.leadid as string}`)).toMatchObject({ kind: 'lead', companyName: 'Acme' });
    const q = await t.db.get('qualifications', `dynamics-person-${lead.leadid as string}`);
    expect(q?.bant.budget.answer).toBe('estimating');
    expect(q?.bant.need.status).toBe('confirmed');
    expect((await t.db.get('accounts', `dynamics-account-${acc.accountid as string}`))!.domain).toBe('northwind.example');
    const conn = (await t.db.get('syncConnections', 'dynamics'))!;
    expect(conn.cursors.contact!.deltaLink).toMatch(/\$deltatoken=/);

    // nothing changed: one request per stream (users, products, four tables, connections, lines, orders, order lines,
    // phone calls, e-mails, appointments)
    t.clock.advance(5 * 60_000);
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'now' });
    expect(t.fake.counters.requests).toBe(13);

    // changes and a deletion in Dynamics come through the delta links
    t.fake.change('contact', String(t.fake.find('contact', 'emailaddress1', 'c1@northwind.example')[0]!.contactid), { jobtitle: 'CFO' });
    t.fake.remove('account', String(gone.accountid));
    t.clock.advance(5 * 60_000);
    t.fake.resetCounters();
    const second = await t.service.engine.run({ pull: 'now' });
    expect(second.pulled).toBe(1);
    expect((await t.db.getAllFromIndex('people', 'byCrmKey', `dynamics:person:${t.fake.find('contact', 'emailaddress1', 'c1@northwind.example')[0]!.contactid as string}`))[0]!.title).toBe('CFO');
    expect(await t.db.get('accounts', `dynamics-account-${gone.accountid as string}`)).toBeUndefined();
  });

  it('a delta token past the retention period starts a full read again', async () => {
    const t = await setup({ deltaRetentionMs: 60 * 60_000 });
    t.fake.insert('account', { name: 'Contoso' });
    t.clock.advance(2 * 60 * 60_000);
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.errors).toEqual([]);
    expect(t.fake.log.some((l) => l.status === 400)).toBe(true);
    expect(await t.db.count('accounts')).toBe(1);
  });

  it('pushes BANT to Dynamics’ own qualification columns and the dealside_* ones, in one $batch', async () => {
    const t = await setup();
    const opp = t.fake.insert('opportunity', { name: 'Iberia 2027', salesstage: 1, estimatedvalue: 40000 });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inDv('deal', 'opportunity', String(opp.opportunityid)), stage: 'qualification', amount: 40000 })]);
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyBantAnswer(q, { letter: 'budget', answer: 'approved', amount: 55000, note: 'CFO signed' }, { by: 'rep', at: now }));
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyBantAnswer(q, { letter: 'timing', horizon: 'next-quarter' }, { by: 'rep', at: now }));
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report).toMatchObject({ failed: 0, errors: [] });
    const row = t.fake.tables.opportunity.get(String(opp.opportunityid))!;
    expect(row).toMatchObject({ budgetstatus: 3, budgetamount: 55000, dealside_budgetnote: 'CFO signed', purchasetimeframe: 2 });
    expect(t.fake.counters.byRoute['POST /api/data/v9.2/$batch']).toBe(1);
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('creates are upserts on the alternate key: a lost answer and its retry make one record, and links follow', async () => {
    const t = await setup();
    const now = new Date(t.clock.now());
    await createLocalRecord(t.db, 'account', account('acc-1', 'Contoso Iberia', { domain: 'contoso.example' }), now);
    await createLocalRecord(t.db, 'person', person('p-1', 'Ana', 'Gil', { emails: ['ana@contoso.example'], accountId: 'acc-1' }), now);
    await createLocalRecord(t.db, 'deal', deal('d-1', 'Contoso 2027', { accountId: 'acc-1', contactIds: ['p-1'], amount: 9000, source: 'local' }), now);
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('$batch'));
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/connections') && r.method === 'POST');
    for (let i = 0; i < 6 && (await allEntries(t.db)).length > 0; i++) {
      t.clock.advance(20 * 60_000);
      await t.service.engine.run({ pull: 'never' });
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('account', 'dealside_dealsideid', 'acc-1')).toHaveLength(1);
    expect(t.fake.find('contact', 'dealside_dealsideid', 'p-1')).toHaveLength(1);
    const opp = t.fake.find('opportunity', 'dealside_dealsideid', 'd-1')[0]!;
    const acc = t.fake.find('account', 'dealside_dealsideid', 'acc-1')[0]!;
    const contact = t.fake.find('contact', 'dealside_dealsideid', 'p-1')[0]!;
    expect(opp._parentaccountid_value).toBe(acc.accountid);
    expect(contact._parentcustomerid_value).toBe(acc.accountid);
    expect(t.fake.stakeholders(String(opp.opportunityid), String(contact.contactid))).toHaveLength(1);
    expect(t.fake.counters.creates).toBe(4); // account, contact, opportunity, one connection
    expect((await t.db.get('deals', 'd-1'))!.crmRefs).toEqual([{ system: 'dynamics', objectType: 'opportunity', id: opp.opportunityid }]);
  });

  it('without the alternate key, looks the record up before creating it', async () => {
    const t = await setup({ dealsideFields: false });
    const existing = t.fake.insert('contact', { firstname: 'Ana', lastname: 'Gil', emailaddress1: 'ana@contoso.example' });
    await createLocalRecord(t.db, 'person', person('p-1', 'Ana', 'Gil', { emails: ['ana@contoso.example'] }), new Date(t.clock.now()));
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.counters.creates).toBe(0);
    expect((await t.db.get('people', 'p-1'))!.crmRefs).toEqual([{ system: 'dynamics', objectType: 'contact', id: existing.contactid }]);
  });

  it('a field changed in Dynamics while ours waited becomes a conflict, not an overwrite', async () => {
    const t = await setup();
    const opp = t.fake.insert('opportunity', { name: 'Iberia 2027', estimatedvalue: 40000 });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inDv('deal', 'opportunity', String(opp.opportunityid)), amount: 40000 })]);
    await saveLocalEdit(t.db, { entity: 'deal', localId: 'd-1' }, { amount: 50000 }, new Date(t.clock.now()));
    t.fake.change('opportunity', String(opp.opportunityid), { estimatedvalue: 45000 });
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.tables.opportunity.get(String(opp.opportunityid))!.estimatedvalue).toBe(45000);
    expect(await t.service.conflicts('d-1')).toMatchObject([{ field: 'amount', localValue: 50000, remoteValue: 45000 }]);
  });

  it('stays inside the service protection limits: a 429 with Retry-After is waited out and everything arrives', async () => {
    const t = await setup();
    t.fake.requestLimit = 5;
    const now = new Date(t.clock.now());
    for (let i = 0; i < 12; i++) await createLocalRecord(t.db, 'account', account(`acc-${i}`, `Company ${i}`), now);
    for (let i = 0; i < 12; i++) await saveLocalEdit(t.db, { entity: 'account', localId: `acc-${i}` }, { city: 'Madrid' }, now);
    for (let i = 0; i < 10 && (await allEntries(t.db)).length > 0; i++) {
      const wake = await t.service.engine.nextWakeAt();
      if (wake) t.clock.t = Math.max(t.clock.t, wake);
      await t.service.engine.run({ pull: 'now' });
    }
    expect(t.fake.counters.rateLimited).toBeGreaterThan(0);
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('account', 'address1_city', 'Madrid')).toHaveLength(12);
    const status = (await t.service.status()).connections[0]!;
    expect(status.usage).toMatchObject({ kind: 'five-minute', limit: 6000 });
  });

  it('buying-committee roles are the stakeholder’s connection role: set, changed, cleared on one connection', async () => {
    const t = await setup();
    const opp = t.fake.insert('opportunity', { name: 'Iberia 2027' });
    const contact = t.fake.insert('contact', { firstname: 'Lucía', lastname: 'Martín', emailaddress1: 'lucia@acme.es' });
    t.fake.connect(String(opp.opportunityid), String(contact.contactid));
    await putAll(t.db, 'people', [person('p-1', 'Lucía', 'Martín', { ...inDv('person', 'contact', String(contact.contactid)), emails: ['lucia@acme.es'] })]);
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inDv('deal', 'opportunity', String(opp.opportunityid)), contactIds: ['p-1'] })]);
    const conn = (await t.db.get('syncConnections', 'dynamics'))!;
    const rows = () => t.fake.stakeholders(String(opp.opportunityid), String(contact.contactid));
    await setRole(t.db, t.clock, 'p-1', 'champion');
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ pushed: 1, failed: 0 });
    expect(rows()).toMatchObject([{ _record2roleid_value: conn.roleMap!.champion }]);
    await setRole(t.db, t.clock, 'p-1', 'economic-buyer');
    await t.service.engine.run({ pull: 'never' });
    expect(rows()).toMatchObject([{ _record2roleid_value: conn.roleMap!['economic-buyer'] }]);
    await setRole(t.db, t.clock, 'p-1', undefined);
    await t.service.engine.run({ pull: 'never' });
    expect(rows()).toHaveLength(1);
    expect(rows()[0]!._record2roleid_value).toBeNull();
    // a role set in Dynamics comes back, signed by the CRM
    t.fake.change('connection', String(rows()[0]!.connectionid), { _record2roleid_value: conn.roleMap!.influencer });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('qualifications', 'd-1'))!.roleOverrides['p-1']).toBe('influencer');
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('a stakeholder removed in Dynamics (a deleted connection, only its id in the delta) leaves the deal and its role', async () => {
    const t = await setup();
    const conn = (await t.db.get('syncConnections', 'dynamics'))!;
    const opp = t.fake.insert('opportunity', { name: 'Iberia 2027' });
    const lucia = t.fake.insert('contact', { firstname: 'Lucía', lastname: 'Martín', emailaddress1: 'lucia@acme.es' });
    const joao = t.fake.insert('contact', { firstname: 'João', lastname: 'Souza', emailaddress1: 'joao@acme.es' });
    const oppId = String(opp.opportunityid);
    const luciaLink = t.fake.connect(oppId, String(lucia.contactid), conn.roleMap!['economic-buyer']!);
    // João is linked twice (say, two connections made from his record and from the opportunity's): removing one keeps him
    const joaoFirst = t.fake.connect(oppId, String(joao.contactid), conn.roleMap!.influencer!);
    t.fake.connect(oppId, String(joao.contactid), conn.roleMap!.influencer!);
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    const dealId = `dynamics-deal-${oppId}`;
    const luciaId = `dynamics-person-${String(lucia.contactid)}`;
    const joaoId = `dynamics-person-${String(joao.contactid)}`;
    expect((await t.db.get('deals', dealId))!.contactIds.sort()).toEqual([luciaId, joaoId].sort());
    expect((await t.db.get('qualifications', dealId))!.roleOverrides).toMatchObject({ [luciaId]: 'economic-buyer', [joaoId]: 'influencer' });

    t.fake.remove('connection', String(luciaLink.connectionid));
    t.fake.remove('connection', String(joaoFirst.connectionid));
    t.clock.advance(10 * 60_000);
    t.fake.resetCounters();
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [] });
    const deal = (await t.db.get('deals', dealId))!;
    expect(deal.contactIds).toEqual([joaoId]);
    const roles = (await t.db.get('qualifications', dealId))!.roleOverrides;
    expect(roles[luciaId]).toBeUndefined();
    expect(roles[joaoId]).toBe('influencer');
    // the connections are read once, as a delta: no request per deal or per contact
    expect(t.fake.counters.byRoute['GET /api/data/v9.2/connections']).toBe(1);
    // nothing else changed, and the next pull changes nothing
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', dealId))!.contactIds).toEqual([joaoId]);
  });

  it('a stakeholder removed in Dynamics while the rep’s own link of them waits is linked again, not lost', async () => {
    const t = await setup();
    const opp = t.fake.insert('opportunity', { name: 'Iberia 2027' });
    const lucia = t.fake.insert('contact', { firstname: 'Lucía', lastname: 'Martín', emailaddress1: 'lucia@acme.es' });
    const link = t.fake.connect(String(opp.opportunityid), String(lucia.contactid));
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    const dealId = `dynamics-deal-${String(opp.opportunityid)}`;
    const luciaId = `dynamics-person-${String(lucia.contactid)}`;
    // the rep links her again here (queued), while someone removes her in Dynamics
    t.fake.remove('connection', String(link.connectionid));
    await linkLocalRecords(t.db, { entity: 'deal', localId: dealId }, { entity: 'person', localId: luciaId }, new Date(t.clock.now()));
    t.clock.advance(10 * 60_000);
    // the link is pushed (a new connection, as none is found) and the removed one read: she stays
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    expect((await t.db.get('deals', dealId))!.contactIds).toEqual([luciaId]);
    expect(t.fake.stakeholders(String(opp.opportunityid), String(lucia.contactid))).toHaveLength(1);
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', dealId))!.contactIds).toEqual([luciaId]);
  });

  it('logs a touch as a phone call regarding the deal, exactly once after a lost answer', async () => {
    const t = await setup();
    const opp = t.fake.insert('opportunity', { name: 'Iberia 2027' });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inDv('deal', 'opportunity', String(opp.opportunityid)) })]);
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/phonecalls'));
    await logActivity(t.db, { id: 'touch-1', type: 'call', at: new Date(t.clock.now()).toISOString(), dealId: 'd-1', subject: 'Discovery call', body: 'Budget is approved.', durationMin: 25, source: 'local' }, new Date(t.clock.now()));
    for (let i = 0; i < 5 && (await allEntries(t.db)).length > 0; i++) {
      t.clock.advance(20 * 60_000);
      await t.service.engine.run({ pull: 'never' });
    }
    expect(await allEntries(t.db)).toEqual([]);
    const calls = t.fake.find('phonecall', 'dealside_dealsideid', 'touch-1');
    expect(calls).toMatchObject([{ subject: 'Discovery call', _regardingobjectid_value: opp.opportunityid, actualdurationminutes: 25, directioncode: true }]);
  });

  it('record owners: the systemusers are read, ownerid becomes our user id and goes back on create', async () => {
    const t = await setup({}, false);
    const ana = t.fake.addUser('Ana Belén Soto', 'ana.soto@iberia-analytics.example');
    const acc = t.fake.insert('account', { name: 'Contoso', _ownerid_value: ana.systemuserid });
    await t.service.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('users', `dynamics-user-${ana.systemuserid as string}`)).toMatchObject({ name: 'Ana Belén Soto', source: 'crm' });
    expect((await t.db.get('accounts', `dynamics-account-${acc.accountid as string}`))!.ownerId).toBe(`dynamics-user-${ana.systemuserid as string}`);
    await createLocalRecord(t.db, 'account', account('acc-new', 'Fabrikam', { ownerId: `dynamics-user-${ana.systemuserid as string}` }), new Date(t.clock.now()));
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.find('account', 'dealside_dealsideid', 'acc-new')[0]!._ownerid_value).toBe(ana.systemuserid);
  });

  it('pulls the account hierarchy from parentaccountid, a unit read before its parent too', async () => {
    const t = await setup({}, false);
    const group = t.fake.insert('account', { name: 'Grupo Andes S.A.', websiteurl: 'https://grupoandes.pe' });
    const unit = t.fake.insert('account', { name: 'Andes Frío S.A.', _parentaccountid_value: group.accountid, '_parentaccountid_value@type': 'account' });
    await t.service.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    await t.service.engine.run({ pull: 'now' });
    const local = (id: unknown) => t.db.get('accounts', `dynamics-account-${String(id)}`);
    expect((await local(unit.accountid))!.parentId).toBe(`dynamics-account-${String(group.accountid)}`);
    expect((await local(group.accountid))!.parentId).toBeUndefined();
    // moved out of the group in Dynamics (read through the delta link): no parent here either
    t.clock.advance(60_000);
    t.fake.change('account', String(unit.accountid), { _parentaccountid_value: null });
    await t.service.engine.run({ pull: 'now' });
    expect((await local(unit.accountid))!.parentId).toBeUndefined();
  });

  it('the ABM tier and the marketing owner come from the columns the team maps (a choice by its label, a user lookup)', async () => {
    const t = await setup({}, false);
    const marta = t.fake.addUser('Marta Ibáñez', 'marta.ibanez@iberia-analytics.example');
    const acc = t.fake.insert('account', { name: 'Logística Andina', new_abmtier: 100000000, _new_marketingowner_value: marta.systemuserid, '_new_marketingowner_value@type': 'systemuser' });
    const other = t.fake.insert('account', { name: 'Sur Cargo', new_abmtier: 100000002 });
    await t.service.connectToken({ system: 'dynamics', token: 'dv-access-token', baseUrl: t.fake.url, startSync: false });
    // never by default: the team chooses the columns (Options → Field mapping → Accounts)
    const fields = await t.service.describeFields('dynamics', 'account');
    expect(fields.find((f) => f.name === 'new_abmtier')).toMatchObject({ type: 'Picklist', custom: true });
    expect(fields.find((f) => f.name === 'new_marketingowner')).toMatchObject({ type: 'Lookup' });
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('accounts', `dynamics-account-${String(acc.accountid)}`))!.tier).toBeUndefined();
    await t.service.setFieldMap('dynamics', 'account', { tier: 'new_abmtier', marketingOwnerId: 'new_marketingowner' });
    t.clock.advance(60_000);
    t.fake.change('account', String(acc.accountid), { websiteurl: 'https://andina.example' });
    t.fake.change('account', String(other.accountid), { websiteurl: 'https://surcargo.example' });
    await t.service.engine.run({ pull: 'now' });
    // the choice's number (100000000) says nothing: its label "Tier 1" does
    expect(await t.db.get('accounts', `dynamics-account-${String(acc.accountid)}`)).toMatchObject({ tier: 'tier-1', marketingOwnerId: `dynamics-user-${String(marta.systemuserid)}` });
    const sur = (await t.db.get('accounts', `dynamics-account-${String(other.accountid)}`))!;
    expect(sur.tier).toBe('tier-3');
    expect(sur.marketingOwnerId).toBeUndefined();
  });

  it('signs in with Microsoft Entra ID (PKCE) through the team’s app registration, and refreshes with the scope on 401', async () => {
    const t = await setup({}, false);
    await expect(t.service.connectOAuth('dynamics', { orgUrl: t.fake.url })).rejects.toThrow(/app registration/);
    await expect(t.service.setOAuthClient('dynamics', { system: 'dynamics', clientId: 'not-a-guid', tenant: TENANT })).rejects.toThrow(/application \(client\) id/);
    await expect(t.service.setOAuthClient('dynamics', { system: 'dynamics', clientId: APP, tenant: 'not a tenant' })).rejects.toThrow(/tenant/);
    const setup1 = await t.service.setOAuthClient('dynamics', { system: 'dynamics', clientId: APP, tenant: TENANT });
    expect(setup1.dynamics).toEqual({ clientId: APP, tenant: TENANT, builtIn: false });
    const view = await t.service.connectOAuth('dynamics', { orgUrl: t.fake.url });
    expect(view).toMatchObject({ system: 'dynamics', authKind: 'oauth', status: 'connected' });
    const authorize = new URL(t.seen[0]!);
    expect(authorize.pathname).toBe(`/${TENANT}/oauth2/v2.0/authorize`);
    expect(authorize.searchParams.get('scope')).toBe(`${t.fake.url}/user_impersonation offline_access`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const secret = (await readSecret(t.db, 'dynamics'))!;
    expect(secret).toMatchObject({ clientId: APP, tokenUrl: `${t.fake.url}/${TENANT}/oauth2/v2.0/token`, scope: `${t.fake.url}/user_impersonation offline_access` });
    expect(secret.refreshToken).toBeTruthy();

    // the access token is revoked: the engine refreshes it (the scope asked again) and carries on
    t.fake.expire(secret.accessToken);
    t.fake.insert('account', { name: 'After refresh' });
    const report = await t.service.syncNow('dynamics');
    expect(report.errors).toEqual([]);
    expect((await readSecret(t.db, 'dynamics'))!.accessToken).not.toBe(secret.accessToken);
    expect((await t.db.getAll('accounts')).map((a) => a.name)).toContain('After refresh');
  });

  it('sends tokens only to a Dynamics 365 org, and asks for the org host and Entra ID at connect', () => {
    expect(isAllowedApiBase('dynamics', 'https://contoso.crm4.dynamics.com')).toBe(true);
    expect(isAllowedApiBase('dynamics', 'https://contoso.crm.dynamics.com/')).toBe(true);
    expect(isAllowedApiBase('dynamics', 'https://evil.example.com')).toBe(false);
    expect(isAllowedApiBase('dynamics', 'https://contoso.crm4.dynamics.com.evil.example')).toBe(false);
    expect(isAllowedApiBase('dynamics', 'http://contoso.crm4.dynamics.com')).toBe(false);
    expect(hostPermissionsFor('dynamics', 'https://contoso.crm4.dynamics.com')).toEqual(['https://contoso.crm4.dynamics.com/*', 'https://login.microsoftonline.com/*']);
  });

  it('links a person to an account after the fact', async () => {
    const t = await setup();
    const acc = t.fake.insert('account', { name: 'Contoso' });
    const contact = t.fake.insert('contact', { firstname: 'Ana', lastname: 'Gil' });
    await putAll(t.db, 'accounts', [account('a-1', 'Contoso', inDv('account', 'account', String(acc.accountid)))]);
    await putAll(t.db, 'people', [person('p-1', 'Ana', 'Gil', inDv('person', 'contact', String(contact.contactid)))]);
    await linkLocalRecords(t.db, { entity: 'person', localId: 'p-1' }, { entity: 'account', localId: 'a-1' }, new Date(t.clock.now()));
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.tables.contact.get(String(contact.contactid))!._parentcustomerid_value).toBe(acc.accountid);
  });

  it('closes an opportunity as won with the WinOpportunity action, and reads won / lost back from its state', async () => {
    const t = await setup();
    const opp = t.fake.insert('opportunity', { name: 'Iberia 2027', salesstage: 3 });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inDv('deal', 'opportunity', String(opp.opportunityid)), stage: 'negotiation' })]);
    await saveLocalEdit(t.db, { entity: 'deal', localId: 'd-1' }, { stage: 'closed-won', amount: 70000 }, new Date(t.clock.now()));
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ failed: 0, errors: [] });
    expect(t.fake.tables.opportunity.get(String(opp.opportunityid))).toMatchObject({ statecode: 1, statuscode: 3, estimatedvalue: 70000, salesstage: 3 });
    expect(await allEntries(t.db)).toEqual([]);
    const lost = t.fake.insert('opportunity', { name: 'Lost one', salesstage: 1 });
    t.fake.change('opportunity', String(lost.opportunityid), { statecode: 2, statuscode: 4 });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', `dynamics-deal-${lost.opportunityid as string}`))!.stage).toBe('closed-lost');
  });
});
