// Chaos: hundreds of random edits (BANT answers, buying-committee roles set / changed / cleared,
// field edits, new records with links, people the SDR adds with their company, touches logged) while the CRM's fake (HubSpot, Salesforce, Pipedrive, Dynamics 365, Zoho CRM)
// answers a quarter of the requests with 429, 5xx, time-outs, lost answers (the request was
// carried out, the answer never arrived) and the odd 401, the service worker is stopped at random
// moments (the engine is thrown away mid-request and a new one starts on the same IndexedDB), and
// someone deletes deals in the CRM (some holding unsent edits) and restores some of them. When the
// faults stop, everything must arrive: zero lost edits (roles included), zero duplicate records,
// contact roles, labels or activities; a deal still deleted in the CRM is kept and marked, its unsent entries
// refused ('failed', 'not-found') instead of retried for ever. Seeded, so a failure can be replayed.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { ZohoFake } from '../../tests/fakes/zoho';
import { TIMEOUT_MARK, type FakeServer } from '../../tests/fakes/base';
import { openStore, type Db } from '../store/db';
import { putAll } from '../store/records';
import { editQualification } from '../store/qualifications';
import { applyBantAnswer, setRoleOverride, type BantEdit } from '../domain/qualification/qualification';
import { BUDGET_ANSWERS, NEED_CATEGORIES, TIMING_HORIZONS } from '../domain/qualification/bant';
import { COMMITTEE_ROLES, type CommitteeRole } from '../domain/committee/roles';
import { LOGGED_TOUCH_TYPES, crmKey } from '../domain/entities';
import { mulberry32 } from '../demo/prng';
import { SyncService } from './service';
import { SyncError } from './http';
import { VirtualClock, account, deal, inCrm, person } from '../../tests/support/sync';
import { allEntries, saveLocalEdit } from '../store/outbox';
import { createLocalRecord } from '../../tests/support/localRecords';
import { BANT_FIELDS, readBantField, readEntityField, type FieldValue } from '../domain/fields/recordFields';
import { HUBSPOT_ARCHIVED_EVERY_MS, hubspotBantProperty } from './connectors/hubspot';
import { salesforceBantField } from './connectors/salesforce';
import { DYNAMICS_OPTIONS, dynamicsBantField } from './connectors/dynamics';
import { zohoBantField } from './connectors/zoho';
import { listConflicts } from './conflicts';
import { createPersonWithAccount, logActivity } from './sdrActions';
import { hasActivityMarker } from './activities';

type Entity = 'account' | 'person' | 'deal';

/** What the chaos needs to know about one CRM's fake. */
type Adapter = {
  system: 'hubspot' | 'salesforce' | 'pipedrive' | 'dynamics' | 'zoho';
  start: (now: () => number) => Promise<FakeServer>;
  token: string;
  /** a deal that lives in the CRM (with a contact on it, unless bare): its id and how our record of it looks */
  seedDeal: (i: number, bare?: boolean) => { crmId: string; objectType: string; local: Partial<ReturnType<typeof deal>>; contact?: { crmId: string; objectType: string } };
  /** someone deletes the deal in the CRM / restores it */
  removeDeal: (crmId: string) => void;
  restoreDeal: (crmId: string) => void;
  /** the role values the CRM holds for this deal ↔ contact: one per contact role row (Salesforce), per role label (HubSpot), the person's field (Pipedrive) */
  remoteRoles: (dealCrmId: string, contactCrmId: string, roleField?: string) => Array<string | null>;
  /** the deal as the CRM has it now */
  remoteDeal: (crmId: string) => { name: unknown; amount: unknown; bant: (field: string) => unknown };
  /** how many records of ours (by our id) the CRM holds */
  copies: (entity: Entity, localId: string) => number;
  /** is the new deal linked to its account and (exactly once) to its contact? */
  linked: (dealId: string, accountId: string, contactId: string) => boolean;
  /** is the person the SDR added linked to their company? */
  personLinked: (personId: string, accountId: string) => boolean;
  /** how many CRM activities (engagements, Tasks / Events, activities / notes) a logged touch became */
  touchCopies: (activityId: string) => number;
};

