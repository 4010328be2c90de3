// A key account on the account manager's page: why it is one (its share of the team's revenue, or
// the CRM's flag), what it is worth (ACV, CLV, each with how it was worked out), the customer's
// message waiting against the key-account response SLA, and the account plan's checklist — each
// item done, due again or missing, written down or marked held from here.
import { useState } from 'react';
import { useFocusOnMount } from '../app/useFocusOnMount';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KeyAccountView } from '../../utils/messaging/views';
import { sendRequest } from '../../utils/messaging/client';
import { PLAN_MEETINGS, type PlanItemKey } from '../../utils/domain/account/keyAccount';
import { useTranslator } from '../app/DealsideProvider';
import { SectionTitle } from '../ui/primitives';

type Item = NonNullable<KeyAccountView['plan']>['items'][number];

const STATE_ICON = { done: '✓', due: '!', missing: '○' } as const;
const STATE_TONE = { done: 'text-emerald-800', due: 'text-amber-900', missing: 'text-rose-800' } as const;

export function KeyAccountPanel({ view, accountId, tabId }: { view: KeyAccountView; accountId: string; tabId: number }) {
  const { t, locale } = useTranslator();
  return (
    <section data-dealside="key-account" data-key={String(view.key)} data-basis={view.basis} className="space-y-2 text-[12px]">
      <Explained text={view.text.status[locale]} data-dealside="key-account-why" />
      <Explained text={view.text.acv[locale]} data-dealside="key-acv" data-value={String(view.acv)} />
      <Explained text={view.text.clv[locale]} data-dealside="key-clv" data-value={String(Math.round(view.clv.value))} />
      {view.response ? (
        <p
          data-dealside="key-response"
          data-overdue={String(view.response.overdue)}
          className={`rounded px-2 py-1 font-medium ${view.response.overdue ? 'bg-rose-50 text-rose-900' : 'bg-amber-50 text-amber-950'}`}
        >
          <span className="sr-only">{t('keyResponseLabel')}: </span>
          {view.response.text[locale]}
        </p>
      ) : null}
      {view.plan ? <PlanChecklist plan={view.plan} accountId={accountId} tabId={tabId} /> : null}
    </section>
  );
}

/** "ACV €92,400: what its contracts … bring a year": the figure first, in bold, then how it was worked out. */
function Explained({ text, ...rest }: { text: string } & Record<`data-${string}`, string>) {
  const cut = text.indexOf(': ');
  return (
    <p {...rest} className="m-0 text-slate-800">
      {cut < 0 ? (
        text
      ) : (
        <>
          <span className="font-semibold text-slate-900">{text.slice(0, cut)}</span>
          {text.slice(cut)}
        </>
      )}
    </p>
  );
}

function PlanChecklist({ plan, accountId, tabId }: { plan: NonNullable<KeyAccountView['plan']>; accountId: string; tabId: number }) {
  const { t } = useTranslator();
  return (
    <div data-dealside="key-plan" data-done={plan.done} data-total={plan.total}>
      <div className="flex flex-wrap items-baseline gap-x-2">
        <div className="shrink-0 whitespace-nowrap">
          <SectionTitle>{t('keyPlanTitle')}</SectionTitle>
        </div>
        <span className="ml-auto text-right text-[11px] text-slate-700" data-dealside="key-plan-progress">
          {t('keyPlanProgress').replace('{done}', String(plan.done)).replace('{total}', String(plan.total))}
        </span>
      </div>
      <ul className="space-y-1">
        {plan.items.map((item) => (
          <PlanRow key={item.key} item={item} accountId={accountId} tabId={tabId} />
        ))}
      </ul>
    </div>
  );
}

