// CSV import (issue #6): choose a file and what its rows are, check and adjust the detected
// columns, import with a progress bar (parsed here in batches, each written by the background
// before the next is read, so the page never freezes), stop at any time, and see the rejected rows
// (row, column, reason) with a CSV download.
import { CRM_NAMES } from '../../utils/crms/names';
import { useEffect, useMemo, useRef, useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card, Field, Pill } from '../ui/primitives';
import {
  FIELDS,
  IMPORT_CRMS,
  autoMap,
  detectCrm,
  hasIdentifyingColumn,
  isLeadsFile,
  isMultiField,
  type ColumnMap,
  type Field as ImportField,
  type ImportCrm,
  type Kind,
} from '../../utils/import/columns';
import { dateOrderFor, prepareFile, rejectionsCsv, runImport, type ImportProgress, type ImportSend, type PreparedFile } from '../../utils/import/page/driver';
import { personKindOf, readRow, type PersonKindChoice } from '../../utils/import/rows';
import { ENCODING_NAMES } from '../../utils/import/page/decode';
import { parseOwnedDate, type DateOrder } from '../../utils/import/ownedColumns';
import type { MessageKey } from '../../utils/i18n/messages';

const SHOWN_REJECTIONS = 200;
const SHOWN_MERGES = 50;

/** column index → field ('' = not imported) */
type Assignment = Array<ImportField | ''>;

/** The date-order line with the file's own first date as its example (a fixed one when it has none). */
function dateOrderLine(text: string, file: PreparedFile, map: ColumnMap, order: DateOrder, locale: string): string {
  const col = map.productSince?.[0];
  const value = col === undefined ? undefined : file.sample.map((row) => row[col]?.trim() ?? '').find((v) => /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(v) && parseOwnedDate(v, order));
  const sample = value ?? (order === 'dmy' ? '15/11/2025' : '11/15/2025');
  const iso = parseOwnedDate(sample, order)!;
  const long = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  return text.replace('{date}', sample).replace('{long}', long);
}

function assignmentOf(map: ColumnMap, columns: number): Assignment {
  const out: Assignment = Array.from({ length: columns }, () => '');
  for (const f of FIELDS) for (const c of map[f] ?? []) if (c < columns) out[c] = f;
  return out;
}

function mapOf(assignment: Assignment): ColumnMap {
  const map: ColumnMap = {};
  assignment.forEach((f, c) => {
    if (!f) return;
    if (!isMultiField(f) && map[f]?.length) return;
    (map[f] ??= []).push(c);
  });
  return map;
}

/** Fields that say nothing about the other kind of row. */
const PEOPLE_ONLY: ReadonlySet<ImportField> = new Set(['givenName', 'familyName', 'fullName', 'title', 'companyCrmId', 'leadId', 'lifecycleStage', 'leadStatus']);
const ACCOUNTS_ONLY: ReadonlySet<ImportField> = new Set(['industry', 'employees', 'tier', 'parentCompany', 'product', 'productSince', 'productSeats', 'productArr']);
const fieldsFor = (kind: Kind) => FIELDS.filter((f) => !(kind === 'contacts' ? ACCOUNTS_ONLY : PEOPLE_ONLY).has(f));

/** What the first rows become (leads / contacts) under the current mapping, for the preview. */
function kindSummary(file: PreparedFile, map: ColumnMap, crm: ImportCrm | undefined, choice: PersonKindChoice) {
  const leadsFile = isLeadsFile(file.headers);
  let leads = 0;
  let contacts = 0;
  file.sample.forEach((cells, i) => {
    const r = readRow({ row: i + 2, cells }, file.headers, map, 'contacts', crm ? { crm } : {});
    if (!r.ok || r.draft.type !== 'person') return;
    if (personKindOf(r.draft, choice, leadsFile) === 'lead') leads++;
    else contacts++;
  });
  return { rows: file.sample.length, leads, contacts };
}

const send: ImportSend = (request) => sendRequest(request);

