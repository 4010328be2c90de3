// One BANT letter's editor, opened from the strip (click or key) right under it, so the rep never
// scrolls during a call:   1–4 status · 5–8 the letter's answer · Enter type the evidence (saved as
// you type) · Esc close. Every answer is in IndexedDB before it says "saved".
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import type { BantEditRequest } from '../../utils/messaging/protocol';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import type { BantLetter } from '../../utils/domain/qualification/bant';
import { LETTER_LABELS, STATUS_LABELS } from '../../utils/domain/words/labels';
import { useTranslator } from '../app/DealsideProvider';
import { STATUS_STYLE } from './BantStrip';
import { frameworkLabel, optionsFor, STATUSES, type BantController } from './useBant';
import type { BantLetterStatus } from '../../utils/domain/entities';

const NOTE_DEBOUNCE_MS = 600;
const CURRENCIES = ['EUR', 'USD', 'MXN', 'COP', 'CLP', 'PEN', 'ARS', 'GBP'];
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function BantEditor({ bant }: { bant: BantController }) {
  const letter = bant.editing;
  if (!letter) return null;
  // keyed by letter: a new letter starts with its own draft
  return <LetterEditor key={letter} letter={letter} bant={bant} />;
}

function LetterEditor({ letter, bant }: { letter: BantLetter; bant: BantController }) {
  const { t, locale } = useTranslator();
  const { q, save } = bant;
  const answer = q.bant[letter];
  const options = optionsFor(q, letter, locale, t('buyerEngaged'));
  // another framework's word for the letter (MEDDICC's "Identify pain" for need)
  const label = frameworkLabel(q, letter)?.[locale] ?? capital(LETTER_LABELS[letter][locale]);
  return (
    <EditorFrame letter={letter} label={label} setAt={answer.setAt} setBy={answer.setBy} bant={bant}>
      <StatusButtons status={answer.status} onSet={(status) => save({ letter, status })} />
      <OptionButtons options={options.map((o) => ({ key: o.key, label: o.label, active: o.active, choose: () => save(o.edit) }))} />
      <div className="mt-1">
        <LetterDetails letter={letter} q={q} save={save} />
      </div>
      <NoteField stored={answer.note} onSave={(note) => save({ letter, note })} />
    </EditorFrame>
  );
}

/** The editor's box: what is edited, who set it when, and how to close it. */
export function EditorFrame({ letter, label, setAt, setBy, bant, hint, children }: { letter: string; label: string; setAt?: string; setBy?: string; bant: BantController; hint?: string; children: ReactNode }) {
  const { t, date } = useTranslator();
  const who = setBy ? (bant.q.userNames[setBy] ?? setBy) : undefined;
  return (
    <div data-dealside="bant-editor" data-letter={letter} className="mt-1.5 rounded-md border border-teal-600 bg-white p-2">
      <div className="mb-1 flex items-baseline gap-2">
        <span className="font-semibold">{label}</span>
        <span className="text-[11px] text-slate-600">{setAt ? `${t('lastSetBy')} ${who ?? '—'} · ${date(setAt)}` : t('neverAnswered')}</span>
        <button type="button" data-dealside="bant-editor-close" onClick={bant.close} className="ml-auto rounded px-1 text-[11px] text-slate-700 underline">
          {t('close')} <kbd className="font-mono">Esc</kbd>
        </button>
      </div>
      {hint ? <p className="mb-1 text-[11px] text-slate-700">{hint}</p> : null}
      {children}
    </div>
  );
}

/** 1–4: the status, on BANT's scale. */
export function StatusButtons({ status, onSet }: { status: BantLetterStatus; onSet: (s: BantLetterStatus) => void }) {
  const { t, locale } = useTranslator();
  return (
    <div role="group" aria-label={t('bantStatus')} className="flex flex-wrap gap-1">
      {STATUSES.map((s, i) => (
        <button
          key={s}
          type="button"
          data-dealside="bant-set-status"
          data-value={s}
          aria-pressed={status === s}
          className={`rounded border px-1.5 py-0.5 text-[11px] ${status === s ? 'border-teal-700 bg-teal-700 text-white' : `${STATUS_STYLE[s].tile}`}`}
          onClick={() => onSet(s)}
        >
          <span className="font-mono">{i + 1}</span> {STATUS_LABELS[s][locale]}
        </button>
      ))}
    </div>
  );
}

export type OptionButton = { key: string; label: string; active: boolean; choose: () => void };