let fake: FakeServer;
const ADAPTERS: Record<string, Adapter> = {
  hubspot: {
    system: 'hubspot',
    token: 'pat-na1-test',
    start: async (now) => {
      const f = new HubspotFake({ now, tenSecondLimit: 190 });
      await f.start();
      return f;
    },
    seedDeal: (i, bare) => {
      const f = fake as HubspotFake;
      const d = f.seed('deals', { dealname: `Deal ${i}`, dealstage: 'appointmentscheduled', amount: 1000 * i });
      if (bare) return { crmId: d.id, objectType: '0-3', local: { stage: 'discovery' } };
      const c = f.seed('contacts', { firstname: 'Ana', lastname: `Gil ${i}`, email: `ana${i}@deal${i}.example` });
      f.associate('deals', d.id, 'contacts', c.id);
      return { crmId: d.id, objectType: '0-3', local: { stage: 'discovery' }, contact: { crmId: c.id, objectType: '0-1' } };
    },
    removeDeal: (id) => void (fake as HubspotFake).archive('deals', id),
    restoreDeal: (id) => void (fake as HubspotFake).restore('deals', id),
    remoteRoles: (d, c) => [...((fake as HubspotFake).labels.get(`${d}|${c}`) ?? [])].map(String),
    remoteDeal: (id) => {
      const p = (fake as HubspotFake).objects.deals.get(id)!.properties;
      return { name: p.dealname, amount: p.amount, bant: (f) => p[hubspotBantProperty(f)] };
    },
    copies: (entity, id) => (fake as HubspotFake).find(entity === 'account' ? 'companies' : entity === 'person' ? 'contacts' : 'deals', 'dealside_id', id).length,
    linked: (d, a, c) => {
      const f = fake as HubspotFake;
      const hsDeal = f.find('deals', 'dealside_id', d)[0]!;
      return f.associated('deals', hsDeal.id, 'companies').join() === f.find('companies', 'dealside_id', a)[0]!.id && f.associated('deals', hsDeal.id, 'contacts').join() === f.find('contacts', 'dealside_id', c)[0]!.id;
    },
    personLinked: (p, a) => {
      const f = fake as HubspotFake;
      return f.associated('contacts', f.find('contacts', 'dealside_id', p)[0]!.id, 'companies').join() === f.find('companies', 'dealside_id', a)[0]!.id;
    },
    touchCopies: (id) => (['calls', 'emails', 'meetings', 'notes'] as const).reduce((n, t) => n + (fake as HubspotFake).find(t, 'dealside_id', id).length, 0),
  },
  salesforce: {
    system: 'salesforce',
    token: '00D-session-token',
    start: async (now) => {
      const f = new SalesforceFake({ now, apiLimit: 1_000_000 });
      await f.start();
      return f;
    },
    seedDeal: (i, bare) => {
      const f = fake as SalesforceFake;
      const opp = f.insert('Opportunity', { Name: `Deal ${i}`, StageName: 'Prospecting', CloseDate: '2027-01-31', Amount: 1000 * i });
      const local = { stage: 'discovery' as const, closeDate: '2027-01-31' };
      if (bare) return { crmId: String(opp.Id), objectType: 'Opportunity', local };
      const c = f.insert('Contact', { FirstName: 'Ana', LastName: `Gil ${i}`, Email: `ana${i}@deal${i}.example` });
      f.insert('OpportunityContactRole', { OpportunityId: opp.Id!, ContactId: c.Id!, Role: null });
      return { crmId: String(opp.Id), objectType: 'Opportunity', local, contact: { crmId: String(c.Id), objectType: 'Contact' } };
    },
    removeDeal: (id) => (fake as SalesforceFake).remove('Opportunity', id),
    restoreDeal: (id) => (fake as SalesforceFake).undelete('Opportunity', id),
    remoteRoles: (d, c) => (fake as SalesforceFake).find('OpportunityContactRole', 'OpportunityId', d).filter((r) => r.ContactId === c).map((r) => (r.Role === null || r.Role === undefined ? null : String(r.Role))),
    remoteDeal: (id) => {
      const r = (fake as SalesforceFake).records.Opportunity!.get(id)!;
      return { name: r.Name, amount: r.Amount, bant: (f) => r[salesforceBantField(f)] };
    },
    copies: (entity, id) => {
      const f = fake as SalesforceFake;
      if (entity === 'person') return f.find('Contact', 'Dealside_Id__c', id).length + f.find('Lead', 'Dealside_Id__c', id).length;
      return f.find(entity === 'account' ? 'Account' : 'Opportunity', 'Dealside_Id__c', id).length;
    },
    linked: (d, a, c) => {
      const f = fake as SalesforceFake;
      const opp = f.find('Opportunity', 'Dealside_Id__c', d)[0]!;
      const roles = f.find('OpportunityContactRole', 'OpportunityId', String(opp.Id));
      return opp.AccountId === f.find('Account', 'Dealside_Id__c', a)[0]!.Id && roles.length === 1 && roles[0]!.ContactId === f.find('Contact', 'Dealside_Id__c', c)[0]!.Id;
    },
    personLinked: (p, a) => {
      const f = fake as SalesforceFake;
      return f.find('Contact', 'Dealside_Id__c', p)[0]!.AccountId === f.find('Account', 'Dealside_Id__c', a)[0]!.Id;
    },
    touchCopies: (id) => (fake as SalesforceFake).find('Task', 'Dealside_Id__c', id).length + (fake as SalesforceFake).find('Event', 'Dealside_Id__c', id).length,
  },
  pipedrive: {
    system: 'pipedrive',
    token: 'pd-api-token-0123456789abcdef',
    start: async (now) => {
      const f = new PipedriveFake({ now, burstLimit: 80 });
      await f.start();
      return f;
    },
    seedDeal: (i, bare) => {
      const f = fake as PipedriveFake;
      const p = bare ? undefined : f.seed('persons', { first_name: 'Ana', last_name: `Gil ${i}`, emails: [{ value: `ana${i}@deal${i}.example`, primary: true, label: 'work' }] });
      const d = f.seed('deals', { title: `Deal ${i}`, value: 1000 * i, currency: 'EUR', stage_id: 1, ...(p ? { person_id: p.id } : {}) });
      return { crmId: String(d.id), objectType: 'deal', local: { stage: 'discovery', currency: 'EUR' }, ...(p ? { contact: { crmId: String(p.id), objectType: 'person' } } : {}) };
    },
    removeDeal: (id) => void (fake as PipedriveFake).remove('deals', Number(id)),
    restoreDeal: (id) => void (fake as PipedriveFake).restore('deals', Number(id)),
    remoteRoles: (_d, c, key) => {
      const v = (fake as PipedriveFake).objects.persons.get(Number(c))!.custom_fields[key!];
      return [v === null || v === undefined || v === '' ? null : String(v)];
    },
    remoteDeal: (id) => {
      const f = fake as PipedriveFake;
      const d = f.objects.deals.get(Number(id))!;
      return { name: d.title, amount: d.value, bant: (field) => d.custom_fields[f.fieldKey('deals', `Dealside: ${BANT_FIELDS[field]!.label}`)!] };
    },
    copies: (entity, id) => {
      const f = fake as PipedriveFake;
      const type = entity === 'account' ? 'organizations' : entity === 'person' ? 'persons' : 'deals';
      return f.find(type, f.fieldKey(type, 'Dealside id')!, id).length;
    },
    linked: (d, a, c) => {
      const f = fake as PipedriveFake;
      const pd = f.find('deals', f.fieldKey('deals', 'Dealside id')!, d)[0]!;
      return pd.org_id === f.find('organizations', f.fieldKey('organizations', 'Dealside id')!, a)[0]!.id && pd.person_id === f.find('persons', f.fieldKey('persons', 'Dealside id')!, c)[0]!.id;
    },
    personLinked: (p, a) => {
      const f = fake as PipedriveFake;
      return f.find('persons', f.fieldKey('persons', 'Dealside id')!, p)[0]!.org_id === f.find('organizations', f.fieldKey('organizations', 'Dealside id')!, a)[0]!.id;
    },
    touchCopies: (id) => {
      const f = fake as PipedriveFake;
      return [...f.activities.values()].filter((x) => hasActivityMarker(x.note, id)).length + [...f.notes.values()].filter((x) => hasActivityMarker(x.content, id)).length;
    },
  },
  dynamics: {
    system: 'dynamics',
    token: 'dv-access-token',
    start: async (now) => {
      const f = new DynamicsFake({ now });
      await f.start();
      return f;
    },
    seedDeal: (i, bare) => {
      const f = fake as DynamicsFake;
      const opp = f.insert('opportunity', { name: `Deal ${i}`, salesstage: 0, estimatedvalue: 1000 * i });
      if (bare) return { crmId: String(opp.opportunityid), objectType: 'opportunity', local: { stage: 'discovery' } };
      const c = f.insert('contact', { firstname: 'Ana', lastname: `Gil ${i}`, emailaddress1: `ana${i}@deal${i}.example` });
      f.connect(String(opp.opportunityid), String(c.contactid));
      return { crmId: String(opp.opportunityid), objectType: 'opportunity', local: { stage: 'discovery' }, contact: { crmId: String(c.contactid), objectType: 'contact' } };
    },
    removeDeal: (id) => (fake as DynamicsFake).remove('opportunity', id),
    restoreDeal: (id) => (fake as DynamicsFake).restore('opportunity', id),
    remoteRoles: (d, c) => (fake as DynamicsFake).stakeholders(d, c).map((r) => (typeof r._record2roleid_value === 'string' ? r._record2roleid_value : null)),
    remoteDeal: (id) => {
      const r = (fake as DynamicsFake).tables.opportunity.get(id)!;
      return {
        name: r.name,
        amount: r.estimatedvalue,
        // Dynamics' own choice columns hold option values: read back as ours
        bant: (field) => {
          const column = dynamicsBantField(field);
          const options = DYNAMICS_OPTIONS[column];
          return options && typeof r[column] === 'number' ? options.read[r[column]] : r[column];
        },
      };
    },
    copies: (entity, id) => {
      const f = fake as DynamicsFake;
      if (entity === 'person') return f.find('contact', 'dealside_dealsideid', id).length + f.find('lead', 'dealside_dealsideid', id).length;
      return f.find(entity === 'account' ? 'account' : 'opportunity', 'dealside_dealsideid', id).length;
    },
    linked: (d, a, c) => {
      const f = fake as DynamicsFake;
      const opp = f.find('opportunity', 'dealside_dealsideid', d)[0]!;
      const contact = f.find('contact', 'dealside_dealsideid', c)[0]!;
      return opp._parentaccountid_value === f.find('account', 'dealside_dealsideid', a)[0]!.accountid && f.stakeholders(String(opp.opportunityid), String(contact.contactid)).length === 1;
    },
    personLinked: (p, a) => {
      const f = fake as DynamicsFake;
      return f.find('contact', 'dealside_dealsideid', p)[0]!._parentcustomerid_value === f.find('account', 'dealside_dealsideid', a)[0]!.accountid;
    },
    touchCopies: (id) => {
      const f = fake as DynamicsFake;
      const byId = (['phonecall', 'email', 'appointment'] as const).reduce((n, t) => n + f.find(t, 'dealside_dealsideid', id).length, 0);
      return byId + [...f.tables.annotation.values()].filter((x) => hasActivityMarker(typeof x.notetext === 'string' ? x.notetext : undefined, id)).length;
    },
  },
  zoho: {
    system: 'zoho',
    token: 'zoho-access-token',
    start: async (now) => {
      const f = new ZohoFake({ now });
      await f.start();
      return f;
    },
    seedDeal: (i, bare) => {
      const f = fake as ZohoFake;
      const d = f.insert('Deals', { Deal_Name: `Deal ${i}`, Stage: 'Qualification', Amount: 1000 * i });
      if (bare) return { crmId: String(d.id), objectType: 'Deals', local: { stage: 'discovery' } };
      const c = f.insert('Contacts', { First_Name: 'Ana', Last_Name: `Gil ${i}`, Email: `ana${i}@deal${i}.example` });
      f.relationsOf(String(d.id)).set(String(c.id), null);
      return { crmId: String(d.id), objectType: 'Deals', local: { stage: 'discovery' }, contact: { crmId: String(c.id), objectType: 'Contacts' } };
    },
    removeDeal: (id) => (fake as ZohoFake).remove('Deals', id),
    restoreDeal: (id) => (fake as ZohoFake).restore('Deals', id),
    // one contact role relation per deal ↔ contact (its role, or none)
    remoteRoles: (d, c) => {
      const relations = (fake as ZohoFake).relationsOf(d);
      return [relations.has(c) ? (relations.get(c) ?? null) : null];
    },
    remoteDeal: (id) => {
      const r = (fake as ZohoFake).records.Deals.get(id)!;
      return { name: r.Deal_Name, amount: r.Amount, bant: (field) => r[zohoBantField(field)] };
    },
    copies: (entity, id) => {
      const f = fake as ZohoFake;
      if (entity === 'person') return f.find('Contacts', 'Dealside_Id', id).length + f.find('Leads', 'Dealside_Id', id).length;
      return f.find(entity === 'account' ? 'Accounts' : 'Deals', 'Dealside_Id', id).length;
    },
    linked: (d, a, c) => {
      const f = fake as ZohoFake;
      const deal = f.find('Deals', 'Dealside_Id', d)[0]!;
      const contact = f.find('Contacts', 'Dealside_Id', c)[0]!;
      return (deal.Account_Name as { id?: string } | null)?.id === f.find('Accounts', 'Dealside_Id', a)[0]!.id && f.relationsOf(String(deal.id)).has(String(contact.id));
    },
    personLinked: (p, a) => {
      const f = fake as ZohoFake;
      return (f.find('Contacts', 'Dealside_Id', p)[0]!.Account_Name as { id?: string } | null)?.id === f.find('Accounts', 'Dealside_Id', a)[0]!.id;
    },
    touchCopies: (id) => [...(fake as ZohoFake).records.Notes.values()].filter((n) => hasActivityMarker(typeof n.Note_Content === 'string' ? n.Note_Content : undefined, id)).length,
  },
};

