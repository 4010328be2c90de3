// What the SDR does from the sidebar (issue #12), as store functions the background's handlers
// call: each writes our records and their outbox entries in ONE IndexedDB transaction, so a
// service worker stopped half-way leaves all of it or none of it, and the sync engine then takes
// it to every connected CRM exactly once (creates are upserts by our id, or looked up before they
// are made again: see the connectors).
import type { Db } from '../store/db';
import { LOGGED_TOUCH_TYPES, type Account, type Activity, type CrmSystem, type Deal, type LoggedTouchType, type Person } from '../domain/entities';
import type { EntityRef, FieldChange, OutboxEntry } from '../store/syncRecords';
import { leadsApart } from '../crms/catalogue';
import { UnknownLocalRecordError, editTransaction, enqueue, inEditTransaction, fieldsForCreate, systemsFor, type OutboxTx } from '../store/outbox';

export type NewPerson = {
  /** the person to add (kind 'lead' or 'contact'); its id is ours (a UUID the caller makes) */
  person: Person;
  /** a new company for them; absent: person.accountId (if any) names an account we already hold */
  account?: Account;
};

export type NewPersonResult = {
  /** as stored (a lead added with a company names it in companyName) */
  person: Person;
  /** the person's account as stored: the new one, or the existing one they were linked to */
  account?: Account;
  /** what was queued: creates (account first) and the person → account link, per CRM */
  entries: OutboxEntry[];
};

/** The input cannot be stored as asked (a programming error in the caller, not the user's). */
export class InvalidNewRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidNewRecordError';
  }
}

type Syncable = { id: string; source: string; crmRefs: ReadonlyArray<{ system: CrmSystem }> };

/** Queue a record's creation in one CRM unless it is there already (or demo data). */
async function queueCreate(
  tx: OutboxTx,
  system: CrmSystem,
  entity: 'account' | 'person',
  record: (Account | Person) & Syncable,
  now: Date,
): Promise<OutboxEntry | undefined> {
  if (record.source === 'demo' || record.crmRefs.some((r) => r.system === system)) return undefined;
  const kind = entity === 'person' ? (record as Person).kind : undefined;
  const ref: EntityRef = { entity, localId: record.id, ...(kind ? { kind } : {}) };
  return enqueue(tx, { system, ref, op: 'create', changes: fieldsForCreate(entity, record), now });
}

/**
 * Add a person (lead or contact) and, optionally, a new account for them, to Dealside and to every
 * connected CRM, in one transaction: both records, their creates and the person → account link.
 *
 * - With `account`: it is stored and the person is linked to it (person.accountId is set to it).
 *   Without: person.accountId, when set, must name an account we hold (else
 *   UnknownLocalRecordError); if that account is not yet in a connected CRM, its create is queued
 *   too (a person's company goes with them).
 * - A lead keeps its company's name in companyName (Salesforce's Lead.Company; filled from the
 *   account when empty).
 * - Idempotent: called again with the same ids (a message retried after a lost answer) it stores
 *   nothing over what is there and queues nothing twice.
 * - Demo records are stored but never queued. Throws InvalidNewRecordError for an input that
 *   contradicts itself (a person linked to another account than the one given, …).
 *
 * The CRMs: Salesforce creates a Lead (with Company, and no Account: that is made when the lead is
 * converted) for a lead, and an Account and a Contact (AccountId set by the link) for a contact;
 * HubSpot a contact (lifecycle stage "lead" for a lead), a
 * company and their default association; Pipedrive a person (either kind: Pipedrive's leads are
 * deals-to-be, not people) and an organization, linked by org_id.
 */
