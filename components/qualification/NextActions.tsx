// What to do next, ranked, each with its reason in words; the top three show, the rest one click
// away. Done / dismissed is remembered (and can be undone with U). While the page is looked at the
// cards keep their places (stableOrder.ts): one that comes in later is added below, marked new.
import { useState } from 'react';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { CATEGORY_LABELS } from '../../utils/domain/words/labels';
import type { ActionCategory } from '../../utils/domain/actions/actions';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { useQualificationEdit } from './useQualificationEdit';
import { firstShown, nextShown, type ShownActions } from './stableOrder';

export const TOP_ACTIONS = 3;

/**
 * `pageName`: who the page is about — an action for that very person need not name them again.
 * `list`: the cards' places from `useShownActions`, held by the section so its folded summary names
 * the card shown first.
 */
export function NextActions({ q, tabId, pageName, list }: { q: QualificationView; tabId: number; pageName?: string; list: ShownActions }) {
  const { t, locale, relativeTime } = useTranslator();
  const mutation = useQualificationEdit(tabId);
  const [all, setAll] = useState(false);
  const target = { entityType: q.entityType, entityId: q.entityId };
  const now = new Date();
  const byKey = new Map(q.actions.map((a) => [a.key, a]));
  const shown = (all ? list.order : list.shown).map((k) => byKey.get(k)!).filter(Boolean);
  const fresh = new Set(list.fresh);
  const more = list.order.length - list.shown.length;
  if (q.actions.length === 0) return <p className="text-slate-700" data-dealside="no-actions">{t('noActions')}</p>;
  return (
    <>
      <ol className="space-y-1.5" data-dealside="next-actions">
        {shown.map((a) => (
          <li key={a.key} data-dealside="next-action" data-category={a.category} data-key={a.key} className="rounded border border-slate-200 bg-white px-2 py-1.5">
            <div className="flex items-center gap-1">
              <Pill tone={a.overdue ? 'red' : 'slate'}>{CATEGORY_LABELS[a.category as ActionCategory]?.[locale] ?? a.category}</Pill>
              {fresh.has(a.key) ? (
                <Pill tone="amber" data-dealside="action-new">
                  {t('actionNew')}
                </Pill>
              ) : null}
              <span className={`ml-auto text-[11px] ${a.overdue ? 'font-semibold text-rose-800' : 'text-slate-700'}`} data-dealside="action-due">
                {a.overdue ? `${t('overdue')} · ` : ''}
                {relativeTime(a.dueAt, now)}
              </span>
            </div>
            <div className="mt-0.5 font-medium" data-dealside="action-title">{a.title[locale]}</div>
            <div className="text-[12px] text-slate-700" data-dealside="action-reason">{a.reason[locale]}</div>
            {a.question ? <div className="mt-0.5 text-[12px] text-teal-900 italic" data-dealside="action-question">“{a.question[locale]}”</div> : null}
            {a.personName && a.personName !== pageName ? <div className="text-[11px] text-slate-700">→ {a.personName}</div> : null}
            <div className="mt-1 flex gap-1">
              <button
                type="button"
                data-dealside="action-done"
                className="rounded bg-emerald-800 px-2 py-0.5 text-[11px] text-white"
                onClick={() => mutation.mutate({ type: 'qualification/action', target, actionKey: a.key, state: 'done' })}
              >
                ✓ {t('done')}
              </button>
              <button
                type="button"
                data-dealside="action-dismiss"
                className="rounded border border-slate-300 px-2 py-0.5 text-[11px]"
                onClick={() => mutation.mutate({ type: 'qualification/action', target, actionKey: a.key, state: 'dismissed' })}
              >
                {t('dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ol>
      {more > 0 ? (
        <button type="button" data-dealside="actions-more" aria-expanded={all} className="mt-1 text-[12px] text-teal-800 underline" onClick={() => setAll((v) => !v)}>
          {all ? t('showLess') : t('moreActions').replace('{n}', String(more))}
        </button>
      ) : null}
      {mutation.isError ? <p className="mt-1 text-[12px] text-rose-800">{mutation.error.message}</p> : null}
    </>
  );
}

/** The cards' places for this record's actions (none without a qualification), as stableOrder.ts says. */
export function useShownActions(q: QualificationView | undefined): ShownActions {
  return useStableActions(q ? `${q.entityType}:${q.entityId}` : '', q ? q.actions.map((a) => a.key) : []);
}

/** The cards' places for this page (`page`), following the ranking `ranked` as stableOrder.ts says. */
function useStableActions(page: string, ranked: string[]): ShownActions {
  const [state, setState] = useState<{ page: string; list: ShownActions }>(() => ({ page, list: firstShown(ranked, TOP_ACTIONS) }));
  // derived during render (React's pattern for state that follows props)
  const list = state.page === page ? nextShown(state.list, ranked, TOP_ACTIONS) : firstShown(ranked, TOP_ACTIONS);
  if (state.page !== page || list !== state.list) setState({ page, list });
  return list;
}
