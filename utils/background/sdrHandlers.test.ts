// The SDR's actions through the background, on the demo workspace: the duplicate gate, adding a
// lead or a contact with its company (and the matcher knowing them at once), linking a profile,
// logging a touch, and a job change.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openStore, type Db } from '../store/db';
import { createHandlers } from './handlers';
import { createMatchService } from './matchService';
import { loadDemo } from './workspace';
import type { AddPersonForm } from '../messaging/sdrProtocol';
import type { DealsideEvent } from '../messaging/protocol';
import { connectionRecord } from '../../tests/support/sync';

const now = new Date('2026-11-22T10:00:00Z');
let db: Db;
let events: DealsideEvent[];
const matches = createMatchService(() => now);
const handlers = () => createHandlers({ db: async () => db, now: () => now, broadcast: (e) => events.push(e), matches });
const sender = { id: 'x', url: 'chrome-extension://x/sidepanel.html' };

const ana: AddPersonForm = {
  kind: 'lead',
  firstName: 'Ana Belén',
  lastName: 'Soto',
  title: 'Responsable de Compras',
  companyName: 'Grupo Sotomar',
  city: 'Valencia',
  country: 'España',
  linkedinUrl: 'https://www.linkedin.com/in/anabelensoto/',
};

beforeAll(async () => {
  db = await openStore(`sdr-${Math.random()}`);
  await loadDemo(db, now);
});
beforeEach(() => {
  fakeBrowser.reset();
  events = [];
});

