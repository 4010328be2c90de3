// The background's answers to every request of the protocol.
import { createSdrHandlers } from './sdrHandlers';
import type { Db } from '../store/db';
import type { RequestHandlers } from '../messaging/router';
import type { DealsideEvent } from '../messaging/protocol';
import type { TabView } from '../messaging/views';
import { buildEntityView } from './views/entityView';
import { deleteSetting, getSetting, getSettingRecord, setSetting } from '../store/settings';
import { DEFAULT_QUALIFY_SETTINGS, parseQualifySettings } from '../domain/qualify/qualifySettings';
import { clearDiagnostics, listDiagnostics, recordExtractionHealth } from '../store/diagnostics';
import { buildQualificationView, qualificationTargetOf, type QualificationTarget } from './views/qualificationView';
import { editQualification } from '../store/qualifications';
import { listVerdicts } from './views/listVerdicts';
import { quickSearch } from './views/search';
import { buildAccount360View } from './views/account360View';
import { buildAbmView, buildReviewQueue } from './views/abmView';
import { editAccountPlanToCrm } from '../sync/accountPlanNotes';
import { DEFAULT_KEY_ACCOUNT_SETTINGS } from '../domain/account/keyAccount';
import { notSameFor, setNotSame } from '../store/notSame';
import { pageKeyOf } from './views/entityView';
import type { MatchIndexes, MatchService } from './matchService';
import { findDuplicates, fromAccount, fromPerson } from '../match';
import type { Account, Person } from '../domain/entities';
import { applyBantAnswer, applyElementAnswer, logObjection, setActionState, setRoleOverride, undoLastChange, type BantEdit, type Qualification, type UndoResult } from '../domain/qualification/qualification';
import type { QualificationView } from '../messaging/qualificationView';
import { getTabRecord, setTabRecord } from './tabState';
import { loadDemo, removeDemo, workspaceMode, workspaceStatus } from './workspace';
import type { SyncService } from '../sync/service';
import { createSyncHandlers } from '../sync/handlers';
import { createImportHandlers } from './importHandlers';
import { createLearnHandlers } from './learnHandlers';
import { nextRevision } from '../domain/qualification/scoringModel';
import { createLookupBudget, type LookupBudget } from './lookupBudget';
import type { ViewPrefetch } from './viewPrefetch';
import type { ShownPeople } from './shownLookAlikes';

export type BackgroundDeps = {
  db: () => Promise<Db>;
  /** the duplicate matcher's indexes (absent: exact lookups and a name rule only) */
  matches?: MatchService;
  now: () => Date;
  broadcast: (event: DealsideEvent) => void;
  /** CRM sync (issue #6); absent where there is none (tests of other parts) */
  sync?: () => Promise<SyncService>;
  /** how many list rows each tab may have looked up (default: the bounded budget of #14.1) */
  lookups?: LookupBudget;
  /** views started at page/detected for the sidebar's first tab/view (absent: built when asked) */
  views?: ViewPrefetch;
  /** the people the surfaces show, for their look-alikes during a sync (./shownLookAlikes.ts) */
  shown?: ShownPeople;
};

/** For a list row's record: the best other record that is a likely duplicate of it. */
function duplicateLookup(db: Db, indexes: MatchIndexes) {
  return async (record: Person | Account) => {
    const isPerson = 'fullName' in record;
    const account = isPerson && record.accountId ? await db.get('accounts', record.accountId) : undefined;
    const [best] = findDuplicates(
      isPerson ? indexes.people : indexes.accounts,
      isPerson ? fromPerson(record, account) : fromAccount(record),
      { limit: 1, minBand: 'duplicate', explain: false },
    );
    if (!best) return undefined;
    const other = isPerson ? await db.get('people', best.id) : await db.get('accounts', best.id);
    return other ? { name: 'fullName' in other ? other.fullName : other.name } : undefined;
  };
}

function requireTab(tabId: number | undefined): number {
  if (tabId === undefined) throw new Error('This request must come from a tab.');
  return tabId;
}

/**
 * The view of what a tab shows. With the matcher's indexes not yet in memory (a worker just woken),
 * a record found by an identifier is answered at once without its look-alikes; the indexes are then
 * loaded and `onIndexesLoaded` called, for the surfaces to ask again (issue #15.3).
 */
