// Test support for sync (not shipped: only tests and the bench import it): a virtual clock the
// engine, the limiter and the fake servers share, so rate limits and backoff run in milliseconds
// of real time, and small builders for records.
import type { Account, CrmSystem, Deal, Person } from '../../utils/domain/entities';
import type { ConnectionRecord } from '../../utils/store/syncRecords';
import { crmKey } from '../../utils/domain/entities';
import { nameKey } from '../../utils/text/normalize';

/**
 * Virtual time: sleep(ms) moves the clock forward by ms and yields, so a 10-second rate-limit
 * window passes instantly. Concurrent sleepers each advance it (good enough for these tests).
 */
export class VirtualClock {
  constructor(public t = Date.parse('2026-11-22T10:00:00Z')) {}
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.t += Math.max(0, ms);
    await new Promise((r) => setImmediate(r));
  };
  advance(ms: number): void {
    this.t += ms;
  }
}

export function account(id: string, name: string, extra: Partial<Account> = {}): Account {
  return {
    id,
    name,
    nameKey: nameKey(name),
    lifecycle: 'prospect',
    keyAccount: false,
    products: [],
    crmRefs: [],
    crmKeys: [],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    source: 'local',
    ...extra,
  };
}

export function person(id: string, first: string, last: string, extra: Partial<Person> = {}): Person {
  const fullName = `${first} ${last}`;
  return {
    id,
    kind: 'contact',
    firstName: first,
    lastName: last,
    fullName,
    nameKey: nameKey(fullName),
    emails: [],
    crmRefs: [],
    crmKeys: [],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    source: 'local',
    ...extra,
  };
}

export function deal(id: string, name: string, extra: Partial<Deal> = {}): Deal {
  return {
    id,
    name,
    contactIds: [],
    stage: 'discovery',
    currency: 'EUR',
    productIds: [],
    crmRefs: [],
    crmKeys: [],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    source: 'crm',
    ...extra,
  };
}

/** crmRefs + crmKeys for a record that lives in a CRM. */
export function inCrm(system: CrmSystem, store: 'account' | 'person' | 'deal', objectType: string, id: string) {
  return { crmRefs: [{ system, objectType, id }], crmKeys: [crmKey(system, store, id)] };
}

/** A connection as the store keeps it, connected by token, for tests that need one in place. */
export function connectionRecord(system: CrmSystem, extra: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: system,
    system,
    label: system,
    baseUrl: 'https://example.invalid',
    authKind: 'token',
    status: 'connected',
    account: {},
    fieldMap: {},
    capabilities: { dealsideIdField: true, bant: 'mapped' },
    cursors: {},
    createdAt: '',
    updatedAt: '',
    ...extra,
  };
}
