// The account plan's edits told to the CRM (issue #18.6): an item the account manager writes down or
// marks held in the sidebar becomes a note on the account in every CRM the account lives in, through
// the outbox like any logged touch (sdrActions.logActivityIn, activities.ts: exactly once), in the
// same transaction as the plan's edit. The CRMs have no common field for a plan, so a note — which
// every connector writes — carries it; clearing an item tells the CRM nothing (the note stays there).
import type { Activity } from '../domain/entities';
import { type AccountPlan, type PlanEdit, PLAN_ITEM_LABELS, PLAN_MEETINGS, applyPlanEdit, emptyPlan } from '../domain/account/keyAccount';
import type { Db } from '../store/db';
import { inEditTransaction } from '../store/outbox';
import { LOG_ACTIVITY_STORES, logActivityIn } from './sdrActions';

/**
 * The note an edit makes (English, as the CRM-facing texts are): "Account plan: Needs" with the
 * manager's words, or for a meeting "Held on 2026-12-01"; none for an item cleared.
 */
export function planNote(accountId: string, edit: PlanEdit, plan: AccountPlan, by: string, now: Date): Activity | undefined {
  const entry = plan.items[edit.item];
  if (!edit.done || !entry) return undefined;
  const held = PLAN_MEETINGS.includes(edit.item) ? `Held on ${entry.at.slice(0, 10)}` : undefined;
  const body = [held, entry.note].filter(Boolean).join('\n') || 'Done';
  return {
    id: `plan-${accountId}-${edit.item}-${now.getTime()}`,
    type: 'note',
    at: now.toISOString(),
    subject: `Account plan: ${PLAN_ITEM_LABELS[edit.item].en}`,
    body,
    accountId,
    ownerId: by,
    source: 'local',
  };
}

/**
 * Apply one edit to the account's plan and, when the account is in a CRM (and not the demo's),
 * queue its note there — one transaction: the plan is never saved without its note, nor the note
 * queued for an edit refused. Answers the plan and how many CRM entries were queued. Throws (writing nothing) for an unknown account or a refused edit.
 */
export async function editAccountPlanToCrm(db: Db, accountId: string, edit: PlanEdit, by: string, now: Date): Promise<{ plan: AccountPlan; queued: number }> {
  return inEditTransaction(db, ['accountPlans', ...LOG_ACTIVITY_STORES], async (tx) => {
    const account = await tx.objectStore('accounts').get(accountId);
    if (!account) throw new Error('This account is not in the workspace.');
    const stored = await tx.objectStore('accountPlans').get(accountId);
    const next = applyPlanEdit(stored ?? emptyPlan(accountId, now), edit, by, now);
    await tx.objectStore('accountPlans').put(next);
    const note = account.source !== 'demo' && account.crmRefs.length > 0 ? planNote(accountId, edit, next, by, now) : undefined;
    const queued = note ? (await logActivityIn(tx, note, now)).entries.length : 0;
    return { plan: next, queued };
  });
}
