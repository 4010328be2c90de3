// The HubSpot connector against the local HubSpot fake (real HTTP, published shapes and limits).
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake, ALL_SCOPES } from '../../tests/fakes/hubspot';
import { HttpClient, type SyncError } from './http';
import { hubspotLimiter } from './limiter';
import { HubspotConnector, describeHubspotError, hubspotBantProperty } from './connectors/hubspot';
import type { ConnectionRecord, PullCursor } from '../store/syncRecords';
import type { PullPage } from './connector';
import { VirtualClock, account, connectionRecord, deal, inCrm, person } from '../../tests/support/sync';
import { createPersonWithAccount, logActivity } from './sdrActions';
import type { Activity } from '../domain/entities';
import { mulberry32 } from '../demo/prng';
import { openStore } from '../store/db';
import { putAll } from '../store/records';
import { SyncService } from './service';
import { allEntries, saveLocalEdit } from '../store/outbox';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function setup(options: ConstructorParameters<typeof HubspotFake>[0] = {}, token = 'pat-na1-test') {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now, ...options });
  fakes.push(fake);
  await fake.start();
  const connection: ConnectionRecord = connectionRecord('hubspot', { label: 'HubSpot', baseUrl: fake.url, capabilities: { dealsideIdField: false, bant: 'missing' } });
  const limiter = hubspotLimiter('professional');
  const http = new HttpClient(
    { fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(7) },
    {
      baseUrl: fake.url,
      limiter,
      authorize: async (h) => h.set('authorization', `Bearer ${token}`),
      describeError: describeHubspotError,
      crmName: 'HubSpot',
      timeoutMs: 30_000,
    },
  );
  let connector = new HubspotConnector(connection, http);
  const connect = async () => {
    const result = await connector.connect();
    Object.assign(connection, { fieldMap: result.fieldMap, capabilities: result.capabilities, account: result.account });
    connector = new HubspotConnector(connection, http);
    return result;
  };
  return { clock, fake, http, connection, get connector() { return connector; }, connect };
}

async function drain(gen: AsyncGenerator<PullPage>): Promise<{ pages: PullPage[]; cursor?: PullCursor }> {
  const pages: PullPage[] = [];
  for await (const p of gen) pages.push(p);
  return { pages, cursor: pages.at(-1)?.cursor };
}

