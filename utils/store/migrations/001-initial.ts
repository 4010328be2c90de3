// 001: the first stores and the indexes the sidebar's lookups need.
import type { IDBPDatabase } from 'idb';
import type { DealsideDb } from '../schema';

export function migrate001Initial(db: IDBPDatabase<DealsideDb>): void {
  const accounts = db.createObjectStore('accounts', { keyPath: 'id' });
  accounts.createIndex('byCrmKey', 'crmKeys', { multiEntry: true });
  accounts.createIndex('byDomain', 'domain');
  accounts.createIndex('byNameKey', 'nameKey');
  accounts.createIndex('byLinkedinKey', 'linkedinKey');
  accounts.createIndex('byOwner', 'ownerId');
  accounts.createIndex('byParent', 'parentId');
  accounts.createIndex('bySource', 'source');

  const people = db.createObjectStore('people', { keyPath: 'id' });
  people.createIndex('byCrmKey', 'crmKeys', { multiEntry: true });
  people.createIndex('byEmail', 'emails', { multiEntry: true });
  people.createIndex('byLinkedinKey', 'linkedinKey');
  people.createIndex('byNameKey', 'nameKey');
  people.createIndex('byAccount', 'accountId');
  people.createIndex('byOwner', 'ownerId');
  people.createIndex('bySource', 'source');

  const deals = db.createObjectStore('deals', { keyPath: 'id' });
  deals.createIndex('byCrmKey', 'crmKeys', { multiEntry: true });
  deals.createIndex('byAccount', 'accountId');
  deals.createIndex('byContact', 'contactIds', { multiEntry: true });
  deals.createIndex('byOwner', 'ownerId');
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