const fakes: FakeServer[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

async function chaos(adapter: Adapter, seed: number, steps: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const clock = new VirtualClock();
  fake = await adapter.start(clock.now);
  fakes.push(fake);
  fake.keepLog = false;
  const db: Db = await openStore(`chaos-${seed}-${Math.random()}`);
  // A 'timeout' fault is the client's time-out at once: the fake marks the request it leaves
  // unanswered and this fetch fails it as the client's timer would (with the same error). A real
  // time-out short enough to make the faults quick also fired on answers a busy machine was slow to
  // give, and the test then made no progress at all; the client's own timer is set where no loaded
  // machine reaches.
  const timingOut: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (res.headers.get(TIMEOUT_MARK) !== 'timeout') return res;
    await res.body?.cancel();
    throw new SyncError('timeout', 'The CRM did not answer within 10 s.');
  };
  const make = () =>
    new SyncService(
      { db, fetch: timingOut, now: clock.now, sleep: clock.sleep, random: mulberry32(seed + 1), timeoutMs: 10_000, maxInlineWaitMs: 5_000, pullIntervalMs: 60_000 },
      true,
    );
  // Connecting and the first sync happen before any fault.
  let service = make();
  const connect = () => service.connectToken({ system: adapter.system, token: adapter.token, baseUrl: fake.url });
  await connect();
  await service.engine.run();
  service.engine.kill();
  service = make();

  // 20 deals that already live in the CRM, each with a contact on it (for roles)
  const dealIds: string[] = [];
  /** deal → the people on it whose buying-committee role the rep may set */
  const peopleOf = new Map<string, string[]>();
  /** deal → its CRM id (seeded deals: the ones the CRM may delete) */
  const crmIdOf = new Map<string, string>();
  for (let i = 0; i < 20; i++) {
    const remote = adapter.seedDeal(i);
    const c = remote.contact!;
    const p = person(`p-${i}`, 'Ana', `Gil ${i}`, { ...inCrm(adapter.system, 'person', c.objectType, c.crmId), emails: [`ana${i}@deal${i}.example`], source: 'crm' });
    await putAll(db, 'people', [p]);
    const d = deal(`deal-${i}`, `Deal ${i}`, { ...inCrm(adapter.system, 'deal', remote.objectType, remote.crmId), amount: 1000 * i, contactIds: [p.id], ...remote.local });
    await putAll(db, 'deals', [d]);
    dealIds.push(d.id);
    peopleOf.set(d.id, [p.id]);
    crmIdOf.set(d.id, remote.crmId);
  }
  // 4 deals nobody edits in Dealside: deleted in the CRM they simply go (and come back when restored)
  const bystanders: Array<{ id: string; crmId: string }> = [];
  for (let i = 0; i < 4; i++) {
    const remote = adapter.seedDeal(100 + i, true);
    await putAll(db, 'deals', [deal(`bystander-${i}`, `Deal ${100 + i}`, { ...inCrm(adapter.system, 'deal', remote.objectType, remote.crmId), amount: 1000 * (100 + i), ...remote.local })]);
    bystanders.push({ id: `bystander-${i}`, crmId: remote.crmId });
    crmIdOf.set(`bystander-${i}`, remote.crmId);
  }
  const created: Array<{ entity: 'account' | 'person' | 'deal'; id: string }> = [];
  const links: Array<{ deal: string; account?: string; contacts: string[] }> = [];
  /** people the SDR added with their company, and the touches logged */
  const sdrAdded: Array<{ person: string; account: string; kind: 'lead' | 'contact' }> = [];
  const touches: string[] = [];
  /** what the rep last typed, per record and field (roles as `role:<person id>`): the truth both our store and the CRM must end with */
  const model = new Map<string, Record<string, unknown>>();
  const remember = (id: string, values: Record<string, unknown>) => model.set(id, { ...(model.get(id) ?? {}), ...values });
  /** deals deleted in the CRM now (local id), and every deal that was ever deleted or restored */
  const deleted = new Set<string>();
  const everDeleted = new Set<string>();
  let restores = 0;
  let roleEdits = 0;
  let edits = 0;
  let restarts = 0;
  let running: Promise<unknown> | undefined;

  // The faults draw from their own stream: how many requests the engine makes between two steps
  // depends on the machine's speed (a run goes on while the next step is taken, time-outs are real
  // time), so sharing the steps' stream made the steps themselves differ from run to run — on a busy
  // machine a seed once took no SDR step at all. The steps are now the same on every machine.
  fake.setChaos({ rate: 0.25, faults: [429, 429, 500, 502, 503, 'timeout', 'lost-response', 'lost-response', 401], random: mulberry32(seed ^ 0x5eed), markTimeouts: true });

  const bantEdit = (): BantEdit => {
    switch (pick(['budget', 'authority', 'need', 'timing'] as const)) {
      case 'budget':
        return { letter: 'budget', answer: pick(BUDGET_ANSWERS), amount: Math.floor(rnd() * 100) * 1000, note: `b${Math.floor(rnd() * 1e6)}` };
      case 'authority':
        return { letter: 'authority', engaged: rnd() < 0.5, note: `a${Math.floor(rnd() * 1e6)}` };
      case 'need':
        return { letter: 'need', category: pick(NEED_CATEGORIES), statement: `n${Math.floor(rnd() * 1e6)}` };
      default:
        return { letter: 'timing', horizon: pick(TIMING_HORIZONS), note: `t${Math.floor(rnd() * 1e6)}` };
    }
  };

  for (let step = 0; step < steps; step++) {
    const now = new Date(clock.now());
    const r = rnd();
    if (r < 0.4) {
      const id = pick(dealIds);
      const q = await editQualification(db, { entityType: 'deal', entityId: id }, now, (q) => applyBantAnswer(q, bantEdit(), { by: 'rep', at: now }));
      remember(id, Object.fromEntries(Object.keys(BANT_FIELDS).map((f) => [f, readBantField(q.bant, f)])));
      edits++;
    } else if (r < 0.5) {
      // a buying-committee role set, changed or cleared (a quarter of the time)
      const id = pick(dealIds);
      const personId = pick(peopleOf.get(id)!);
      const role: CommitteeRole | undefined = rnd() < 0.25 ? undefined : pick(COMMITTEE_ROLES);
      await editQualification(db, { entityType: 'deal', entityId: id }, now, (q) => setRoleOverride(q, personId, role, { by: 'rep', at: now }));
      remember(id, { [`role:${personId}`]: role ?? null });
      roleEdits++;
      edits++;
    } else if (r < 0.6) {
      const id = pick(dealIds);
      const values: Record<string, FieldValue> = rnd() < 0.5 ? { amount: Math.floor(rnd() * 1e6) } : { name: `Deal ${id} v${step}` };
      await saveLocalEdit(db, { entity: 'deal', localId: id }, values, now);
      remember(id, values);
      edits++;
    } else if (r < 0.64) {
      // a new account, a contact at it and a deal with both, made in the sidebar
      const n = created.length;
      const acc = account(`new-acc-${n}`, `Company ${n}`, { domain: `company${n}.example` });
      const p = person(`new-p-${n}`, 'Ana', `Nueva ${n}`, { emails: [`ana${n}@company${n}.example`], accountId: acc.id });
      const d = deal(`new-deal-${n}`, `New deal ${n}`, { accountId: acc.id, contactIds: [p.id], amount: 5000, source: 'local' });
      await createLocalRecord(db, 'account', acc, now);
      await createLocalRecord(db, 'person', p, now);
      await createLocalRecord(db, 'deal', d, now);
      created.push({ entity: 'account', id: acc.id }, { entity: 'person', id: p.id }, { entity: 'deal', id: d.id });
      links.push({ deal: d.id, account: acc.id, contacts: [p.id] });
      dealIds.push(d.id); // later edits reach it too, before or after it exists in HubSpot
      peopleOf.set(d.id, [p.id]);
      edits += 3;
    } else if (r < 0.67) {
      if (rnd() < 0.5) {
        // the SDR adds someone from LinkedIn, a lead or a contact, with a new company
        const n = sdrAdded.length;
        const kind = rnd() < 0.5 ? ('lead' as const) : ('contact' as const);
        const acc = account(`sdr-acc-${n}`, `Prospect ${n}`, { domain: `prospect${n}.example` });
        const p = person(`sdr-p-${n}`, 'Luis', `Prospecto ${n}`, { kind, emails: [`luis${n}@prospect${n}.example`], linkedinUrl: `https://www.linkedin.com/in/luis-prospecto-${n}` });
        await createPersonWithAccount(db, { person: p, account: acc }, now);
        sdrAdded.push({ person: p.id, account: acc.id, kind });
      } else {
        // a touch logged on someone already in the CRM, or on someone just added (it waits for them)
        const on = sdrAdded.length > 0 && rnd() < 0.5 ? pick(sdrAdded).person : `p-${Math.floor(rnd() * 20)}`;
        const id = `touch-${touches.length}`;
        await logActivity(db, { id, type: pick(LOGGED_TOUCH_TYPES), at: now.toISOString(), personId: on, subject: `Touch ${touches.length}`, body: 'Said yes.', source: 'local' }, now);
        touches.push(id);
      }
      edits++;
    } else if (r < 0.87) {
      // drawn whether a run is still going or not (whether it is depends on the machine's speed)
      const pull = pick(['due', 'now', 'never'] as const);
      if (!running) {
        running = service.engine.run({ pull }).finally(() => {
          running = undefined;
        });
      }
      if (rnd() < 0.5) await running;
    } else if (r < 0.93) {
      // the service worker is stopped at a random moment and wakes again
      for (let i = Math.floor(rnd() * 30); i > 0; i--) await new Promise((res) => setImmediate(res));
      service.engine.kill();
      await running;
      service = make();
      restarts++;
    } else if (r < 0.965) {
      // someone deletes a deal in the CRM (one the rep worked on, with unsent edits or not, or one
      // nobody touched in Dealside), or restores one deleted earlier
      const gone = [...deleted];
      if (gone.length > 0 && (rnd() < 0.4 || deleted.size >= 6)) {
        const id = pick(gone);
        adapter.restoreDeal(crmIdOf.get(id)!);
        deleted.delete(id);
        restores++;
      } else {
        const worked: string[] = [];
        for (const id of crmIdOf.keys()) {
          if (deleted.has(id) || id.startsWith('bystander-')) continue;
          const q = await db.get('qualifications', id);
          if (q?.history.some((h) => h.source !== 'crm')) worked.push(id);
        }
        const candidates = rnd() < 0.25 ? bystanders.map((b) => b.id).filter((id) => !deleted.has(id)) : worked;
        if (candidates.length > 0) {
          const id = pick(candidates);
          adapter.removeDeal(crmIdOf.get(id)!);
          deleted.add(id);
          everDeleted.add(id);
        }
      }
    } else {
      clock.advance(Math.floor(rnd() * 120_000));
    }
    const status = (await service.status()).connections[0];
    if (status?.status === 'reconnect-needed') {
      // a 401 with no way to refresh: the rep reconnects (the outbox was kept)
      await connect().catch(() => {});
    }
  }
  await running;

  // The faults stop (the worker restarts once more). Let the alarms fire until nothing is waiting
  // (what is left is refused: the edits of deals deleted in the CRM), then once more after the
  // slowest deletion check is due (HubSpot's recycle bin, every 3 hours), so every deletion is seen.
  fake.setChaos(undefined);
  fake.clearFaults();
  service.engine.kill();
  service = make();
  let rounds = 0;
  const settle = async () => {
    for (; rounds < 60; rounds++) {
      const status = (await service.status()).connections[0];
      if (status?.status === 'reconnect-needed') await connect();
      const wake = await service.engine.nextWakeAt();
      if (wake !== undefined) clock.t = Math.max(clock.t, wake);
      await service.engine.run({ pull: 'now' });
      if ((await allEntries(db)).every((e) => e.state === 'failed')) break;
    }
  };
  await settle();
  clock.advance(HUBSPOT_ARCHIVED_EVERY_MS + 60_000);
  await service.engine.run({ pull: 'now' });
  await settle();
  return { db, fake, created, links, sdrAdded, touches, edits, restarts, rounds, dealIds, model, peopleOf, crmIdOf, bystanders, deleted, everDeleted, restores, roleEdits };
}