describe('HubSpot connector', () => {
  it('creates the Dealside property group, the unique dealside_id and the BANT properties on connect', async () => {
    const t = await setup();
    const result = await t.connect();
    expect(result.label).toBe('HubSpot portal 4481234');
    expect(result.capabilities).toEqual({ dealsideIdField: true, bant: 'created', activityIds: 'unique' });
    expect(t.fake.groups.deals.has('dealside')).toBe(true);
    for (const type of ['calls', 'emails', 'meetings', 'notes'] as const) expect(t.fake.properties[type].get('dealside_id')?.hasUniqueValue).toBe(true);
    expect(t.fake.properties.contacts.get('dealside_id')?.hasUniqueValue).toBe(true);
    const budget = t.fake.properties.deals.get(hubspotBantProperty('bant.budget.status'))!;
    expect(budget).toMatchObject({ type: 'enumeration', fieldType: 'select', groupName: 'dealside' });
    expect(budget.options.map((o) => o.value)).toEqual(['unknown', 'partial', 'confirmed', 'negative']);
    expect(t.fake.properties.deals.get('dealside_timing_target_date')?.type).toBe('date');
    expect(result.fieldMap.deal?.['bant.need.statement']).toBe('dealside_need_statement');
    expect(result.fieldMap.deal?.stage).toBe('dealstage');
    // connecting again creates nothing twice
    const creates = t.fake.counters.byRoute['POST /crm/v3/properties/deals'];
    const again = await t.connect();
    expect(again.capabilities.bant).toBe('mapped');
    expect(t.fake.counters.byRoute['POST /crm/v3/properties/deals']).toBe(creates);
  });

  it('labels what it creates in the connecting person’s language: English by default, Spanish for a Spanish team', async () => {
    const t = await setup();
    await t.connect();
    const budget = t.fake.properties.deals.get(hubspotBantProperty('bant.budget.answer'))!;
    expect(budget.label).toBe('Dealside: Budget answer');
    expect(budget.options.map((o) => o.label)).toEqual(['Approved', 'Being estimated', 'Depends on approving a business case', 'No budget']);
    expect(t.fake.groups.deals.get('dealside')!.label).toBe('Dealside qualification');

    // a Spanish team's admin connects another portal, through the service (Options' language)
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    await fake.start();
    try {
      const db = await openStore(`hs-es-${Math.random()}`);
      const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(3), timeoutMs: 30_000, uiLocale: async () => 'es' }, true);
      await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
      const status = fake.properties.deals.get(hubspotBantProperty('bant.budget.status'))!;
      expect(status.label).toBe('Dealside: Estado del presupuesto');
      expect(status.options.map((o) => [o.value, o.label])).toEqual([['unknown', 'Desconocido'], ['partial', 'Parcial'], ['confirmed', 'Confirmado'], ['negative', 'Negativo']]);
      expect(fake.properties.contacts.get(hubspotBantProperty('bant.timing.horizon'))!.options.map((o) => o.label)).toEqual(['Este trimestre', 'El próximo trimestre', 'El año que viene o más adelante', 'Sin plazo']);
      expect(fake.properties.deals.get(hubspotBantProperty('bant.authority.engaged'))).toMatchObject({ label: 'Dealside: Decisor económico implicado', options: [{ label: 'Sí' }, { label: 'No' }] });
      expect(fake.groups.deals.get('dealside')!.label).toBe('Cualificación Dealside');
      // the names Dealside reads and writes are the same in every language
      expect((await db.get('syncConnections', 'hubspot'))!.fieldMap.deal?.['bant.budget.status']).toBe(hubspotBantProperty('bant.budget.status'));
    } finally {
      await fake.stop();
    }
  });

  it('without the schema scopes, says so and maps BANT to properties an admin created', async () => {
    const readOnly = ALL_SCOPES.filter((s) => !s.startsWith('crm.schemas.'));
    const t = await setup({ tokens: { 'pat-limited': readOnly } }, 'pat-limited');
    const result = await t.connect();
    expect(result.capabilities).toEqual({ dealsideIdField: false, bant: 'missing', activityIds: 'marker' });
    expect(result.notes.join(' ')).toMatch(/crm\.schemas\.deals\.write/);
    // An admin adds the properties by hand: now they are mapped.
    t.fake.tokens.get('pat-limited')!.scopes = new Set(ALL_SCOPES);
    await t.connect();
    t.fake.tokens.get('pat-limited')!.scopes = new Set(readOnly);
    const mapped = await t.connect();
    expect(mapped.capabilities).toEqual({ dealsideIdField: true, bant: 'mapped', activityIds: 'unique' });
  });

  it('without the e-commerce scope, connects, says what is left out, and syncs everything but products', async () => {
    const noProducts = ALL_SCOPES.filter((s) => s !== 'e-commerce');
    const t = await setup({ tokens: { 'pat-no-products': noProducts } }, 'pat-no-products');
    t.fake.seed('contacts', { firstname: 'Lucía', lastname: 'Martín', email: 'lucia@acme.es' });
    const result = await t.connect();
    expect(result.capabilities).toMatchObject({ dealsideIdField: true, bant: 'created', products: false });
    expect(result.notes.join(' ')).toMatch(/e-commerce scope/);
    expect(t.connector.streams.map((s) => s.name)).not.toContain('products');
    expect(t.connector.streams.map((s) => s.name)).not.toContain('line_items');
    const contacts = await drain(t.connector.pull('contacts', undefined));
    expect(contacts.pages.flatMap((p) => p.records).map((r) => r.fields.email)).toContain('lucia@acme.es');
    // Granted later: a reconnect brings products back.
    t.fake.tokens.get('pat-no-products')!.scopes = new Set(ALL_SCOPES);
    const again = await t.connect();
    expect(again.capabilities.products).toBeUndefined();
    expect(t.connector.streams.map((s) => s.name)).toContain('products');
  });

  it('reads everything with list paging first, then only changes with search; nothing changed costs one search per stream', async () => {
    const t = await setup();
    await t.connect();
    const company = t.fake.seed('companies', { name: 'Iberia Logística', domain: 'iberialogistica.es' });
    for (let i = 0; i < 250; i++) {
      const c = t.fake.seed('contacts', { firstname: `Ana${i}`, lastname: 'García', email: `ana${i}@iberialogistica.es` });
      if (i < 3) t.fake.associate('contacts', c.id, 'companies', company.id);
    }
    t.fake.resetCounters();
    const full = await drain(t.connector.pull('contacts', undefined));
    expect(full.pages).toHaveLength(3); // 100 + 100 + 50
    expect(full.pages.flatMap((p) => p.records)).toHaveLength(250);
    expect(full.pages[0]!.records[0]).toMatchObject({ entity: 'person', objectType: '0-1', fields: { firstName: 'Ana0', email: 'ana0@iberialogistica.es' }, links: { accountCrmId: company.id } });
    expect(full.cursor?.mode).toBe('incremental');
    expect(t.fake.counters.byRoute['GET /crm/v3/objects/contacts']).toBe(3);

    t.clock.advance(60_000);
    t.fake.resetCounters();
    const first = await drain(t.connector.pull('contacts', full.cursor));
    // the first incremental read re-reads what changed since the full read began (5-minute margin)
    expect(first.pages.flatMap((p) => p.records).length).toBeLessThanOrEqual(250);
    t.fake.resetCounters();
    const nothing = await drain(t.connector.pull('contacts', first.cursor));
    expect(nothing.pages.flatMap((p) => p.records)).toHaveLength(0);
    expect(t.fake.counters.requests).toBe(1);

    t.clock.advance(60_000);
    const [one] = [...t.fake.objects.contacts.values()];
    t.fake.edit('contacts', one!.id, { jobtitle: 'CFO' });
    t.fake.resetCounters();
    const changed = await drain(t.connector.pull('contacts', nothing.cursor));
    expect(changed.pages.flatMap((p) => p.records).map((r) => [r.crmId, r.fields.title])).toEqual([[one!.id, 'CFO']]);
  });

  it('pages past the search cap of 10,000 results with new queries, reading every change exactly once', async () => {
    const t = await setup();
    await t.connect();
    const since = t.clock.now();
    for (let i = 0; i < 10_450; i++) {
      t.fake.seed('contacts', { firstname: `P${i}`, lastname: 'X' }, since + 1000 + Math.floor(i / 3)); // three share each millisecond
    }
    t.fake.resetCounters();
    const read = await drain(t.connector.pull('contacts', { mode: 'incremental', since: new Date(since).toISOString() }));
    const ids = read.pages.flatMap((p) => p.records.map((r) => r.crmId));
    expect(ids).toHaveLength(10_450);
    expect(new Set(ids).size).toBe(10_450);
    expect(t.fake.log.every((l) => l.status === 200)).toBe(true); // never asked past the cap
    expect(t.fake.counters.byRoute['POST /crm/v3/objects/contacts/search']).toBe(53); // 50 + 3 (second query)
    // search runs at 5 per second: 53 searches take at least ten seconds of (virtual) time
    expect(t.clock.now() - since).toBeGreaterThanOrEqual(10_000);
  });

  it('honours 429 with Retry-After, and never goes over the ten-second window on its own', async () => {
    const t = await setup({ tenSecondLimit: 100 });
    await t.connect();
    t.fake.failNext(1, 429);
    const start = t.clock.now();
    await t.connector.read('person', [{ crmId: '1', objectType: '0-1' }], ['email']);
    expect(t.clock.now() - start).toBeGreaterThanOrEqual(1000); // Retry-After: 1
    t.fake.resetCounters();
    // 300 reads through a Professional-tier limiter: the server's header (100) wins, no 429.
    for (let i = 0; i < 300; i++) await t.connector.read('person', [{ crmId: '1', objectType: '0-1' }], ['email']);
    expect(t.fake.counters.rateLimited).toBe(0);
    expect(t.fake.counters.requests).toBe(300);
  });

  it('creates idempotently: an upsert whose answer was lost is repeated without a second record', async () => {
    const t = await setup();
    await t.connect();
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/batch/upsert'));
    const [r] = await t.connector.create('person', [{ dealsideId: 'local-p1', fields: { firstName: 'Sarah', lastName: 'Connor', email: 'sarah@cyberdyne.com' } }]);
    expect(r).toMatchObject({ ok: true });
    expect(t.fake.counters.creates).toBe(1);
    expect(t.fake.find('contacts', 'dealside_id', 'local-p1')).toHaveLength(1);
    // the same create again (a retry after a restart) finds it
    const [again] = await t.connector.create('person', [{ dealsideId: 'local-p1', fields: { firstName: 'Sarah', lastName: 'Connor', email: 'sarah@cyberdyne.com' } }]);
    expect(again).toMatchObject({ ok: true, created: false });
    expect(t.fake.counters.creates).toBe(1);
  });

  it('isolates a bad value in a batch update, and reports records deleted in HubSpot', async () => {
    const t = await setup();
    await t.connect();
    const a = t.fake.seed('deals', { dealname: 'A', amount: 10 });
    const b = t.fake.seed('deals', { dealname: 'B', amount: 20 });
    const results = await t.connector.update('deal', [
      { crmId: a.id, objectType: '0-3', fields: { amount: 11 } },
      { crmId: b.id, objectType: '0-3', fields: { 'bant.budget.status': 'approved-ish' } },
      { crmId: '999999', objectType: '0-3', fields: { amount: 1 } },
    ]);
    expect(results[0]).toEqual({ ok: true });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((results[1] as { error: SyncError }).error.message).toMatch(/allowed options/);
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(t.fake.objects.deals.get(a.id)!.properties.amount).toBe('11');
  });

  it('maps deal stages both ways and reads line items into the deals’ products', async () => {
    const t = await setup();
    await t.connect();
    const d = t.fake.seed('deals', { dealname: 'Northwind', dealstage: 'contractsent', amount: '60000.00', closedate: '2027-01-15T00:00:00.000Z' });
    const p = t.fake.seed('products', { name: 'Analytics', price: 1200 });
    const li = t.fake.seed('line_items', { name: 'Analytics', hs_product_id: p.id, quantity: 3 });
    t.fake.associate('line_items', li.id, 'deals', d.id);
    const deals = await drain(t.connector.pull('deals', undefined));
    expect(deals.pages[0]!.records[0]!.fields).toMatchObject({ stage: 'negotiation', amount: 60000, closeDate: '2027-01-15' });
    const items = await drain(t.connector.pull('line_items', undefined));
    // with its line: no billing frequency nor term, so a one-off (utils/sync/connectors/lines.ts)
    expect(items.pages.flatMap((x) => x.links ?? [])).toEqual([{ dealCrmId: d.id, productCrmIds: [p.id], lines: [{ id: li.id, productCrmId: p.id, quantity: 3, oneOff: true }] }]);
    await t.connector.update('deal', [{ crmId: d.id, objectType: '0-3', fields: { stage: 'closed-won' } }]);
    expect(t.fake.objects.deals.get(d.id)!.properties.dealstage).toBe('closedwon');
  });

  it('turns HubSpot error bodies into sentences', () => {
    expect(describeHubspotError(400, { status: 'error', message: 'Property values were not valid', correlationId: 'abc', category: 'VALIDATION_ERROR' })).toBe(
      'Property values were not valid [VALIDATION_ERROR] (correlation id abc)',
    );
    expect(describeHubspotError(502, '<html>')).toBe('HTTP 502');
  });
});

