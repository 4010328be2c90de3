// "Log a touch" (issue #12): a call, e-mail, meeting or note against the person, deal or account on
// the page, with a note prefilled from the BANT answers captured today — what the rep just learned
// on the call goes to the CRM without retyping it. A logged touch stops a new SQL's response clock.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { BANT_LETTERS } from '../../utils/domain/qualification/bant';
import { BUDGET_ANSWER_LABELS, HORIZON_LABELS, LETTER_LABELS, NEED_CATEGORY_LABELS, STATUS_LABELS } from '../../utils/domain/words/labels';
import type { Locale } from '../../utils/i18n';
import { useTranslator } from '../app/DealsideProvider';

const TYPES = ['call', 'email-sent', 'email-replied', 'meeting', 'note'] as const;
type TouchType = (typeof TYPES)[number];

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Budget: confirmed — approved · 50.000 €. Need: …" for the letters answered since `since`. */
export function bantSummary(q: QualificationView | undefined, locale: Locale, since: Date, money: (n: number, c: string) => string): string {
  if (!q) return '';
  const lines: string[] = [];
  for (const letter of BANT_LETTERS) {
    const a = q.bant[letter];
    if (!a.setAt || Date.parse(a.setAt) < since.getTime()) continue;
    const details: string[] = [];
    if (letter === 'budget' && q.bant.budget.answer) details.push(BUDGET_ANSWER_LABELS[q.bant.budget.answer][locale]);
    if (letter === 'budget' && q.bant.budget.amount !== undefined) details.push(money(q.bant.budget.amount, q.bant.budget.currency ?? 'EUR'));
    if (letter === 'need' && q.bant.need.category) details.push(NEED_CATEGORY_LABELS[q.bant.need.category][locale]);
    if (letter === 'need' && q.bant.need.statement) details.push(q.bant.need.statement);
    if (letter === 'timing' && q.bant.timing.horizon) details.push(HORIZON_LABELS[q.bant.timing.horizon][locale]);
    if (letter === 'authority' && q.authority.economicBuyerName) details.push(q.authority.economicBuyerName);
    if (a.note) details.push(`“${a.note}”`);
    lines.push(`${capital(LETTER_LABELS[letter][locale])}: ${STATUS_LABELS[a.status][locale]}${details.length ? ` — ${details.join(' · ')}` : ''}`);
  }
  return lines.length ? `BANT\n${lines.join('\n')}` : '';
}

export function LogTouch({ target, q }: { target: { personId?: string; dealId?: string; accountId?: string }; q?: QualificationView }) {
  const { t, locale, money } = useTranslator();
  const client = useQueryClient();
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [type, setType] = useState<TouchType>('call');
  const [note, setNote] = useState('');
  const log = useMutation({
    mutationFn: () => sendRequest({ type: 'activity/log', activity: type, note, ...target }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['tab-view'] });
      setOpen(false);
    },
  });
  if (!open)
    return (
      <>
        <button
          type="button"
          data-dealside="log-touch"
          onClick={() => {
            const today = new Date();
            today.setHours(0, 0, 0, 0);
            setNote(bantSummary(q, locale, today, money));
            setOpen(true);
          }}
          className="rounded-md border border-slate-400 bg-white px-2 py-0.5 text-[12px] text-slate-800"
        >
          {t('logTouch')}
        </button>
        {log.isSuccess ? (
          <span role="status" className="ml-2 text-[11px] text-emerald-800">
            ✓ {t('touchLogged')}
          </span>
        ) : null}
      </>
    );
  return (
    <form
      data-dealside="log-touch-form"
      className="w-full space-y-1 rounded-md border border-slate-400 bg-white p-2"
      onSubmit={(e) => {
        e.preventDefault();
        log.mutate();
      }}
    >
      <fieldset className="flex flex-wrap gap-2 text-[12px]">
        <legend className="mb-0.5 font-semibold">{t('logTouch')}</legend>
        {TYPES.map((k) => (
          <label key={k} className="flex items-center gap-1">
            <input type="radio" name={`${ids}-type`} data-dealside={`touch-${k}`} checked={type === k} onChange={() => setType(k)} />
            {t(`activity.${k}`)}
          </label>
        ))}
      </fieldset>
      <textarea
        data-dealside="touch-text"
        aria-label={t('touchNote')}
        rows={4}
        value={note}
        placeholder={t('touchNote')}
        onChange={(e) => setNote(e.target.value)}
        className="w-full rounded border border-slate-300 bg-white px-2 py-1 text-[12px]"
      />
      <div className="flex gap-1">
        <button type="submit" data-dealside="touch-save" disabled={log.isPending} className="rounded bg-teal-800 px-2 py-0.5 text-[12px] font-semibold text-white">
          {t('touchSave')}
        </button>
        <button type="button" onClick={() => setOpen(false)} className="rounded border border-slate-300 px-2 py-0.5 text-[12px]">
          {t('cancel')}
        </button>
      </div>
      {log.isError ? <p role="alert" className="text-[12px] text-rose-800">{log.error.message}</p> : null}
    </form>
  );
}
