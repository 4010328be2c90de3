// Logging a price objection and who raised it: whether that person holds authority decides the
// next action (a real objection vs. "reach the person who owns the budget").
import { useState } from 'react';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { useTranslator } from '../app/DealsideProvider';
import { useQualificationEdit } from './useQualificationEdit';

export function ObjectionForm({ q, tabId }: { q: QualificationView; tabId: number }) {
  const { t } = useTranslator();
  const mutation = useQualificationEdit(tabId);
  const [personId, setPersonId] = useState('');
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button data-dealside="objection-open" className="text-[11px] text-teal-700 underline" onClick={() => setOpen(true)}>
        {t('logPriceObjection')}
      </button>
    );
  return (
    <form
      data-dealside="objection-form"
      className="space-y-1 rounded border border-slate-200 p-1.5"
      onSubmit={(e) => {
        e.preventDefault();
        if (!personId) return;
        mutation.mutate(
          { type: 'qualification/objection', target: { entityType: q.entityType, entityId: q.entityId }, byPersonId: personId, note },
          { onSuccess: () => (setOpen(false), setNote('')) },
        );
      }}
    >
      <select data-dealside="objection-person" aria-label={t('whoRaisedIt')} required value={personId} onChange={(e) => setPersonId(e.target.value)} className="w-full rounded border border-slate-300 px-1 py-0.5 text-[12px]">
        <option value="">{t('whoRaisedIt')}</option>
        {q.committee.members.map((m) => (
          <option key={m.personId} value={m.personId}>
            {m.name}
            {m.title ? ` — ${m.title}` : ''}
          </option>
        ))}
      </select>
      <input
        data-dealside="objection-note"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('objectionPlaceholder')}
        className="w-full rounded border border-slate-300 px-2 py-0.5 text-[12px]"
      />
      <div className="flex gap-1">
        <button type="submit" data-dealside="objection-save" className="rounded bg-slate-800 px-2 py-0.5 text-[11px] text-white">
          {t('log')}
        </button>
        <button type="button" className="rounded border border-slate-300 px-2 py-0.5 text-[11px]" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
      {mutation.isError ? <p className="text-[12px] text-rose-700">{mutation.error.message}</p> : null}
    </form>
  );
}