// ----- the SDR's actions through the engine (issue #12) -------------------------------------------

async function withService(options: ConstructorParameters<typeof HubspotFake>[0] = {}) {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now, ...options });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`hs-sdr-${Math.random()}`);
  const make = () => new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(11), timeoutMs: 30_000 }, true);
  const service = make();
  await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
  await service.engine.run({ pull: 'now' });
  const t = {
    clock,
    fake,
    db,
    service,
    now: () => new Date(clock.now()),
    /** the service worker is stopped and starts again: a new service on the same database */
    restart() {
      t.service.engine.kill();
      t.service = make();
    },
    /**
     * Run the engine until the outbox is empty (at most `rounds` passes), letting time pass between
     * them; when HubSpot refused the token (401), the rep reconnects as Options asks.
     */
    async drain(rounds = 6) {
      for (let i = 0; i < rounds && (await allEntries(db)).length > 0; i++) {
        if ((await db.get('syncConnections', 'hubspot'))?.status === 'reconnect-needed') {
          await t.service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
        }
        await t.service.engine.run({ pull: 'never' }).catch(() => undefined);
        clock.advance(10 * 60_000);
      }
    },
  };
  return t;
}

/** Stop the worker while the first request that matches is in flight: the CRM does it, nobody records it. */
function killDuring(t: { fake: HubspotFake; restart: () => void }, match: (path: string) => boolean): { fired: boolean } {
  const state = { fired: false };
  t.fake.failNext(1, 'lost-response', (r) => {
    if (!state.fired && match(r.path)) {
      state.fired = true;
      t.restart();
    }
    return false; // carried out and answered: the killed worker drops the answer
  });
  return state;
}

