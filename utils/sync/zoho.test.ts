// The Zoho CRM connector and engine against the local Zoho CRM v7 / Zoho Accounts fake (real HTTP).
import { afterEach, describe, expect, it } from 'vitest';
import { ZohoFake } from '../../tests/fakes/zoho';
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
import { createLocalRecord } from '../../tests/support/localRecords';
import { zohoBantField, classifyZohoError, describeZohoError } from './connectors/zoho';
import { logActivity } from './sdrActions';
import { OAuthError, type LaunchWebAuthFlow } from './auth';
import { zohoConfig } from './connectors/zoho/signIn';
import { ZOHO_NOTES_CHECK_EVERY_MS, ZOHO_NOTES_CHECK_MIN_MS, notesCheckCreditsADay, notesCheckEveryMs } from './connectors/zoho/model';
import { readSecret } from './secrets';
import { getSetting } from '../store/settings';
import { crmKey } from '../domain/entities';
import { hostPermissionsFor, connectPermissions } from '../crms/permissions';
import { hasActivityMarker } from './activities';

const fakes: ZohoFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

const CLIENT = '1000.DEALSIDE0TEST0CLIENT0ID00000';

async function setup(options: ConstructorParameters<typeof ZohoFake>[0] = {}, connect = true) {
  const clock = new VirtualClock();
  const fake = new ZohoFake({ now: clock.now, ...options });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`zo-${Math.random()}`);
  const seen: string[] = [];
  // The identity API's window: follow the authorize redirect and hand back where it lands.
  const launchWebAuthFlow: LaunchWebAuthFlow = async ({ url }) => {
    seen.push(url);
    return (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? undefined;
  };
  const service = new SyncService(
    { db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(7), timeoutMs: 30_000, launchWebAuthFlow, redirectUri: 'https://ext.chromiumapp.org/', zohoAccountsHost: fake.url },
    true,
  );
  if (connect) {
    await service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: fake.url, startSync: false });
    await service.engine.run();
  }
  return { clock, fake, db, service, seen };
}

function inZoho(store: 'account' | 'person' | 'deal', objectType: string, id: string) {
  return { crmRefs: [{ system: 'zoho' as const, objectType, id }], crmKeys: [crmKey('zoho', store, id)] };
}

async function setRole(db: Db, clock: VirtualClock, personId: string, role: CommitteeRole | undefined, dealId = 'd-1') {
  const now = new Date(clock.now());
  return editQualification(db, { entityType: 'deal', entityId: dealId }, now, (q) => setRoleOverride(q, personId, role, { by: 'rep-1', at: now }));
}

