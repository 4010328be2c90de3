// The four BANT letters at a glance, in the header: each says its status in colour, symbol and
// words (for a screen reader too), and opens its editor on click or on its key.
import { BANT_LETTERS, type BantLetter } from '../../utils/domain/qualification/bant';
import { LETTER_LABELS, STATUS_LABELS } from '../../utils/domain/words/labels';
import type { BantLetterStatus } from '../../utils/domain/entities';
import { useTranslator } from '../app/DealsideProvider';
import { letterKey } from '../sidebar/keys';
import type { BantController } from './useBant';

export const STATUS_STYLE: Record<BantLetterStatus, { tile: string; mark: string }> = {
  unknown: { tile: 'border-slate-300 bg-white text-slate-700', mark: '?' },
  partial: { tile: 'border-amber-400 bg-amber-50 text-amber-950', mark: '◐' },
  confirmed: { tile: 'border-emerald-500 bg-emerald-50 text-emerald-900', mark: '✓' },
  negative: { tile: 'border-rose-400 bg-rose-50 text-rose-900', mark: '✕' },
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function BantStrip({ bant, inHeader = true }: { bant: BantController; inHeader?: boolean }) {
  const { t, locale } = useTranslator();
  return (
    // Two by two in a narrow sidebar, so "Presupuesto · confirmado" is read whole; in a row when
    // the sidebar is wide enough for all four words (a container query on the strip's own width).
    <div className="@container">
      <div role="group" aria-label={t('bantStripLabel')} className="grid grid-cols-2 gap-1 @min-[26rem]:grid-cols-4" data-dealside="bant-strip">
        {BANT_LETTERS.map((letter: BantLetter) => {
          const status = bant.q.bant[letter].status;
          const style = STATUS_STYLE[status];
          const open = bant.editing === letter;
          const key = letterKey(letter, locale);
          // The visible words are the accessible name ("Budget partial"); the key is a shortcut.
          const name = `${capital(LETTER_LABELS[letter][locale])}: ${STATUS_LABELS[status][locale]}`;
          return (
            <button
              key={letter}
              type="button"
              data-dealside={inHeader ? 'bant-letter' : 'bant-tile'}
              data-letter={letter}
              data-status={status}
              aria-expanded={open}
              title={`${name} · ${t('pressKeyToEdit').replace('{key}', key)}`}
              aria-keyshortcuts={key}
              onClick={() => bant.toggle(letter)}
              className={`flex min-w-0 flex-col items-stretch rounded-md border px-1 py-1 text-left ${style.tile} ${open ? 'ring-2 ring-teal-600 ring-offset-1' : ''}`}
            >
              <span className="truncate text-[11px] leading-4 font-semibold">{capital(LETTER_LABELS[letter][locale])}</span>
              <span className="flex items-center gap-1">
                <kbd aria-hidden="true" className="rounded border border-current/30 bg-white/70 px-0.5 font-mono text-[10px] leading-3 font-bold">{key}</kbd>
                <span className="min-w-0 flex-1 truncate text-[10px] leading-3">{STATUS_LABELS[status][locale]}</span>
                <span aria-hidden="true" className="text-[12px] leading-3 font-bold">
                  {style.mark}
                </span>
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}