describe('the SDR adds someone to the CRM behind the duplicate gate', () => {
  it('finds nobody for someone new, then adds them as a lead that the matcher knows at once', async () => {
    const h = handlers();
    const check = await h['crm/add-check']({ type: 'crm/add-check', form: ana }, { sender });
    expect(check.matches).toEqual([]);
    expect(check.users.length).toBeGreaterThan(0);
    const added = await h['crm/add']({ type: 'crm/add', form: ana, company: { mode: 'none' } }, { sender });
    const person = (await db.get('people', added.personId))!;
    expect(person).toMatchObject({ kind: 'lead', fullName: 'Ana Belén Soto', companyName: 'Grupo Sotomar', linkedinKey: 'in/anabelensoto', leadStatus: 'new', source: 'local', ownerId: check.currentUserId });
    expect(added.connected).toBe(false);
    expect(events).toContainEqual({ type: 'event/entities-changed', ids: [added.personId] });
    // The same person typed again is held at the gate: by LinkedIn, and by name and company.
    const again = await h['crm/add-check']({ type: 'crm/add-check', form: { ...ana, linkedinUrl: undefined, email: undefined } }, { sender });
    expect(again.matches.map((m) => m.id)).toContain(added.personId);
    await expect(h['crm/add']({ type: 'crm/add', form: ana, company: { mode: 'none' } }, { sender })).rejects.toThrow(/Possible duplicate.*Ana Belén Soto/);
  });

  it('adds a contact with the account the matcher found, or creates the company when asked', async () => {
    const h = handlers();
    const form: AddPersonForm = { ...ana, kind: 'contact', firstName: 'Rodrigo', lastName: 'Navas Quintero', title: 'Director de Operaciones', companyName: 'Iberia Logística', linkedinUrl: 'https://www.linkedin.com/in/rnavasq/' };
    const check = await h['crm/add-check']({ type: 'crm/add-check', form }, { sender });
    expect(check.company?.account.name).toMatch(/Iberia Logística/);
    const added = await h['crm/add']({ type: 'crm/add', form, company: { mode: 'existing', accountId: check.company!.account.id } }, { sender });
    expect(added.accountId).toBe(check.company!.account.id);
    expect((await db.get('people', added.personId))?.accountId).toBe(check.company!.account.id);

    const newco: AddPersonForm = { ...form, firstName: 'Inés', lastName: 'Quiroga Peña', companyName: 'Cerámicas del Turia', email: 'ines@ceramicasturia.es', linkedinUrl: 'https://www.linkedin.com/in/inesquiroga/' };
    expect((await h['crm/add-check']({ type: 'crm/add-check', form: newco }, { sender })).company).toBeUndefined();
    const withCompany = await h['crm/add']({ type: 'crm/add', form: newco, company: { mode: 'create' } }, { sender });
    const account = (await db.get('accounts', withCompany.accountId!))!;
    expect(account).toMatchObject({ name: 'Cerámicas del Turia', domain: 'ceramicasturia.es', lifecycle: 'prospect', source: 'local' });
    // …and the company is known to the gate from now on
    const next = await h['crm/add-check']({ type: 'crm/add-check', form: { ...newco, firstName: 'Pau', lastName: 'Ferrer', email: 'pau@ceramicasturia.es', linkedinUrl: undefined } }, { sender });
    expect(next.company?.account.id).toBe(account.id);
  });

  it('creates anyway only with a reason naming the matches, kept with the record', async () => {
    const h = handlers();
    const maria: AddPersonForm = { kind: 'contact', firstName: 'María José', lastName: 'García López', email: 'maria.jose.garcia@iberialogistica.es' };
    const check = await h['crm/add-check']({ type: 'crm/add-check', form: maria }, { sender });
    expect(check.matches[0]).toMatchObject({ fullName: 'María José García López', matchedBy: 'email' });
    const ids = check.matches.map((m) => m.id);
    const added = await h['crm/add']({ type: 'crm/add', form: maria, company: { mode: 'none' }, override: { reason: 'Shared mailbox of the finance team', matchIds: ids } }, { sender });
    expect((await db.get('people', added.personId))?.addedDespite).toMatchObject({ reason: 'Shared mailbox of the finance team', matchIds: ids });
  });

  it('links a profile to the record it is, logs a touch, and brings a changed job title in', async () => {
    const h = handlers();
    const [maria] = (await h['crm/add-check']({ type: 'crm/add-check', form: { kind: 'contact', firstName: 'María José', lastName: 'García López', email: 'maria.jose.garcia@iberialogistica.es' } }, { sender })).matches;
    await h['crm/link-profile']({ type: 'crm/link-profile', personId: maria!.id, linkedinUrl: 'https://www.linkedin.com/in/mj-garcia-cfo/' }, { sender });
    expect((await db.get('people', maria!.id))?.linkedinKey).toBe('in/mj-garcia-cfo');
    await expect(h['crm/link-profile']({ type: 'crm/link-profile', personId: maria!.id, linkedinUrl: 'https://example.com/x' }, { sender })).rejects.toThrow(/not a LinkedIn profile/);

    const logged = await h['activity/log']({ type: 'activity/log', activity: 'call', note: 'Presupuesto aprobado para 2027', personId: maria!.id }, { sender });
    expect(await db.get('activities', logged.activityId)).toMatchObject({ type: 'call', personId: maria!.id, subject: 'Presupuesto aprobado para 2027', source: 'local' });
    await expect(h['activity/log']({ type: 'activity/log', activity: 'note', note: 'x' }, { sender })).rejects.toThrow(/person, a deal or an account/);

    await h['person/job-change']({ type: 'person/job-change', personId: maria!.id, title: 'CFO', leftCompany: true }, { sender });
    expect(await db.get('people', maria!.id)).toMatchObject({ title: 'CFO', leftCompany: true, leftAt: now.toISOString() });
    // the date they left is kept (health's trend places the loss there); back at the company, it goes
    const leftAt = (await db.get('people', maria!.id))!.leftAt;
    await h['person/job-change']({ type: 'person/job-change', personId: maria!.id, leftCompany: true }, { sender });
    expect((await db.get('people', maria!.id))!.leftAt).toBe(leftAt);
    await h['person/job-change']({ type: 'person/job-change', personId: maria!.id, leftCompany: false }, { sender });
    expect((await db.get('people', maria!.id))!.leftAt).toBeUndefined();
  });

  it('keeps the team’s default for "Add to CRM"', async () => {
    const h = handlers();
    expect(await h['settings/sdr-get']({ type: 'settings/sdr-get' }, { sender })).toEqual({ addAs: 'lead' });
    await h['settings/sdr-set']({ type: 'settings/sdr-set', settings: { addAs: 'contact' } }, { sender });
    expect(await h['settings/sdr-get']({ type: 'settings/sdr-get' }, { sender })).toEqual({ addAs: 'contact' });
  });
});

