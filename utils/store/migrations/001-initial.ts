// 001: the first stores and the indexes the sidebar's lookups need.
import type { IDBPDatabase } from 'idb';
import type { DealsideDb } from '../schema';

/** an index migration 006 dropped again, so the schema's types no longer name it */
const droppedIndex = (store: { createIndex: unknown }, name: string, keyPath: string) => (store as unknown as IDBObjectStore).createIndex(name, keyPath);

export function migrate001Initial(db: IDBPDatabase<DealsideDb>): void {
  const accounts = db.createObjectStore('accounts', { keyPath: 'id' });
  accounts.createIndex('byCrmKey', 'crmKeys', { multiEntry: true });
  accounts.createIndex('byDomain', 'domain');
  accounts.createIndex('byNameKey', 'nameKey');
  accounts.createIndex('byLinkedinKey', 'linkedinKey');
  droppedIndex(accounts, 'byOwner', 'ownerId');
  accounts.createIndex('byParent', 'parentId');
  accounts.createIndex('bySource', 'source');

  const people = db.createObjectStore('people', { keyPath: 'id' });
  people.createIndex('byCrmKey', 'crmKeys', { multiEntry: true });
  people.createIndex('byEmail', 'emails', { multiEntry: true });
  people.createIndex('byLinkedinKey', 'linkedinKey');
  people.createIndex('byNameKey', 'nameKey');
  people.createIndex('byAccount', 'accountId');
  droppedIndex(people, 'byOwner', 'ownerId');
  people.createIndex('bySource', 'source');

  const deals = db.createObjectStore('deals', { keyPath: 'id' });
  deals.createIndex('byCrmKey', 'crmKeys', { multiEntry: true });
  deals.createIndex('byAccount', 'accountId');
  deals.createIndex('byContact', 'contactIds', { multiEntry: true });
  droppedIndex(deals, 'byOwner', 'ownerId');
  deals.createIndex('bySource', 'source');

  const activities = db.createObjectStore('activities', { keyPath: 'id' });
  activities.createIndex('byPersonAt', ['personId', 'at']);
  activities.createIndex('byAccountAt', ['accountId', 'at']);
  activities.createIndex('byDealAt', ['dealId', 'at']);
  activities.createIndex('bySource', 'source');

  db.createObjectStore('products', { keyPath: 'id' }).createIndex('bySource', 'source');
  db.createObjectStore('users', { keyPath: 'id' }).createIndex('bySource', 'source');
  db.createObjectStore('settings', { keyPath: 'key' });
}
