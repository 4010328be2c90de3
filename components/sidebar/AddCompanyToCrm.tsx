// "Add company to the CRM" for the SDR on a LinkedIn company page (issue #12): the same promise as
// adding a person — a short form prefilled from the page, and the duplicate gate first (the
// accounts it could already be, with their owner, last touch and open deals), "it's this one:
// link this page" or "create anyway" with a reason kept with the account.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import type { AddAccountForm } from '../../utils/messaging/sdrProtocol';
import type { EntityView, TabView } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { CreateAnyway, FormTitle, GateActions, OwnerSelect, input } from './AddToCrm';

/** The form as the page fills it: name, website, industry, size and the page's own address. */
export function prefillCompany(view: TabView, entity: EntityView): AddAccountForm {
  const snap = view.snapshot?.entity?.type === 'company' ? view.snapshot.entity : undefined;
  const page =
    snap?.linkedinUrl ??
    (view.ref?.site === 'linkedin' && view.ref.objectType === 'company' && view.ref.recordId ? `https://www.linkedin.com/company/${view.ref.recordId}/` : undefined);
  return {
    name: snap?.name ?? entity.displayName,
    ...(snap?.domain ? { domain: snap.domain } : {}),
    ...(snap?.industry ? { industry: snap.industry } : {}),
    // "201-500 employees" / "201-500 empleados": the band, without the word
    ...(snap?.size ? { employees: snap.size.replace(/\s*(?:employees|empleados|trabajadores)\b.*$/i, '').trim() || snap.size } : {}),
    ...(page ? { linkedinUrl: page } : {}),
  };
}

export function AddCompanyToCrm({ view, entity }: { view: TabView; entity: EntityView }) {
  const { t } = useTranslator();
  const [open, setOpen] = useState(false);
  if (open) return <AddCompanyForm view={view} entity={entity} onClose={() => setOpen(false)} />;
  return (
    <button
      type="button"
      data-dealside="add-to-crm"
      onClick={() => setOpen(true)}
      className="rounded-md bg-teal-800 px-3 py-1 text-[12px] font-semibold text-white hover:bg-teal-900"
    >
      {t('addAsCompany')}
    </button>
  );
}

function AddCompanyForm({ view, entity, onClose }: { view: TabView; entity: EntityView; onClose: () => void }) {
  const { t, locale, relativeTime } = useTranslator();
  const client = useQueryClient();
  const [form, setForm] = useState<AddAccountForm>(() => prefillCompany(view, entity));
  const [anyway, setAnyway] = useState(false);
  const [reason, setReason] = useState('');
  // The gate runs on what the form holds when it opens and whenever the SDR asks again.
  const [checked, setChecked] = useState<AddAccountForm>(form);
  const check = useQuery({ queryKey: ['crm-add-account-check', checked], queryFn: () => sendRequest({ type: 'crm/add-account-check', form: checked }), staleTime: 0 });
  const done = () => {
    void client.invalidateQueries({ queryKey: ['tab-view', view.tabId] });
    onClose();
  };
  const matches = check.data?.matches ?? [];
  const add = useMutation({
    mutationFn: () =>
      sendRequest({
        type: 'crm/add-account',
        form,
        ...(anyway && matches.length ? { override: { reason, matchIds: matches.map((m) => m.account.id) } } : {}),
      }),
    onSuccess: done,
  });
  const link = useMutation({
    mutationFn: (accountId: string) => sendRequest({ type: 'crm/link-company-page', accountId, linkedinUrl: form.linkedinUrl ?? '' }),
    onSuccess: done,
  });
  const edited = JSON.stringify(form) !== JSON.stringify(checked);
  const blocked = matches.length > 0 && !(anyway && reason.trim().length >= 3);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (edited) {
      setChecked(form); // what was typed since changes which account it could be: check again first
      return;
    }
    if (!blocked) add.mutate();
  };
  const field = (name: keyof AddAccountForm, label: string) => (
    <label className="block text-[11px] text-slate-700">
      {label}
      <input
        data-dealside={`add-company-${name}`}
        className={input}
        value={form[name] ?? ''}
        onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
      />
    </label>
  );

  return (
    <form data-dealside="add-form" onSubmit={submit} className="space-y-1.5 rounded-md border border-teal-700 bg-white p-2">
      <FormTitle title={t('addCompanyTitle')} onClose={onClose} />

      {check.isPending ? <p className="text-[12px] text-slate-700">{t('addCompanyChecking')}</p> : null}
      {matches.length ? (
        <div data-dealside="add-gate" role="alert" className="space-y-1 rounded border border-amber-400 bg-amber-50 p-1.5 text-amber-950">
          <div className="text-[12px] font-semibold">{t('addCompanyGateTitle')}</div>
          {matches.map((m) => (
            <div key={m.account.id} data-dealside="add-gate-match" className="rounded border border-amber-200 bg-white p-1.5 text-[12px] text-slate-900">
              <div className="font-semibold">
                <bdi>{m.account.name}</bdi>
                {m.account.domain ? <span className="font-normal text-slate-700"> · {m.account.domain}</span> : null}
              </div>
              <div>
                {m.mine ? t('ownedByYou') : m.owner ? t('ownedBy').replace('{owner}', m.owner.name) : t('noOwner')}
                {m.lastActivity ? ` · ${t('touched').replace('{when}', relativeTime(m.lastActivity.at, new Date()))}` : ''}
                {` · ${t('addCompanyContacts').replace('{count}', String(m.contactCount))}`}
              </div>
              {m.openDeals.length ? (
                <div className="text-slate-700">
                  {m.openDeals.length} {t('openDeals').toLowerCase()}
                </div>
              ) : null}
              <div className="text-slate-700">{m.evidence ? m.evidence.reasons[locale] : t(`matched.${m.matchedBy}`)}</div>
              <GateActions links={m.crmLinks} {...(form.linkedinUrl ? { linkLabel: t('addCompanyItsThem'), onLink: () => link.mutate(m.account.id) } : {})} />
            </div>
          ))}
          <CreateAnyway label={t('addCompanyAnyway')} anyway={anyway} setAnyway={setAnyway} reason={reason} setReason={setReason} />
        </div>
      ) : null}

      {field('name', t('addCompanyName'))}
      {field('domain', t('addCompanyDomain'))}
      {field('industry', t('addCompanyIndustry'))}
      <div className="grid grid-cols-3 gap-1">
        {field('employees', t('addCompanyEmployees'))}
        {field('city', t('addCity'))}
        {field('country', t('addCountry'))}
      </div>
      {field('linkedinUrl', 'LinkedIn')}
      {check.data ? (
        <OwnerSelect users={check.data.users} currentUserId={check.data.currentUserId} value={form.ownerId} onChange={(v) => setForm((f) => ({ ...f, ownerId: v }))} />
      ) : null}
      <button
        type="submit"
        data-dealside="add-submit"
        disabled={add.isPending || (blocked && !edited)}
        className="w-full rounded-md bg-teal-800 px-3 py-1 text-[12px] font-semibold text-white disabled:bg-slate-400"
      >
        {edited ? t('addCheckAgain') : t('addCompanyAdd')}
      </button>
      {add.isError ? <p role="alert" className="text-[12px] text-rose-800">{add.error.message}</p> : null}
      {link.isError ? <p role="alert" className="text-[12px] text-rose-800">{link.error.message}</p> : null}
    </form>
  );
}