describe('HubSpot: LinkedIn profile links', () => {
  it('maps HubSpot’s hs_linkedin_url, or creates dealside_linkedin_url in a portal without it', async () => {
    const t = await withService();
    expect((await t.db.get('syncConnections', 'hubspot'))!.fieldMap.person?.linkedinUrl).toBe('hs_linkedin_url');
    expect(t.fake.properties.contacts.has('dealside_linkedin_url')).toBe(false);
    const old = await withService({ linkedinProperty: false });
    expect((await old.db.get('syncConnections', 'hubspot'))!.fieldMap.person?.linkedinUrl).toBe('dealside_linkedin_url');
    expect(old.fake.properties.contacts.get('dealside_linkedin_url')).toMatchObject({ type: 'string', groupName: 'dealside' });
  });

  it('links a profile from the sidebar (an update through the outbox) and follows changes made in HubSpot, keeping byLinkedinKey in step', async () => {
    const t = await withService();
    const c = t.fake.seed('contacts', { firstname: 'Ana', lastname: 'Gil', email: 'ana@northwind.example' });
    await putAll(t.db, 'people', [person('p-1', 'Ana', 'Gil', { ...inCrm('hubspot', 'person', '0-1', c.id), emails: ['ana@northwind.example'], source: 'crm' })]);
    const { record, entries } = await saveLocalEdit(t.db, { entity: 'person', localId: 'p-1' }, { linkedinUrl: 'https://www.linkedin.com/in/Ana-Gil-Ruiz/?trk=public_profile' }, t.now());
    expect(record).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/Ana-Gil-Ruiz/?trk=public_profile', linkedinKey: 'in/ana-gil-ruiz' });
    expect(entries.map((e) => [e.op, e.changes.map((ch) => ch.field)])).toEqual([['update', ['linkedinUrl']]]);
    expect((await t.db.getAllFromIndex('people', 'byLinkedinKey', 'in/ana-gil-ruiz')).map((p) => p.id)).toEqual(['p-1']);
    // the same profile written another way is no change
    expect((await saveLocalEdit(t.db, { entity: 'person', localId: 'p-1' }, { linkedinUrl: 'linkedin.com/in/ana-gil-ruiz' }, t.now())).entries).toEqual([]);

    await t.service.engine.run({ pull: 'never' });
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.objects.contacts.get(c.id)!.properties.hs_linkedin_url).toBe('https://www.linkedin.com/in/Ana-Gil-Ruiz/?trk=public_profile');

    // HubSpot writes the same profile another way: nothing changes here; another profile: it follows
    t.clock.advance(60_000);
    t.fake.edit('contacts', c.id, { hs_linkedin_url: 'http://linkedin.com/in/ana-gil-ruiz' });
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('people', 'p-1'))!.linkedinUrl).toBe('https://www.linkedin.com/in/Ana-Gil-Ruiz/?trk=public_profile');
    t.clock.advance(60_000);
    t.fake.edit('contacts', c.id, { hs_linkedin_url: 'https://www.linkedin.com/in/ana-gil-2' });
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.get('people', 'p-1')).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/ana-gil-2', linkedinKey: 'in/ana-gil-2' });
    expect(await t.db.getAllFromIndex('people', 'byLinkedinKey', 'in/ana-gil-ruiz')).toEqual([]);
    // cleared in HubSpot: the key goes too
    t.clock.advance(60_000);
    t.fake.edit('contacts', c.id, { hs_linkedin_url: null });
    await t.service.engine.run({ pull: 'now' });
    const cleared = (await t.db.get('people', 'p-1'))!;
    expect(cleared.linkedinUrl).toBeUndefined();
    expect(cleared.linkedinKey).toBeUndefined();
  });
});

