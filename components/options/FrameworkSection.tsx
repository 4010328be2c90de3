// The qualification framework, part of the agreement: one for every deal and, optionally, another
// per segment (the committee's segments by employees). Validated with the same zod schema the
// background checks before it stores the settings.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import type { QualifySettings } from '../../utils/domain/qualify/qualifySettings';
import { FRAMEWORKS, FRAMEWORK_IDS, type FrameworkId } from '../../utils/domain/qualification/frameworks';
import { DEFAULT_FRAMEWORK_CHOICE, type FrameworkChoice, frameworkChoiceSchema } from '../../utils/domain/qualification/frameworkRules';
import { SEGMENTS, type Segment } from '../../utils/domain/committee/committeeConfig';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card } from '../ui/primitives';

export function FrameworkSection() {
  const { t, locale, number } = useOptionsTranslator();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['qualify-settings'], queryFn: () => sendRequest({ type: 'settings/qualify-get' }) });
  const [draft, setDraft] = useState<FrameworkChoice | null>(null);
  const [outcome, setOutcome] = useState<'saved' | string | null>(null);
  const save = useMutation({
    mutationFn: (settings: QualifySettings) => sendRequest({ type: 'settings/qualify-set', settings }),
    onSuccess: (result) => {
      setOutcome(result.ok ? 'saved' : result.issues.map((i) => `${i.path}: ${i.message[locale]}`).join(' · '));
      if (result.ok) {
        setDraft(null);
        void client.invalidateQueries();
      }
    },
    onError: (e) => setOutcome(e.message),
  });
  if (query.isPending) return <Card>{t('loading')}</Card>;
  if (query.isError) return <Card className="text-rose-700">{query.error.message}</Card>;
  const settings = query.data.settings as QualifySettings;
  const choice = draft ?? settings.frameworks ?? DEFAULT_FRAMEWORK_CHOICE;
  const change = (next: FrameworkChoice) => {
    setOutcome(null);
    setDraft(next);
  };
  const setSegment = (segment: Segment, value: string) => {
    const bySegment = { ...choice.bySegment };
    if (value === '') delete bySegment[segment];
    else bySegment[segment] = value as FrameworkId;
    change({ ...choice, bySegment });
  };
  const submit = () => {
    const parsed = frameworkChoiceSchema.safeParse(choice);
    if (!parsed.success) return setOutcome(parsed.error.message);
    save.mutate({ ...settings, frameworks: parsed.data });
  };
  const options = FRAMEWORK_IDS.map((id) => (
    <option key={id} value={id}>
      {FRAMEWORKS[id].name}
    </option>
  ));
  // what each framework in use asks, spelled out under the choice (a select would clip it)
  const inUse = [...new Set<FrameworkId>([choice.default, ...Object.values(choice.bySegment)])];

  return (
    <Card>
      <h2 className="mb-1 text-[15px] font-semibold">{t('frameworkTitle')}</h2>
      <p className="mb-2 text-slate-600">{t('frameworkHint')}</p>
      <div className="grid max-w-2xl grid-cols-[auto_1fr] items-center gap-x-3 gap-y-1.5" data-dealside="framework-choice">
        <label htmlFor="dealside-framework-default" className="text-slate-700">
          {t('frameworkDefault')}
        </label>
        <select
          id="dealside-framework-default"
          data-dealside="framework-default"
          value={choice.default}
          onChange={(e) => change({ ...choice, default: e.target.value as FrameworkId })}
          className="min-w-0 rounded border border-slate-300 px-1 py-0.5"
        >
          {options}
        </select>
        {SEGMENTS.map((segment) => (
          <SegmentRow key={segment} segment={segment} value={choice.bySegment[segment] ?? ''} onChange={(v) => setSegment(segment, v)}>
            {options}
          </SegmentRow>
        ))}
      </div>
      <ul className="mt-2 space-y-0.5 text-[12px] text-slate-700" data-dealside="framework-summaries">
        {inUse.map((id) => (
          <li key={id}>
            <span className="font-semibold">{FRAMEWORKS[id].name}</span>: {FRAMEWORKS[id].summary[locale]}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-[11px] text-slate-600">
        {t('frameworkSegments')
          .replace('{mid}', number(settings.committee.segments.midMarketFrom))
          .replace('{ent}', number(settings.committee.segments.enterpriseFrom))}
      </p>
      <div className="mt-2 flex items-center gap-2">
        <button data-dealside="framework-save" className="rounded bg-slate-800 px-3 py-1 text-white" onClick={submit} disabled={save.isPending || draft === null}>
          {t('frameworkSave')}
        </button>
        {outcome === 'saved' ? (
          <span className="text-emerald-700" data-dealside="framework-saved">
            ✓ {t('saved')}
          </span>
        ) : outcome ? (
          <span className="text-rose-800" data-dealside="framework-issues">
            {outcome}
          </span>
        ) : null}
      </div>
    </Card>
  );
}

function SegmentRow({ segment, value, onChange, children }: { segment: Segment; value: string; onChange: (v: string) => void; children: React.ReactNode }) {
  const { t } = useOptionsTranslator();
  const id = `dealside-framework-${segment}`;
  return (
    <>
      <label htmlFor={id} className="text-slate-700">
        {t('frameworkSegment').replace('{segment}', t(`segment_${segment}`))}
      </label>
      <select id={id} data-dealside="framework-segment" data-segment={segment} value={value} onChange={(e) => onChange(e.target.value)} className="min-w-0 rounded border border-slate-300 px-1 py-0.5">
        <option value="">{t('frameworkSameAsDefault')}</option>
        {children}
      </select>
    </>
  );
}