describe('with a CRM connected, every action goes through the outbox with its local write', () => {
  it('queues the company, the person and their link; the profile link; and the touch — for HubSpot', async () => {
    const local = await openStore(`sdr-crm-${Math.random()}`);
    await local.put(
      'syncConnections',
      connectionRecord('hubspot', { label: 'HubSpot portal 4481234', baseUrl: 'https://api.hubapi.com', account: { id: '4481234' }, capabilities: { dealsideIdField: true, bant: 'mapped', activityIds: 'unique' } }),
    );
    const h = createHandlers({ db: async () => local, now: () => now, broadcast: (e) => events.push(e), matches: createMatchService(() => now) });
    const form: AddPersonForm = { ...ana, kind: 'contact', email: 'anabelen@sotomar.es' };
    const added = await h['crm/add']({ type: 'crm/add', form, company: { mode: 'create' } }, { sender });
    expect(added).toMatchObject({ connected: true, queued: 3 });
    const person = (await local.get('people', added.personId))!;
    expect(person.accountId).toBe(added.accountId);
    const outbox = await local.getAll('outbox');
    expect(outbox.map((e) => [e.system, e.op, e.ref.entity, e.ref.localId]).sort()).toEqual(
      [
        ['hubspot', 'associate', 'person', added.personId],
        ['hubspot', 'create', 'account', added.accountId],
        ['hubspot', 'create', 'person', added.personId],
      ].sort(),
    );

    // a touch logged on them: stored, their last touch moved, and one create for HubSpot
    const logged = await h['activity/log']({ type: 'activity/log', activity: 'call', note: 'Primera llamada\nPresupuesto aprobado para 2027', personId: added.personId }, { sender });
    expect(logged.queued).toBe(1);
    expect(await local.get('activities', logged.activityId)).toMatchObject({ type: 'call', subject: 'Primera llamada', body: 'Presupuesto aprobado para 2027', personId: added.personId, accountId: added.accountId });
    expect((await local.get('people', added.personId))!.lastActivityAt).toBe(now.toISOString());
    expect((await local.getAll('outbox')).filter((e) => e.ref.entity === 'activity').map((e) => e.ref.localId)).toEqual([logged.activityId]);

    // "it's them": the profile goes onto a record HubSpot holds, as an update
    await local.put('people', { ...person, id: 'p-hs', fullName: 'Ana Soto', nameKey: 'ana soto', linkedinUrl: undefined, linkedinKey: undefined, crmRefs: [{ system: 'hubspot', objectType: '0-1', id: '51009' }], crmKeys: ['hubspot:person:51009'], source: 'crm' });
    const linked = await h['crm/link-profile']({ type: 'crm/link-profile', personId: 'p-hs', linkedinUrl: 'https://www.linkedin.com/in/ana-soto-hs/' }, { sender });
    expect(linked.queued).toBe(1);
    expect(await local.get('people', 'p-hs')).toMatchObject({ linkedinUrl: 'https://www.linkedin.com/in/ana-soto-hs/', linkedinKey: 'in/ana-soto-hs' });
    const update = (await local.getAll('outbox')).find((e) => e.ref.localId === 'p-hs')!;
    expect([update.op, update.changes.map((c) => c.field)]).toEqual(['update', ['linkedinUrl']]);

    // at the gate, "open it": where the match lives in HubSpot
    const gate = await h['crm/add-check']({ type: 'crm/add-check', form: { kind: 'lead', firstName: 'Ana', lastName: 'Soto', linkedinUrl: 'https://www.linkedin.com/in/ana-soto-hs/' } }, { sender });
    expect(gate.matches.find((m) => m.id === 'p-hs')?.crmLinks).toEqual([{ system: 'hubspot', url: 'https://app.hubspot.com/contacts/4481234/record/0-1/51009' }]);
  });
});

describe('a logged touch answers a new SQL', () => {
  it('stops the response clock: the SLA action goes once a call is logged on the lead', async () => {
    const h = handlers();
    const form: AddPersonForm = { ...ana, firstName: 'Lucía', lastName: 'Ferrer Ibáñez', companyName: 'Conservas Ferrer', linkedinUrl: 'https://www.linkedin.com/in/luciaferreribanez/' };
    const added = await h['crm/add']({ type: 'crm/add', form, company: { mode: 'none' } }, { sender });
    const target = { entityType: 'lead' as const, entityId: added.personId };
    await h['qualification/answer']({ type: 'qualification/answer', target, edit: { letter: 'need', status: 'confirmed', category: 'efficiency' } }, { sender });
    await h['qualification/answer']({ type: 'qualification/answer', target, edit: { letter: 'timing', status: 'confirmed', horizon: 'this-quarter' } }, { sender });
    await h['qualification/answer']({ type: 'qualification/answer', target, edit: { letter: 'budget', status: 'confirmed', answer: 'approved', amount: 40000, currency: 'EUR' } }, { sender });
    const sql = await h['qualification/answer']({ type: 'qualification/answer', target, edit: { letter: 'authority', status: 'confirmed', economicBuyerId: added.personId, engaged: true } }, { sender });
    expect(sql.stage.stage).toBe('sql');
    expect(sql.actions.find((a) => a.category === 'sla')?.reason.en).toMatch(/^New SQL since .*: contact within 24 h; 24 h left\.$/);

    await h['activity/log']({ type: 'activity/log', activity: 'call', note: 'Primera llamada', personId: added.personId }, { sender });
    const answered = await h['qualification/answer']({ type: 'qualification/answer', target, edit: { letter: 'need', note: 'Quiere reducir mermas' } }, { sender });
    expect(answered.stage.stage).toBe('sql');
    expect(answered.actions.some((a) => a.category === 'sla')).toBe(false);
  });

  it('counts a reply the prospect sent by e-mail as the touch', async () => {
    const h = handlers();
    const form: AddPersonForm = { ...ana, firstName: 'Tomás', lastName: 'Arrieta Goñi', companyName: 'Arrieta Ingenieros', linkedinUrl: 'https://www.linkedin.com/in/tomasarrietagoni/' };
    const added = await h['crm/add']({ type: 'crm/add', form, company: { mode: 'none' } }, { sender });
    const logged = await h['activity/log']({ type: 'activity/log', activity: 'email-replied', note: 'Re: propuesta', personId: added.personId }, { sender });
    expect(await db.get('activities', logged.activityId)).toMatchObject({ type: 'email-replied', personId: added.personId });
  });
});