describe('HubSpot: adding a person with their company', () => {
  it('creates the company, the contact and their association once, under a lost answer; a lead is a contact at lifecycle stage "lead"', async () => {
    const t = await withService();
    await createPersonWithAccount(t.db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], title: 'CFO' }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es' }) }, t.now());
    await createPersonWithAccount(t.db, { person: person('l-1', 'Andrés', 'Ruiz', { kind: 'lead', emails: ['andres@ruiz.example'] }), account: account('a-2', 'Ruiz Logística') }, t.now());
    t.fake.failNext(1, 'lost-response', (r) => r.path === '/crm/v3/objects/contacts/batch/upsert');
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/batch/associate/default'));
    for (let i = 0; i < 4 && (await allEntries(t.db)).length > 0; i++) {
      await t.service.engine.run({ pull: 'never' });
      t.clock.advance(10 * 60_000);
    }
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(2);
    expect(t.fake.counters.creates).toBe(4);
    const [company] = t.fake.find('companies', 'dealside_id', 'a-1');
    const [contact] = t.fake.find('contacts', 'dealside_id', 'p-1');
    expect(contact!.properties).toMatchObject({ firstname: 'Lucía', email: 'lucia@acme.es', jobtitle: 'CFO' });
    expect(contact!.properties.lifecyclestage ?? null).toBeNull();
    expect(t.fake.associated('contacts', contact!.id, 'companies')).toEqual([company!.id]);
    const [lead] = t.fake.find('contacts', 'dealside_id', 'l-1');
    expect(lead!.properties).toMatchObject({ lifecyclestage: 'lead', company: 'Ruiz Logística' });
    expect(t.fake.associated('contacts', lead!.id, 'companies')).toEqual([t.fake.find('companies', 'dealside_id', 'a-2')[0]!.id]);
    expect((await t.db.get('people', 'p-1'))!.crmRefs).toEqual([{ system: 'hubspot', objectType: '0-1', id: contact!.id }]);
    // a pull brings them back as the same records
    await t.service.engine.run({ pull: 'now' });
    expect(await t.db.count('people')).toBe(2);
    expect(await t.db.count('accounts')).toBe(2);
  });
});

describe('HubSpot: adding a person, exactly once', () => {
  it('a 429, a 401, a lost association answer and a worker stopped mid-create still make one contact, one company, one association', async () => {
    const t = await withService();
    await createPersonWithAccount(t.db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'], linkedinUrl: 'https://www.linkedin.com/in/lucia-martin' }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es' }) }, t.now());
    // the worker is stopped (and starts again) before the first pass, then while the contact's upsert is out
    t.restart();
    t.fake.failNext(1, 429, (r) => r.path === '/crm/v3/objects/companies/batch/upsert');
    const kill = killDuring(t, (path) => path === '/crm/v3/objects/contacts/batch/upsert');
    t.fake.failNext(1, 401, (r) => r.path === '/crm/v3/objects/contacts/batch/upsert');
    t.fake.failNext(1, 'lost-response', (r) => r.path.endsWith('/batch/associate/default'));
    await t.drain(10);
    expect(kill.fired).toBe(true);
    expect(await allEntries(t.db)).toEqual([]);
    expect(t.fake.counters.faults).toBe(3);
    const companies = t.fake.find('companies', 'dealside_id', 'a-1');
    const contacts = t.fake.find('contacts', 'dealside_id', 'p-1');
    expect([companies.length, contacts.length, t.fake.objects.contacts.size, t.fake.objects.companies.size]).toEqual([1, 1, 1, 1]);
    expect(contacts[0]!.properties).toMatchObject({ email: 'lucia@acme.es', hs_linkedin_url: 'https://www.linkedin.com/in/lucia-martin' });
    expect(t.fake.associated('contacts', contacts[0]!.id, 'companies')).toEqual([companies[0]!.id]);
    expect((await t.db.get('people', 'p-1'))!.crmRefs).toEqual([{ system: 'hubspot', objectType: '0-1', id: contacts[0]!.id }]);
    expect((await t.db.get('accounts', 'a-1'))!.crmRefs).toEqual([{ system: 'hubspot', objectType: '0-2', id: companies[0]!.id }]);
    // adding them again (a second click, or the message replayed) queues nothing new
    await createPersonWithAccount(t.db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'] }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es' }) }, t.now());
    await t.drain();
    expect([t.fake.objects.contacts.size, t.fake.objects.companies.size]).toEqual([1, 1]);
  });
});

describe('HubSpot: the account hierarchy', () => {
  it('pulls a company’s parent from hs_parent_company_id, a child read before its parent too', async () => {
    const t = await withService();
    const group = t.fake.seed('companies', { name: 'Grupo Andes S.A.', domain: 'grupoandes.pe' });
    const unit = t.fake.seed('companies', { name: 'Andes Frío S.A.', hs_parent_company_id: group.id });
    t.clock.advance(60_000);
    await t.service.engine.run({ pull: 'now' });
    const local = (id: string) => t.db.get('accounts', `hubspot-account-${id}`);
    expect((await local(unit.id))!.parentId).toBe(`hubspot-account-${group.id}`);
    expect((await local(group.id))!.parentId).toBeUndefined();
  });
});