export async function createPersonWithAccount(db: Db, input: NewPerson, now: Date): Promise<NewPersonResult> {
  let person: Person = input.person;
  const newAccount = input.account;
  if (!person.id) throw new InvalidNewRecordError('The new person has no id.');
  if (newAccount) {
    if (!newAccount.id || newAccount.id === person.id) throw new InvalidNewRecordError('The new account needs an id of its own.');
    if (person.accountId && person.accountId !== newAccount.id) {
      throw new InvalidNewRecordError(`The person is linked to account ${person.accountId}, not to the new account ${newAccount.id}.`);
    }
    person = { ...person, accountId: newAccount.id };
  }
  const tx = editTransaction(db, ['accounts', 'people', 'outbox', 'syncConnections']);
  const abort = async (error: Error): Promise<never> => {
    tx.abort();
    await tx.done.catch(() => {});
    throw error;
  };
  let account: Account | undefined;
  if (newAccount) {
    // stored already (the same call again): keep what is there, it may carry CRM ids since
    account = (await tx.objectStore('accounts').get(newAccount.id)) ?? newAccount;
    if (account === newAccount) await tx.objectStore('accounts').put(account);
  } else if (person.accountId) {
    account = await tx.objectStore('accounts').get(person.accountId);
    if (!account) return abort(new UnknownLocalRecordError({ entity: 'account', localId: person.accountId }));
  }
  if (person.kind === 'lead' && !person.companyName && account) person = { ...person, companyName: account.name };
  const stored = await tx.objectStore('people').get(person.id);
  if (stored) {
    if (stored.accountId !== person.accountId) return abort(new InvalidNewRecordError(`A person with id ${person.id} is already stored, linked to another account.`));
    person = stored;
  } else {
    await tx.objectStore('people').put(person);
  }
  const entries: OutboxEntry[] = [];
  const systems = (await tx.objectStore('syncConnections').getAllKeys()) as CrmSystem[];
  for (const system of systems) {
    // A lead that stands apart from contacts (Salesforce, Dynamics 365, Zoho CRM) names its company
    // and has no account: the account is made when the lead is converted (or a contact is added at it).
    const withAccount = !!account && !(leadsApart(system) && person.kind === 'lead');
    if (account && withAccount) {
      const e = await queueCreate(tx, system, 'account', account, now);
      if (e) entries.push(e);
    }
    const e = await queueCreate(tx, system, 'person', person, now);
    if (e) entries.push(e);
    if (account && withAccount && person.source !== 'demo' && account.source !== 'demo') {
      // both already in this CRM (made by an earlier call): the link went with them
      const inCrm = person.crmRefs.some((r) => r.system === system) && account.crmRefs.some((r) => r.system === system);
      if (!inCrm) {
        const link = await enqueue(tx, {
          system,
          ref: { entity: 'person', localId: person.id, kind: person.kind },
          op: 'associate',
          to: { entity: 'account', localId: account.id },
          now,
        });
        if (link) entries.push(link);
      }
    }
  }
  await tx.done;
  return { person, ...(account ? { account } : {}), entries };
}

/**
 * Add a company on its own (from a LinkedIn company page) to Dealside and to every connected CRM,
 * in one transaction: the account and its creates (HubSpot company, Salesforce Account, Pipedrive
 * organization — exactly once, like a person's company above). Idempotent like
 * createPersonWithAccount: the same id again stores nothing over what is there and queues nothing
 * twice.
 */
export async function createAccount(db: Db, input: Account, now: Date): Promise<{ account: Account; entries: OutboxEntry[] }> {
  if (!input.id) throw new InvalidNewRecordError('The new account has no id.');
  const tx = editTransaction(db, ['accounts', 'outbox', 'syncConnections']);
  const account = (await tx.objectStore('accounts').get(input.id)) ?? input;
  if (account === input) await tx.objectStore('accounts').put(account);
  const entries: OutboxEntry[] = [];
  for (const system of (await tx.objectStore('syncConnections').getAllKeys()) as CrmSystem[]) {
    const e = await queueCreate(tx, system, 'account', account, now);
    if (e) entries.push(e);
  }
  await tx.done;
  return { account, entries };
}

/**
 * What the SDR made in Dealside before any CRM was connected — people and companies added from the
 * sidebar, touches logged on them — goes to the CRMs connected now: each is queued as above
 * (idempotent: what is queued or in a CRM already is left alone). Called when a connection is made.
 * Returns how many entries were queued; a record that cannot be queued (its account gone) is skipped.
 */
