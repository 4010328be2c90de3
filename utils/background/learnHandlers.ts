// A score that learns (issue #19.3), the background's side: fit the agreement to the team's closed
// deals (learnView) and adopt the fitted points as the agreement's next version, the version in
// force kept in the agreement's history.
import type { RequestHandlers } from '../messaging/router';
import type { BackgroundDeps } from './handlers';
import { learnView } from './views/learnView';
import { qualifySettingsOf } from './views/qualificationView';
import { unitModel } from '../domain/learning/features';
import { nextRevision } from '../domain/qualification/scoringModel';
import { getSetting, setSetting } from '../store/settings';

type LearnHandlers = Pick<RequestHandlers, 'scoring/learn' | 'scoring/adopt' | 'scoring/history'>;

/** How many earlier versions of the agreement are kept. */
export const KEPT_VERSIONS = 50;

/** A JSON text with keys sorted: two models compare equal whatever order their keys came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export function createLearnHandlers(deps: BackgroundDeps): LearnHandlers {
  return {
    'scoring/learn': async () => learnView(await deps.db()),
    'scoring/history': async () => [...((await getSetting(await deps.db(), 'scoringModelHistory')) ?? [])].reverse(),
    'scoring/adopt': async ({ baseVersion, model }) => {
      const db = await deps.db();
      const settings = await qualifySettingsOf(db);
      const current = settings.scoringModel;
      if (current.version !== baseVersion) return { ok: false, version: current.version, reason: 'changed-since' as const };
      // the same rules, labels, caps and thresholds: only points may change, so every point stays explained
      const shape = (m: typeof current) => canonical({ ...unitModel(m), version: 0, updatedAt: undefined, updatedBy: undefined });
      if (shape(model) !== shape(current)) return { ok: false, version: current.version, reason: 'not-points-only' as const };
      const me = await getSetting(db, 'currentUser');
      const now = deps.now();
      const history = (await getSetting(db, 'scoringModelHistory')) ?? [];
      await setSetting(db, 'scoringModelHistory', [...history, current].slice(-KEPT_VERSIONS), now);
      const adopted = nextRevision(model, current, now, me?.name);
      await setSetting(db, 'qualify', { ...settings, scoringModel: adopted }, now);
      // scores, stages and actions of every open surface follow the new version at once
      deps.broadcast({ type: 'event/entities-changed', ids: [] });
      return { ok: true, version: adopted.version };
    },
  };
}