export async function buildTabView(
  db: Db,
  tabId: number,
  now: Date,
  matches?: MatchService,
  onIndexesLoaded?: () => void,
  /** the index restore waits for this too (a view built ahead: until it is taken) */
  indexesAfter?: Promise<unknown>,
): Promise<TabView> {
  const record = await getTabRecord(tabId);
  // 'crm' once a CRM is connected (the sidebar then never offers to add a CRM's own record again)
  const base = { tabId, workspaceMode: await workspaceMode(db), updatedAt: record?.updatedAt ?? now.toISOString() } as const;
  if (!record?.ref) return { ...base, state: 'no-page', url: record?.url };
  const { ref, snapshot, url } = record;
  if (ref.kind === 'list') return { ...base, state: 'list', url, ref, snapshot };
  if (!snapshot) return { ...base, state: 'reading', url, ref };
  if (snapshot.unavailable) return { ...base, state: 'unavailable', url, ref, snapshot };
  const loaded = matches ? await matches.loaded(db) : undefined;
  let deferred = false;
  const entity = await buildEntityView(db, ref, snapshot.entity, {
    indexes: loaded,
    ...(matches && !loaded ? { loadIndexes: () => matches.indexes(db), onDuplicatesDeferred: () => (deferred = true) } : {}),
    currentUserId: (await getSetting(db, 'currentUser'))?.userId,
    now,
    notSame: await notSameFor(db, pageKeyOf(ref, snapshot.entity)),
  });
  const target = entity ? qualificationTargetOf(entity) : undefined;
  // The rep's qualification and the account manager's panels read different records: built side by
  // side, their round trips to IndexedDB overlap (issue #15.3); set on the view in the order they
  // always were.
  const qualification = async () => {
    if (!entity || !target) return undefined;
    const duplicates = entity.duplicates.map((d) => ({
      personId: d.id,
      name: d.fullName,
      ownerName: d.owner?.name ?? '—',
      ...(d.lastActivity ? { lastTouchAt: d.lastActivity.at } : {}),
    }));
    return { view: await buildQualificationView(db, target, now, duplicates) };
  };
  const accountPanels = async () => {
    if (!entity) return {};
    // The account manager on a customer's page (or one of its contacts'): health, renewal, whitespace.
    const account =
      entity.verdict !== 'in-crm' ? undefined : entity.subject === 'company' ? entity.accounts[0]?.account : entity.subject === 'person' ? entity.people[0]?.account : undefined;
    const view = account && account.lifecycle !== 'prospect' ? await buildAccount360View(db, account.id, now) : undefined;
    const account360 = account && view ? { accountId: account.id, ...view } : undefined;
    // ABM on a target account's page, its contact's or its deal's (prospects too): owners, support, the week.
    const target360 = account ?? (entity.verdict === 'in-crm' && entity.subject === 'deal' ? entity.deals[0]?.account : undefined);
    const health = account360?.health;
    const abm = target360?.tier ? await buildAbmView(db, target360.id, now, health ? { points: health.trend.points, score: health.score } : undefined) : undefined;
    return { account360, abm };
  };
  const [qualified, panels] = await Promise.all([qualification(), accountPanels()]);
  if (entity && qualified) entity.qualification = qualified.view;
  if (entity && panels.account360) entity.account360 = panels.account360;
  if (entity && panels.abm) entity.abm = panels.abm;
  // after this answer is on its way: the index restore takes the worker's thread for a while
  if (deferred && matches) {
    const load = () => setTimeout(() => void matches.indexes(db).then(() => onIndexesLoaded?.(), () => {}), 0);
    if (indexesAfter) void indexesAfter.then(load);
    else load();
  }
  return { ...base, state: entity ? 'ready' : 'unreadable', url, ref, snapshot, entity };
}

