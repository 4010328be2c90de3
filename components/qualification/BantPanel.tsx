// BANT capture for a rep on a live call, keyboard first:
//   B (or P) / A / N / T   choose the letter        1–4  unknown / partial / confirmed / negative
//   5–8                    the letter's answers     Enter  type the evidence note (saved as you type)
//   Esc                    back from the note
// Every answer is in IndexedDB before the panel says "saved".
import { useCallback, useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import type { BantEditRequest } from '../../utils/messaging/protocol';
import { BANT_LETTERS, BUDGET_ANSWERS, NEED_CATEGORIES, TIMING_HORIZONS, type BantLetter } from '../../utils/domain/bant';
import { BANT_KEYS, BUDGET_ANSWER_LABELS, HORIZON_LABELS, LETTER_LABELS, NEED_CATEGORY_LABELS, STATUS_LABELS } from '../../utils/domain/labels';
import type { BantLetterStatus } from '../../utils/domain/entities';
import { useTranslator } from '../app/DealsideProvider';
import { Card, SectionTitle } from '../ui/primitives';
import { useQualificationEdit } from './useQualificationEdit';
import { ObjectionForm } from './ObjectionForm';

const STATUSES: BantLetterStatus[] = ['unknown', 'partial', 'confirmed', 'negative'];
// Both languages' keys work whatever the UI language: B and P both pick budget.
const LETTER_KEYS: Record<string, BantLetter> = Object.fromEntries(
  BANT_LETTERS.flatMap((letter) => [BANT_KEYS[letter].en, BANT_KEYS[letter].es].map((key) => [key.toLowerCase(), letter])),
);
const STATUS_TONE: Record<BantLetterStatus, string> = {
  unknown: 'bg-slate-100 text-slate-600',
  partial: 'bg-amber-100 text-amber-900',
  confirmed: 'bg-emerald-100 text-emerald-800',
  negative: 'bg-rose-100 text-rose-800',
};
const NOTE_DEBOUNCE_MS = 600;

type Options = { key: string; label: string; edit: BantEditRequest; active: boolean }[];

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function BantPanel({ q, tabId }: { q: QualificationView; tabId: number }) {
  const { t, locale, money } = useTranslator();
  const mutation = useQualificationEdit(tabId);
  const [selected, setSelected] = useState<BantLetter>('budget');
  const [saved, setSaved] = useState<{ letter: BantLetter; state: 'saving' | 'saved' | 'error'; message?: string }>();
  const target = { entityType: q.entityType, entityId: q.entityId };

  const save = useCallback(
    (edit: BantEditRequest) => {
      setSaved({ letter: edit.letter, state: 'saving' });
      mutation.mutate(
        { type: 'qualification/answer', target, edit },
        {
          onSuccess: () => setSaved({ letter: edit.letter, state: 'saved' }),
          onError: (e) => setSaved({ letter: edit.letter, state: 'error', message: e.message }),
        },
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [mutation.mutate, q.entityId, q.entityType],
  );

  const optionsFor = (letter: BantLetter): Options => {
    const b = q.bant;
    switch (letter) {
      case 'budget':
        return BUDGET_ANSWERS.map((a, i) => ({ key: String(5 + i), label: BUDGET_ANSWER_LABELS[a][locale], edit: { letter, answer: a }, active: b.budget.answer === a }));
      case 'need':
        return NEED_CATEGORIES.map((c, i) => ({ key: String(5 + i), label: NEED_CATEGORY_LABELS[c][locale], edit: { letter, category: c }, active: b.need.category === c }));
      case 'timing':
        return TIMING_HORIZONS.map((h, i) => ({ key: String(5 + i), label: HORIZON_LABELS[h][locale], edit: { letter, horizon: h }, active: b.timing.horizon === h }));
      case 'authority':
        return [{ key: '5', label: t('buyerEngaged'), edit: { letter, engaged: !b.authority.engaged }, active: b.authority.engaged }];
    }
  };

  // Keys work anywhere in the sidebar except while typing in a field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      const letter = LETTER_KEYS[key];
      if (letter) {
        setSelected(letter);
        document.querySelector(`[data-dealside="bant-letter"][data-letter="${letter}"]`)?.scrollIntoView({ block: 'nearest' });
        e.preventDefault();
        return;
      }
      if (/^[1-4]$/.test(key)) {
        save({ letter: selected, status: STATUSES[Number(key) - 1] });
        e.preventDefault();
        return;
      }
      const option = optionsFor(selected).find((o) => o.key === key);
      if (option) {
        save(option.edit);
        e.preventDefault();
        return;
      }
      if (key === 'enter') {
        document.querySelector<HTMLTextAreaElement>('[data-dealside="bant-letter"][data-selected="true"] [data-dealside="bant-note"]')?.focus();
        e.preventDefault();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  return (
    <Card>
      <div className="mb-1 flex items-center justify-between">
        <SectionTitle>BANT</SectionTitle>
        <span className="text-[11px] text-slate-500" data-dealside="bant-hint">{t('bantKeysHint')}</span>
      </div>
      <div className="space-y-1" data-dealside="bant-panel">
        {BANT_LETTERS.map((letter) => (
          <LetterRow
            key={letter}
            letter={letter}
            q={q}
            selected={letter === selected}
            onSelect={() => setSelected(letter)}
            options={optionsFor(letter)}
            save={save}
            saved={saved?.letter === letter ? saved : undefined}
            money={money}
          />
        ))}
      </div>
      <div className="mt-1" onKeyDown={(e) => e.stopPropagation()}>
        <ObjectionForm q={q} tabId={tabId} />
      </div>
    </Card>
  );
}

function LetterRow(props: {
  letter: BantLetter;
  q: QualificationView;
  selected: boolean;
  onSelect: () => void;
  options: Options;
  save: (edit: BantEditRequest) => void;
  saved?: { state: 'saving' | 'saved' | 'error'; message?: string };
  money: (amount: number, currency: string) => string;
}) {
  const { letter, q, selected, options, save, saved, money } = props;
  const { t, locale } = useTranslator();
  const answer = q.bant[letter];
  // While the rep types, the draft is theirs; otherwise the stored note is shown.
  const [draft, setDraft] = useState<string | null>(null);
  const note = draft ?? answer.note;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const flush = (value: string) => {
    clearTimeout(timer.current);
    if (value !== answer.note) save({ letter, note: value });
  };
  const onNoteKey = (e: ReactKeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      flush(note);
      (e.target as HTMLTextAreaElement).blur();
    }
  };

  const summary = summaryOf(letter, q, locale, money, t);
  return (
    <div
      data-dealside="bant-letter"
      data-letter={letter}
      data-status={answer.status}
      data-selected={selected ? 'true' : 'false'}
      className={`rounded-md border px-2 py-1.5 ${selected ? 'border-teal-500 bg-teal-50/40' : 'border-slate-200'}`}
      onClick={props.onSelect}
    >
      <div className="flex items-center gap-2">
        <kbd className="w-5 rounded border border-slate-300 bg-white text-center font-mono text-[11px] font-bold">{BANT_KEYS[letter][locale]}</kbd>
        <span className="font-medium capitalize">{LETTER_LABELS[letter][locale]}</span>
        <span data-dealside="bant-status" className={`rounded-full px-2 py-0.5 text-[11px] font-medium ${STATUS_TONE[answer.status]}`}>
          {STATUS_LABELS[answer.status][locale]}
        </span>
        <span className="ml-auto text-[11px]" data-dealside="bant-saved">
          {saved?.state === 'saving' ? <span className="text-slate-500">{t('saving')}</span> : null}
          {saved?.state === 'saved' ? <span className="text-emerald-700">✓ {t('saved')}</span> : null}
          {saved?.state === 'error' ? <span className="text-rose-700" title={saved.message}>{t('notSaved')}</span> : null}
        </span>
      </div>
      {summary ? <div className="mt-0.5 text-[12px] text-slate-700" data-dealside="bant-summary">{summary}</div> : null}
      {!selected && answer.note ? <div className="mt-0.5 truncate text-[12px] text-slate-500 italic">“{answer.note}”</div> : null}
      {selected ? (
        <div className="mt-1.5 space-y-1.5">
          <div className="flex flex-wrap gap-1">
            {STATUSES.map((s, i) => (
              <button
                key={s}
                data-dealside="bant-set-status"
                data-value={s}
                className={`rounded border px-1.5 py-0.5 text-[11px] ${answer.status === s ? 'border-teal-600 bg-teal-600 text-white' : 'border-slate-300 bg-white'}`}
                onClick={(e) => {
                  e.stopPropagation();
                  save({ letter, status: s });
                }}
              >
                <span className="font-mono opacity-70">{i + 1}</span> {STATUS_LABELS[s][locale]}
              </button>
            ))}
          </div>
          <div className="flex flex-wrap gap-1">
            {options.map((o) => (
              <button
                key={o.key}
                data-dealside="bant-option"
                className={`rounded border px-1.5 py-0.5 text-[11px] ${o.active ? 'border-slate-700 bg-slate-700 text-white' : 'border-slate-300 bg-white'}`}
                onClick={(e) => {
                  e.stopPropagation();
                  save(o.edit);
                }}
              >
                <span className="font-mono opacity-70">{o.key}</span> {o.label}
              </button>
            ))}
          </div>
          <LetterDetails letter={letter} q={q} save={save} />
          <textarea
            data-dealside="bant-note"
            rows={2}
            value={note}
            placeholder={t('notePlaceholder')}
            className="w-full rounded border border-slate-300 px-2 py-1 text-[12px]"
            onFocus={() => setDraft(answer.note)}
            onBlur={() => {
              flush(note);
              setDraft(null);
            }}
            onKeyDown={onNoteKey}
            onChange={(e) => {
              const value = e.target.value;
              setDraft(value);
              clearTimeout(timer.current);
              timer.current = setTimeout(() => save({ letter, note: value }), NOTE_DEBOUNCE_MS);
            }}
          />
          <div className="text-[11px] text-slate-500">
            {answer.setAt ? `${t('lastSetBy')} ${(answer.setBy && q.userNames[answer.setBy]) ?? answer.setBy ?? '—'} · ${answer.source}` : t('neverAnswered')}
          </div>
        </div>
      ) : null}
    </div>
  );
}

/** The letter's own details: amount for budget, statement for need, date for timing, buyer for authority. */
function LetterDetails({ letter, q, save }: { letter: BantLetter; q: QualificationView; save: (e: BantEditRequest) => void }) {
  const { t } = useTranslator();
  const b = q.bant;
  const stop = (e: { stopPropagation(): void }) => e.stopPropagation();
  if (letter === 'budget')
    return (
      <div className="flex gap-1" onClick={stop}>
        <input
          data-dealside="bant-amount"
          type="number"
          min={0}
          defaultValue={b.budget.amount ?? ''}
          placeholder={t('amount')}
          className="w-28 rounded border border-slate-300 px-2 py-0.5 text-[12px]"
          onBlur={(e) => {
            const n = Number(e.target.value);
            if (e.target.value !== '' && Number.isFinite(n) && n !== b.budget.amount) save({ letter, amount: n, currency: b.budget.currency ?? 'EUR' });
          }}
        />
        <select
          data-dealside="bant-currency"
          defaultValue={b.budget.currency ?? 'EUR'}
          className="rounded border border-slate-300 px-1 text-[12px]"
          onChange={(e) => save({ letter, currency: e.target.value })}
        >
          {['EUR', 'USD', 'MXN', 'COP', 'CLP', 'PEN', 'ARS', 'GBP'].map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
    );
  if (letter === 'need')
    return (
      <input
        data-dealside="bant-statement"
        defaultValue={b.need.statement ?? ''}
        placeholder={t('needStatement')}
        className="w-full rounded border border-slate-300 px-2 py-0.5 text-[12px]"
        onClick={stop}
        onBlur={(e) => e.target.value !== (b.need.statement ?? '') && save({ letter, statement: e.target.value })}
      />
    );
  if (letter === 'timing')
    return (
      <input
        data-dealside="bant-target-date"
        type="date"
        defaultValue={b.timing.targetDate?.slice(0, 10) ?? ''}
        className="rounded border border-slate-300 px-2 py-0.5 text-[12px]"
        onClick={stop}
        onChange={(e) => e.target.value && save({ letter, targetDate: e.target.value })}
      />
    );
  return (
    <select
      data-dealside="bant-economic-buyer"
      value={b.authority.economicBuyerId ?? ''}
      className="w-full rounded border border-slate-300 px-1 py-0.5 text-[12px]"
      onClick={stop}
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

function summaryOf(
  letter: BantLetter,
  q: QualificationView,
  locale: 'en' | 'es',
  money: (amount: number, currency: string) => string,
  t: (k: 'economicBuyer' | 'engaged' | 'notEngaged') => string,
): string | undefined {
  const b = q.bant;
  switch (letter) {
    case 'budget': {
      const parts = [b.budget.answer ? BUDGET_ANSWER_LABELS[b.budget.answer][locale] : undefined, b.budget.amount !== undefined ? money(b.budget.amount, b.budget.currency ?? 'EUR') : undefined];
      return parts.filter(Boolean).join(' · ') || undefined;
    }
    case 'authority':
      return q.authority.economicBuyerName ? `${t('economicBuyer')}: ${q.authority.economicBuyerName} · ${q.authority.engaged ? t('engaged') : t('notEngaged')}` : undefined;
    case 'need':
      return [b.need.category ? NEED_CATEGORY_LABELS[b.need.category][locale] : undefined, b.need.statement].filter(Boolean).join(' · ') || undefined;
    case 'timing':
      return [b.timing.horizon ? HORIZON_LABELS[b.timing.horizon][locale] : undefined, b.timing.targetDate?.slice(0, 10)].filter(Boolean).join(' · ') || undefined;
  }
}
