// The rep on a call: where the deal stands (stage, score read against its scale), the four BANT
// letters, the one question to ask next and the response clock — all above the fold, the BANT
// editor opening right here.
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { BAND_LABELS, LETTER_LABELS, STAGE_LABELS } from '../../utils/domain/words/labels';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { BantStrip } from '../qualification/BantStrip';
import { BantEditor } from '../qualification/BantEditor';
import { ElementEditor, FrameworkStrip, NextQuestionCard } from '../qualification/FrameworkStrip';
import type { BantController } from '../qualification/useBant';
import { letterKey } from './keys';
import { SaveStatus } from './SaveStatus';

export const BAND_TONE = { cold: 'slate', warm: 'amber', mql: 'blue', sql: 'green', hot: 'red' } as const;
export const STAGE_TONE = { new: 'slate', mql: 'blue', sql: 'green', nurture: 'amber', disqualified: 'red' } as const;
const LETTER_OF_ACTION: Record<string, 'budget' | 'authority' | 'need' | 'timing'> = {
  'discovery:budget': 'budget',
  'discovery:authority': 'authority',
  'discovery:need': 'need',
  'discovery:timing': 'timing',
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What the score is read against: the threshold at which it is hot. */
export function hotThreshold(q: QualificationView): number {
  return q.score.scale;
}

/**
 * `inHeader` false: the same strip in a section (another moment's page): the parts then do not
 * carry the first-glance header's data-dealside names (DESIGN.md contract 5: once per surface).
 */
export function RepHeader({ q, bant, showSubject, inHeader = true }: { q: QualificationView; bant: BantController; showSubject: boolean; inHeader?: boolean }) {
  const { t, locale, relativeTime, number } = useTranslator();
  const now = new Date();
  const first = q.score.trend[0];
  const change = first ? q.score.score - first.score : 0;
  const hot = hotThreshold(q);
  const question = q.actions.find((a) => a.question);
  const questionLetter = question ? LETTER_OF_ACTION[question.key.split(':').slice(0, 2).join(':')] : undefined;
  const clock = q.actions.find((a) => a.category === 'sla');
  // another framework than BANT: its elements and its own next question
  const framework = q.framework && q.framework.id !== 'bant' ? q.framework : undefined;
  return (
    <div className="space-y-1.5">
      {showSubject ? (
        <div className="truncate text-[12px] text-slate-700" data-dealside="qualification-subject">
          {q.entityType === 'deal' ? t('deal') : t('lead')}: <span className="font-medium text-slate-900">{q.entityName}</span>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <Pill tone={STAGE_TONE[q.stage.stage]} data-dealside="stage">
          {STAGE_LABELS[q.stage.stage][locale]}
        </Pill>
        <span className="flex items-baseline gap-1">
          <span className="text-[11px] text-slate-600">{t('score')}</span>
          <span data-dealside={inHeader ? 'score' : 'score-value'} data-band={q.score.band} data-scale={String(hot)} className="text-[20px] leading-none font-bold tabular-nums">
            {q.score.score}
          </span>
          <Pill tone={BAND_TONE[q.score.band]}>{BAND_LABELS[q.score.band][locale]}</Pill>
        </span>
        <span className="text-[11px] text-slate-600" data-dealside="score-scale">
          {t('scoreHotAt').replace('{n}', number(hot))}
          {change !== 0 ? ` · ${change > 0 ? '▲' : '▼'} ${Math.abs(change)}` : ''}
        </span>
      </div>
      {q.score.levers.length ? (
        <p className="text-[11px] text-slate-700" data-dealside="score-levers">
          <span className="font-semibold">{t('scoreLevers')}:</span>{' '}
          {q.score.levers.slice(0, 2).map((l, i) => (
            <span key={l.key}>
              {i > 0 ? ' · ' : ''}
              {l.action[locale]} <span className="font-semibold text-emerald-800">+{l.points}</span>
            </span>
          ))}
        </p>
      ) : null}
      {framework ? (
        <>
          <FrameworkStrip bant={bant} framework={framework} inHeader={inHeader} />
          <BantEditor bant={bant} />
          <ElementEditor bant={bant} framework={framework} />
          <SaveStatus bant={bant} />
          <NextQuestionCard bant={bant} framework={framework} inHeader={inHeader} />
        </>
      ) : (
        <>
          <BantStrip bant={bant} inHeader={inHeader} />
          <BantEditor bant={bant} />
          <SaveStatus bant={bant} />
        </>
      )}
      {question && !framework ? (
        <p data-dealside={inHeader ? 'next-question' : 'question'} className="rounded-md bg-teal-50 px-2 py-1 text-[12px] text-teal-950">
          <span className="font-semibold">{t('askNext')}</span> “{question.question![locale]}”
          {questionLetter ? (
            <span className="text-teal-900">
              {' '}
              — {capital(LETTER_LABELS[questionLetter][locale])} · {t('pressKey').replace('{key}', letterKey(questionLetter, locale))}
            </span>
          ) : null}
        </p>
      ) : null}
      {clock ? (
        <p data-dealside="response-clock" className={`rounded-md px-2 py-1 text-[12px] ${clock.overdue ? 'bg-rose-50 font-semibold text-rose-900' : 'bg-amber-50 text-amber-950'}`}>
          <span aria-hidden="true">⏱ </span>
          {clock.title[locale]} · {clock.overdue ? `${t('overdue')} · ` : ''}
          {relativeTime(clock.dueAt, now)}
        </p>
      ) : null}
    </div>
  );
}
