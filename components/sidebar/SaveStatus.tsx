// What happened to the last change, and the way back: "✓ Budget saved · Undo (U)".
import { LETTER_LABELS } from '../../utils/domain/words/labels';
import { useTranslator } from '../app/DealsideProvider';
import type { BantController } from '../qualification/useBant';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function SaveStatus({ bant }: { bant: BantController }) {
  const { t, locale } = useTranslator();
  const s = bant.status;
  if (!s) return null;
  const letter = 'label' in s && s.label ? s.label[locale] : 'letter' in s && s.letter ? capital(LETTER_LABELS[s.letter][locale]) : '';
  let text: string;
  let tone = 'text-slate-700';
  switch (s.state) {
    case 'saving':
      text = t('savingLetter').replace('{letter}', letter);
      break;
    case 'saved':
      text = `✓ ${t('savedLetter').replace('{letter}', letter)}`;
      tone = 'text-emerald-800';
      break;
    case 'error':
      text = `${t('notSaved')}: ${s.message}`;
      tone = 'text-rose-800';
      break;
    case 'undone':
      text = `↶ ${t('undoneWhat').replace('{what}', s.what in LETTER_LABELS ? capital(LETTER_LABELS[s.what as keyof typeof LETTER_LABELS][locale]) : t(s.what === 'role' ? 'undoRole' : s.what === 'element' ? 'undoElement' : 'undoAction'))}`;
      break;
    case 'changed-since':
      text = t('undoChangedSince');
      tone = 'text-amber-900';
      break;
    default:
      text = t('nothingToUndo');
  }
  return (
    <p role="status" data-dealside="save-status" data-state={s.state} className={`flex items-center gap-2 text-[11px] ${tone}`}>
      <span>{text}</span>
      {s.state === 'saved' || s.state === 'undone' ? (
        <button type="button" data-dealside="undo" onClick={bant.undo} className="rounded px-1 text-[11px] text-teal-800 underline">
          {s.state === 'undone' ? t('redo') : t('undo')} <kbd className="font-mono">U</kbd>
        </button>
      ) : null}
    </p>
  );
}