describe('the SDR adds a company from its LinkedIn page behind the same gate', () => {
  const ferrer = {
    name: 'Conservas Ferrer Hermanos',
    domain: 'https://www.conservasferrer.es/',
    industry: 'Alimentación y bebidas',
    employees: '201-500 empleados',
    linkedinUrl: 'https://www.linkedin.com/company/conservas-ferrer/',
  };

  it('adds a company nobody holds, as the page describes it, and the matcher knows it at once', async () => {
    const h = handlers();
    const check = await h['crm/add-account-check']({ type: 'crm/add-account-check', form: ferrer }, { sender });
    expect(check.matches).toEqual([]);
    const added = await h['crm/add-account']({ type: 'crm/add-account', form: ferrer }, { sender });
    expect(added).toMatchObject({ queued: 0, connected: false });
    expect(await db.get('accounts', added.accountId)).toMatchObject({
      name: 'Conservas Ferrer Hermanos',
      domain: 'conservasferrer.es',
      industry: 'Alimentación y bebidas',
      employees: 201,
      linkedinKey: 'company/conservas-ferrer',
      lifecycle: 'prospect',
      ownerId: check.currentUserId,
      source: 'local',
    });
    // the page again, or the company typed with its legal form: held at the gate
    const byPage = await h['crm/add-account-check']({ type: 'crm/add-account-check', form: { name: 'Ferrer', linkedinUrl: ferrer.linkedinUrl } }, { sender });
    expect(byPage.matches.map((m) => [m.account.id, m.matchedBy])).toEqual([[added.accountId, 'linkedin']]);
    const byName = await h['crm/add-account-check']({ type: 'crm/add-account-check', form: { name: 'Conservas Ferrer Hermanos, S.L.' } }, { sender });
    expect(byName.matches.map((m) => m.account.id)).toContain(added.accountId);
    await expect(h['crm/add-account']({ type: 'crm/add-account', form: ferrer }, { sender })).rejects.toThrow(/Possible duplicate.*Conservas Ferrer Hermanos/);
  });

  it('holds a company the CRM has under another name at the gate: by its website, with owner and contacts', async () => {
    const h = handlers();
    const form = { name: 'IberLog', domain: 'iberialogistica.es', linkedinUrl: 'https://www.linkedin.com/company/iberlog-es/' };
    const check = await h['crm/add-account-check']({ type: 'crm/add-account-check', form }, { sender });
    const [iberia] = check.matches;
    expect(iberia).toMatchObject({ account: { name: 'Iberia Logística S.L.' }, matchedBy: 'domain' });
    expect(iberia!.owner?.name).toBeTruthy();
    expect(iberia!.contactCount).toBeGreaterThan(0);
    // "create anyway" needs a reason, kept with the account
    await expect(h['crm/add-account']({ type: 'crm/add-account', form }, { sender })).rejects.toThrow(/Iberia Logística/);
    const anyway = await h['crm/add-account']({ type: 'crm/add-account', form, override: { reason: 'Filial portuguesa, otra facturación', matchIds: [iberia!.account.id] } }, { sender });
    expect((await db.get('accounts', anyway.accountId))?.addedDespite).toMatchObject({ reason: 'Filial portuguesa, otra facturación', matchIds: [iberia!.account.id] });
  });

  it('"it\'s this one" links the company page to the account, and the page then finds it', async () => {
    const h = handlers();
    const [sotomar] = await db.getAllFromIndex('accounts', 'byNameKey', IDBKeyRange.bound('grupo', 'grupo\uffff'));
    const target = sotomar ?? (await db.getAll('accounts')).find((a) => !a.linkedinKey)!;
    await h['crm/link-company-page']({ type: 'crm/link-company-page', accountId: target.id, linkedinUrl: 'https://es.linkedin.com/company/grupo-linked-page' }, { sender });
    expect((await db.get('accounts', target.id))?.linkedinKey).toBe('company/grupo-linked-page');
    const check = await h['crm/add-account-check']({ type: 'crm/add-account-check', form: { name: 'Otro nombre', linkedinUrl: 'https://www.linkedin.com/company/grupo-linked-page/' } }, { sender });
    expect(check.matches.map((m) => m.account.id)).toEqual([target.id]);
    await expect(h['crm/link-company-page']({ type: 'crm/link-company-page', accountId: target.id, linkedinUrl: 'https://www.linkedin.com/in/someone/' }, { sender })).rejects.toThrow(/not a LinkedIn company page/);
  });

  it('queues the company for the connected CRM in the same transaction, once', async () => {
    const local = await openStore(`sdr-company-${Math.random()}`);
    await local.put(
      'syncConnections',
      connectionRecord('pipedrive', { label: 'Pipedrive', baseUrl: 'https://acme.pipedrive.com', account: { id: '1' }, capabilities: { dealsideIdField: true, bant: 'mapped', activityIds: 'unique' } }),
    );
    const h = createHandlers({ db: async () => local, now: () => now, broadcast: (e) => events.push(e), matches: createMatchService(() => now) });
    const added = await h['crm/add-account']({ type: 'crm/add-account', form: ferrer }, { sender });
    expect(added).toMatchObject({ queued: 1, connected: true });
    expect((await local.getAll('outbox')).map((e) => [e.system, e.op, e.ref.entity, e.ref.localId, e.changes.map((c) => c.field).sort()])).toEqual([
      ['pipedrive', 'create', 'account', added.accountId, ['domain', 'employees', 'industry', 'name', 'ownerId']], // the owner the SDR chose goes with the create
    ]);
  });
});

