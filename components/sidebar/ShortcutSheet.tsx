// "?" — every key the sidebar answers to, in the user's language, with the letters they press.
import { useTranslator } from '../app/DealsideProvider';
import { letterKey } from './keys';
import type { QualificationView } from '../../utils/messaging/qualificationView';

/** `framework`: under another framework than BANT its element keys replace B/P A N T. */
export function ShortcutSheet({ onClose, framework }: { onClose: () => void; framework?: QualificationView['framework'] }) {
  const { t, locale } = useTranslator();
  const bant = ['budget', 'authority', 'need', 'timing'] as const;
  const other = framework && framework.id !== 'bant' ? framework : undefined;
  const rows: Array<[string, string]> = [
    ...(other
      ? other.elements.map((e): [string, string] => [e.key[locale], `${e.label[locale]} (${other.name})`])
      : [[bant.map((l) => letterKey(l, locale)).join(' '), t('keyLetters')] as [string, string]]),
    ['1 – 4', t('keyStatus')],
    ['5 – 8', t('keyAnswer')],
    ...(other ? [['5 – 8', t('keyNextAnswer')] as [string, string]] : []),
    ['Enter', t('keyNote')],
    ['U', t('keyUndo')],
    ['J / K', t('keySections')],
    ['R', t('keyReview')],
    ['?', t('keySheet')],
    ['Esc', t('keyEscape')],
  ];
  return (
    <div role="dialog" aria-modal="false" aria-labelledby="dealside-shortcuts-title" data-dealside="shortcut-sheet" className="rounded-lg border border-slate-300 bg-white p-3 shadow-md">
      <div className="mb-1 flex items-center">
        <h2 id="dealside-shortcuts-title" className="text-[13px] font-semibold">
          {t('shortcutsTitle')}
        </h2>
        <button type="button" onClick={onClose} className="ml-auto rounded px-1 text-[12px] text-slate-700 underline">
          {t('close')}
        </button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[12px]">
        {rows.map(([keys, what]) => (
          <div key={what} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1 font-mono text-[11px]">{keys}</kbd>
            </dt>
            <dd className="m-0 text-slate-800">{what}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-1 text-[11px] text-slate-700">{t('keyOpenHint')}</p>
    </div>
  );
}