export async function queueLocalRecords(db: Db, now: Date): Promise<number> {
  const locals = async <S extends 'people' | 'accounts' | 'activities'>(store: S) => {
    // ids first, with nothing else awaited while the cursor's transaction is open
    const ids: string[] = [];
    let cursor = await db.transaction(store).store.openCursor();
    while (cursor) {
      if ((cursor.value as { source?: string }).source === 'local') ids.push(String(cursor.primaryKey));
      cursor = await cursor.continue();
    }
    return ids;
  };
  let queued = 0;
  const attempt = async (work: () => Promise<{ entries: OutboxEntry[] }>) => {
    try {
      queued += (await work()).entries.length;
    } catch (e) {
      if (!(e instanceof UnknownLocalRecordError || e instanceof InvalidNewRecordError)) throw e;
    }
  };
  for (const id of await locals('people')) {
    const person = await db.get('people', id);
    if (person) await attempt(() => createPersonWithAccount(db, { person }, now));
  }
  for (const id of await locals('accounts')) {
    // a company added with someone went with them above (a Salesforce lead's company is not an
    // Account until it converts); only a company added on its own is queued on its own
    if ((await db.countFromIndex('people', 'byAccount', id)) > 0) continue;
    const account = await db.get('accounts', id);
    if (account) await attempt(() => createAccount(db, account, now));
  }
  for (const id of await locals('activities')) {
    const activity = await db.get('activities', id);
    if (activity && isLoggedTouchType(activity.type)) await attempt(() => logActivity(db, activity, now));
  }
  return queued;
}

// ---------------------------------------------------------------------------------------------
// Logging a touch

export type LogActivityResult = {
  /** as stored: source 'local' unless given, crmRefs / crmKeys empty until synced, createdAt now */
  activity: Activity;
  /** one create per CRM where a record it was logged on is (or is queued to be) */
  entries: OutboxEntry[];
};

/** The touch's values as the outbox entry shows them (the engine reads the stored touch when it pushes). */
function activityChanges(a: Activity): FieldChange[] {
  const values: Array<[string, string | number | undefined]> = [
    ['type', a.type],
    ['at', a.at],
    ['subject', a.subject],
    ['body', a.body],
    ['durationMin', a.durationMin],
    ['direction', a.direction],
    ['personId', a.personId],
    ['dealId', a.dealId],
    ['accountId', a.accountId],
  ];
  return values.filter((v): v is [string, string | number] => v[1] !== undefined).map(([field, value]) => ({ field, value, base: null }));
}

/**
 * Log a touch the rep made (a call, an e-mail sent or a reply received, a meeting, a note) on a
 * person, a deal and/or an account, and queue it for every CRM one of those records lives in (or
 * is queued to be created in), in one transaction. The linked records' lastActivityAt moves to the
 * touch's time when it is later.
 *
 * - `activity.type` must be one of LOGGED_TOUCH_TYPES, `at` an ISO time, and at least one of
 *   personId / dealId / accountId set to a record we hold (else InvalidNewRecordError, or
 *   UnknownLocalRecordError for a record that is not here). accountId defaults to the person's
 *   account, else the deal's.
 * - Idempotent: the same id again stores nothing over what is there and queues nothing twice.
 *
 * In the CRM (connectors): HubSpot a call / e-mail / meeting / note engagement associated to the
 * contact, company and deal; Salesforce a completed Task (an Event for a meeting) with WhoId and
 * WhatId; Pipedrive a done activity of type call / email / meeting (a note: a Pipedrive note) with
 * person_id, org_id and deal_id. Exactly once each (see activities.ts and the connectors).
 */
export async function logActivity(db: Db, activity: Activity, now: Date): Promise<LogActivityResult> {
  checkActivity(activity);
  return inEditTransaction(db, LOG_ACTIVITY_STORES, (tx) => logActivityIn(tx, activity, now));
}

