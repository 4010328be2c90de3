// The workspace: the demo data set on first run (labelled, removable with one click), later the
// team's CRM data.
import type { Db } from '../store/db';
import { countAll, countBySource, deleteBySource, putAll } from '../store/records';
import { deleteSetting, getSetting, setSetting } from '../store/settings';
import { generateDemoWorkspace } from '../demo/generate';
import { deleteAccountPlans } from '../store/accountPlans';
import type { WorkspaceStatus } from '../messaging/protocol';

/** Many records changed at once: caches built from them (the match index) must be rebuilt. */
export async function bumpRecordsGeneration(db: Db, now: Date): Promise<void> {
  await setSetting(db, 'recordsGeneration', ((await getSetting(db, 'recordsGeneration')) ?? 0) + 1, now);
}

/** A connected CRM makes this the team's workspace, whether or not demo records remain. */
export async function workspaceMode(db: Db): Promise<WorkspaceStatus['mode']> {
  if ((await db.count('syncConnections')) > 0) return 'crm';
  return (await getSetting(db, 'workspace'))?.mode ?? 'empty';
}

export async function workspaceStatus(db: Db): Promise<WorkspaceStatus> {
  const setting = await getSetting(db, 'workspace');
  return {
    mode: await workspaceMode(db),
    counts: await countAll(db),
    demoCounts: await countBySource(db, 'demo'),
    demoSeededAt: setting?.demoSeededAt,
  };
}

/** Writes the demo workspace. Idempotent (stable ids), so a seed cut short is simply redone. */
export async function loadDemo(db: Db, now: Date): Promise<WorkspaceStatus> {
  const demo = generateDemoWorkspace({ now });
  await deleteDemoQualifications(db);
  await deleteBySource(db, 'demo');
  await putAll(db, 'users', demo.users);
  await putAll(db, 'products', demo.products);
  await putAll(db, 'accounts', demo.accounts);
  await putAll(db, 'people', demo.people);
  await putAll(db, 'deals', demo.deals);
  await putAll(db, 'activities', demo.activities);
  const plans = db.transaction('accountPlans', 'readwrite');
  await Promise.all(demo.accountPlans.map((p) => plans.store.put(p)));
  await plans.done;
  // In the demo, edits are signed by the account executive who owns the cast's deals.
  const rep = demo.users[0];
  // the demo's rep signs as the current user, unless a CRM's user already is
  const me = await getSetting(db, 'currentUser');
  const meUser = me ? await db.get('users', me.userId) : undefined;
  if (rep && meUser?.source !== 'crm') await setSetting(db, 'currentUser', { userId: rep.id, name: rep.name }, now);
  await bumpRecordsGeneration(db, now);
  // Marked as seeded only once every record is written: a worker stopped mid-seed reseeds on wake.
  await setSetting(db, 'workspace', { mode: 'demo', demoSeededAt: now.toISOString() }, now);
  return workspaceStatus(db);
}

/** Qualification records of demo deals and leads, and the plans of demo accounts, go with them. */
async function deleteDemoQualifications(db: Db): Promise<void> {
  const ids = [
    ...(await db.getAllKeysFromIndex('deals', 'bySource', 'demo')),
    ...(await db.getAllKeysFromIndex('people', 'bySource', 'demo')),
  ];
  const tx = db.transaction('qualifications', 'readwrite');
  await Promise.all(ids.map((id) => tx.store.delete(id)));
  await tx.done;
  await deleteAccountPlans(db, await db.getAllKeysFromIndex('accounts', 'bySource', 'demo'));
}

export async function removeDemo(db: Db, now: Date): Promise<WorkspaceStatus> {
  // The demo's rep was the current user: after the demo, answers are not signed by them — by the
  // connected CRM's user (set on connect), else by "You" until one is known.
  const me = await getSetting(db, 'currentUser');
  const meUser = me ? await db.get('users', me.userId) : undefined;
  if (meUser?.source === 'demo') await deleteSetting(db, 'currentUser');
  await deleteDemoQualifications(db);
  await deleteBySource(db, 'demo');
  await bumpRecordsGeneration(db, now);
  const previous = await getSetting(db, 'workspace');
  await setSetting(
    db,
    'workspace',
    { mode: previous?.mode === 'crm' ? 'crm' : 'empty', demoRemovedAt: now.toISOString() },
    now,
  );
  return workspaceStatus(db);
}

/** First run (or a seed that never finished): load the demo workspace. */
export async function ensureWorkspace(db: Db, now: Date): Promise<boolean> {
  if (await getSetting(db, 'workspace')) return false;
  await loadDemo(db, now);
  return true;
}