function PlanRow({ item, accountId, tabId }: { item: Item; accountId: string; tabId: number }) {
  const { t, locale } = useTranslator();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const meeting = PLAN_MEETINGS.includes(item.key as PlanItemKey);
  const today = new Date().toISOString().slice(0, 10);
  const [note, setNote] = useState(item.note ?? '');
  const [date, setDate] = useState(today);
  const focusDate = useFocusOnMount<HTMLInputElement>();
  const focusNote = useFocusOnMount<HTMLTextAreaElement>();
  const save = useMutation({
    mutationFn: (edit: { done: boolean; note?: string; at?: string }) =>
      sendRequest({ type: 'account/plan-edit', accountId, edit: { item: item.key, ...edit } }),
    onSuccess: async () => {
      setEditing(false);
      await client.invalidateQueries({ queryKey: ['tab-view', tabId] });
    },
  });
  const formId = `plan-${item.key}`;
  return (
    <li data-dealside="plan-item" data-item={item.key} data-state={item.state} className="rounded border border-slate-200 bg-white px-2 py-1">
      <div className="flex items-start gap-1.5">
        <span aria-hidden="true" className={`w-3 shrink-0 text-center font-bold ${STATE_TONE[item.state]}`}>
          {STATE_ICON[item.state]}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline gap-x-1.5">
            <span className="font-medium text-slate-900">{item.label[locale]}</span>
            <span className={`text-[11px] ${STATE_TONE[item.state]}`} data-dealside="plan-state">
              {t(`planState.${item.state}`)}
            </span>
          </div>
          {item.note ? (
            <p className="m-0 break-words text-slate-800" data-dealside="plan-note-text">
              {item.note}
            </p>
          ) : null}
          {item.evidence ? <p className="m-0 text-[11px] text-slate-700">{item.evidence[locale]}</p> : null}
          {item.action ? <p className="m-0 text-[11px] font-medium text-slate-800">→ {item.action[locale]}</p> : null}
        </div>
      </div>
      {item.source === 'crm' ? (
        item.state === 'done' ? null : <p className="m-0 mt-0.5 pl-4.5 text-[11px] text-slate-700">{t('planFromCrm')}</p>
      ) : editing ? (
        <form
          id={formId}
          data-dealside="plan-form"
          className="mt-1 space-y-1 pl-4.5"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(meeting ? { done: true, at: date, ...(note.trim() ? { note: note.trim() } : {}) } : { done: true, note: note.trim() });
          }}
        >
          {meeting ? (
            <label className="flex items-center gap-2">
              <span className="text-slate-700">{t('planDateLabel')}</span>
              <input
                type="date"
                data-dealside="plan-date"
                required
                max={today}
                // opened by the user's own click: the date is what they change
                ref={focusDate}
                value={date}
                onChange={(e) => setDate(e.target.value)}
                className="rounded border border-slate-300 px-1 py-0.5"
              />
            </label>
          ) : (
            <label className="block">
              <span className="sr-only">{t('planNoteLabel')}</span>
              <textarea
                data-dealside="plan-note"
                required
                maxLength={1000}
                rows={2}
                placeholder={t('planNoteLabel')}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                // opened by the user's own click: type at once
                ref={focusNote}
                className="w-full rounded border border-slate-300 px-1.5 py-1"
              />
            </label>
          )}
          <div className="flex gap-1">
            <button type="submit" data-dealside="plan-save" disabled={save.isPending} className="rounded bg-teal-700 px-2 py-0.5 text-[11px] text-white">
              {t('planSave')}
            </button>
            <button type="button" onClick={() => setEditing(false)} className="rounded border border-slate-300 px-2 py-0.5 text-[11px]">
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="mt-0.5 flex gap-1 pl-4.5">
          <button
            type="button"
            data-dealside="plan-open"
            onClick={() => {
              setNote(item.note ?? '');
              setEditing(true);
            }}
            className={`rounded px-2 py-0.5 text-[11px] ${item.state === 'done' ? 'border border-slate-300 text-slate-800' : 'bg-teal-700 text-white'}`}
          >
            {item.state === 'done' && !meeting ? t('planEdit') : meeting ? t('planMarkHeld') : t('planMarkDone')}
            <span className="sr-only"> · {item.label[locale]}</span>
          </button>
          {item.state !== 'missing' ? (
            <button
              type="button"
              data-dealside="plan-clear"
              onClick={() => save.mutate({ done: false })}
              className="rounded border border-slate-300 px-2 py-0.5 text-[11px] text-slate-800"
            >
              {t('planClear')}
              <span className="sr-only"> · {item.label[locale]}</span>
            </button>
          ) : null}
        </div>
      )}
      {save.isError ? (
        <p role="alert" className="m-0 mt-0.5 text-[11px] text-rose-800">
          {save.error.message}
        </p>
      ) : null}
    </li>
  );
}
