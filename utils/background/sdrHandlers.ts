// The SDR acts from the sidebar (issue #12): the duplicate gate and "Add to CRM", linking a profile
// to the record it is, logging a touch, and a job change seen on LinkedIn. Every write is in
// IndexedDB, with its outbox entries in the same transaction, before the answer (sync/sdrActions.ts,
// sync/outbox.ts); the CRM gets it through the outbox, exactly once (see the connectors).
import type { Db } from '../store/db';
import type { RequestHandlers } from '../messaging/router';
import type { AddAccountForm, AddPersonForm, CompanyChoice } from '../messaging/sdrProtocol';
import type { AccountMatch, PersonMatch } from '../messaging/views';
import type { Account, Activity, Person } from '../domain/entities';
import { DEFAULT_SDR_SETTINGS } from '../domain/sdrSettings';
import { domainKey, isFreeMailDomain, linkedinKey, nameKey } from '../text/normalize';
import { getSetting, setSetting } from '../store/settings';
import { putAll } from '../store/records';
import { createAccount, createPersonWithAccount, logActivity } from '../sync/sdrActions';
import { parseEmployees } from '../import/rows';
import { accountMatch, loadUsers, personMatch } from './views/entityView';
import { resolveAccounts, resolvePeople } from './views/resolve';
import { saveLocalEdit } from '../store/outbox';
import type { PageRef } from '../sites/types';
import { bumpRecordsGeneration } from './workspace';
import type { BackgroundDeps } from './handlers';

type SdrHandlers = Pick<
  RequestHandlers,
  | 'crm/add-check'
  | 'crm/add'
  | 'crm/link-profile'
  | 'crm/add-account-check'
  | 'crm/add-account'
  | 'crm/link-company-page'
  | 'activity/log'
  | 'person/job-change'
  | 'settings/sdr-get'
  | 'settings/sdr-set'
  | 'settings/me-get'
  | 'settings/me-set'
>;

/** A page-less reference: the form is looked up by what it says, not by a record id. */
const BY_CONTENT: PageRef = { site: 'linkedin', kind: 'contact', objectType: 'profile' };
const COMPANY_BY_CONTENT: PageRef = { site: 'linkedin', kind: 'account', objectType: 'company' };

/** "https://www.linkedin.com/company/acme/" and the like, as the store keys it; undefined for anything else. */
function companyPageKey(url: string | undefined): string | undefined {
  const key = url ? linkedinKey(url) : undefined;
  return key?.startsWith('company/') ? key : undefined;
}

const clean = (s: string | undefined) => {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
};

function companyDomainOf(form: AddPersonForm): string | undefined {
  if (form.companyDomain) return clean(form.companyDomain)?.toLowerCase();
  const domain = clean(form.email)?.split('@')[1]?.toLowerCase();
  return domain && !isFreeMailDomain(domain) ? domain : undefined;
}

export class DuplicateGateError extends Error {
  constructor(readonly names: string[]) {
    super(
      `Possible duplicate${names.length > 1 ? 's' : ''} in the CRM: ${names.join('; ')}. ` +
        'Open it, link this profile to it, or create anyway with a reason.',
    );
    this.name = 'DuplicateGateError';
  }
}