/** What a logged touch must be (InvalidNewRecordError otherwise). */
function checkActivity(activity: Activity): void {
  if (!activity.id) throw new InvalidNewRecordError('The activity has no id.');
  if (!(LOGGED_TOUCH_TYPES as readonly string[]).includes(activity.type)) {
    throw new InvalidNewRecordError(`A ${activity.type} is not a touch the rep logs (${LOGGED_TOUCH_TYPES.join(', ')}).`);
  }
  if (!Number.isFinite(Date.parse(activity.at))) throw new InvalidNewRecordError(`${activity.at} is not a time.`);
  if (activity.durationMin !== undefined && !(Number.isFinite(activity.durationMin) && activity.durationMin >= 0)) {
    throw new InvalidNewRecordError('A duration is a number of minutes, 0 or more.');
  }
  if (!activity.personId && !activity.dealId && !activity.accountId) throw new InvalidNewRecordError('A touch is logged on a person, a deal or an account.');
}

/** The stores logActivityIn writes: a caller's transaction must hold them. */
export const LOG_ACTIVITY_STORES = ['activities', 'people', 'accounts', 'deals', 'outbox', 'syncConnections'] as const;

/**
 * logActivity inside a caller's transaction (which holds LOG_ACTIVITY_STORES), so a change and the
 * touch that tells the CRM about it are written together. Throws what logActivity throws, for the
 * caller to abort; does not wait for the transaction to end.
 */
export async function logActivityIn(tx: OutboxTx, activity: Activity, now: Date): Promise<LogActivityResult> {
  checkActivity(activity);
  const person = activity.personId ? await tx.objectStore('people').get(activity.personId) : undefined;
  if (activity.personId && !person) throw new UnknownLocalRecordError({ entity: 'person', localId: activity.personId });
  const deal = activity.dealId ? await tx.objectStore('deals').get(activity.dealId) : undefined;
  if (activity.dealId && !deal) throw new UnknownLocalRecordError({ entity: 'deal', localId: activity.dealId });
  const accountId = activity.accountId ?? person?.accountId ?? deal?.accountId;
  const account = accountId ? await tx.objectStore('accounts').get(accountId) : undefined;
  if (activity.accountId && !account) throw new UnknownLocalRecordError({ entity: 'account', localId: activity.accountId });

  const existing = await tx.objectStore('activities').get(activity.id);
  const stored: Activity = existing ?? {
    ...activity,
    ...(account ? { accountId: account.id } : {}),
    crmRefs: activity.crmRefs ?? [],
    crmKeys: activity.crmKeys ?? [],
    createdAt: activity.createdAt ?? now.toISOString(),
  };
  if (!existing) {
    await tx.objectStore('activities').put(stored);
    // the records it was logged on were touched then
    const touchedAt = stored.at;
    const later = (r: { lastActivityAt?: string }) => !r.lastActivityAt || Date.parse(r.lastActivityAt) < Date.parse(touchedAt);
    if (person && later(person)) await tx.objectStore('people').put({ ...person, lastActivityAt: touchedAt });
    if (account && later(account)) await tx.objectStore('accounts').put({ ...account, lastActivityAt: touchedAt });
    if (deal && later(deal)) await tx.objectStore('deals').put({ ...deal, lastActivityAt: touchedAt } satisfies Deal);
  }
  const systems = new Set<CrmSystem>();
  for (const r of [person, account, deal]) if (r) for (const s of await systemsFor(tx, r)) systems.add(s);
  const entries: OutboxEntry[] = [];
  if (stored.source !== 'demo') {
    for (const system of systems) {
      if (stored.crmRefs?.some((r) => r.system === system)) continue;
      const e = await enqueue(tx, { system, ref: { entity: 'activity', localId: stored.id }, op: 'create', changes: activityChanges(stored), now });
      if (e) entries.push(e);
    }
  }
  return { activity: stored, entries };
}

/** Is this a touch type the rep can log (and the CRMs take)? */
export function isLoggedTouchType(type: string): type is LoggedTouchType {
  return (LOGGED_TOUCH_TYPES as readonly string[]).includes(type);
}