describe('Zoho CRM errors', () => {
  it('reads a call’s error and a record’s error, and tells credits spent from too many at once', () => {
    expect(describeZohoError(401, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' })).toBe('INVALID_TOKEN: invalid oauth token');
    expect(describeZohoError(400, { data: [{ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' }, message: 'required field not found', status: 'error' }] })).toBe('MANDATORY_NOT_FOUND: required field not found (Last_Name)');
    expect(classifyZohoError(429, { code: 'TOO_MANY_REQUESTS', message: 'concurrency', status: 'error' })).toBe('rate-limited');
    expect(classifyZohoError(429, { code: 'LIMIT_EXCEEDED', message: 'You have reached the maximum API credits for the day.', status: 'error' })).toBe('budget-exhausted');
    expect(zohoBantField('bant.timing.targetDate')).toBe('Dealside_Timing_Target_Date');
  });
});

describe('Zoho CRM connector', () => {
  it('maps the standard fields and the admin’s Dealside_* fields on connect, adds the contact roles; the signed-in user signs', async () => {
    const t = await setup();
    const [c] = (await t.service.status()).connections;
    expect(c).toMatchObject({ system: 'zoho', label: 'Zoho CRM Iberia Analytics', status: 'connected', capabilities: { dealsideIdField: true, bant: 'mapped' } });
    const conn = (await t.db.get('syncConnections', 'zoho'))!;
    // the edition, for the concurrency limit; the CRM's own pages for record links
    expect(conn.account).toMatchObject({ id: '20071234', tier: 'enterprise', currency: 'EUR' });
    expect(conn.fieldMap.deal).toMatchObject({ name: 'Deal_Name', amount: 'Amount', stage: 'Stage', 'bant.budget.answer': 'Dealside_Budget_Answer', 'bant.authority.engaged': 'Dealside_Authority_Engaged' });
    expect(conn.fieldMap.lead).toMatchObject({ companyName: 'Company', 'bant.need.statement': 'Dealside_Need_Statement' });
    expect(Object.keys(conn.roleMap ?? {})).toHaveLength(8);
    // found by name (Zoho's own "Economic Buyer"), else added ("Champion")
    expect(conn.roleMap!['economic-buyer']).toBe([...t.fake.roles.values()].find((r) => r.name === 'Economic Buyer')!.id);
    expect(conn.roleMap!.champion).toBe([...t.fake.roles.values()].find((r) => r.name === 'Champion')!.id);
    expect(await getSetting(t.db, 'currentUser')).toEqual({ userId: `zoho-user-${t.fake.currentUserId}`, name: 'Lucía Romero' });
  });

  it('says which fields an admin must add when they are missing and the user may not customize Zoho CRM', async () => {
    const t = await setup({ dealsideFields: false, customizer: false });
    const [c] = (await t.service.status()).connections;
    expect(c!.status).toBe('connected');
    expect(c!.capabilities).toEqual({ dealsideIdField: false, bant: 'missing', activityIds: 'marker' });
    expect(c!.message).toMatch(/only a user whose profile may customize Zoho CRM can\. Ask an admin to connect once/);
    expect(c!.message).toMatch(/ask a Zoho CRM admin to add .*Dealside_Budget_Note/);
    expect(c!.message).toMatch(/no unique Dealside_Id field/);
    expect(t.fake.createdFields.size).toBe(0);
  });

  it('makes its fields when the user may customize Zoho CRM: the unique id, the LinkedIn URL, BANT — once', async () => {
    const t = await setup({ dealsideFields: false });
    const [c] = (await t.service.status()).connections;
    expect(c!.capabilities).toEqual({ dealsideIdField: true, bant: 'mapped', activityIds: 'marker' });
    expect(c!.message).toMatch(/^Dealside added its fields to Zoho CRM: 1 in Accounts, 2 in Contacts, 17 in Leads, 16 in Deals\./);
    expect(c!.message).not.toMatch(/admin to add|no unique/);
    const made = (module: 'Accounts' | 'Contacts' | 'Leads' | 'Deals') => t.fake.createdFields.get(module) ?? [];
    expect(made('Deals').find((f) => f.api_name === 'Dealside_Id')).toMatchObject({ unique: true, data_type: 'text' });
    expect(made('Contacts').find((f) => f.api_name === 'Dealside_LinkedIn_URL')).toMatchObject({ data_type: 'website' });
    expect(Object.fromEntries(made('Deals').filter((f) => /Amount|Engaged|Target_Date|Budget_Note|Budget_Status/.test(f.api_name)).map((f) => [f.api_name, f.data_type]))).toEqual({
      Dealside_Budget_Status: 'text',
      Dealside_Budget_Amount: 'double',
      Dealside_Budget_Note: 'textarea',
      Dealside_Authority_Engaged: 'boolean',
      Dealside_Timing_Target_Date: 'date',
    });
    const conn = (await t.db.get('syncConnections', 'zoho'))!;
    expect(conn.fieldMap.deal).toMatchObject({ 'bant.budget.status': 'Dealside_Budget_Status', 'bant.timing.targetDate': 'Dealside_Timing_Target_Date' });
    expect(conn.fieldMap.person).toMatchObject({ linkedinUrl: 'Dealside_LinkedIn_URL' });
    // five fields a call; connecting again makes none
    const posts = () => t.fake.counters.byRoute['POST /crm/v7/settings/fields'] ?? 0;
    expect(posts()).toBe(1 + 1 + 4 + 4);
    await t.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: t.fake.url, startSync: false });
    expect(posts()).toBe(10);
    expect((await t.service.status()).connections[0]!.message ?? '').not.toMatch(/added its fields/);

    // a BANT answer lands in the field made for it; a new lead is created by its Dealside id
    const lead = t.fake.insert('Leads', { First_Name: 'Valentina', Last_Name: 'Ríos', Company: 'Acme' });
    await t.service.engine.run({ pull: 'now' });
    const local = (await t.db.getAll('people')).find((p) => p.crmRefs.some((r) => r.id === String(lead.id)))!;
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'lead', entityId: local.id }, now, (q) => applyBantAnswer(q, { letter: 'budget', status: 'confirmed', answer: 'approved', note: 'Presupuesto aprobado por el comité de dirección.' }, { by: 'rep-1', at: now }));
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.records.Leads.get(String(lead.id))).toMatchObject({ Dealside_Budget_Status: 'confirmed', Dealside_Budget_Note: 'Presupuesto aprobado por el comité de dirección.' });
  });

  it('a Dealside_Id that allows duplicate values (`unique: {}`) is no key: creates look records up first', async () => {
    const t = await setup({ uniqueId: false });
    const [c] = (await t.service.status()).connections;
    expect(c!.capabilities).toMatchObject({ dealsideIdField: false, bant: 'mapped' });
    expect(c!.message).toMatch(/Deals has no unique Dealside_Id field/);
    expect(t.fake.createdFields.size).toBe(0);
  });

  it('on the Standard edition, stops at its ten custom fields a module and says what is left', async () => {
    const t = await setup({ dealsideFields: false, edition: 'standard' });
    const [c] = (await t.service.status()).connections;
    expect(t.fake.createdFields.get('Deals')!.map((f) => f.api_name)).toEqual([
      'Dealside_Id',
      'Dealside_Budget_Status',
      'Dealside_Authority_Status',
      'Dealside_Need_Status',
      'Dealside_Timing_Status',
      'Dealside_Budget_Answer',
      'Dealside_Budget_Amount',
      'Dealside_Budget_Note',
      'Dealside_Authority_Engaged',
      'Dealside_Authority_Note',
    ]);
    expect(c!.capabilities).toMatchObject({ dealsideIdField: true, bant: 'missing' });
    expect(c!.message).toMatch(/edition allows no more custom fields in Leads and Deals/);
    expect(c!.message).toMatch(/BANT fields are missing in Deals: ask a Zoho CRM admin to add Dealside_Need_Category, Dealside_Need_Statement, Dealside_Need_Note, Dealside_Timing_Horizon, Dealside_Timing_Target_Date, Dealside_Timing_Note/);
    const conn = (await t.db.get('syncConnections', 'zoho'))!;
    expect(conn.fieldMap.deal).toMatchObject({ 'bant.need.status': 'Dealside_Need_Status' });
    expect(conn.fieldMap.deal!['bant.need.category']).toBeUndefined();
  });

  it('a sign-in that did not grant the fields scope makes none, stays connected and says how to allow it', async () => {
    const t = await setup({ dealsideFields: false, fieldsCreateScope: false });
    const [c] = (await t.service.status()).connections;
    expect(c!.status).toBe('connected');
    expect(c!.message).toMatch(/this sign-in did not grant it \(ZohoCRM\.settings\.fields\.CREATE\)\. Sign in to Zoho CRM again/);
    expect(c!.capabilities).toMatchObject({ dealsideIdField: false, bant: 'missing' });
    // asked once, not once a module
    expect(t.fake.counters.byRoute['POST /crm/v7/settings/fields']).toBe(1);
  });

  it('pulls every record past 2,000 by modification time, then only what changed (If-Modified-Since), with contact roles', async () => {
    const t = await setup({}, false);
    const acc = t.fake.insert('Accounts', { Account_Name: 'Northwind Traders', Website: 'https://www.northwind.example' });
    // 2,300 contacts, most of them changed in the same second (a mass update)
    for (let i = 0; i < 2300; i++) {
      if (i % 500 === 0) t.clock.advance(1000);
      t.fake.insert('Contacts', { First_Name: `C${i}`, Last_Name: 'Smith', Email: `c${i}@northwind.example`, ...(i < 2 ? { Account_Name: String(acc.id) } : {}) });
    }
    const lead = t.fake.insert('Leads', { First_Name: 'Valentina', Last_Name: 'Ríos', Company: 'Acme', Dealside_Budget_Answer: 'estimating', Dealside_Need_Status: 'confirmed' });
    const opp = t.fake.insert('Deals', { Deal_Name: 'Northwind 2027', Stage: 'Needs Analysis', Amount: 40000, Account_Name: String(acc.id) });
    const c0 = t.fake.find('Contacts', 'Email', 'c0@northwind.example')[0]!;
    await t.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: t.fake.url, startSync: false });
    const conn = (await t.db.get('syncConnections', 'zoho'))!;
    t.fake.relationsOf(String(opp.id)).set(String(c0.id), conn.roleMap!.champion!);
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.errors).toEqual([]);
    expect(report.pulled).toBe(1 + 2300 + 1 + 1);
    expect(t.fake.log.every((l) => l.status < 400)).toBe(true);
    const p0 = (await t.db.getAllFromIndex('people', 'byCrmKey', `zoho:person:${String(c0.id)}`))[0]!;
    expect(p0).toMatchObject({ kind: 'contact', firstName: 'C0', emails: ['c0@northwind.example'], accountId: `zoho-account-${String(acc.id)}` });
    expect(await t.db.get('people', `zoho-person-${String(lead.id)}`)).toMatchObject({ kind: 'lead', companyName: 'Acme' });
    expect((await t.db.get('qualifications', `zoho-person-${String(lead.id)}`))?.bant.budget.answer).toBe('estimating');
    const d = (await t.db.get('deals', `zoho-deal-${String(opp.id)}`))!;
    expect(d).toMatchObject({ stage: 'qualification', amount: 40000, accountId: `zoho-account-${String(acc.id)}`, contactIds: [p0.id] });
    expect((await t.db.get('qualifications', d.id))!.roleOverrides[p0.id]).toBe('champion');

    // nothing changed: one call per module, nothing pulled (the last second's records, already
    // seen, are skipped once that second is over; Contacts' last second holds 300: two pages)
    t.clock.advance(5 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    t.clock.advance(5 * 60_000);
    t.fake.resetCounters();
    const quiet = await t.service.engine.run({ pull: 'now' });
    expect(quiet.pulled).toBe(0);
    expect(t.fake.log.filter((l) => l.path !== '/crm/v7/users').map((l) => l.path)).toEqual(['/crm/v7/Products', '/crm/v7/Accounts', '/crm/v7/Contacts', '/crm/v7/Contacts', '/crm/v7/Leads', '/crm/v7/Deals', '/crm/v7/Sales_Orders', '/crm/v7/Notes']);

    // a change and a deletion in Zoho (the deal, read last at the boundary second, changes too)
    t.fake.change('Contacts', String(t.fake.find('Contacts', 'Email', 'c1@northwind.example')[0]!.id), { Title: 'CFO' });
    t.fake.change('Deals', String(opp.id), { Deal_Name: 'Northwind 2027 rollout' });
    const gone = t.fake.insert('Accounts', { Account_Name: 'Old Co' });
    t.clock.advance(5 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('accounts', `zoho-account-${String(gone.id)}`)).toBeDefined();
    t.fake.remove('Accounts', String(gone.id));
    t.clock.advance(20 * 60_000);
    const second = await t.service.engine.run({ pull: 'now' });
    expect(second.errors).toEqual([]);
    expect((await t.db.getAllFromIndex('people', 'byCrmKey', `zoho:person:${String(t.fake.find('Contacts', 'Email', 'c1@northwind.example')[0]!.id)}`))[0]!.title).toBe('CFO');
    expect(await t.db.get('accounts', `zoho-account-${String(gone.id)}`)).toBeUndefined();
    expect((await t.db.get('deals', d.id))!.name).toBe('Northwind 2027 rollout');
  });

  it('pushes BANT to the Dealside_* fields of the deal', async () => {
    const t = await setup();
    const opp = t.fake.insert('Deals', { Deal_Name: 'Iberia 2027', Stage: 'Needs Analysis', Amount: 40000 });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inZoho('deal', 'Deals', String(opp.id)), stage: 'qualification', amount: 40000 })]);
    const now = new Date(t.clock.now());
    await editQualification(t.db, { entityType: 'deal', entityId: 'd-1' }, now, (q) => applyBantAnswer(q, { letter: 'budget', answer: 'approved', amount: 55000, note: 'CFO signed' }, { by: 'rep', at: now }));
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report).toMatchObject({ failed: 0, errors: [] });
    expect(t.fake.records.Deals.get(String(opp.id))).toMatchObject({ Dealside_Budget_Answer: 'approved', Dealside_Budget_Amount: 55000, Dealside_Budget_Note: 'CFO signed' });
    expect(t.fake.counters.byRoute['PUT /crm/v7/Deals']).toBe(1);
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('creates are upserts on Dealside_Id: a lost answer and its retry make one record, and links follow', async () => {
    const t = await setup();
    const now = new Date(t.clock.now());
    await createLocalRecord(t.db, 'account', account('acc-1', 'Contoso Iberia', { domain: 'contoso.example' }), now);
    await createLocalRecord(t.db, 'person', person('p-1', 'Ana', 'Gil', { emails: ['ana@contoso.example'], accountId: 'acc-1' }), now);
    await createLocalRecord(t.db, 'deal', deal('d-1', 'Contoso 2027', { accountId: 'acc-1', contactIds: ['p-1'], amount: 9000, source: 'local' }), now);
    t.fake.failNext(2, 'lost-response', (r) => r.path.endsWith('/upsert'));
    t.fake.failNext(1, 'lost-response', (r) => r.path.includes('/Contact_Roles/') && r.method === 'PUT');
    for (let i = 0; i < 6 && (await allEntries(t.db)).length > 0; i++) {
      t.clock.advance(20 * 60_000);
      await t.service.engine.run({ pull: 'never' });
    }
    expect(await allEntries(t.db)).toEqual([]);
    const acc = t.fake.find('Accounts', 'Dealside_Id', 'acc-1');
    const contact = t.fake.find('Contacts', 'Dealside_Id', 'p-1');
    const opp = t.fake.find('Deals', 'Dealside_Id', 'd-1');
    expect([acc.length, contact.length, opp.length]).toEqual([1, 1, 1]);
    expect(opp[0]!.Account_Name).toMatchObject({ id: acc[0]!.id });
    expect(contact[0]!.Account_Name).toMatchObject({ id: acc[0]!.id });
    expect([...t.fake.relationsOf(String(opp[0]!.id)).keys()]).toEqual([contact[0]!.id]);
    expect(t.fake.counters.creates).toBe(4); // account, contact, deal, one contact role relation
    expect((await t.db.get('deals', 'd-1'))!.crmRefs).toEqual([{ system: 'zoho', objectType: 'Deals', id: opp[0]!.id }]);
  });

  it('without the unique field, looks the person up by e-mail before creating them', async () => {
    const t = await setup({ dealsideFields: false, customizer: false });
    const existing = t.fake.insert('Contacts', { First_Name: 'Ana', Last_Name: 'Gil', Email: 'ana@contoso.example' });
    await createLocalRecord(t.db, 'person', person('p-1', 'Ana', 'Gil', { emails: ['ana@contoso.example'] }), new Date(t.clock.now()));
    t.fake.resetCounters();
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.counters.creates).toBe(0);
    expect((await t.db.get('people', 'p-1'))!.crmRefs).toEqual([{ system: 'zoho', objectType: 'Contacts', id: existing.id }]);
  });

  it('a record refused by Zoho fails with its reason; the others of the same call go', async () => {
    const t = await setup();
    const a = t.fake.insert('Accounts', { Account_Name: 'Contoso' });
    const b = t.fake.insert('Accounts', { Account_Name: 'Fabrikam' });
    await putAll(t.db, 'accounts', [account('a-1', 'Contoso', inZoho('account', 'Accounts', String(a.id))), account('a-2', 'Fabrikam', inZoho('account', 'Accounts', String(b.id)))]);
    t.fake.remove('Accounts', String(b.id));
    const now = new Date(t.clock.now());
    await saveLocalEdit(t.db, { entity: 'account', localId: 'a-1' }, { city: 'Madrid' }, now);
    await saveLocalEdit(t.db, { entity: 'account', localId: 'a-2' }, { city: 'Sevilla' }, now);
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.records.Accounts.get(String(a.id))!.Billing_City).toBe('Madrid');
    const left = await allEntries(t.db);
    expect(left).toMatchObject([{ ref: { localId: 'a-2' }, state: 'failed', lastError: { code: 'not-found' } }]);
  });

  it('a field changed in Zoho while ours waited becomes a conflict, not an overwrite', async () => {
    const t = await setup();
    const opp = t.fake.insert('Deals', { Deal_Name: 'Iberia 2027', Stage: 'Qualification', Amount: 40000 });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inZoho('deal', 'Deals', String(opp.id)), amount: 40000 })]);
    await saveLocalEdit(t.db, { entity: 'deal', localId: 'd-1' }, { amount: 50000 }, new Date(t.clock.now()));
    t.fake.change('Deals', String(opp.id), { Amount: 45000 });
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.records.Deals.get(String(opp.id))!.Amount).toBe(45000);
    expect(await t.service.conflicts('d-1')).toMatchObject([{ field: 'amount', localValue: 50000, remoteValue: 45000 }]);
  });

  it('429 TOO_MANY_REQUESTS is waited out; the credits read from X-RATELIMIT-*; credits spent stop sync until the reset', async () => {
    const t = await setup();
    t.fake.failNext(3, 429);
    const now = new Date(t.clock.now());
    for (let i = 0; i < 3; i++) await createLocalRecord(t.db, 'account', account(`acc-${i}`, `Company ${i}`), now);
    for (let i = 0; i < 6 && (await allEntries(t.db)).length > 0; i++) {
      const wake = await t.service.engine.nextWakeAt();
      if (wake) t.clock.t = Math.max(t.clock.t, wake);
      await t.service.engine.run({ pull: 'now' });
    }
    expect(t.fake.counters.rateLimited).toBe(3);
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.find('Accounts', 'Dealside_Id', 'acc-0')).toHaveLength(1);
    expect((await t.service.status()).connections[0]!.usage).toMatchObject({ kind: 'daily-credits', limit: 50_000 });

    // the org's credits are spent: Zoho answers 429 LIMIT_EXCEEDED, and Dealside waits for the reset
    t.fake.credits.limit -= t.fake.credits.remaining(t.clock.now());
    await saveLocalEdit(t.db, { entity: 'account', localId: 'acc-0' }, { city: 'Madrid' }, new Date(t.clock.now()));
    const report = await t.service.engine.run({ pull: 'never' });
    expect(report.errors.map((e) => e.code)).toContain('budget-exhausted');
    expect(await allEntries(t.db)).toHaveLength(1);
  });

  it('keeps to the edition’s concurrency limit: no call is refused for too many at once', async () => {
    const t = await setup({ concurrency: 2, latencyMs: 5, edition: 'free' });
    for (let i = 0; i < 30; i++) t.fake.insert('Deals', { Deal_Name: `Deal ${i}`, Stage: 'Qualification' });
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.errors).toEqual([]);
    expect(t.fake.counters.rateLimited).toBe(0);
    expect(await t.db.count('deals')).toBe(30);
  });

  it('reads the deals’ contact roles at once within the concurrency cap, not one deal after another', async () => {
    // Enterprise: 20 at once for the org, 10 for Dealside (half); each call takes a little while
    const t = await setup({ concurrency: 20, latencyMs: 5, edition: 'enterprise' }, false);
    const contact = t.fake.insert('Contacts', { First_Name: 'Ana', Last_Name: 'Gil', Email: 'ana@acme.es' });
    for (let i = 0; i < 40; i++) {
      const d = t.fake.insert('Deals', { Deal_Name: `Deal ${i}`, Stage: 'Qualification' });
      t.fake.relationsOf(String(d.id)).set(String(contact.id), null);
    }
    await t.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: t.fake.url, startSync: false });
    t.fake.resetCounters();
    const report = await t.service.engine.run({ pull: 'now' });
    expect(report.errors).toEqual([]);
    expect(t.fake.counters.rateLimited).toBe(0);
    const route = 'GET /crm/v7/Deals/{id}/Contact_Roles';
    // one related-list call a deal (Zoho has no bulk read of contact roles), several in flight at once
    expect(t.fake.counters.byRoute[route]).toBe(40);
    expect(t.fake.peakInFlight.get(route)).toBeGreaterThan(1);
    expect(t.fake.peakInFlight.get(route)).toBeLessThanOrEqual(10);
    const deals = await t.db.getAll('deals');
    expect(deals).toHaveLength(40);
    expect(deals.every((d) => d.contactIds.length === 1)).toBe(true);
  });

  it('buying-committee roles are the deal’s contact roles: set, changed, cleared (the contact stays on the deal)', async () => {
    const t = await setup();
    const opp = t.fake.insert('Deals', { Deal_Name: 'Iberia 2027', Stage: 'Qualification' });
    const contact = t.fake.insert('Contacts', { First_Name: 'Lucía', Last_Name: 'Martín', Email: 'lucia@acme.es' });
    t.fake.relationsOf(String(opp.id)).set(String(contact.id), null);
    await putAll(t.db, 'people', [person('p-1', 'Lucía', 'Martín', { ...inZoho('person', 'Contacts', String(contact.id)), emails: ['lucia@acme.es'] })]);
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inZoho('deal', 'Deals', String(opp.id)), contactIds: ['p-1'] })]);
    const conn = (await t.db.get('syncConnections', 'zoho'))!;
    const relation = () => t.fake.relationsOf(String(opp.id));
    await setRole(t.db, t.clock, 'p-1', 'champion');
    expect(await t.service.engine.run({ pull: 'never' })).toMatchObject({ pushed: 1, failed: 0 });
    expect(relation().get(String(contact.id))).toBe(conn.roleMap!.champion);
    await setRole(t.db, t.clock, 'p-1', 'economic-buyer');
    await t.service.engine.run({ pull: 'never' });
    expect(relation().get(String(contact.id))).toBe(conn.roleMap!['economic-buyer']);
    await setRole(t.db, t.clock, 'p-1', undefined);
    await t.service.engine.run({ pull: 'never' });
    expect([...relation().entries()]).toEqual([[String(contact.id), null]]);
    // a role set in Zoho comes back, signed by the CRM (the deal is read when it changes)
    relation().set(String(contact.id), conn.roleMap!.influencer!);
    t.fake.change('Deals', String(opp.id), { Amount: 1000 });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('qualifications', 'd-1'))!.roleOverrides['p-1']).toBe('influencer');
    expect(await allEntries(t.db)).toEqual([]);
  });

  it('logs a touch as a note on the deal, exactly once after a lost answer', async () => {
    const t = await setup();
    const opp = t.fake.insert('Deals', { Deal_Name: 'Iberia 2027', Stage: 'Qualification' });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia 2027', { ...inZoho('deal', 'Deals', String(opp.id)) })]);
    t.fake.failNext(1, 'lost-response', (r) => r.path === '/crm/v7/Notes');
    await logActivity(t.db, { id: 'touch-1', type: 'call', at: new Date(t.clock.now()).toISOString(), dealId: 'd-1', subject: 'Discovery call', body: 'Budget is approved.', durationMin: 25, source: 'local' }, new Date(t.clock.now()));
    for (let i = 0; i < 5 && (await allEntries(t.db)).length > 0; i++) {
      t.clock.advance(20 * 60_000);
      await t.service.engine.run({ pull: 'never' });
    }
    expect(await allEntries(t.db)).toEqual([]);
    const notes = [...t.fake.records.Notes.values()].filter((n) => hasActivityMarker(String(n.Note_Content), 'touch-1'));
    expect(notes).toMatchObject([{ Note_Title: 'Discovery call', Parent_Id: { id: opp.id, module: { api_name: 'Deals' } } }]);
    expect(String(notes[0]!.Note_Content)).toMatch(/Budget is approved/);
  });

  it('notes written in Zoho are touches: the person’s, the deal’s and the account’s last touch; one Dealside logged is not read twice', async () => {
    const t = await setup();
    const acc = t.fake.insert('Accounts', { Account_Name: 'Contoso' });
    const contact = t.fake.insert('Contacts', { First_Name: 'Ana', Last_Name: 'Gil', Email: 'ana@contoso.example', Account_Name: String(acc.id) });
    const opp = t.fake.insert('Deals', { Deal_Name: 'Contoso 2027', Stage: 'Qualification', Account_Name: String(acc.id) });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    // a colleague writes notes in Zoho, on the contact and on the deal; one on a record we do not hold is left
    const onContact = t.fake.insert('Notes', { Note_Title: 'Llamada', Note_Content: 'Pidió precios para 40 usuarios.', Parent_Id: { module: { api_name: 'Contacts' }, id: String(contact.id) } });
    t.fake.insert('Notes', { Note_Title: 'Pricing', Note_Content: 'Sent the proposal.', Parent_Id: { module: { api_name: 'Deals' }, id: String(opp.id) } });
    t.fake.insert('Notes', { Note_Content: 'Elsewhere', Parent_Id: { module: { api_name: 'Contacts' }, id: '98765000000999999' } });
    // and the rep logs a touch here, which goes to Zoho as a note with Dealside's marker
    const dealId = `zoho-deal-${String(opp.id)}`;
    await logActivity(t.db, { id: 'touch-9', type: 'note', at: new Date(t.clock.now()).toISOString(), dealId, body: 'Champion confirmed.', source: 'local' }, new Date(t.clock.now()));
    t.clock.advance(10 * 60_000);
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    const personId = `zoho-person-${String(contact.id)}`;
    const accountId = `zoho-account-${String(acc.id)}`;
    expect(await t.db.get('activities', `zoho-activity-${String(onContact.id)}`)).toMatchObject({
      type: 'note',
      at: new Date(Date.parse(String(onContact.Created_Time))).toISOString(),
      subject: 'Llamada',
      body: 'Pidió precios para 40 usuarios.',
      personId,
      accountId,
      source: 'crm',
      crmRefs: [{ system: 'zoho', objectType: 'Notes', id: String(onContact.id) }],
    });
    const onDeal = await t.db.getAllFromIndex('activities', 'byDealAt', IDBKeyRange.bound([dealId, ''], [dealId, '\uffff']));
    // the colleague's note, and the rep's own touch once (not again as the note it became)
    expect(onDeal.map((a) => a.id).sort()).toEqual([`zoho-activity-${String([...t.fake.records.Notes.values()].find((n) => n.Note_Title === 'Pricing')!.id)}`, 'touch-9'].sort());
    expect(onDeal.every((a) => a.accountId === accountId || a.id === 'touch-9')).toBe(true);
    expect(await t.db.count('activities')).toBe(3);
  });

  it('a note deleted in Zoho stops being a touch at the next notes check; the other notes and the rep’s own touch stay', async () => {
    const t = await setup();
    const contact = t.fake.insert('Contacts', { First_Name: 'Ana', Last_Name: 'Gil', Email: 'ana@contoso.example' });
    const opp = t.fake.insert('Deals', { Deal_Name: 'Contoso 2027', Stage: 'Qualification' });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    const gone = t.fake.insert('Notes', { Note_Title: 'Llamada', Note_Content: 'Pidió precios.', Parent_Id: { module: { api_name: 'Contacts' }, id: String(contact.id) } });
    const kept = t.fake.insert('Notes', { Note_Title: 'Pricing', Note_Content: 'Sent the proposal.', Parent_Id: { module: { api_name: 'Deals' }, id: String(opp.id) } });
    const dealId = `zoho-deal-${String(opp.id)}`;
    await logActivity(t.db, { id: 'touch-7', type: 'note', at: new Date(t.clock.now()).toISOString(), dealId, body: 'Champion confirmed.', source: 'local' }, new Date(t.clock.now()));
    t.clock.advance(10 * 60_000);
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('activities', `zoho-activity-${String(gone.id)}`)).toMatchObject({ source: 'crm', personId: `zoho-person-${String(contact.id)}` });
    // deleted in Zoho: the deleted-records list does not take Notes (the fake refuses it, as Zoho's docs list)
    t.fake.remove('Notes', String(gone.id));
    // the rep's own touch went to Zoho as a note; a colleague deletes that note too: the rep's touch stays
    const ours = [...t.fake.records.Notes.values()].find((n) => hasActivityMarker(String(n.Note_Content), 'touch-7'))!;
    t.fake.remove('Notes', String(ours.id));
    t.clock.advance(ZOHO_NOTES_CHECK_EVERY_MS + 60_000);
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    expect(await t.db.get('activities', `zoho-activity-${String(gone.id)}`)).toBeUndefined();
    expect(await t.db.get('activities', `zoho-activity-${String(kept.id)}`)).toMatchObject({ dealId, source: 'crm' });
    expect(await t.db.get('activities', 'touch-7')).toMatchObject({ dealId });
    expect(await t.db.get('people', `zoho-person-${String(contact.id)}`)).toBeDefined();
    expect((await t.db.getAll('activities')).map((a) => a.id).sort()).toEqual([`zoho-activity-${String(kept.id)}`, 'touch-7'].sort());
  });

  it('the notes check runs as often as the rep’s share of credits allows: a small org’s deleted note leaves within the hour, then within 15 minutes', async () => {
    const t = await setup();
    const contact = t.fake.insert('Contacts', { First_Name: 'Lucía', Last_Name: 'Paredes', Email: 'lucia@andes.example' });
    const first = t.fake.insert('Notes', { Note_Content: 'Llamada de descubrimiento.', Parent_Id: { module: { api_name: 'Contacts' }, id: String(contact.id) } });
    const second = t.fake.insert('Notes', { Note_Content: 'Envió el RFP.', Parent_Id: { module: { api_name: 'Contacts' }, id: String(contact.id) } });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.count('activities')).toBe(2);
    // the listings of the notes' ids (the Notes stream's reads ask other fields)
    let listed = 0;
    t.fake.setChaos({
      rate: 0,
      faults: [500],
      random: () => 1,
      match: (req) => {
        if (req.method === 'GET' && req.path.endsWith('/Notes') && req.query.get('fields') === 'Modified_Time') listed += 1;
        return false;
      },
    });
    const listings = () => listed;
    t.fake.remove('Notes', String(first.id));
    // the first listing an hour after connecting (not a day): the deleted note leaves
    t.clock.advance(61 * 60_000);
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    expect(await t.db.get('activities', `zoho-activity-${String(first.id)}`)).toBeUndefined();
    expect(listings()).toBe(1);
    // one page of notes on a 50,000-credit org: 100 credits a day for this rep, so every 15 minutes
    t.fake.remove('Notes', String(second.id));
    t.clock.advance(10 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(listings()).toBe(1);
    expect(await t.db.get('activities', `zoho-activity-${String(second.id)}`)).toBeDefined();
    t.clock.advance(6 * 60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(listings()).toBe(2);
    expect(await t.db.count('activities')).toBe(0);
  });

  it('the notes check’s cadence: the rep’s daily share of the org’s credits over the pages a listing costs', () => {
    const hours = (ms: number) => ms / 3_600_000;
    expect(notesCheckCreditsADay(50_000)).toBe(100); // 0.2 %
    expect(notesCheckCreditsADay(undefined)).toBe(50); // before an answer said the org's credits
    expect(notesCheckCreditsADay(5_000)).toBe(12); // never below 12
    expect(notesCheckCreditsADay(5_000_000)).toBe(240); // never above 240
    expect(notesCheckEveryMs(1, 50_000)).toBe(ZOHO_NOTES_CHECK_MIN_MS); // 200 notes: every 15 minutes
    expect(hours(notesCheckEveryMs(10, 50_000))).toBeCloseTo(2.4); // 2,000 notes
    expect(hours(notesCheckEveryMs(100, 50_000))).toBe(24); // 20,000 notes: once a day
    expect(hours(notesCheckEveryMs(500, 5_000_000))).toBe(24); // 100,000 notes: never more than the day
    expect(hours(notesCheckEveryMs(20, 5_000_000))).toBe(2); // a large org's allowance, 4,000 notes
  });

  it('a note deleted while the notes are listed by page number shifts the pages: no note still there is lost', async () => {
    // an answer without next_page_token: the listing pages by number, and is read twice
    const t = await setup({ pageTokens: false });
    const contact = t.fake.insert('Contacts', { First_Name: 'Luis', Last_Name: 'Mora', Email: 'luis@andinos.example' });
    for (let i = 0; i < 450; i++) t.fake.insert('Notes', { Note_Content: `n${i}`, Parent_Id: { module: { api_name: 'Contacts' }, id: String(contact.id) } });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.count('activities')).toBe(450);
    const ids = [...t.fake.records.Notes.keys()];
    // a colleague deletes the first note just as the listing asks its second page: every later note moves up one
    let deletedMidway = false;
    t.fake.setChaos({
      rate: 0,
      faults: [500],
      random: () => 1,
      match: (req) => {
        if (!deletedMidway && req.method === 'GET' && req.path.endsWith('/Notes') && req.query.get('fields') === 'Modified_Time' && req.query.get('page') === '2') {
          deletedMidway = true;
          t.fake.remove('Notes', ids[0]!);
        }
        return false;
      },
    });
    t.clock.advance(ZOHO_NOTES_CHECK_EVERY_MS + 60_000);
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    expect(deletedMidway).toBe(true);
    // the note the shifted second page skipped (the 201st) is still a touch; the deleted one was
    // listed before it went, so it leaves at the next check
    expect(await t.db.get('activities', `zoho-activity-${ids[200]!}`)).toBeDefined();
    expect(await t.db.count('activities')).toBe(450);
    t.clock.advance(ZOHO_NOTES_CHECK_EVERY_MS + 60_000);
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    expect(await t.db.get('activities', `zoho-activity-${ids[0]!}`)).toBeUndefined();
    expect(await t.db.count('activities')).toBe(449);
  });

  it('the notes check lists every note past 2,000 (page_token): only the deleted one leaves', async () => {
    const t = await setup();
    const contact = t.fake.insert('Contacts', { First_Name: 'Luis', Last_Name: 'Mora', Email: 'luis@andinos.example' });
    for (let i = 0; i < 2_100; i++) t.fake.insert('Notes', { Note_Content: `n${i}`, Parent_Id: { module: { api_name: 'Contacts' }, id: String(contact.id) } });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.count('activities')).toBe(2_100);
    const first = [...t.fake.records.Notes.keys()][0]!;
    t.fake.remove('Notes', first);
    t.clock.advance(ZOHO_NOTES_CHECK_EVERY_MS + 60_000);
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });
    expect(await t.db.count('activities')).toBe(2_099);
    expect(await t.db.get('activities', `zoho-activity-${first}`)).toBeUndefined();
  });

  it('record owners: the users are read, Owner becomes our user id and goes back on create', async () => {
    const t = await setup({}, false);
    const ana = t.fake.addUser('Ana Belén Soto', 'ana.soto@iberia-analytics.example');
    const acc = t.fake.insert('Accounts', { Account_Name: 'Contoso', Owner: { id: ana.id, name: 'Ana Belén Soto' } });
    await t.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: t.fake.url, startSync: false });
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('users', `zoho-user-${String(ana.id)}`)).toMatchObject({ name: 'Ana Belén Soto', source: 'crm' });
    expect((await t.db.get('accounts', `zoho-account-${String(acc.id)}`))!.ownerId).toBe(`zoho-user-${String(ana.id)}`);
    await createLocalRecord(t.db, 'account', account('acc-new', 'Fabrikam', { ownerId: `zoho-user-${String(ana.id)}` }), new Date(t.clock.now()));
    await t.service.engine.run({ pull: 'never' });
    expect(t.fake.find('Accounts', 'Dealside_Id', 'acc-new')[0]!.Owner).toMatchObject({ id: ana.id });
  });

  it('pulls the account hierarchy from Parent_Account, a unit read before its parent too', async () => {
    const t = await setup({}, false);
    const group = t.fake.insert('Accounts', { Account_Name: 'Grupo Andes S.A.', Website: 'https://grupoandes.pe' });
    const unit = t.fake.insert('Accounts', { Account_Name: 'Andes Frío S.A.', Parent_Account: String(group.id) });
    await t.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: t.fake.url, startSync: false });
    await t.service.engine.run({ pull: 'now' });
    const local = (id: unknown) => t.db.get('accounts', `zoho-account-${String(id)}`);
    expect((await local(unit.id))!.parentId).toBe(`zoho-account-${String(group.id)}`);
    expect((await local(group.id))!.parentId).toBeUndefined();
    // moved out of the group in Zoho: no parent here either
    t.clock.advance(60_000);
    t.fake.change('Accounts', String(unit.id), { Parent_Account: null });
    await t.service.engine.run({ pull: 'now' });
    expect((await local(unit.id))!.parentId).toBeUndefined();
  });

  it('the ABM tier and the marketing owner come from the fields the team maps (a picklist, a user lookup)', async () => {
    const t = await setup({}, false);
    const marta = t.fake.addUser('Marta Ibáñez', 'marta.ibanez@iberia-analytics.example');
    const acc = t.fake.insert('Accounts', { Account_Name: 'Logística Andina', ABM_Tier: 'Tier 1', Marketing_Owner: { id: marta.id, name: 'Marta Ibáñez' } });
    const other = t.fake.insert('Accounts', { Account_Name: 'Sur Cargo', ABM_Tier: '-None-', Marketing_Owner: { id: '98765000000999999', name: 'Gone' } });
    await t.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: t.fake.url, startSync: false });
    // never by default: the team chooses the fields (Options → Field mapping → Accounts)
    const fields = await t.service.describeFields('zoho', 'account');
    expect(fields.find((f) => f.name === 'ABM_Tier')).toMatchObject({ custom: true });
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('accounts', `zoho-account-${String(acc.id)}`))!.tier).toBeUndefined();
    await t.service.setFieldMap('zoho', 'account', { tier: 'ABM_Tier', marketingOwnerId: 'Marketing_Owner' });
    t.clock.advance(60_000);
    t.fake.change('Accounts', String(acc.id), { Website: 'https://andina.example' });
    t.fake.change('Accounts', String(other.id), { Website: 'https://surcargo.example' });
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('accounts', `zoho-account-${String(acc.id)}`)).toMatchObject({ tier: 'tier-1', marketingOwnerId: `zoho-user-${String(marta.id)}` });
    // "-None-" is no tier; a user we do not know is no marketing owner
    const sur = (await t.db.get('accounts', `zoho-account-${String(other.id)}`))!;
    expect(sur.tier).toBeUndefined();
    expect(sur.marketingOwnerId).toBeUndefined();
  });

  it('signs in at the data centre’s Zoho Accounts (PKCE), keeps its api_domain, and refreshes on INVALID_TOKEN', async () => {
    const t = await setup({}, false);
    await expect(t.service.connectOAuth('zoho', { dataCentre: 'eu' })).rejects.toThrow(/not set up yet/);
    await expect(t.service.setOAuthClient('zoho', { system: 'zoho', clientId: 'not-a-client' })).rejects.toThrow(/Zoho client id/);
    expect((await t.service.setOAuthClient('zoho', { system: 'zoho', clientId: CLIENT })).zoho).toEqual({ clientId: CLIENT, builtIn: false });
    await expect(t.service.connectOAuth('zoho', {})).rejects.toThrow(/data centre/);
    const view = await t.service.connectOAuth('zoho', { dataCentre: 'eu' });
    expect(view).toMatchObject({ system: 'zoho', authKind: 'oauth', status: 'connected' });
    const authorize = new URL(t.seen[0]!);
    expect(authorize.pathname).toBe('/oauth/v2/auth');
    expect(authorize.searchParams.get('scope')!.split(',')).toContain('ZohoCRM.modules.ALL');
    expect(authorize.searchParams.get('access_type')).toBe('offline');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const secret = (await readSecret(t.db, 'zoho'))!;
    expect(secret).toMatchObject({ clientId: CLIENT, tokenUrl: `${t.fake.url}/oauth/v2/token` });
    expect(secret.refreshToken).toBeTruthy();
    expect((await t.db.get('syncConnections', 'zoho'))!.baseUrl).toBe(t.fake.url);

    // the access token expires: the engine refreshes it at the same data centre and carries on
    t.fake.expire(secret.accessToken);
    t.fake.insert('Accounts', { Account_Name: 'After refresh' });
    const report = await t.service.syncNow('zoho');
    expect(report.errors).toEqual([]);
    expect((await readSecret(t.db, 'zoho'))!.accessToken).not.toBe(secret.accessToken);
    expect((await t.db.getAll('accounts')).map((a) => a.name)).toContain('After refresh');
  });

  it('exchanges the code only at the data centre chosen: a redirect naming another stops the sign-in', () => {
    const config = zohoConfig({ clientId: CLIENT, redirectUri: 'https://ext.chromiumapp.org/', accountsServer: 'https://accounts.zoho.eu', dcName: 'zoho.eu', allowedAccounts: () => true });
    expect(config.tokenUrlFor!(new URLSearchParams({ location: 'eu', 'accounts-server': 'https://accounts.zoho.eu' }))).toBe('https://accounts.zoho.eu/oauth/v2/token');
    expect(() => config.tokenUrlFor!(new URLSearchParams({ location: 'in', 'accounts-server': 'https://accounts.zoho.in' }))).toThrow(OAuthError);
    expect(() => config.tokenUrlFor!(new URLSearchParams({ location: 'in', 'accounts-server': 'https://accounts.zoho.in' }))).toThrow(/another data centre \(in\)/);
  });

  it('sends tokens only to a Zoho API domain, and asks for one data centre’s hosts at connect', () => {
    expect(isAllowedApiBase('zoho', 'https://www.zohoapis.eu')).toBe(true);
    expect(isAllowedApiBase('zoho', 'https://www.zohoapis.com.au/')).toBe(true);
    expect(isAllowedApiBase('zoho', 'https://www.zohoapis.ca')).toBe(true);
    expect(isAllowedApiBase('zoho', 'https://www.zohoapis.eu.evil.example')).toBe(false);
    expect(isAllowedApiBase('zoho', 'http://www.zohoapis.eu')).toBe(false);
    expect(hostPermissionsFor('zoho', 'https://www.zohoapis.eu')).toEqual(['https://accounts.zoho.eu/*', 'https://www.zohoapis.eu/*']);
    expect(hostPermissionsFor('zoho', 'https://accounts.zohocloud.ca')).toEqual(['https://accounts.zohocloud.ca/*', 'https://www.zohoapis.ca/*']);
    expect(connectPermissions('chrome', 'zoho', { baseUrl: 'https://www.zohoapis.in', signIn: true })).toEqual({ origins: ['https://accounts.zoho.in/*', 'https://www.zohoapis.in/*'], permissions: ['identity'] });
  });
});