export function createSdrHandlers(deps: BackgroundDeps): SdrHandlers {
  const currentUserId = async (db: Db) => (await getSetting(db, 'currentUser'))?.userId ?? 'me';

  /** The records the form could already be, and the company it names, as the sidebar shows them. */
  const gate = async (db: Db, form: AddPersonForm): Promise<{ matches: PersonMatch[]; company?: AccountMatch }> => {
    const indexes = deps.matches ? await deps.matches.indexes(db) : undefined;
    const users = await loadUsers(db);
    const context = { currentUserId: await currentUserId(db), now: deps.now() };
    const fullName = [clean(form.firstName), clean(form.lastName)].filter(Boolean).join(' ');
    const people = await resolvePeople(
      db,
      BY_CONTENT,
      {
        type: 'person',
        fullName,
        ...(clean(form.title) ? { title: clean(form.title)! } : {}),
        ...(clean(form.companyName) ? { companyName: clean(form.companyName)! } : {}),
        ...(clean(form.email) ? { email: clean(form.email)!.toLowerCase() } : {}),
        ...(clean(form.phone) ? { phone: clean(form.phone)! } : {}),
        ...(clean(form.linkedinUrl) ? { linkedinUrl: clean(form.linkedinUrl)! } : {}),
      },
      indexes?.people,
    );
    const matches = await Promise.all(people.slice(0, 5).map((m) => personMatch(db, m, users, context)));
    const name = clean(form.companyName);
    const domain = companyDomainOf(form);
    const [account] = name || domain ? await resolveAccounts(db, BY_CONTENT, { type: 'company', name: name ?? domain!, ...(domain ? { domain } : {}) }, indexes?.accounts) : [];
    return { matches, ...(account ? { company: await accountMatch(db, account, users) } : {}) };
  };

  /** The new records are known to the matcher at once (and after a restart: a new generation). */
  const settle = async (db: Db, ids: string[]) => {
    const before = (await getSetting(db, 'recordsGeneration')) ?? 0;
    await bumpRecordsGeneration(db, deps.now());
    await deps.matches?.refresh(db, { ids, generation: { before, after: before + 1 } });
    deps.broadcast({ type: 'event/entities-changed', ids });
    void deps.sync?.().then((s) => s.kick({ pull: 'never' }), () => {});
  };

  const connected = async (db: Db) => (await db.count('syncConnections')) > 0;

  /** The accounts a company form could already be: by its LinkedIn page, its domain, then its name. */
  const accountGate = async (db: Db, form: AddAccountForm): Promise<AccountMatch[]> => {
    const name = clean(form.name);
    const domain = clean(form.domain) ? domainKey(clean(form.domain)!) : undefined;
    const linkedinUrl = clean(form.linkedinUrl);
    if (!name && !domain && !linkedinUrl) return [];
    const indexes = deps.matches ? await deps.matches.indexes(db) : undefined;
    const users = await loadUsers(db);
    const found = await resolveAccounts(
      db,
      COMPANY_BY_CONTENT,
      { type: 'company', name: name ?? domain ?? '', ...(domain ? { domain } : {}), ...(linkedinUrl ? { linkedinUrl } : {}) },
      indexes?.accounts,
    );
    const me = await currentUserId(db);
    // a company of the same group (band 'related') is another company: shown on the page, never a gate
    const same = found.filter((m) => m.evidence?.band !== 'related');
    return Promise.all(same.slice(0, 5).map((m) => accountMatch(db, m, users, me)));
  };

  return {
    'crm/add-check': async ({ form }) => {
      const db = await deps.db();
      const { matches, company } = await gate(db, form);
      const users = (await db.getAll('users')).map((u) => ({ id: u.id, name: u.name }));
      return { matches, ...(company ? { company } : {}), users, currentUserId: await currentUserId(db) };
    },

    'crm/add': async ({ form, company, override }) => {
      const db = await deps.db();
      const now = deps.now();
      const nowIso = now.toISOString();
      const firstName = clean(form.firstName) ?? '';
      const lastName = clean(form.lastName) ?? '';
      const fullName = [firstName, lastName].filter(Boolean).join(' ');
      if (!fullName) throw new Error('Type at least a name: there is nothing to add yet.');
      // The gate again, here: nothing becomes a second record without the user's explicit choice.
      const { matches } = await gate(db, form);
      const unchosen = matches.filter((m) => !override?.matchIds.includes(m.id));
      if (unchosen.length > 0) throw new DuplicateGateError(unchosen.map((m) => `${m.fullName}${m.owner ? ` (${m.owner.name})` : ''}`));
      const by = await currentUserId(db);
      const ownerId = form.ownerId && (await db.get('users', form.ownerId)) ? form.ownerId : by;

      const account = await accountFor(db, company, form, ownerId, nowIso);
      const id = `local-person-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
      const companyName = clean(form.companyName) ?? account.record?.name;
      const linkedinUrl = clean(form.linkedinUrl);
      const li = linkedinUrl ? linkedinKey(linkedinUrl) : undefined;
      const person: Person = {
        id,
        kind: form.kind,
        firstName,
        lastName,
        fullName,
        nameKey: nameKey(fullName),
        emails: clean(form.email) ? [clean(form.email)!.toLowerCase()] : [],
        ...(clean(form.phone) ? { phone: clean(form.phone)! } : {}),
        ...(clean(form.title) ? { title: clean(form.title)! } : {}),
        ...(linkedinUrl ? { linkedinUrl } : {}),
        ...(li ? { linkedinKey: li } : {}),
        // the person goes with their account (a lead keeps the company as typed too: Salesforce's
        // Lead.Company; the CRMs link them — see createPersonWithAccount)
        ...(account.record ? { accountId: account.record.id } : {}),
        ...((form.kind === 'lead' || !account.record) && companyName ? { companyName } : {}),
        ...(clean(form.city) ? { city: clean(form.city)! } : {}),
        ...(clean(form.country) ? { country: clean(form.country)! } : {}),
        ownerId,
        ...(form.kind === 'lead' ? { leadStatus: 'new' as const } : {}),
        ...(override && matches.length ? { addedDespite: { reason: override.reason.trim(), matchIds: matches.map((m) => m.id), at: nowIso, by } } : {}),
        crmRefs: [],
        crmKeys: [],
        createdAt: nowIso,
        updatedAt: nowIso,
        source: 'local',
      };
      // Both records, their creates and the link in every connected CRM: one transaction.
      const { entries } = await createPersonWithAccount(db, { person, ...(account.created ? { account: account.created } : {}) }, now);
      const queued = entries.length;
      await settle(db, [person.id, ...(account.created ? [account.created.id] : [])]);
      return { personId: person.id, ...(account.record ? { accountId: account.record.id } : {}), queued, connected: await connected(db) };
    },

    'crm/link-profile': async ({ personId, linkedinUrl }) => {
      const db = await deps.db();
      const person = await db.get('people', personId);
      if (!person) throw new Error('That record is no longer in the workspace. Reload the page and look again.');
      const url = linkedinUrl.trim();
      const key = linkedinKey(url);
      if (!key) throw new Error(`"${url}" is not a LinkedIn profile address.`);
      // a person field like any other: stored (with its linkedinKey) and queued for its CRMs together
      const { entries } = await saveLocalEdit(db, { entity: 'person', localId: personId }, { linkedinUrl: url }, deps.now());
      await settle(db, [personId]);
      return { personId, queued: entries.length };
    },

    'crm/add-account-check': async ({ form }) => {
      const db = await deps.db();
      const matches = await accountGate(db, form);
      const users = (await db.getAll('users')).map((u) => ({ id: u.id, name: u.name }));
      return { matches, users, currentUserId: await currentUserId(db) };
    },

    'crm/add-account': async ({ form, override }) => {
      const db = await deps.db();
      const now = deps.now();
      const nowIso = now.toISOString();
      const name = clean(form.name);
      if (!name) throw new Error("Type the company's name: there is nothing to add yet.");
      // The gate again, here: no second account without the user's explicit choice.
      const matches = await accountGate(db, form);
      const unchosen = matches.filter((m) => !override?.matchIds.includes(m.account.id));
      if (unchosen.length > 0) throw new DuplicateGateError(unchosen.map((m) => `${m.account.name}${m.owner ? ` (${m.owner.name})` : ''}`));
      const by = await currentUserId(db);
      const ownerId = form.ownerId && (await db.get('users', form.ownerId)) ? form.ownerId : by;
      const domain = clean(form.domain) ? domainKey(clean(form.domain)!) : undefined;
      const employees = clean(form.employees) ? parseEmployees(clean(form.employees)!) : undefined;
      const linkedinUrl = clean(form.linkedinUrl);
      const li = companyPageKey(linkedinUrl);
      const account = newProspectAccount(
        name,
        {
          domain,
          industry: clean(form.industry),
          employees,
          city: clean(form.city),
          country: clean(form.country),
          ...(linkedinUrl && li ? { linkedinUrl, linkedinKey: li } : {}),
          ...(override && matches.length ? { addedDespite: { reason: override.reason.trim(), matchIds: matches.map((m) => m.account.id), at: nowIso, by } } : {}),
        },
        ownerId,
        nowIso,
      );
      const { entries } = await createAccount(db, account, now);
      await settle(db, [account.id]);
      return { accountId: account.id, queued: entries.length, connected: await connected(db) };
    },

    'crm/link-company-page': async ({ accountId, linkedinUrl }) => {
      const db = await deps.db();
      const account = await db.get('accounts', accountId);
      if (!account) throw new Error('That company is no longer in the workspace. Reload the page and look again.');
      const url = linkedinUrl.trim();
      const key = companyPageKey(url);
      if (!key) throw new Error(`"${url}" is not a LinkedIn company page address.`);
      // Kept with the account, where matching reads it (the CRMs have no common field for it).
      await putAll(db, 'accounts', [{ ...account, linkedinUrl: url, linkedinKey: key, updatedAt: deps.now().toISOString() }]);
      await settle(db, [accountId]);
      return { accountId };
    },

    'activity/log': async ({ activity: type, note, personId, dealId, accountId }) => {
      const db = await deps.db();
      const now = deps.now();
      if (!personId && !dealId && !accountId) throw new Error('A touch is logged against a person, a deal or an account: none was given.');
      // The note's first line is its subject (the CRM's title), the rest its text.
      const [first = '', ...rest] = note.trim().split('\n');
      const short = first.trim().length <= 200;
      const subject = short ? first.trim() : '';
      const body = (short ? rest.join('\n') : note).trim();
      const activity: Activity = {
        id: `local-activity-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        type,
        at: now.toISOString(),
        ...(subject ? { subject } : {}),
        ...(body ? { body } : {}),
        ...(personId ? { personId } : {}),
        ...(dealId ? { dealId } : {}),
        ...(accountId ? { accountId } : {}), // else the person's, else the deal's (logActivity)
        ownerId: await currentUserId(db),
        source: 'local',
      };
      // Stored, the records' last touch moved, and one create queued per CRM: one transaction.
      const { activity: stored, entries } = await logActivity(db, activity, now);
      deps.broadcast({ type: 'event/entities-changed', ids: [personId, dealId, stored.accountId].filter((x): x is string => !!x) });
      if (entries.length) void deps.sync?.().then((s) => s.kick({ pull: 'never' }), () => {});
      return { activityId: stored.id, queued: entries.length };
    },

    'person/job-change': async ({ personId, title, companyName, leftCompany }) => {
      const db = await deps.db();
      const now = deps.now();
      const values: Record<string, string> = {};
      if (title !== undefined) values.title = title.trim();
      if (companyName !== undefined) values.companyName = companyName.trim();
      const { entries } = Object.keys(values).length
        ? await saveLocalEdit(db, { entity: 'person', localId: personId }, values, now)
        : { entries: [] };
      if (leftCompany !== undefined) {
        const person = await db.get('people', personId);
        if (person) {
          // when they left is what health's trend places the loss at (utils/domain/account/account360/health.ts)
          const { leftAt: _previous, ...rest } = person;
          const leftAt = leftCompany ? (person.leftCompany === true && person.leftAt ? person.leftAt : now.toISOString()) : undefined;
          await putAll(db, 'people', [{ ...rest, leftCompany, ...(leftAt ? { leftAt } : {}), updatedAt: now.toISOString() }]);
        }
      }
      await settle(db, [personId]);
      return { personId, queued: entries.length };
    },

    'settings/me-get': async () => {
      const db = await deps.db();
      const current = await getSetting(db, 'currentUser');
      const users = (await db.getAll('users')).filter((u) => u.source !== 'demo' || current?.userId.startsWith('demo-'));
      const me = current && current.userId !== 'me' ? current : undefined;
      const stored = me ? await db.get('users', me.userId) : undefined;
      return {
        ...(me ? { current: me } : {}),
        fromCrm: stored?.source === 'crm',
        users: users.map((u) => ({ id: u.id, name: u.name, ...(u.email ? { email: u.email } : {}) })).sort((a, b) => a.name.localeCompare(b.name)),
      };
    },
    'settings/me-set': async ({ userId, name }) => {
      const db = await deps.db();
      const now = deps.now();
      if (userId) {
        const user = await db.get('users', userId);
        if (!user) throw new Error('That user is no longer in the workspace. Reload Options and choose again.');
        await setSetting(db, 'currentUser', { userId: user.id, name: user.name }, now);
        deps.broadcast({ type: 'event/entities-changed', ids: [] });
        return { userId: user.id, name: user.name };
      }
      const typed = name?.replace(/\s+/g, ' ').trim();
      if (!typed) throw new Error('Choose yourself in the list, or type your name.');
      // a user of this workspace only: answers are signed with the name the rep gave
      const id = `local-user-${nameKey(typed).replace(/[^a-z0-9]+/g, '-')}`;
      await db.put('users', { id, name: typed, email: '', team: 'sales', role: 'rep', source: 'local' });
      await setSetting(db, 'currentUser', { userId: id, name: typed }, now);
      deps.broadcast({ type: 'event/entities-changed', ids: [] });
      return { userId: id, name: typed };
    },

    'settings/sdr-get': async () => (await getSetting(await deps.db(), 'sdr')) ?? DEFAULT_SDR_SETTINGS,
    'settings/sdr-set': async ({ settings }) => {
      const db = await deps.db();
      await setSetting(db, 'sdr', settings, deps.now());
      return settings;
    },
  };
}

