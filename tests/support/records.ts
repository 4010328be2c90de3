// Small record builders for the domain's tests and benchmark: valid records with only the fields a
// test cares about spelled out.
import type { Account, Activity, ActivityType, Deal, Person } from '../../utils/domain/entities';

export const NOW = new Date('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

/** ISO date `days` before NOW (negative: after). */
export function daysAgo(days: number, from: Date = NOW): string {
  return new Date(from.getTime() - days * DAY).toISOString();
}

export function makePerson(id: string, fields: Partial<Person> = {}): Person {
  const fullName = fields.fullName ?? `Person ${id}`;
  return {
    id,
    kind: 'contact',
    firstName: fullName.split(' ')[0] ?? fullName,
    lastName: fullName.split(' ').slice(1).join(' '),
    fullName,
    nameKey: fullName.toLowerCase(),
    emails: [`${id}@example.com`],
    phone: '+34 600 000 000',
    accountId: 'acc-1',
    crmRefs: [],
    crmKeys: [],
    createdAt: daysAgo(400),
    updatedAt: daysAgo(10),
    source: 'crm',
    ...fields,
  };
}

export function makeAccount(fields: Partial<Account> = {}): Account {
  return {
    id: 'acc-1',
    name: 'Iberia Logística S.L.',
    nameKey: 'iberia logistica',
    lifecycle: 'prospect',
    keyAccount: false,
    products: [],
    crmRefs: [],
    crmKeys: [],
    createdAt: daysAgo(500),
    updatedAt: daysAgo(10),
    source: 'crm',
    ...fields,
  };
}

export function makeDeal(fields: Partial<Deal> = {}): Deal {
  return {
    id: 'deal-1',
    name: 'Iberia — platform',
    accountId: 'acc-1',
    contactIds: [],
    stage: 'qualification',
    amount: 40_000,
    currency: 'EUR',
    closeDate: daysAgo(-60),
    productIds: [],
    crmRefs: [],
    crmKeys: [],
    createdAt: daysAgo(100),
    updatedAt: daysAgo(5),
    source: 'crm',
    ...fields,
  };
}

let activitySeq = 0;
export function makeActivity(type: ActivityType, at: string, fields: Partial<Activity> = {}): Activity {
  activitySeq += 1;
  return { id: `act-${activitySeq}`, type, at, source: 'crm', ...fields };
}