describe('HubSpot connected after the SDR worked without a CRM', () => {
  it('what was added and logged before goes to HubSpot on connect, once; demo records stay out', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`hs-later-${Math.random()}`);
    const now = new Date(clock.now());
    await createPersonWithAccount(db, { person: person('p-1', 'Lucía', 'Martín', { emails: ['lucia@acme.es'] }), account: account('a-1', 'Acme Ibérica', { domain: 'acme.es' }) }, now);
    await createPersonWithAccount(db, { person: person('d-1', 'Demo', 'Persona', { emails: ['demo@demo.example'], source: 'demo' }) }, now);
    const touch: Activity = { id: 'act-1', type: 'call', at: now.toISOString(), subject: 'Primera llamada', personId: 'p-1', ownerId: 'me', source: 'local' };
    await logActivity(db, touch, now);
    expect(await allEntries(db)).toEqual([]); // nothing connected: nothing queued
    const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(17), timeoutMs: 30_000 }, true);
    await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    expect((await allEntries(db)).map((e) => `${e.op}:${e.ref.entity}:${e.ref.localId}`).sort()).toEqual(
      ['associate:person:p-1', 'create:account:a-1', 'create:activity:act-1', 'create:person:p-1'].sort(),
    );
    for (let i = 0; i < 6 && (await allEntries(db)).length > 0; i++) {
      await service.engine.run({ pull: 'never' });
      clock.advance(60_000);
    }
    expect(await allEntries(db)).toEqual([]);
    const [contact] = fake.find('contacts', 'dealside_id', 'p-1');
    expect(contact!.properties.email).toBe('lucia@acme.es');
    expect(fake.find('contacts', 'dealside_id', 'd-1')).toEqual([]);
    expect(fake.associated('contacts', contact!.id, 'companies')).toEqual([fake.find('companies', 'dealside_id', 'a-1')[0]!.id]);
    expect(fake.objects.calls.size).toBe(1);
    // connecting again (a new token) queues nothing twice
    await service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    expect(await allEntries(db)).toEqual([]);
  });
});

describe('HubSpot without the dealside_id property (no schema scopes)', () => {
  it('a contact with no e-mail and a company with no domain: a lost create answer is found by name among those made since', async () => {
    const clock = new VirtualClock();
    const readOnly = ALL_SCOPES.filter((s) => !s.startsWith('crm.schemas.'));
    const fake = new HubspotFake({ now: clock.now, tokens: { 'pat-limited': readOnly } });
    fakes.push(fake);
    await fake.start();
    const db = await openStore(`hs-noid-${Math.random()}`);
    const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(13), timeoutMs: 30_000 }, true);
    await service.connectToken({ system: 'hubspot', token: 'pat-limited', baseUrl: fake.url, startSync: false });
    expect((await db.get('syncConnections', 'hubspot'))!.capabilities.dealsideIdField).toBe(false);
    // a namesake made long before is someone else
    fake.seed('contacts', { firstname: 'Andrés', lastname: 'Ruiz' });
    clock.advance(3600_000);
    await createPersonWithAccount(db, { person: person('p-1', 'Andrés', 'Ruiz', {}), account: account('a-1', 'Ruiz Logística') }, new Date(clock.now()));
    fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/crm/v3/objects/companies');
    fake.failNext(1, 'lost-response', (r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts');
    for (let i = 0; i < 6 && (await allEntries(db)).length > 0; i++) {
      await service.engine.run({ pull: 'never' }).catch(() => undefined);
      clock.advance(10 * 60_000);
    }
    expect(await allEntries(db)).toEqual([]);
    expect(fake.counters.faults).toBe(2);
    const ruizes = [...fake.objects.contacts.values()].filter((c) => c.properties.lastname === 'Ruiz');
    expect(ruizes).toHaveLength(2); // the older namesake, and him
    const companies = [...fake.objects.companies.values()].filter((c) => c.properties.name === 'Ruiz Logística');
    expect(companies).toHaveLength(1);
    const his = (await db.get('people', 'p-1'))!.crmRefs[0]!.id;
    expect(fake.associated('contacts', his, 'companies')).toEqual([companies[0]!.id]);
  });
});