type AccountDetails = Pick<Account, 'domain' | 'industry' | 'employees' | 'city' | 'country' | 'linkedinUrl' | 'linkedinKey' | 'addedDespite'>;

/** A company the SDR adds: a prospect of ours (source 'local'), owned by `ownerId`, in no CRM yet. */
function newProspectAccount(name: string, details: AccountDetails, ownerId: string, nowIso: string): Account {
  const defined = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined && v !== '')) as AccountDetails;
  return {
    id: `local-account-${Date.parse(nowIso).toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    name,
    nameKey: nameKey(name),
    ...defined,
    lifecycle: 'prospect',
    keyAccount: false,
    ownerId,
    products: [],
    crmRefs: [],
    crmKeys: [],
    createdAt: nowIso,
    updatedAt: nowIso,
    source: 'local',
  };
}

/** The account the person goes with: the existing one chosen, a new one built from the form, or none. */
async function accountFor(
  db: Db,
  choice: CompanyChoice,
  form: AddPersonForm,
  ownerId: string,
  nowIso: string,
): Promise<{ record?: Account; created?: Account }> {
  if (choice.mode === 'existing') {
    const record = await db.get('accounts', choice.accountId);
    if (!record) throw new Error('That company is no longer in the workspace. Look it up again.');
    return { record };
  }
  if (choice.mode === 'none') return {};
  const name = clean(form.companyName);
  if (!name) throw new Error('To create the company, type its name.');
  const domain = companyDomainOf(form);
  const created = newProspectAccount(name, { domain, city: clean(form.city), country: clean(form.country) }, ownerId, nowIso);
  return { record: created, created };
}