describe('who signs the answers (issue #17.4)', () => {
  it('with no CRM saying who the user is, the rep chooses themselves or types their name, and answers carry it', async () => {
    const local = await openStore(`me-${Math.random()}`);
    const h = createHandlers({ db: async () => local, now: () => now, broadcast: (e) => events.push(e), matches: createMatchService(() => now) });
    expect(await h['settings/me-get']({ type: 'settings/me-get' }, { sender })).toEqual({ fromCrm: false, users: [] });
    const typed = await h['settings/me-set']({ type: 'settings/me-set', name: '  Marta   Gil ' }, { sender });
    expect(typed).toEqual({ userId: 'local-user-marta-gil', name: 'Marta Gil' });
    // a lead added now is hers, and her BANT answer is signed by her
    const added = await h['crm/add']({ type: 'crm/add', form: { ...ana, linkedinUrl: 'https://www.linkedin.com/in/someone-for-marta/' }, company: { mode: 'none' } }, { sender });
    expect((await local.get('people', added.personId))!.ownerId).toBe('local-user-marta-gil');
    const q = await h['qualification/answer']({ type: 'qualification/answer', target: { entityType: 'lead', entityId: added.personId }, edit: { letter: 'need', status: 'confirmed' } }, { sender });
    expect(q.bant.need.setBy).toBe('local-user-marta-gil');
    // a user synced from the CRM can be chosen instead
    await local.put('users', { id: 'hubspot-user-77', name: 'Marta Gil Roca', email: 'marta@acme.es', team: 'sales', role: 'rep', source: 'crm' });
    const me = await h['settings/me-get']({ type: 'settings/me-get' }, { sender });
    expect(me.users.map((u) => u.id)).toEqual(['local-user-marta-gil', 'hubspot-user-77']);
    await h['settings/me-set']({ type: 'settings/me-set', userId: 'hubspot-user-77' }, { sender });
    expect(await h['settings/me-get']({ type: 'settings/me-get' }, { sender })).toMatchObject({ current: { userId: 'hubspot-user-77', name: 'Marta Gil Roca' }, fromCrm: true });
    await expect(h['settings/me-set']({ type: 'settings/me-set', userId: 'nobody' }, { sender })).rejects.toThrow(/no longer in the workspace/);
    await expect(h['settings/me-set']({ type: 'settings/me-set' }, { sender })).rejects.toThrow(/type your name/);
  });
});
