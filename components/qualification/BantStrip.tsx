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
        {BANT_LETTERS.map((letter: BantLetter) => (
          <StatusTile
            key={letter}
            name={inHeader ? 'bant-letter' : 'bant-tile'}
            data={{ 'data-letter': letter }}
            label={capital(LETTER_LABELS[letter][locale])}
            keyLabel={letterKey(letter, locale)}
            status={bant.q.bant[letter].status}
            open={bant.editing === letter}
            onClick={() => bant.toggle(letter)}
          />
        ))}
      </div>
    </div>
  );
}

/**
 * One tile of a strip (BANT's letters, another framework's elements): its word, key and status in
 * colour, symbol and words. The visible words are the accessible name ("Budget: partial"); the key
 * is a shortcut.
 */
export function StatusTile({ name, data, label, keyLabel, status, open, onClick }: { name: string; data: Record<`data-${string}`, string>; label: string; keyLabel: string; status: BantLetterStatus; open: boolean; onClick: () => void }) {
  const { t, locale } = useTranslator();
  const style = STATUS_STYLE[status];
  const words = `${label}: ${STATUS_LABELS[status][locale]}`;
  return (
    <button
      type="button"
      data-dealside={name}
      {...data}
      data-status={status}
      aria-expanded={open}
      title={`${words} · ${t('pressKeyToEdit').replace('{key}', keyLabel)}`}
      aria-keyshortcuts={keyLabel}
      onClick={onClick}
      className={`flex min-w-0 flex-col items-stretch rounded-md border px-1 py-1 text-left ${style.tile} ${open ? 'ring-2 ring-teal-600 ring-offset-1' : ''}`}
    >
      <span className="truncate text-[11px] leading-4 font-semibold">{label}</span>
      <span className="flex items-center gap-1">
        <kbd aria-hidden="true" className="rounded border border-current/30 bg-white/70 px-0.5 font-mono text-[10px] leading-3 font-bold">{keyLabel}</kbd>
        <span className="min-w-0 flex-1 truncate text-[10px] leading-3">{STATUS_LABELS[status][locale]}</span>
        <span aria-hidden="true" className="text-[12px] leading-3 font-bold">
          {style.mark}
        </span>
      </span>
    </button>
  );
}
