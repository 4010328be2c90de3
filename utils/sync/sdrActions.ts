// What the SDR does from the sidebar (issue #12), as store functions the background's handlers
// call: each writes our records and their outbox entries in ONE IndexedDB transaction, so a
// service worker stopped half-way leaves all of it or none of it, and the sync engine then takes
// it to every connected CRM exactly once (creates are upserts by our id, or looked up before they
// are made again: see the connectors).
import type { Db } from '../store/db';
import type { Account, CrmSystem, Person } from '../domain/entities';
import type { EntityRef, OutboxEntry } from './model';
import { UnknownLocalRecordError, enqueue, fieldsForCreate, type OutboxTx } from './outbox';

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
  const tx = db.transaction(['accounts', 'people', 'outbox', 'syncConnections'], 'readwrite');
  const otx = tx as unknown as OutboxTx;
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
    // A Salesforce lead names its company in Lead.Company and has no account: the Account is made
    // when the lead is converted (or when a contact is added at it), not now.
    const withAccount = !!account && !(system === 'salesforce' && person.kind === 'lead');
    if (account && withAccount) {
      const e = await queueCreate(otx, system, 'account', account, now);
      if (e) entries.push(e);
    }
    const e = await queueCreate(otx, system, 'person', person, now);
    if (e) entries.push(e);
    if (account && withAccount && person.source !== 'demo' && account.source !== 'demo') {
      // both already in this CRM (made by an earlier call): the link went with them
      const inCrm = person.crmRefs.some((r) => r.system === system) && account.crmRefs.some((r) => r.system === system);
      if (!inCrm) {
        const link = await enqueue(otx, {
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
