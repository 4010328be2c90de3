// A score that learns (issue #19.3): the agreement's rules fitted to the team's closed deals in the
// background, both models' held-out AUC side by side, calibration by band, each rule's points
// agreed → fitted with its evidence, and a button to adopt the fitted points as the next version.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import type { LearnReportView } from '../../utils/messaging/learnProtocol';
import { BAND_LABELS } from '../../utils/domain/words/labels';
import { LOCALE_TAGS } from '../../utils/i18n/format';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card, Field } from '../ui/primitives';

type Quality = LearnReportView['agreed'];

function fill(text: string, values: Record<string, string | number>): string {
  return Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, String(v)), text);
}

function CalibrationTable({ title, quality, name }: { title: string; quality: Quality; name: string }) {
  const { t, locale, percent, number } = useOptionsTranslator();
  return (
    <table className="w-full text-[12px]" data-dealside={`learn-calibration-${name}`}>
      <caption className="text-left font-medium text-slate-700">{title}</caption>
      <thead>
        <tr className="text-slate-500">
          <th className="text-left font-normal">{t('learnedScoreBand')}</th>
          <th className="text-right font-normal">{t('learnedScoreDealsColumn')}</th>
          <th className="text-right font-normal">{t('learnedScorePredicted')}</th>
          <th className="text-right font-normal">{t('learnedScoreObserved')}</th>
        </tr>
      </thead>
      <tbody>
        {quality.calibration.map((row) => (
          <tr key={row.band} data-band={row.band}>
            <td>{BAND_LABELS[row.band][locale]}</td>
            <td className="text-right tabular-nums">{number(row.deals)}</td>
            <td className="text-right tabular-nums">{percent(row.predicted)}</td>
            <td className="text-right tabular-nums">{percent(row.observed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The agreement's versions kept when a fitted one was adopted, each to download as JSON. */
function EarlierVersions() {
  const { t, date } = useOptionsTranslator();
  const query = useQuery({ queryKey: ['scoring-history'], queryFn: () => sendRequest({ type: 'scoring/history' }) });
  // the editor above takes the whole agreement: the rules in force with that version's scoring model
  const settings = useQuery({ queryKey: ['qualify-settings'], queryFn: () => sendRequest({ type: 'settings/qualify-get' }) });
  if (!query.data?.length || !settings.data) return null;
  const agreement = settings.data.settings as Record<string, unknown>;
  return (
    <div className="mt-3" data-dealside="learn-history">
      <div className="text-[11px] font-semibold text-slate-500 uppercase">{t('learnedScoreHistory')}</div>
      <ul className="text-[12px]">
        {query.data.map((m) => (
          <li key={`${m.version}-${m.updatedAt ?? ''}`} data-version={m.version}>
            <a
              className="text-teal-800 underline"
              download={`dealside-qualification-v${m.version}.json`}
              href={`data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ ...agreement, scoringModel: m }, null, 2))}`}
            >
              v{m.version} · {m.name}
            </a>
            {m.updatedAt ? ` · ${date(m.updatedAt)}` : ''}
            {m.updatedBy ? ` · ${m.updatedBy}` : ''}
          </li>
        ))}
      </ul>
      <p className="text-[11px] text-slate-500">{t('learnedScoreHistoryHint')}</p>
    </div>
  );
}

export function LearnedScoringSection() {
  const { t, locale } = useOptionsTranslator();
  const client = useQueryClient();
  const [started, setStarted] = useState(false);
  const [changedOnly, setChangedOnly] = useState(true);
  const [adopted, setAdopted] = useState<{ version: number; previous: number } | 'changed-since' | null>(null);
  const query = useQuery({
    queryKey: ['scoring-learn'],
    queryFn: () => sendRequest({ type: 'scoring/learn' }),
    enabled: started,
    staleTime: Infinity,
  });
  const adopt = useMutation({
    mutationFn: (report: LearnReportView) => sendRequest({ type: 'scoring/adopt', baseVersion: report.baseVersion, model: report.proposed! }),
    onSuccess: (result, report) => {
      setAdopted(result.ok ? { version: result.version, previous: report.baseVersion } : 'changed-since');
      // the agreement's editor, every open surface's scores and this fit follow the new version
      void client.invalidateQueries();
    },
  });
  const auc = (value: number | undefined) =>
    value === undefined ? '—' : new Intl.NumberFormat(LOCALE_TAGS[locale], { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
  const report = query.data;
  const rules = report?.rules.filter((r) => !changedOnly || r.fitted !== r.agreed) ?? [];

  return (
    <Card>
      <h2 className="mb-1 text-[15px] font-semibold">{t('learnedScore')}</h2>
      <p className="mb-2 text-slate-600">{t('learnedScoreHint')}</p>
      <button
        data-dealside="learn-run"
        className="rounded bg-slate-800 px-3 py-1 text-white"
        disabled={query.isFetching}
        onClick={() => (started ? void query.refetch() : setStarted(true))}
      >
        {t('learnedScoreRun')}
      </button>
      {query.isFetching ? <p className="mt-1 text-slate-600" role="status" data-dealside="learn-running">{t('learnedScoreRunning')}</p> : null}
      {query.isError ? <p className="mt-1 text-rose-700">{query.error.message}</p> : null}
      {report && !query.isFetching ? (
        <div className="mt-2 space-y-3" data-dealside="learn-report">
          <p data-dealside="learn-deals">{fill(t('learnedScoreDeals'), { deals: report.deals, won: report.won, lost: report.lost })}</p>
          {report.tooFew ? (
            <p className="rounded bg-amber-50 p-2 text-amber-900" data-dealside="learn-too-few" role="note">
              ⚠ {t('learnedScoreTooFew')}
            </p>
          ) : null}
          {!report.proposed ? <p data-dealside="learn-nothing">{t('learnedScoreNothing')}</p> : null}
          {report.proposed ? (
            <>
              <div className="max-w-md">
                <div className="text-[11px] font-semibold text-slate-500 uppercase">{t('learnedScoreAuc')}</div>
                <Field label={fill(t('learnedScoreAgreed'), { version: report.baseVersion })} data-dealside="learn-auc-agreed">
                  {auc(report.agreed.auc)}
                </Field>
                <Field label={t('learnedScoreFitted')} data-dealside="learn-auc-fitted">
                  {auc(report.fitted.auc)}
                </Field>
                <p className="text-[11px] text-slate-500">{t('learnedScoreAucHint')}</p>
              </div>
              <div>
                <div className="mb-1 text-[11px] font-semibold text-slate-500 uppercase">{t('learnedScoreCalibration')}</div>
                <div className="grid grid-cols-2 gap-4">
                  <CalibrationTable title={fill(t('learnedScoreAgreed'), { version: report.baseVersion })} quality={report.agreed} name="agreed" />
                  <CalibrationTable title={t('learnedScoreFitted')} quality={report.fitted} name="fitted" />
                </div>
              </div>
              <div>
                <div className="mb-1 flex items-center justify-between gap-2">
                  <span className="text-[11px] font-semibold text-slate-500 uppercase">{t('learnedScoreRules')}</span>
                  <label className="flex items-center gap-1 text-[12px]">
                    <input type="checkbox" checked={changedOnly} onChange={(e) => setChangedOnly(e.target.checked)} />
                    {t('learnedScoreChangedOnly')}
                  </label>
                </div>
                <table className="w-full text-[12px]" data-dealside="learn-rules">
                  <thead>
                    <tr className="text-slate-500">
                      <th className="text-left font-normal">{t('learnedScoreRule')}</th>
                      <th className="text-right font-normal">{t('learnedScorePoints')}</th>
                      <th className="text-right font-normal">{t('learnedScoreEvidence')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rules.map((r) => (
                      <tr key={r.id} data-rule={r.id}>
                        <td>{r.label[locale]}</td>
                        <td className="text-right tabular-nums">
                          {r.agreed} → <strong>{r.fitted}</strong>
                        </td>
                        <td className="text-right tabular-nums">{fill(t('learnedScoreEvidenceValue'), { won: r.won, deals: r.deals })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button
                data-dealside="learn-adopt"
                className="rounded border border-slate-300 px-3 py-1"
                disabled={adopt.isPending}
                onClick={() => window.confirm(t('learnedScoreAdoptConfirm')) && adopt.mutate(report)}
              >
                {fill(t('learnedScoreAdopt'), { version: report.baseVersion + 1 })}
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {adopted ? (
        <p className={`mt-2 ${adopted === 'changed-since' ? 'text-amber-900' : 'text-emerald-700'}`} data-dealside="learn-adopted" role="status">
          {adopted === 'changed-since' ? t('learnedScoreChangedSince') : `✓ ${fill(t('learnedScoreAdopted'), { version: adopted.version, previous: adopted.previous })}`}
        </p>
      ) : null}
      <EarlierVersions />
    </Card>
  );
}