export function createHandlers(deps: BackgroundDeps): RequestHandlers {
  const lookups = deps.lookups ?? createLookupBudget();
  // What each tab said last, in arrival order (messages from one tab arrive in the order sent,
  // and storage writes apply in the order made): the last navigation wins.
  const turns = new Map<number, number>();
  const arrived = (tabId: number) => {
    const turn = (turns.get(tabId) ?? 0) + 1;
    turns.set(tabId, turn);
    return turn;
  };
  const isLatest = (tabId: number, turn: number) => turns.get(tabId) === turn;
  /** the view started at page/detected, else one built now */
  const takeOrBuild = async (tabId: number): Promise<TabView> => {
    const started = deps.views?.take(tabId, turns.get(tabId));
    if (started) {
      try {
        return await started;
      } catch {
        // built afresh below
      }
    }
    return buildTabView(await deps.db(), tabId, deps.now(), deps.matches, () => deps.broadcast({ type: 'event/tab-changed', tabId }));
  };
  /** Apply one edit durably, tell every open surface, answer with the recomputed view. */
  const edit = async (target: QualificationTarget, change: (q: Qualification, meta: { by: string; at: Date }) => Qualification): Promise<QualificationView> => {
    const db = await deps.db();
    const now = deps.now();
    const by = (await getSetting(db, 'currentUser'))?.userId ?? 'me';
    await editQualification(db, target, now, (q) => change(q, { by, at: now }));
    deps.broadcast({ type: 'event/entities-changed', ids: [target.entityId] });
    // The edit (and its outbox entry) is stored: push it soon.
    void deps.sync?.().then((s) => s.kick({ pull: 'never' }), () => {});
    const view = await buildQualificationView(db, target, now);
    if (!view) throw new Error(`This ${target.entityType} is no longer in the workspace.`);
    return view;
  };
  return {
    ...createSyncHandlers(deps),
    ...createImportHandlers(deps),
    ...createSdrHandlers(deps),
    ...createLearnHandlers(deps),
    'qualification/answer': ({ target, edit: answer }) => edit(target, (q, meta) => applyBantAnswer(q, answer as BantEdit, meta)),
    'qualification/element': ({ target, edit: answer }) => edit(target, (q, meta) => applyElementAnswer(q, answer, meta)),
    'qualification/action': ({ target, actionKey, state }) => edit(target, (q, meta) => setActionState(q, actionKey, state, meta)),
    'qualification/role': ({ target, personId, role }) => edit(target, (q, meta) => setRoleOverride(q, personId, role, meta)),
    'qualification/undo': async ({ target }) => {
      let result: UndoResult | undefined;
      const view = await edit(target, (q, meta) => {
        result = undoLastChange(q, meta);
        return result.qualification;
      });
      const undone = result?.undone;
      if (!undone) return { view, reason: result && 'reason' in result ? result.reason : 'nothing' };
      return { view, undone: { kind: undone.kind as 'budget' | 'authority' | 'need' | 'timing' | 'role' | 'action' | 'element', ...(undone.kind === 'role' ? { personId: undone.personId } : {}) } };
    },
    'qualification/objection': ({ target, byPersonId, note }) =>
      edit(target, (q, meta) => logObjection(q, { kind: 'price', byPersonId, note }, meta)),
    'account/plan-edit': async ({ accountId, edit: change }) => {
      const db = await deps.db();
      const by = (await getSetting(db, 'currentUser'))?.userId ?? 'me';
      // the item written down or held also goes to the CRM, as a note on the account (accountPlanNotes.ts)
      const { plan, queued } = await editAccountPlanToCrm(db, accountId, change, by, deps.now());
      deps.broadcast({ type: 'event/entities-changed', ids: [accountId] });
      if (queued) void deps.sync?.().then((s) => s.kick({ pull: 'never' }), () => {});
      return plan;
    },
    'abm/review': async () => ({ entries: await buildReviewQueue(await deps.db(), deps.now()) }),
    'abm/account': async ({ accountId }) => {
      const db = await deps.db();
      const now = deps.now();
      const account = await db.get('accounts', accountId);
      if (!account?.tier) throw new Error('This account is not on the target list.');
      const a360 = account.lifecycle === 'prospect' ? undefined : await buildAccount360View(db, accountId, now);
      const health = a360?.health;
      const abm = await buildAbmView(db, accountId, now, health ? { points: health.trend.points, score: health.score } : undefined);
      if (!abm) throw new Error('This account is not on the target list.');
      return {
        accountId,
        name: account.name,
        lifecycle: account.lifecycle,
        ...(health ? { health: { score: health.score, band: health.band } } : {}),
        ...(a360?.keyAccount ? { keyAccount: a360.keyAccount.key } : {}),
        abm,
      };
    },
    'settings/key-accounts-get': async () => (await getSetting(await deps.db(), 'keyAccounts')) ?? DEFAULT_KEY_ACCOUNT_SETTINGS,
    'settings/key-accounts-set': async ({ settings }) => {
      const db = await deps.db();
      await setSetting(db, 'keyAccounts', settings, deps.now());
      deps.broadcast({ type: 'event/entities-changed', ids: [] });
      return settings;
    },
    'page/detected': async ({ snapshot }, { tabId }) => {
      const id = requireTab(tabId);
      const turn = arrived(id);
      deps.shown?.forget(id);
      await setTabRecord(id, { url: snapshot.url, ref: snapshot.ref, snapshot, updatedAt: deps.now().toISOString() });
      // The sidebar (or side panel) will ask for this record's view: build it now, while the page
      // inserts the frame and the frame loads (./viewPrefetch.ts). Its look-alikes, when they come
      // later, make it stale: dropped, and the surfaces told to ask again.
      const views = deps.views;
      if (views && isLatest(id, turn) && snapshot.ref.kind !== 'list') {
        views.start(id, turn, async (released) =>
          buildTabView(
            await deps.db(),
            id,
            deps.now(),
            deps.matches,
            () => {
              views.drop(id, turn);
              deps.broadcast({ type: 'event/tab-changed', tabId: id });
            },
            released,
          ),
        );
      }
      deps.broadcast({ type: 'event/tab-changed', tabId: id });
      // A newer page of this tab arrived meanwhile: this one is history, skip its side work.
      if (!isLatest(id, turn)) return { tabId: id };
      // Selector health is a side record: failing to log it must not fail the page.
      void deps
        .db()
        .then((db) => recordExtractionHealth(db, snapshot, deps.now()))
        .then((written) => written && deps.broadcast({ type: 'event/diagnostics-changed' }))
        .catch(() => {});
      return { tabId: id };
    },
    'page/none': async ({ url }, { tabId }) => {
      const id = requireTab(tabId);
      arrived(id);
      deps.views?.drop(id);
      deps.shown?.forget(id);
      await setTabRecord(id, { url, updatedAt: deps.now().toISOString() });
      deps.broadcast({ type: 'event/tab-changed', tabId: id });
      return { tabId: id };
    },
    'page/list': async ({ rows }, { tabId }) => {
      const id = requireTab(tabId);
      // Bounded per tab: the rows past the budget are answered later (the content script retries).
      const grant = lookups.take(id, rows.length, deps.now().getTime());
      const asked = rows.slice(0, grant.granted);
      const db = await deps.db();
      const indexes = asked.length && deps.matches ? await deps.matches.indexes(db) : undefined;
      const verdicts = asked.length ? await listVerdicts(db, asked, indexes ? duplicateLookup(db, indexes) : undefined) : [];
      return { tabId: id, rows: verdicts, ...(grant.retryAfterMs !== undefined ? { retryAfterMs: grant.retryAfterMs } : {}) };
    },
    'tab/view': async ({ tabId }) => {
      const view = await takeOrBuild(tabId);
      deps.shown?.note(tabId, view);
      return view;
    },
    'tab/shown': async ({ tabId }) => {
      deps.views?.shown(tabId);
      return { ok: true as const };
    },
    'match/not-same': async ({ pageKey, recordId, notSame }) => {
      await setNotSame(await deps.db(), pageKey, recordId, notSame, deps.now());
      deps.broadcast({ type: 'event/entities-changed', ids: [recordId] });
      return { ok: true as const };
    },
    'workspace/status': async () => workspaceStatus(await deps.db()),
    'workspace/remove-demo': async () => {
      const status = await removeDemo(await deps.db(), deps.now());
      deps.broadcast({ type: 'event/workspace-changed' });
      return status;
    },
    'search/quick': async ({ query }) => {
      const db = await deps.db();
      return quickSearch(db, query, deps.matches ? await deps.matches.indexes(db) : undefined);
    },
    'settings/qualify-get': async () => {
      const db = await deps.db();
      const record = await getSettingRecord(db, 'qualify');
      const parsed = record ? parseQualifySettings(record.value) : undefined;
      return parsed?.ok
        ? { settings: parsed.value, isDefault: false, updatedAt: record?.updatedAt }
        : { settings: DEFAULT_QUALIFY_SETTINGS, isDefault: true };
    },
    'settings/qualify-set': async (request) => {
      const db = await deps.db();
      if (request.reset) {
        await deleteSetting(db, 'qualify');
      } else {
        const parsed = parseQualifySettings(request.settings);
        if (!parsed.ok) return { ok: false, issues: parsed.issues };
        const current = (await getSetting(db, 'qualify')) ?? DEFAULT_QUALIFY_SETTINGS;
        const next = parsed.value;
        // The model is the team's versioned agreement: any change to it is a new revision.
        const strip = (m: typeof next.scoringModel) => JSON.stringify({ ...m, version: 0, updatedAt: undefined, updatedBy: undefined });
        if (strip(next.scoringModel) !== strip(current.scoringModel)) {
          const me = await getSetting(db, 'currentUser');
          next.scoringModel = nextRevision(next.scoringModel, current.scoringModel, deps.now(), me?.name);
        }
        await setSetting(db, 'qualify', next, deps.now());
      }
      // Scores, stages and actions of every open surface follow the new agreement at once.
      deps.broadcast({ type: 'event/entities-changed', ids: [] });
      return { ok: true, issues: [] };
    },
    'diagnostics/list': async () => listDiagnostics(await deps.db()),
    'diagnostics/clear': async () => {
      await clearDiagnostics(await deps.db());
      deps.broadcast({ type: 'event/diagnostics-changed' });
      return { cleared: true as const };
    },
    'workspace/load-demo': async () => {
      const status = await loadDemo(await deps.db(), deps.now());
      deps.broadcast({ type: 'event/workspace-changed' });
      return status;
    },
  };
}