// CHAOS_SEEDS=1,2,3 replays other seeds, CHAOS_CRMS=hubspot picks CRMs, CHAOS_STEPS the length.
const SEEDS = (process.env.CHAOS_SEEDS ?? '20261122').split(',').map(Number);
const STEPS = Number(process.env.CHAOS_STEPS ?? 400);
const CRMS = (process.env.CHAOS_CRMS ?? 'hubspot,salesforce,pipedrive,dynamics,zoho').split(',');
const CASES = CRMS.flatMap((crm) => SEEDS.map((seed) => [crm, seed] as const));

describe('chaos: random edits under random faults, restarts and deletions in the CRM', () => {
  it.each(CASES)('%s, seed %i: every edit arrives, no record is created twice, a deleted deal keeps its refused edits', async (crm, seed) => {
    const adapter = ADAPTERS[crm]!;
    const { db, created, links, sdrAdded, touches, edits, restarts, dealIds, model, peopleOf, bystanders, deleted, everDeleted, restores, roleEdits } = await chaos(adapter, seed, STEPS);
    expect(edits).toBeGreaterThan(STEPS * 0.6);
    expect(roleEdits).toBeGreaterThan(STEPS / 20);
    expect(restarts).toBeGreaterThan(STEPS / 60);
    expect(fake.counters.faults).toBeGreaterThan(STEPS / 8);
    expect(everDeleted.size).toBeGreaterThan(0);

    // nothing waits, no conflicts (nobody else edited); what is left belongs to deals still deleted
    // in the CRM, refused with the reason (not retried for ever)
    const left = await allEntries(db);
    if (process.env.CHAOS_DEBUG) {
      const stats = { edits, roleEdits, restarts, faults: fake.counters.faults, everDeleted: everDeleted.size, stillDeleted: deleted.size, restores, refused: left.length };
      console.log(`${crm} ${seed}`, JSON.stringify(stats), left.some((e) => e.state !== 'failed') ? JSON.stringify({ left, conflicts: await listConflicts(db) }) : '');
    }
    for (const e of left) {
      expect(deleted.has(e.ref.localId), `entry ${e.id} of ${e.ref.localId} (${e.state}, ${e.lastError?.code}: ${e.lastError?.message})`).toBe(true);
      expect(e, `entry ${e.id} of ${e.ref.localId}`).toMatchObject({ state: 'failed', lastError: { code: 'not-found' } });
    }
    expect(await listConflicts(db)).toEqual([]);

    // zero duplicates: every record we created exists exactly once in the CRM, and it made no others
    for (const c of created) expect(adapter.copies(c.entity, c.id), `${c.entity} ${c.id}`).toBe(1);
    // … every person the SDR added, with their company (a Salesforce lead has none: Lead.Company) …
    expect(sdrAdded.length).toBeGreaterThan(0);
    for (const a of sdrAdded) {
      // a Salesforce, Dynamics 365 or Zoho CRM lead names its company and has no account until it converts
      const noAccount = (crm === 'salesforce' || crm === 'dynamics' || crm === 'zoho') && a.kind === 'lead';
      expect(adapter.copies('person', a.person), a.person).toBe(1);
      expect(adapter.copies('account', a.account), a.account).toBe(noAccount ? 0 : 1);
      if (!noAccount) expect(adapter.personLinked(a.person, a.account), `${a.person} → ${a.account}`).toBe(true);
    }
    // … and every touch logged became exactly one activity there
    expect(touches.length).toBeGreaterThan(0);
    for (const id of touches) {
      expect(adapter.touchCopies(id), id).toBe(1);
      expect((await db.get('activities', id))!.crmRefs, id).toHaveLength(1);
    }
    const sdrCreates = sdrAdded.reduce((n, a) => n + ((crm === 'salesforce' || crm === 'dynamics' || crm === 'zoho') && a.kind === 'lead' ? 1 : 2), 0);
    // Salesforce: one contact role per new deal; Dynamics 365: one stakeholder connection; Zoho CRM: one contact role relation
    expect(fake.counters.creates).toBe(created.length + links.length * (crm === 'salesforce' || crm === 'dynamics' || crm === 'zoho' ? 1 : 0) + sdrCreates + touches.length);

    // a deal deleted in the CRM that holds the rep's work is kept, marked; one nobody worked on is gone
    for (const id of deleted) {
      const local = await db.get('deals', id);
      if (id.startsWith('bystander-')) {
        expect(local, `${id} deleted in the CRM`).toBeUndefined();
        continue;
      }
      expect(local, `${id} deleted in the CRM, with the rep's work`).toBeDefined();
      expect(local!.crmDeleted, `${id} marked`).toMatchObject({ system: adapter.system });
    }
    // a bystander restored in the CRM is back (under its CRM id if it had been removed meanwhile)
    for (const b of bystanders) {
      if (deleted.has(b.id)) continue;
      const back = await db.getAllFromIndex('deals', 'byCrmKey', crmKey(adapter.system, 'deal', b.crmId));
      expect(back, `${b.id}`).toHaveLength(1);
      expect(back[0]!.crmDeleted).toBeUndefined();
    }

    // zero lost edits: our records end with the last value the rep typed in every field and role …
    const conn = (await db.get('syncConnections', adapter.system))!;
    for (const [id, values] of model) {
      const local = (await db.get('deals', id))!;
      expect(local, id).toBeDefined();
      if (!deleted.has(id)) expect(local.crmDeleted, `${id} is in the CRM`).toBeUndefined();
      const q = await db.get('qualifications', id);
      for (const [field, value] of Object.entries(values)) {
        const ours = field.startsWith('bant.') ? readBantField(q!.bant, field) : field.startsWith('role:') ? (q!.roleOverrides[field.slice(5)] ?? null) : readEntityField('deal', local, field);
        expect(ours, `${id} ${field}`).toEqual(value);
      }
    }
    // … and the CRM has exactly what our records say, field by field and role by role (deals still
    // deleted there excepted)
    for (const id of dealIds) {
      if (deleted.has(id)) continue;
      const local = (await db.get('deals', id))!;
      const ref = local.crmRefs.find((r) => r.system === adapter.system)!;
      const remote = adapter.remoteDeal(ref.id);
      expect(remote.name).toBe(local.name);
      expect(Number(remote.amount ?? NaN)).toBe(readEntityField('deal', local, 'amount') ?? NaN);
      const q = await db.get('qualifications', id);
      for (const personId of peopleOf.get(id)!) {
        const person = (await db.get('people', personId))!;
        const contact = person.crmRefs.find((r) => r.system === adapter.system)!;
        const role = q?.roleOverrides[personId];
        const expected = role ? conn.roleMap![role]! : null;
        const rows = adapter.remoteRoles(ref.id, contact.id, conn.roleField);
        // one contact role row (Salesforce), at most one role label (HubSpot), the person's field (Pipedrive)
        if (crm === 'hubspot') expect(rows, `${id} ${personId} role labels`).toEqual(expected === null ? [] : [expected]);
        else expect(rows, `${id} ${personId} role`).toEqual([expected]);
      }
      if (!q) continue;
      for (const field of Object.keys(BANT_FIELDS)) {
        const ours = readBantField(q.bant, field);
        const theirs = remote.bant(field) ?? null;
        if (ours === null || (field.endsWith('.status') && ours === 'unknown') || (field === 'bant.authority.engaged' && ours === false)) {
          expect([null, '', 'unknown', 'false', false]).toContain(theirs);
        } else expect(String(theirs), `${id} ${field}`).toBe(String(ours));
      }
    }
    // the links made with new records are there too
    for (const l of links) expect(adapter.linked(l.deal, l.account!, l.contacts[0]!), `links of ${l.deal}`).toBe(true);
    // and our store did not grow copies of them when the pulls brought them back
    const bystandersHere = bystanders.filter((b) => !deleted.has(b.id)).length;
    expect(await db.count('deals')).toBe(dealIds.length + bystandersHere);
    expect(await db.count('people')).toBe(20 + created.filter((c) => c.entity === 'person').length + sdrAdded.length);
  }, 300_000);
});
