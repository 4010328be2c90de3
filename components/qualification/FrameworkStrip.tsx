// Another framework than BANT in the header (MEDDICC, MEDDPICC, SPICED, CHAMP): its elements as
// tiles with status and key, the editor of the one open, and the question to ask now with its
// answers on 5–8, so the rep captures it in one keystroke. BANT's letters inside a framework
// (MEDDICC's Identify pain is BANT's need) open BANT's own editor under the framework's word.
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { ELEMENT_OPTIONS, type ElementId, type OwnElementId, isBantElement } from '../../utils/domain/qualification/frameworks';
import type { BantLetter } from '../../utils/domain/qualification/bant';
import { useTranslator } from '../app/DealsideProvider';
import { StatusTile } from './BantStrip';
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
        {framework.elements.map((e) => (
          <StatusTile
            key={e.id}
            name={inHeader ? 'framework-element' : 'framework-tile'}
            data={{ 'data-element': e.id }}
            label={e.label[locale]}
            keyLabel={e.key[locale]}
            status={e.status}
            open={open === e.id}
            onClick={() => bant.toggleElement(e.id as ElementId)}
          />
        ))}
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