describe('HubSpot: logging a touch', () => {
  async function withRecords(options: ConstructorParameters<typeof HubspotFake>[0] = {}) {
    const t = await withService(options);
    const co = t.fake.seed('companies', { name: 'Northwind', domain: 'northwind.example' });
    const c = t.fake.seed('contacts', { firstname: 'Ana', lastname: 'Gil', email: 'ana@northwind.example' });
    const d = t.fake.seed('deals', { dealname: 'Northwind 2027', dealstage: 'qualifiedtobuy' });
    await putAll(t.db, 'accounts', [account('a-1', 'Northwind', inCrm('hubspot', 'account', '0-2', co.id))]);
    await putAll(t.db, 'people', [person('p-1', 'Ana', 'Gil', { ...inCrm('hubspot', 'person', '0-1', c.id), accountId: 'a-1', source: 'crm' })]);
    await putAll(t.db, 'deals', [deal('d-1', 'Northwind 2027', { ...inCrm('hubspot', 'deal', '0-3', d.id), accountId: 'a-1', contactIds: ['p-1'] })]);
    return Object.assign(t, { companyId: co.id, contactId: c.id, dealId: d.id });
  }
  const touch = (id: string, type: Activity['type'], extra: Partial<Activity> = {}): Activity => ({ id, type, at: '2026-11-22T09:30:00.000Z', personId: 'p-1', dealId: 'd-1', source: 'local', ...extra });
  it('logs a call, e-mails, a meeting and a note as engagements, associated to the contact, company and deal', async () => {
    const t = await withRecords();
    await logActivity(t.db, touch('act-call', 'call', { subject: 'Discovery call', body: 'Budget approved in Q1.', durationMin: 12 }), t.now());
    await logActivity(t.db, touch('act-mail', 'email-sent', { subject: 'Proposal', body: 'Attached.' }), t.now());
    await logActivity(t.db, touch('act-reply', 'email-replied', { subject: 'Re: Proposal' }), t.now());
    await logActivity(t.db, touch('act-meet', 'meeting', { subject: 'Demo', durationMin: 45 }), t.now());
    await logActivity(t.db, touch('act-note', 'note', { subject: 'Champion', body: 'Ana pushes for it.', dealId: undefined }), t.now());
    expect((await t.db.get('people', 'p-1'))!.lastActivityAt).toBe('2026-11-22T09:30:00.000Z');
    await t.drain();
    expect(await allEntries(t.db)).toEqual([]);
    const [call] = t.fake.find('calls', 'dealside_id', 'act-call');
    expect(call!.properties).toMatchObject({ hs_timestamp: '2026-11-22T09:30:00.000Z', hs_call_title: 'Discovery call', hs_call_body: 'Budget approved in Q1.', hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_duration: '720000' });
    expect(t.fake.find('emails', 'dealside_id', 'act-mail')[0]!.properties).toMatchObject({ hs_email_direction: 'EMAIL', hs_email_subject: 'Proposal', hs_email_text: 'Attached.', hs_email_status: 'SENT' });
    expect(t.fake.find('emails', 'dealside_id', 'act-reply')[0]!.properties.hs_email_direction).toBe('INCOMING_EMAIL');
    expect(t.fake.find('meetings', 'dealside_id', 'act-meet')[0]!.properties).toMatchObject({ hs_meeting_title: 'Demo', hs_meeting_start_time: '2026-11-22T09:30:00.000Z', hs_meeting_end_time: '2026-11-22T10:15:00.000Z', hs_meeting_outcome: 'COMPLETED' });
    const [note] = t.fake.find('notes', 'dealside_id', 'act-note');
    expect(note!.properties.hs_note_body).toBe('Champion\n\nAna pushes for it.');
    // every touch on the contact and (the person's) company; the deal where it was logged on one
    expect(t.fake.associated('calls', call!.id, 'contacts')).toEqual([t.contactId]);
    expect(t.fake.associated('calls', call!.id, 'companies')).toEqual([t.companyId]);
    expect(t.fake.associated('calls', call!.id, 'deals')).toEqual([t.dealId]);
    expect(t.fake.associated('notes', note!.id, 'deals')).toEqual([]);
    expect(t.fake.associated('notes', note!.id, 'companies')).toEqual([t.companyId]);
    expect((await t.db.get('activities', 'act-call'))!.crmRefs).toEqual([{ system: 'hubspot', objectType: '0-48', id: call!.id }]);
    expect(t.fake.counters.creates).toBe(5);
  });

  it('waits for the person it was logged on to be created, then logs it on them', async () => {
    const t = await withService();
    const now = t.now();
    await createPersonWithAccount(t.db, { person: person('p-9', 'Luis', 'Mamani', { emails: ['luis@mamani.example'] }), account: account('a-9', 'Mamani SAC') }, now);
    await logActivity(t.db, { id: 'act-9', type: 'call', at: now.toISOString(), personId: 'p-9', source: 'local' }, now);
    t.fake.failNext(2, 503, (r) => r.path === '/crm/v3/objects/contacts/batch/upsert');
    await t.drain();
    expect(await allEntries(t.db)).toEqual([]);
    const [call] = t.fake.find('calls', 'dealside_id', 'act-9');
    expect(t.fake.associated('calls', call!.id, 'contacts')).toEqual([t.fake.find('contacts', 'dealside_id', 'p-9')[0]!.id]);
    expect(t.fake.associated('calls', call!.id, 'companies')).toEqual([t.fake.find('companies', 'dealside_id', 'a-9')[0]!.id]);
  });

  it('exactly once under lost answers: by upsert on the unique dealside_id, by our id or by the marker where it cannot be unique', async () => {
    for (const [options, mode] of [
      [{}, 'unique'],
      [{ engagementUniqueIds: false }, 'field'],
      // no crm.schemas.contacts.write: no dealside_id on engagements at all
      [{ tokens: { 'pat-na1-test': ALL_SCOPES.filter((s) => s !== 'crm.schemas.contacts.write') } }, 'marker'],
    ] as const) {
      const t = await withRecords(options);
      expect((await t.db.get('syncConnections', 'hubspot'))!.capabilities.activityIds, mode).toBe(mode);
      await logActivity(t.db, touch('act-1', 'call', { body: 'Left a voicemail.' }), t.now());
      await logActivity(t.db, touch('act-2', 'note', { body: 'Second touch.' }), t.now());
      t.fake.failNext(2, 'lost-response', (r) => /\/crm\/v3\/objects\/(calls|notes)\/batch\/(upsert|create)$/.test(r.path));
      t.fake.failNext(1, 'lost-response', (r) => r.path.includes('/batch/associate/default'));
      await t.drain();
      expect(await allEntries(t.db), mode).toEqual([]);
      expect(t.fake.counters.faults, mode).toBe(3);
      expect(t.fake.objects.calls.size, mode).toBe(1);
      expect(t.fake.objects.notes.size, mode).toBe(1);
      const [call] = [...t.fake.objects.calls.values()];
      expect(t.fake.associated('calls', call!.id, 'contacts'), mode).toEqual([t.contactId]);
      if (mode === 'marker') expect(call!.properties.hs_call_body).toBe('Left a voicemail.\n\nDealside ref act-1');
      else expect(call!.properties.dealside_id).toBe('act-1');
      expect((await t.db.get('activities', 'act-1'))!.crmRefs, mode).toEqual([{ system: 'hubspot', objectType: '0-48', id: call!.id }]);
    }
  });

  it('a 429 and a 401 after a lost answer still make one engagement, by upsert or by the marker', async () => {
    for (const [options, mode] of [
      [{}, 'unique'],
      [{ tokens: { 'pat-na1-test': ALL_SCOPES.filter((s) => s !== 'crm.schemas.contacts.write') } }, 'marker'],
    ] as const) {
      const t = await withRecords(options);
      expect((await t.db.get('syncConnections', 'hubspot'))!.capabilities.activityIds, mode).toBe(mode);
      await logActivity(t.db, touch('act-1', 'meeting', { subject: 'Demo', body: 'Went well.' }), t.now());
      const create = (r: { path: string }) => /\/crm\/v3\/objects\/meetings\/batch\/(upsert|create)$/.test(r.path);
      t.fake.failNext(1, 'lost-response', create);
      t.fake.failNext(1, 429, (r) => r.path.startsWith('/crm/v3/objects/meetings') || r.path.startsWith('/crm/v4/associations'));
      t.fake.failNext(1, 401, (r) => r.path.startsWith('/crm/v3/objects/meetings') || r.path.startsWith('/crm/v4/associations'));
      await t.drain(8);
      expect(await allEntries(t.db), mode).toEqual([]);
      expect(t.fake.counters.faults, mode).toBe(3);
      expect(t.fake.objects.meetings.size, mode).toBe(1);
      const [meeting] = [...t.fake.objects.meetings.values()];
      expect(t.fake.associated('meetings', meeting!.id, 'contacts'), mode).toEqual([t.contactId]);
      expect(t.fake.associated('meetings', meeting!.id, 'deals'), mode).toEqual([t.dealId]);
      expect((await t.db.get('activities', 'act-1'))!.crmRefs, mode).toEqual([{ system: 'hubspot', objectType: '0-47', id: meeting!.id }]);
      expect((await t.db.get('syncConnections', 'hubspot'))!.status, mode).toBe('connected');
    }
  });

  it('the worker stopped while the create was in flight: the next worker finds it, one engagement', async () => {
    for (const [options, mode] of [
      [{}, 'unique'],
      [{ engagementUniqueIds: false }, 'field'],
      [{ tokens: { 'pat-na1-test': ALL_SCOPES.filter((s) => s !== 'crm.schemas.contacts.write') } }, 'marker'],
    ] as const) {
      const t = await withRecords(options);
      await logActivity(t.db, touch('act-1', 'call', { body: 'Voicemail.' }), t.now());
      const kill = killDuring(t, (path) => /\/crm\/v3\/objects\/calls\/batch\/(upsert|create)$/.test(path));
      await t.drain();
      expect(kill.fired, mode).toBe(true);
      expect(await allEntries(t.db), mode).toEqual([]);
      expect(t.fake.objects.calls.size, mode).toBe(1);
      const [call] = [...t.fake.objects.calls.values()];
      expect((await t.db.get('activities', 'act-1'))!.crmRefs, mode).toEqual([{ system: 'hubspot', objectType: '0-48', id: call!.id }]);
    }
  });
});

describe('HubSpot: a deal’s stage history', () => {
  it('keeps each stage move the pull sees, for the weekly ABM review', async () => {
    const t = await withService();
    const d = t.fake.seed('deals', { dealname: 'Northwind 2027', dealstage: 'qualifiedtobuy' });
    await t.service.engine.run({ pull: 'now' });
    const local = (await t.db.getAllFromIndex('deals', 'byCrmKey', `hubspot:deal:${d.id}`))[0]!;
    expect(local).toMatchObject({ stage: 'qualification' });
    expect(local.stageChanges).toBeUndefined();
    await t.clock.sleep(60_000);
    t.fake.edit('deals', d.id, { dealstage: 'contractsent' });
    await t.service.engine.run({ pull: 'now' });
    const moved = (await t.db.get('deals', local.id))!;
    expect(moved.stage).toBe('negotiation');
    expect(moved.stageChanges).toEqual([{ at: expect.any(String), from: 'qualification', to: 'negotiation' }]);
    // a pull that changes something else adds no move
    t.fake.edit('deals', d.id, { amount: '1000' });
    await t.service.engine.run({ pull: 'now' });
    expect((await t.db.get('deals', local.id))!.stageChanges).toHaveLength(1);
  });
});
