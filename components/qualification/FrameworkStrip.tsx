// Another framework than BANT in the header (MEDDICC, MEDDPICC, SPICED, CHAMP): its elements as
// tiles with status and key, the editor of the one open, and the question to ask now with its
// answers on 5–8, so the rep captures it in one keystroke. BANT's letters inside a framework
// (MEDDICC's Identify pain is BANT's need) open BANT's own editor under the framework's word.
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { ELEMENT_OPTIONS, type ElementId, type OwnElementId, isBantElement } from '../../utils/domain/qualification/frameworks';
import type { BantLetter } from '../../utils/domain/qualification/bant';
import { STATUS_LABELS } from '../../utils/domain/words/labels';
import { useTranslator } from '../app/DealsideProvider';
import { STATUS_STYLE } from './BantStrip';
import { EditorFrame, NoteField, OptionButtons, StatusButtons, type OptionButton } from './BantEditor';
import { optionsFor, type BantController } from './useBant';

type FrameworkView = NonNullable<QualificationView['framework']>;

export function FrameworkStrip({ bant, framework, inHeader = true }: { bant: BantController; framework: FrameworkView; inHeader?: boolean }) {
  const { t, locale } = useTranslator();
  const open = bant.editing ?? bant.editingElement;
  return (
    <div className="@container">
      <div
        role="group"
        aria-label={t('frameworkStripLabel').replace('{framework}', framework.name)}
        className="grid grid-cols-2 gap-1 @min-[26rem]:grid-cols-4"
        data-dealside={inHeader ? 'framework-strip' : 'framework-tiles'}
        data-framework={framework.id}
      >
        {framework.elements.map((e) => {
          const style = STATUS_STYLE[e.status];
          const key = e.key[locale];
          const name = `${e.label[locale]}: ${STATUS_LABELS[e.status][locale]}`;
          return (
            <button
              key={e.id}
              type="button"
              data-dealside={inHeader ? 'framework-element' : 'framework-tile'}
              data-element={e.id}
              data-status={e.status}
              aria-expanded={open === e.id}
              title={`${name} · ${t('pressKeyToEdit').replace('{key}', key)}`}
              aria-keyshortcuts={key}
              onClick={() => bant.toggleElement(e.id as ElementId)}
              className={`flex min-w-0 flex-col items-stretch rounded-md border px-1 py-1 text-left ${style.tile} ${open === e.id ? 'ring-2 ring-teal-600 ring-offset-1' : ''}`}
            >
              <span className="truncate text-[11px] leading-4 font-semibold">{e.label[locale]}</span>
              <span className="flex items-center gap-1">
                <kbd aria-hidden="true" className="rounded border border-current/30 bg-white/70 px-0.5 font-mono text-[10px] leading-3 font-bold">{key}</kbd>
                <span className="min-w-0 flex-1 truncate text-[10px] leading-3">{STATUS_LABELS[e.status][locale]}</span>
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

/** The editor of an element that is not a BANT letter: 1–4 status · 5–8 answer · Enter evidence. */
export function ElementEditor({ bant, framework }: { bant: BantController; framework: FrameworkView }) {
  const { t, locale } = useTranslator();
  const lang = useLocale();
  const id = bant.editingElement;
  const element = id ? framework.elements.find((e) => e.id === id) : undefined;
  if (!id || !element) return null;
  const hint = id === 'champion' ? `${t('frameworkChampionHint')}${framework.championName ? ` (${framework.championName})` : ''}` : undefined;
  return (
    <EditorFrame key={id} letter={id} label={element.label[locale]} setAt={element.setAt} setBy={element.setBy} bant={bant} hint={hint}>
      <StatusButtons status={element.status} onSet={(status) => bant.saveElement({ element: id, status })} />
      <OptionButtons options={elementOptions(bant, framework, id, lang)} />
      <NoteField stored={element.note} onSave={(note) => bant.saveElement({ element: id, note })} />
    </EditorFrame>
  );
}

/** The answers on 5–8 for any element of the framework (BANT's letters keep their own). */
export function elementOptions(bant: BantController, framework: FrameworkView, id: ElementId, locale: ReturnType<typeof useLocale>): OptionButton[] {
  if (isBantElement(id)) {
    return optionsFor(bant.q, id as BantLetter, locale.locale, locale.engaged).map((o) => ({ key: o.key, label: o.label, active: o.active, choose: () => bant.save(o.edit) }));
  }
  const answered = framework.elements.find((e) => e.id === id)?.answer;
  return ELEMENT_OPTIONS[id as OwnElementId].map((o, i) => ({
    key: String(5 + i),
    label: o.label[locale.locale],
    active: answered === o.id,
    choose: () => bant.saveElement({ element: id as OwnElementId, answer: o.id }),
  }));
}

function useLocale() {
  const { t, locale } = useTranslator();
  return { locale, engaged: t('buyerEngaged') };
}

/**
 * The question to ask now: the element that matters most and is least known, a question from the
 * framework's bank for this status and this person's role, and its answers on 5–8.
 */
export function NextQuestionCard({ bant, framework, inHeader = true }: { bant: BantController; framework: FrameworkView; inHeader?: boolean }) {
  const { t, locale } = useTranslator();
  const lang = useLocale();
  const next = framework.next;
  if (!next) return null;
  const options = elementOptions(bant, framework, next.element as ElementId, lang);
  const keys = options.length ? `${options[0]!.key}–${options.at(-1)!.key}` : '';
  return (
    <div data-dealside={inHeader ? 'next-question' : 'question'} data-element={next.element} data-question={next.questionId} className="rounded-md bg-teal-50 px-2 py-1 text-[12px] text-teal-950">
      <p>
        <span className="font-semibold">{t('askNext')}</span> “{next.question[locale]}”
        <span className="text-teal-900">
          {' '}
          — {next.label[locale]}
          {next.personName ? ` · ${next.personName}` : ''} · {t('pressKey').replace('{key}', next.key[locale])}
        </span>
      </p>
      {options.length ? (
        <>
          <p className="mt-0.5 text-[11px] text-teal-900">{t('frameworkNextKeys').replace('{keys}', keys)}</p>
          <OptionButtons options={options} name="next-option" />
        </>
      ) : null}
    </div>
  );
}
