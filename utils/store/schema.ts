// The IndexedDB schema as TypeScript sees it. One registry of everything stored: when you add a
// store or an index, add a numbered migration in ./migrations and list it in ./migrations/index.ts.
import type { DBSchema } from 'idb';
import type { Account, Activity, Deal, Person, Product, User } from '../domain/entities';
import type { Qualification } from '../domain/qualification/qualification';
import type { AccountPlan } from '../domain/account/keyAccount';
import type { ConflictRecord, ConnectionRecord, OutboxEntry, StoredSecretRecord } from './syncRecords';

export const DB_NAME = 'dealside';

export type SettingRecord = { key: string; value: unknown; updatedAt: string };

export interface DealsideDb extends DBSchema {
  accounts: {
    key: string;
    value: Account;
    indexes: {
      byCrmKey: string;
      byDomain: string;
      byNameKey: string;
      byLinkedinKey: string;
      byParent: string;
      bySource: string;
    };
  };
  people: {
    key: string;
    value: Person;
    indexes: {
      byCrmKey: string;
      byEmail: string;
      byLinkedinKey: string;
      byNameKey: string;
      byAccount: string;
      bySource: string;
    };
  };
  deals: {
    key: string;
    value: Deal;
    indexes: { byCrmKey: string; byAccount: string; byContact: string; bySource: string };
  };
  activities: {
    key: string;
    value: Activity;
    indexes: {
      byPersonAt: [string, string];
      byAccountAt: [string, string];
      byDealAt: [string, string];
      bySource: string;
    };
  };
  products: { key: string; value: Product; indexes: { bySource: string } };
  users: { key: string; value: User; indexes: { bySource: string } };
  settings: { key: string; value: SettingRecord };
  diagnostics: { key: number; value: DiagnosticRecord; indexes: { byAt: string } };
  qualifications: { key: string; value: Qualification };
  /** 004: local edits waiting for the CRM (utils/sync/outbox.ts) */
  outbox: {
    key: string;
    value: OutboxEntry;
    indexes: { byDue: number; byEntity: string; byIdempotencyKey: string; bySystem: string };
  };
  /** 004: one per connected CRM: status, field map, pull cursors, API usage */
  syncConnections: { key: string; value: ConnectionRecord };
  /** 004: tokens, apart from the connection so status reads never carry them; sealed (AES-GCM) since #14 */
  syncSecrets: { key: string; value: StoredSecretRecord };
  /** 004: fields both we and the CRM changed, waiting for the rep's choice */
  syncConflicts: { key: string; value: ConflictRecord; indexes: { byLocalId: string; bySystem: string } };
  /** 005: a key account's plan (profile, needs … quarterly review), keyed by account id */
  accountPlans: { key: string; value: AccountPlan };
}

/** One page Dealside could not read cleanly (a selector fell back or nothing matched). */
export type DiagnosticRecord = {
  id?: number;
  at: string;
  site: string;
  objectType: string;
  kind: string;
  status: 'fallback' | 'failed';
  /** fields no selector matched, e.g. 'hubspot.0-1.name' */
  missing: string[];
  /** 'field: selector' that matched, showing which fallback was used */
  matched: string[];
  /** origin + path only: query strings and fragments can carry personal data */
  page: string;
};

export type StoreName = 'accounts' | 'people' | 'deals' | 'activities' | 'products' | 'users';
export const RECORD_STORES: readonly StoreName[] = [
  'accounts',
  'people',
  'deals',
  'activities',
  'products',
  'users',
];