/** 5–8: the answers; `name` is what the keys click (the editor's, or the next question's). */
export function OptionButtons({ options, name = 'bant-option' }: { options: readonly OptionButton[]; name?: string }) {
  const { t } = useTranslator();
  return (
    <div role="group" aria-label={t('bantAnswer')} className="mt-1 flex flex-wrap gap-1">
      {options.map((o) => (
        <button
          key={o.key}
          type="button"
          data-dealside={name}
          aria-pressed={o.active}
          className={`rounded border px-1.5 py-0.5 text-left text-[11px] ${o.active ? 'border-slate-800 bg-slate-800 text-white' : 'border-slate-300 bg-white text-slate-800'}`}
          onClick={o.choose}
        >
          <span className="font-mono">{o.key}</span> {o.label}
        </button>
      ))}
    </div>
  );
}

/** The evidence, in the rep's words: saved as they type, and on leaving the field. */
export function NoteField({ stored, onSave }: { stored: string; onSave: (note: string) => void }) {
  const { t } = useTranslator();
  // While the rep types, the draft is theirs; otherwise the stored note is shown.
  const [draft, setDraft] = useState<string | null>(null);
  const note = draft ?? stored;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const flush = (value: string) => {
    clearTimeout(timer.current);
    if (value !== stored) onSave(value);
  };
  const onNoteKey = (e: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      flush(note);
      (e.target as HTMLTextAreaElement).blur();
      e.stopPropagation();
    }
  };
  return (
    <textarea
      data-dealside="bant-note"
      aria-label={t('notePlaceholder')}
      rows={2}
      value={note}
      placeholder={t('notePlaceholder')}
      className="mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1 text-[12px]"
      onFocus={() => setDraft(stored)}
      onBlur={() => {
        flush(note);
        setDraft(null);
      }}
      onKeyDown={onNoteKey}
      onChange={(e) => {
        const value = e.target.value;
        setDraft(value);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => onSave(value), NOTE_DEBOUNCE_MS);
      }}
    />
  );
}

/** The letter's own details: amount for budget, statement for need, date for timing, buyer for authority. */
function LetterDetails({ letter, q, save }: { letter: BantLetter; q: QualificationView; save: (e: BantEditRequest) => void }) {
  const { t } = useTranslator();
  const b = q.bant;
  if (letter === 'budget')
    return (
      <div className="flex gap-1">
        <input
          data-dealside="bant-amount"
          aria-label={t('amount')}
          type="number"
          min={0}
          defaultValue={b.budget.amount ?? ''}
          placeholder={t('amount')}
          className="w-28 rounded border border-slate-300 bg-white px-2 py-0.5 text-[12px]"
          onBlur={(e) => {
            const n = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(n) && n !== b.budget.amount) save({ letter, amount: n, currency: b.budget.currency ?? 'EUR' });
          }}
        />
        <select
          data-dealside="bant-currency"
          aria-label={t('currency')}
          defaultValue={b.budget.currency ?? 'EUR'}
          className="rounded border border-slate-300 bg-white px-1 text-[12px]"
          onChange={(e) => save({ letter, currency: e.target.value })}
        >
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
    );
  if (letter === 'need')
    return (
      <input
        data-dealside="bant-statement"
        aria-label={t('needStatement')}
        defaultValue={b.need.statement ?? ''}
        placeholder={t('needStatement')}
        className="w-full rounded border border-slate-300 bg-white px-2 py-0.5 text-[12px]"
        onBlur={(e) => e.target.value !== (b.need.statement ?? '') && save({ letter, statement: e.target.value })}
      />
    );
  if (letter === 'timing')
    return (
      <label className="flex items-center gap-1 text-[12px] text-slate-700">
        {t('targetDate')}
        <input
          data-dealside="bant-target-date"
          type="date"
          defaultValue={b.timing.targetDate?.slice(0, 10) ?? ''}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-[12px]"
          onChange={(e) => e.target.value && save({ letter, targetDate: e.target.value })}
        />
      </label>
    );
  return (
    <select
      data-dealside="bant-economic-buyer"
      aria-label={t('chooseEconomicBuyer')}
      value={b.authority.economicBuyerId ?? ''}
      className="w-full rounded border border-slate-300 bg-white px-1 py-0.5 text-[12px]"
      onChange={(e) => e.target.value && save({ letter, economicBuyerId: e.target.value })}
    >
      <option value="">{t('chooseEconomicBuyer')}</option>
      {q.committee.members.map((m) => (
        <option key={m.personId} value={m.personId}>
          {m.name}
          {m.title ? ` — ${m.title}` : ''}
        </option>
      ))}
    </select>
  );
}