describe('Zoho CRM with multiple currencies', () => {
  it('reads each deal in its own currency; an org with one currency keeps its own', async () => {
    const multi = await setup({ currencies: ['EUR', 'USD', 'MXN'] }, false);
    multi.fake.insert('Deals', { Deal_Name: 'Andinos 2027', Stage: 'Needs Analysis', Amount: 85000, Currency: 'USD', Exchange_Rate: 1.08 });
    multi.fake.insert('Deals', { Deal_Name: 'Grupo Bimbo piloto', Stage: 'Qualification', Amount: 1200000, Currency: 'MXN', Exchange_Rate: 19.9 });
    multi.fake.insert('Deals', { Deal_Name: 'Iberia 2027', Stage: 'Qualification', Amount: 40000 });
    await multi.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: multi.fake.url, startSync: false });
    await multi.service.engine.run({ pull: 'now' });
    const deals = Object.fromEntries((await multi.db.getAll('deals')).map((d) => [d.name, [d.amount, d.currency]]));
    expect(deals).toEqual({ 'Andinos 2027': [85000, 'USD'], 'Grupo Bimbo piloto': [1200000, 'MXN'], 'Iberia 2027': [40000, 'EUR'] });

    const single = await setup({}, false);
    single.fake.insert('Deals', { Deal_Name: 'Iberia 2027', Stage: 'Qualification', Amount: 40000 });
    await single.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: single.fake.url, startSync: false });
    await single.service.engine.run({ pull: 'now' });
    const [d] = await single.db.getAll('deals');
    expect([d?.amount, d?.currency]).toEqual([40000, 'EUR']);
    // (the fake refuses a field the org does not have, as Zoho does: Currency is asked only where it exists)
  });

  it('reads products and sales orders in their own currency: an order in another currency than its deal’s is converted by their exchange rates', async () => {
    const t = await setup({ currencies: ['EUR', 'USD', 'MXN'], rates: { USD: 1.08, MXN: 19.9 } }, false);
    const acc = t.fake.insert('Accounts', { Account_Name: 'Grupo Andino' });
    // a product priced in US dollars
    const analytics = t.fake.insert('Products', { Product_Name: 'Analytics Cloud', Unit_Price: 100, Currency: 'USD', Exchange_Rate: 1.08 });
    // a deal in dollars with its order in dollars: read as it is
    const usd = t.fake.insert('Deals', { Deal_Name: 'Andino 2026', Stage: 'Closed Won', Closing_Date: '2026-05-20', Amount: 1000, Currency: 'USD', Exchange_Rate: 1.08, Account_Name: String(acc.id) });
    t.fake.addSalesOrder(String(usd.id), [{ product: String(analytics.id), quantity: 10, listPrice: 100 }], { Currency: 'USD', Exchange_Rate: 1.08 });
    // a deal in pesos whose order was made in euros (the home currency): 1,000 EUR = 19,900 MXN
    const mxn = t.fake.insert('Deals', { Deal_Name: 'Andino México', Stage: 'Closed Won', Closing_Date: '2026-06-01', Amount: 19900, Currency: 'MXN', Exchange_Rate: 19.9, Account_Name: String(acc.id) });
    const support = t.fake.insert('Products', { Product_Name: 'Soporte', Unit_Price: 1000 });
    t.fake.addSalesOrder(String(mxn.id), [{ product: String(support.id), quantity: 1, listPrice: 1000 }], { Currency: 'EUR', Exchange_Rate: 1 });
    await t.service.connectToken({ system: 'zoho', token: 'zoho-access-token', baseUrl: t.fake.url, startSync: false });
    expect(await t.service.engine.run({ pull: 'now' })).toMatchObject({ errors: [], failed: 0 });

    expect(await t.db.get('products', `zoho-product-${String(analytics.id)}`)).toMatchObject({ listPrice: 100, currency: 'USD' });
    expect(await t.db.get('products', `zoho-product-${String(support.id)}`)).toMatchObject({ listPrice: 1000, currency: 'EUR' });
    const lines = async (id: unknown) => (await t.db.get('deals', `zoho-deal-${String(id)}`))!.lines!.map((l) => [l.productId, l.amount]);
    expect(await lines(usd.id)).toEqual([[`zoho-product-${String(analytics.id)}`, 1000]]);
    expect(await lines(mxn.id)).toEqual([[`zoho-product-${String(support.id)}`, 19900]]);
    // the account's deals are in two currencies: its ARR is in the org's home currency, each deal
    // converted by the org's rates (GET /org/currencies), never 1,000 USD + 19,900 MXN as read
    const account = (await t.db.get('accounts', `zoho-account-${String(acc.id)}`))!;
    const owned = Object.fromEntries(account.products.map((p) => [p.productId, p.arr]));
    expect(owned).toEqual({ [`zoho-product-${String(analytics.id)}`]: 925.93, [`zoho-product-${String(support.id)}`]: 1000 });
    expect(account).toMatchObject({ currency: 'EUR', arr: 1925.93 });
  });
});
