// A job change seen on LinkedIn (issue #12): the profile says another title or company than the CRM
// record it resolves to. Say so, and offer to bring the CRM up to date (field by field, through the
// outbox) and to mark that they left the old company (a key contact leaving is a risk to the account).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import type { EntityView, TabView } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';

/** Compared without case, accents, punctuation or the company's legal form. */
const norm = (s?: string) =>
  (s ?? '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(s l|s a|sl|sa|sas|inc|ltd|llc|s a de c v)\s*$/u, '')
    .trim();
const same = (a?: string, b?: string) => norm(a) === norm(b);

/** What the page says that the CRM record does not: title and company, when both sides have one. */
export function jobChangeOf(view: TabView, entity: EntityView): { title?: [string, string]; company?: [string, string] } | undefined {
  const snap = view.snapshot?.entity?.type === 'person' ? view.snapshot.entity : undefined;
  const record = entity.people[0];
  if (view.ref?.site !== 'linkedin' || !snap || !record || entity.verdict !== 'in-crm') return undefined;
  const crmCompany = record.account?.name ?? record.companyName;
  const title = snap.title && record.title && !same(snap.title, record.title) ? ([record.title, snap.title] as [string, string]) : undefined;
  const company = snap.companyName && crmCompany && !same(snap.companyName, crmCompany) ? ([crmCompany, snap.companyName] as [string, string]) : undefined;
  return title || company ? { ...(title ? { title } : {}), ...(company ? { company } : {}) } : undefined;
}

export function JobChange({ view, entity }: { view: TabView; entity: EntityView }) {
  const { t } = useTranslator();
  const client = useQueryClient();
  const change = jobChangeOf(view, entity);
  const person = entity.people[0];
  // field by field: the rep keeps what LinkedIn has wrong out of the CRM
  const [skip, setSkip] = useState<{ title?: boolean; company?: boolean }>({});
  const sendsCompany = !!change?.company && !person?.account; // a lead's company as typed; a contact moves with "left"
  const update = useMutation({
    mutationFn: (left: boolean) =>
      sendRequest({
        type: 'person/job-change',
        personId: person!.id,
        ...(change?.title && !skip.title ? { title: change.title[1] } : {}),
        ...(change?.company && sendsCompany && !skip.company ? { companyName: change.company[1] } : {}),
        ...(left ? { leftCompany: true } : {}),
      }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tab-view', view.tabId] }),
  });
  if (!change || !person) return null;
  const fieldChoice = (field: 'title' | 'company', label: string) => (
    <label className="flex items-start gap-1">
      <input type="checkbox" data-dealside={`job-field-${field}`} checked={!skip[field]} onChange={(e) => setSkip((s) => ({ ...s, [field]: !e.target.checked }))} className="mt-0.5" />
      <span>{label}</span>
    </label>
  );
  const nothingToSend = (!change.title || skip.title) && (!sendsCompany || skip.company);
  return (
    <div data-dealside="job-change" role="status" className="rounded-md border border-violet-300 bg-violet-50 px-2 py-1.5 text-[12px] text-violet-950">
      <div className="font-semibold">{change.company ? t('jobMoved').replace('{from}', change.company[0]).replace('{to}', change.company[1]) : t('jobNewTitle')}</div>
      {change.title ? fieldChoice('title', t('jobTitleChange').replace('{from}', change.title[0]).replace('{to}', change.title[1])) : null}
      {sendsCompany && change.company ? fieldChoice('company', t('jobCompanyChange').replace('{from}', change.company[0]).replace('{to}', change.company[1])) : null}
      {update.isSuccess ? (
        <div className="mt-1 text-emerald-900">✓ {t('jobUpdated')}</div>
      ) : (
        <div className="mt-1 flex flex-wrap gap-1">
          <button
            type="button"
            data-dealside="job-update"
            disabled={nothingToSend}
            onClick={() => update.mutate(false)}
            className="rounded bg-violet-800 px-2 py-0.5 text-[11px] font-semibold text-white disabled:bg-slate-400"
          >
            {t('jobUpdateCrm')}
          </button>
          {change.company && person.account ? (
            <button type="button" data-dealside="job-left" onClick={() => update.mutate(true)} className="rounded border border-violet-400 bg-white px-2 py-0.5 text-[11px]">
              {t('jobLeft').replace('{company}', change.company[0])}
            </button>
          ) : null}
        </div>
      )}
      {update.isError ? <p role="alert" className="text-rose-800">{update.error.message}</p> : null}
    </div>
  );
}