export function ImportSection() {
  const { t, locale, percent: formatPercent } = useOptionsTranslator();
  const [kind, setKind] = useState<Kind>('contacts');
  const [file, setFile] = useState<PreparedFile | undefined>();
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | undefined>();
  const [assignment, setAssignment] = useState<Assignment>([]);
  const [progress, setProgress] = useState<ImportProgress | undefined>();
  const [personKind, setPersonKind] = useState<PersonKindChoice>('file');
  /** undefined: as detected; '': the ids are not a CRM's (not used) */
  const [crmChoice, setCrmChoice] = useState<ImportCrm | '' | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const map = useMemo(() => mapOf(assignment), [assignment]);
  const sample = file?.sample[0] ?? [];
  const hasIds = !!(map.crmId?.length || map.companyCrmId?.length || map.leadId?.length);
  // an accounts file with product dates: how its d/m/y dates are read (every date of the file says)
  const dates = useMemo(() => (file && kind === 'accounts' && map.productSince?.length ? (dateOrderFor(file, map) ?? 'either') : undefined), [file, kind, map]);
  const detected = useMemo(() => (file ? detectCrm(file.headers, map, file.sample) : undefined), [file, map]);
  const crm = hasIds ? (crmChoice === undefined ? detected : crmChoice || undefined) : undefined;
  const summary = useMemo(() => (file && kind === 'contacts' ? kindSummary(file, map, crm, personKind) : undefined), [file, kind, map, crm, personKind]);
  const running = progress?.state === 'running';
  const canStart = !!file && !running && hasIdentifyingColumn(map, kind);

  const choose = async (picked: File | undefined) => {
    setProgress(undefined);
    setReadError(undefined);
    setFile(undefined);
    if (!picked) return;
    setReading(true);
    try {
      const prepared = await prepareFile(new Uint8Array(await picked.arrayBuffer()), picked.name);
      setFile(prepared);
      setCrmChoice(undefined);
      setPersonKind('file');
      setAssignment(assignmentOf(autoMap(prepared.headers, kind), prepared.headers.length));
    } catch (error) {
      setReadError(error instanceof Error ? error.message : String(error));
    } finally {
      setReading(false);
    }
  };

  const start = async () => {
    if (!file) return;
    const controller = new AbortController();
    abort.current = controller;
    // without a CRM the id columns say nothing: not sent
    const used: ColumnMap = crm ? map : { ...map, crmId: [], companyCrmId: [], leadId: [] };
    await runImport(file, kind, used, send, { signal: controller.signal, onProgress: setProgress, ...(crm ? { crm } : {}), personKind });
  };

  const download = () => {
    if (!progress) return;
    const blob = new Blob([`\uFEFF${rejectionsCsv(progress.rejected, locale)}`], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${(file?.fileName ?? 'import').replace(/\.csv$/i, '')}-${locale === 'es' ? 'rechazadas' : 'rejected'}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const fieldLabel = (f: string) => (FIELDS as readonly string[]).includes(f) ? t(`importField.${f}` as MessageKey) : f === 'account' ? t('account') : f === 'name' ? t('importField.fullName') : f;
  const total = progress ? Math.max(progress.totalRows, progress.read) : 0;
  const percent = progress ? (progress.state === 'done' ? 100 : total ? Math.min(99, Math.floor((progress.read / total) * 100)) : 0) : 0;

  return (
    <Card>
      <h2 className="mb-2 text-[15px] font-semibold">{t('importTitle')}</h2>
      <p className="mb-3 text-slate-600">{t('importHint')}</p>
      <div className="mb-3 flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1">
          <span className="text-slate-500">{t('importKind')}</span>
          <select
            data-dealside="import-kind"
            className="rounded border border-slate-300 px-2 py-1"
            value={kind}
            disabled={running}
            onChange={(e) => {
              const next = e.target.value as Kind;
              setKind(next);
              // another kind of rows: map the columns again
              if (file) setAssignment(assignmentOf(autoMap(file.headers, next), file.headers.length));
            }}
          >
            <option value="contacts">{t('importContacts')}</option>
            <option value="accounts">{t('importAccounts')}</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-500">{t('importChooseFile')}</span>
          <input
            ref={input}
            data-dealside="import-file"
            type="file"
            accept=".csv,.txt,text/csv"
            disabled={running}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
      </div>
      {reading ? <p>{t('importReading')}</p> : null}
      {readError ? <p className="text-rose-700">{readError}</p> : null}

      {file ? (
        <>
          <p className="mb-2 text-slate-600" data-dealside="import-file-info">
            <span className="font-medium text-slate-800">{file.fileName}</span> ·{' '}
            {t('importFileInfo')
              .replace('{rows}', file.totalRows.toLocaleString(locale))
              .replace('{encoding}', ENCODING_NAMES[file.encoding])
              .replace('{delimiter}', file.delimiter === '\t' ? 'tab' : `"${file.delimiter}"`)}
          </p>
          {dates ? (
            <p className="mb-2 text-slate-600" data-dealside="import-date-order" data-order={dates}>
              {dates === 'either' ? t('importDatesEither') : dateOrderLine(t(dates === 'dmy' ? 'importDatesDayFirst' : 'importDatesMonthFirst'), file, map, dates, locale)}
            </p>
          ) : null}
          <table className="mb-3 w-full text-left text-[12px]" data-dealside="import-columns">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">{t('importColumn')}</th>
                <th>{t('importSample')}</th>
                <th>{t('importAs')}</th>
              </tr>
            </thead>
            <tbody>
              {file.headers.map((header, i) => (
                <tr key={i} className="border-t border-slate-100" data-dealside="import-column">
                  <td className="py-1 pr-2 font-medium">{header || `#${i + 1}`}</td>
                  <td className="max-w-48 truncate pr-2 text-slate-500" title={sample[i]}>{sample[i]}</td>
                  <td>
                    <select
                      data-dealside={`import-map-${i}`}
                      className="rounded border border-slate-300 px-1 py-0.5"
                      value={assignment[i] ?? ''}
                      disabled={running}
                      onChange={(e) => {
                        const next = [...assignment];
                        next[i] = e.target.value as ImportField | '';
                        setAssignment(next);
                      }}
                    >
                      <option value="">{t('importIgnore')}</option>
                      {fieldsFor(kind).map((f) => (
                        <option key={f} value={f}>
                          {t(`importField.${f}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mb-3 flex flex-wrap items-end gap-4">
            {kind === 'contacts' ? (
              <label className="flex flex-col gap-1">
                <span className="text-slate-500">{t('importPersonKind')}</span>
                <select
                  data-dealside="import-person-kind"
                  className="rounded border border-slate-300 px-2 py-1"
                  value={personKind}
                  disabled={running}
                  onChange={(e) => setPersonKind(e.target.value as PersonKindChoice)}
                >
                  <option value="file">{t('importPersonKindFile')}</option>
                  <option value="contact">{t('importAsContacts')}</option>
                  <option value="lead">{t('importAsLeads')}</option>
                </select>
              </label>
            ) : null}
            {summary && summary.rows > 0 ? (
              <p className="text-slate-600" data-dealside="import-kind-preview" data-leads={String(summary.leads)} data-contacts={String(summary.contacts)}>
                {t('importKindSummary').replace('{rows}', String(summary.rows)).replace('{leads}', String(summary.leads)).replace('{contacts}', String(summary.contacts))}
              </p>
            ) : null}
            {hasIds ? (
              <label className="flex flex-col gap-1" title={t('importCrmHint')}>
                <span className="text-slate-500">{t('importCrmIds')}</span>
                <select
                  data-dealside="import-crm"
                  className="rounded border border-slate-300 px-2 py-1"
                  value={crm ?? ''}
                  disabled={running}
                  onChange={(e) => setCrmChoice(e.target.value as ImportCrm | '')}
                >
                  <option value="">{t('importCrmNone')}</option>
                  {IMPORT_CRMS.map((c) => (
                    <option key={c} value={c}>
                      {CRM_NAMES[c]}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </div>
          {!hasIdentifyingColumn(map, kind) ? <p className="mb-2 text-amber-800">{t('importNeedsIdentity')}</p> : null}
          <div className="flex gap-2">
            {running ? (
              <button data-dealside="import-cancel" className="rounded border border-slate-300 px-3 py-1.5" onClick={() => abort.current?.abort()}>
                {t('importStop')}
              </button>
            ) : (
              <button
                data-dealside="import-start"
                disabled={!canStart}
                className="rounded bg-slate-800 px-3 py-1.5 font-medium text-white disabled:opacity-50"
                onClick={() => void start()}
              >
                {t('importStart')}
              </button>
            )}
          </div>
        </>
      ) : null}

      {progress ? (
        <div className="mt-3" data-dealside="import-report" data-state={progress.state}>
          <div
            className="mb-2 h-2 w-full overflow-hidden rounded bg-slate-100"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            data-dealside="import-progress"
            data-percent={String(percent)}
          >
            <div className="h-full bg-emerald-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <div className="max-w-sm">
            <Field label={t('importRead')} data-dealside="import-read">
              {`${progress.read.toLocaleString(locale)} / ${total.toLocaleString(locale)} (${formatPercent(percent / 100)})`}
            </Field>
            <Field label={t('importImported')} data-dealside="import-imported">{progress.imported.toLocaleString(locale)}</Field>
            <Field label={t('importMerged')} data-dealside="import-merged">{progress.merged.toLocaleString(locale)}</Field>
            {progress.unchanged ? <Field label={t('importUnchanged')} data-dealside="import-unchanged">{progress.unchanged.toLocaleString(locale)}</Field> : null}
            <Field label={t('importRejected')} data-dealside="import-rejected-count">{progress.rejected.length.toLocaleString(locale)}</Field>
            {progress.queued ? <Field label={t('importQueued')} data-dealside="import-queued">{progress.queued.toLocaleString(locale)}</Field> : null}
          </div>
          {progress.state === 'done' ? <p className="mt-2 text-emerald-700" data-dealside="import-done">{t('importDone')}</p> : null}
          {progress.state === 'cancelled' ? <p className="mt-2 text-amber-800">{t('importCancelled')}</p> : null}
          {progress.state === 'failed' ? <p className="mt-2 text-rose-700">{t('importFailed')} {progress.error}</p> : null}

          {progress.rejected.length > 0 ? (
            <div className="mt-3">
              <div className="mb-1 flex items-center justify-between">
                <h3 className="font-semibold">
                  {t('importRejectedTitle')} <Pill tone="red">{progress.rejected.length.toLocaleString(locale)}</Pill>
                </h3>
                <button data-dealside="import-download-rejected" className="rounded border border-slate-300 px-2 py-1" onClick={download}>
                  {t('importDownload')}
                </button>
              </div>
              <table className="w-full text-left text-[12px]" data-dealside="import-rejected">
                <thead className="text-slate-500">
                  <tr>
                    <th className="py-1">{t('importRow')}</th>
                    <th>{t('importColumn')}</th>
                    <th>{t('importReason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {progress.rejected.slice(0, SHOWN_REJECTIONS).map((r, i) => (
                    <tr key={i} className="border-t border-slate-100 align-top" data-dealside="import-rejection">
                      <td className="py-1 pr-2">{r.row}</td>
                      <td className="pr-2">{r.column}</td>
                      <td>{r.reason[locale]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {progress.rejected.length > SHOWN_REJECTIONS ? (
                <p className="text-slate-500">{t('importAndMore').replace('{n}', (progress.rejected.length - SHOWN_REJECTIONS).toLocaleString(locale))}</p>
              ) : null}
            </div>
          ) : null}

          {progress.merges.length > 0 ? (
            <div className="mt-3">
              <h3 className="mb-1 font-semibold">{t('importMergesTitle')}</h3>
              <ul className="text-[12px]">
                {progress.merges.slice(0, SHOWN_MERGES).map((m) => (
                  <li key={`${m.row}-${m.id}`} data-dealside="import-merge">
                    {t('importRow')} {m.row} {t('importMergedInto')} <span className="font-medium">{m.name}</span>
                    {m.sameFile ? ` ${t('importSameFile')}` : ''}:{' '}
                    {m.fields.length ? `${t('importFilledFields')} ${m.fields.map(fieldLabel).join(', ')}` : t('importNothingNew')}
                  </li>
                ))}
              </ul>
              {progress.merged > SHOWN_MERGES ? <p className="text-slate-500">{t('importAndMore').replace('{n}', (progress.merged - SHOWN_MERGES).toLocaleString(locale))}</p> : null}
            </div>
          ) : null}

          {!running ? (
            <button
              data-dealside="import-another"
              className="mt-3 rounded border border-slate-300 px-2 py-1"
              onClick={() => {
                setProgress(undefined);
                setFile(undefined);
                if (input.current) input.current.value = '';
              }}
            >
              {t('importAnother')}
            </button>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
