// Numbered migrations, applied in order from the stored version to the newest. Never edit a
// migration that has shipped: add the next one.
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { DealsideDb } from '../schema';
import { migrate001Initial } from './001-initial';
import { migrate002Diagnostics } from './002-diagnostics';
import { migrate003Qualifications } from './003-qualifications';
import { migrate004Sync } from './004-sync';
import { migrate005AccountPlans } from './005-account-plans';
import { migrate006DropOwnerIndexes } from './006-drop-owner-indexes';

export type Migration = (
  db: IDBPDatabase<DealsideDb>,
  tx: IDBPTransaction<DealsideDb, StoreNames<DealsideDb>[], 'versionchange'>,
) => void;

export const MIGRATIONS: readonly Migration[] = [
  migrate001Initial,
  migrate002Diagnostics,
  migrate003Qualifications,
  migrate004Sync,
  migrate005AccountPlans,
  migrate006DropOwnerIndexes,
];

export const DB_VERSION = MIGRATIONS.length;
