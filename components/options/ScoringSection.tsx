// The scoring model and qualification rules: the marketing–sales agreement, shown in plain terms
// and editable as a validated JSON document the team can export and share.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import type { QualifySettings } from '../../utils/domain/qualify/qualifySettings';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card, Field, Pill } from '../ui/primitives';

type Issue = { path: string; message: { en: string; es: string } };

export function ScoringSection() {
  const { t, locale, duration } = useOptionsTranslator();
  const client = useQueryClient();
  const query = useQuery({ queryKey: ['qualify-settings'], queryFn: () => sendRequest({ type: 'settings/qualify-get' }) });
  const [text, setText] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (request: { settings?: unknown; reset?: true }) => sendRequest({ type: 'settings/qualify-set', ...request }),
    onSuccess: (result) => {
      setIssues(result.issues);
      setSaved(result.ok);
      if (result.ok) {
        setText(null);
        void client.invalidateQueries();
      }
    },
  });
  if (query.isPending) return <Card>{t('loading')}</Card>;
  if (query.isError) return <Card className="text-rose-700">{query.error.message}</Card>;
  const settings = query.data.settings as QualifySettings;
  const model = settings.scoringModel;
  const json = text ?? JSON.stringify(settings, null, 2);

  const submit = () => {
    setSaved(false);
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (e) {
      setIssues([{ path: '(JSON)', message: { en: (e as Error).message, es: (e as Error).message } }]);
      return;
    }
    save.mutate({ settings: value });
  };

  return (
    <Card>
      <div className="mb-2 flex items-center gap-2">
        <h2 className="text-[15px] font-semibold">{t('scoringModel')}</h2>
        <Pill tone="blue" data-dealside="model-version">
          {model.name} · v{model.version}
        </Pill>
        {query.data.isDefault ? <Pill tone="slate">{t('default')}</Pill> : null}
      </div>
      <p className="mb-2 text-slate-600">{t('scoringModelHint')}</p>
      <div className="grid max-w-xl grid-cols-2 gap-x-6">
        <div>
          <div className="text-[11px] font-semibold text-slate-500 uppercase">{t('thresholdsLead')}</div>
          <Field label="MQL">{model.thresholds.mql}</Field>
          <Field label="SQL">{model.thresholds.sql}</Field>
          <Field label={t('hot')}>{model.thresholds.hot}</Field>
          <div className="mt-2 text-[11px] font-semibold text-slate-500 uppercase">{t('thresholdsDeal')}</div>
          <Field label="MQL">{model.dealThresholds.mql}</Field>
          <Field label="SQL">{model.dealThresholds.sql}</Field>
          <Field label={t('hot')}>{model.dealThresholds.hot}</Field>
          <div className="mt-2 text-[11px] font-semibold text-slate-500 uppercase">{t('responseSla')}</div>
          <Field label={t('standard')}>{duration(settings.actions.slaHours, 'hour')}</Field>
          <Field label={t('keyAccount')}>{duration(settings.actions.keyAccountSlaHours, 'hour')}</Field>
        </div>
        <div>
          <div className="text-[11px] font-semibold text-slate-500 uppercase">{t('engagement')}</div>
          {model.engagement.rules.map((r) => (
            <Field key={r.id} label={r.label[locale]}>
              +{r.points}
            </Field>
          ))}
          <Field label={t('inactivity')}>
            {model.engagement.inactivity.points} / {duration(model.engagement.inactivity.afterDays, 'day')}
          </Field>
        </div>
      </div>
      <details className="mt-3" open={text !== null}>
        <summary className="cursor-pointer font-medium text-teal-800">{t('editAgreement')}</summary>
        <textarea
          data-dealside="qualify-json"
          aria-label={t('editAgreement')}
          spellCheck={false}
          value={json}
          onChange={(e) => setText(e.target.value)}
          className="mt-2 h-72 w-full rounded border border-slate-300 p-2 font-mono text-[11px]"
        />
        <div className="mt-1 flex flex-wrap gap-2">
          <button data-dealside="qualify-save" className="rounded bg-slate-800 px-3 py-1 text-white" onClick={submit} disabled={save.isPending}>
            {t('validateAndSave')}
          </button>
          <button className="rounded border border-slate-300 px-3 py-1" onClick={() => (setText(null), setIssues([]))}>
            {t('discardChanges')}
          </button>
          <button
            data-dealside="qualify-reset"
            className="rounded border border-slate-300 px-3 py-1"
            onClick={() => window.confirm(t('resetConfirm')) && save.mutate({ reset: true })}
          >
            {t('resetDefault')}
          </button>
          <a
            className="rounded border border-slate-300 px-3 py-1"
            download={`dealside-qualification-v${model.version}.json`}
            href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(settings, null, 2))}`}
          >
            {t('export')}
          </a>
          <label className="cursor-pointer rounded border border-slate-300 px-3 py-1">
            {t('import')}
            <input
              type="file"
              accept="application/json,.json"
              className="sr-only"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void file.text().then((content) => setText(content));
              }}
            />
          </label>
        </div>
        {saved ? <p className="mt-1 text-emerald-700" data-dealside="qualify-saved">✓ {t('saved')}</p> : null}
        {issues.length ? (
          <ul className="mt-1 space-y-0.5 text-[12px] text-rose-800" data-dealside="qualify-issues">
            {issues.map((i, n) => (
              <li key={n}>
                <span className="font-mono">{i.path}</span>: {i.message[locale]}
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </Card>
  );
}
