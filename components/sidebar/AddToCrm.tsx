// "Add to CRM" for the SDR (issue #12): one button under the verdict, a short form prefilled from
// the page, and the duplicate gate before anything is created — the possible matches first, with
// "it's them: link this profile", or "create anyway" with a reason kept with the record.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import type { AddPersonForm } from '../../utils/messaging/sdrProtocol';
import type { EntityView, TabView } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { crmName } from '../../utils/crms/names';

export const input = 'w-full rounded border border-slate-300 bg-white px-2 py-0.5 text-[12px]';

/** The add form's title, with the way out of it. */
export function FormTitle({ title, onClose }: { title: string; onClose: () => void }) {
  const { t } = useTranslator();
  return (
    <div className="flex items-center gap-2">
      <span className="font-semibold">{title}</span>
      <button type="button" onClick={onClose} className="ml-auto rounded px-1 text-[11px] text-slate-700 underline">
        {t('cancel')}
      </button>
    </div>
  );
}

/** "Not them: create anyway", and the reason kept with the new record once it is ticked. */
export function CreateAnyway(props: { label: string; anyway: boolean; setAnyway: (v: boolean) => void; reason: string; setReason: (v: string) => void }) {
  const { t } = useTranslator();
  return (
    <>
      <label className="flex items-center gap-1 text-[12px]">
        <input type="checkbox" data-dealside="add-anyway" checked={props.anyway} onChange={(e) => props.setAnyway(e.target.checked)} />
        {props.label}
      </label>
      {props.anyway ? (
        <label className="block text-[11px]">
          {t('addAnywayReason')}
          <input data-dealside="add-anyway-reason" className={input} value={props.reason} onChange={(e) => props.setReason(e.target.value)} />
        </label>
      ) : null}
    </>
  );
}

/**
 * A match's ways out of the gate: "open it" where it lives in the CRM (in a new tab; nothing for
 * records only in Dealside) and, when the page has a LinkedIn address, "it's them: link this page".
 */
export function GateActions({ links, linkLabel, onLink }: { links: ReadonlyArray<{ system: string; url: string }> | undefined; linkLabel?: string; onLink?: () => void }) {
  const { t } = useTranslator();
  return (
    <>
      {(links ?? []).map((l) => (
        <a
          key={l.system}
          data-dealside="add-open-match"
          href={l.url}
          target="_blank"
          rel="noopener noreferrer"
          className="mt-1 mr-1 inline-block rounded border border-teal-800 px-2 py-0.5 text-[11px] font-semibold text-teal-900 underline"
        >
          {t('openInCrm').replace('{crm}', crmName(l.system))}
        </a>
      ))}
      {onLink && linkLabel ? (
        <button type="button" data-dealside="add-link-profile" onClick={onLink} className="mt-1 rounded bg-teal-800 px-2 py-0.5 text-[11px] font-semibold text-white">
          {linkLabel}
        </button>
      ) : null}
    </>
  );
}

/** Who owns the new record: the current user unless the SDR picks another. */
export function OwnerSelect(props: { users: ReadonlyArray<{ id: string; name: string }>; currentUserId: string; value: string | undefined; onChange: (v: string) => void }) {
  const { t } = useTranslator();
  if (!props.users.length) return null;
  return (
    <label className="block text-[11px] text-slate-700">
      {t('owner')}
      <select data-dealside="add-owner" className={input} value={props.value ?? props.currentUserId} onChange={(e) => props.onChange(e.target.value)}>
        {props.users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
            {u.id === props.currentUserId ? ` (${t('you')})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

type NameSplitter = (full: string) => { firstName: string; lastName: string };

/**
 * The name splitter lives with the CSV import's rows and the nickname tables (~60 KB the sidebar's
 * first glance does not need): loaded when the form is opened.
 */
const loadNameSplitter = (): Promise<NameSplitter> => import('../../utils/import/rows').then((m) => m.splitFullName);

/** The form as the page fills it: name, title, company, place, LinkedIn, and e-mail or phone when shown. */
export function prefill(view: TabView, entity: EntityView, kind: 'lead' | 'contact', splitFullName: NameSplitter): AddPersonForm {
  const snap = view.snapshot?.entity?.type === 'person' ? view.snapshot.entity : undefined;
  const { firstName, lastName } = splitFullName(snap?.fullName ?? entity.displayName);
  const place = snap?.location?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
  const profile =
    snap?.linkedinUrl ?? (view.ref?.site === 'linkedin' && view.ref.objectType === 'profile' && view.ref.recordId ? `https://www.linkedin.com/in/${view.ref.recordId}/` : undefined);
  return {
    kind,
    firstName,
    lastName,
    ...(snap?.title ? { title: snap.title } : {}),
    ...((snap?.companyName ?? entity.company?.account.name) ? { companyName: snap?.companyName ?? entity.company!.account.name } : {}),
    ...(place[0] ? { city: place[0] } : {}),
    ...(place.length > 1 ? { country: place[place.length - 1] } : {}),
    ...(snap?.email ? { email: snap.email } : {}),
    ...(snap?.phone ? { phone: snap.phone } : {}),
    ...(profile ? { linkedinUrl: profile } : {}),
  };
}

export function AddToCrm({ view, entity }: { view: TabView; entity: EntityView }) {
  const { t } = useTranslator();
  const settings = useQuery({ queryKey: ['settings', 'sdr'], queryFn: () => sendRequest({ type: 'settings/sdr-get' }) });
  const [split, setSplit] = useState<{ fn: NameSplitter }>();
  const [open, setOpen] = useState(false);
  const addAs = settings.data?.addAs ?? 'lead';
  if (open && split) return <AddForm view={view} entity={entity} initialKind={addAs} splitFullName={split.fn} onClose={() => setOpen(false)} />;
  return (
    <button
      type="button"
      data-dealside="add-to-crm"
      onClick={() =>
        void loadNameSplitter().then((fn) => {
          setSplit({ fn });
          setOpen(true);
        })
      }
      className="rounded-md bg-teal-800 px-3 py-1 text-[12px] font-semibold text-white hover:bg-teal-900"
    >
      {addAs === 'lead' ? t('addAsLead') : t('addAsContact')}
    </button>
  );
}

function AddForm({
  view,
  entity,
  initialKind,
  splitFullName,
  onClose,
}: {
  view: TabView;
  entity: EntityView;
  initialKind: 'lead' | 'contact';
  splitFullName: NameSplitter;
  onClose: () => void;
}) {
  const { t, locale, relativeTime, percent } = useTranslator();
  const client = useQueryClient();
  const [form, setForm] = useState<AddPersonForm>(() => prefill(view, entity, initialKind, splitFullName));
  const [createCompany, setCreateCompany] = useState(initialKind === 'contact');
  const [anyway, setAnyway] = useState(false);
  const [reason, setReason] = useState('');
  const ids = useId();
  // The gate runs on what the form holds when it opens and whenever the SDR asks again.
  const [checked, setChecked] = useState<AddPersonForm>(form);
  const check = useQuery({ queryKey: ['crm-add-check', checked], queryFn: () => sendRequest({ type: 'crm/add-check', form: checked }), staleTime: 0 });
  const done = () => {
    void client.invalidateQueries({ queryKey: ['tab-view', view.tabId] });
    onClose();
  };
  const add = useMutation({
    mutationFn: () =>
      sendRequest({
        type: 'crm/add',
        form,
        company: check.data?.company ? { mode: 'existing', accountId: check.data.company.account.id } : createCompany && form.companyName ? { mode: 'create' } : { mode: 'none' },
        ...(anyway && check.data?.matches.length ? { override: { reason, matchIds: check.data.matches.map((m) => m.id) } } : {}),
      }),
    onSuccess: done,
  });
  const link = useMutation({
    mutationFn: (personId: string) => sendRequest({ type: 'crm/link-profile', personId, linkedinUrl: form.linkedinUrl ?? '' }),
    onSuccess: done,
  });
  const set = (field: keyof AddPersonForm) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const matches = check.data?.matches ?? [];
  const company = check.data?.company;
  const blocked = matches.length > 0 && !(anyway && reason.trim().length >= 3);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (JSON.stringify(form) !== JSON.stringify(checked)) {
      setChecked(form); // what was typed since changes who it could be: check again first
      return;
    }
    if (!blocked) add.mutate();
  };
  const field = (name: keyof AddPersonForm, label: string, type = 'text') => (
    <label className="block text-[11px] text-slate-700">
      {label}
      <input data-dealside={`add-${name}`} type={type} className={input} value={(form[name] as string | undefined) ?? ''} onChange={(e) => set(name)(e.target.value)} />
    </label>
  );

  return (
    <form data-dealside="add-form" onSubmit={submit} className="space-y-1.5 rounded-md border border-teal-700 bg-white p-2">
      <FormTitle title={t('addToCrmTitle')} onClose={onClose} />

      {/* The gate: who this could already be, before anything is created. */}
      {check.isPending ? <p className="text-[12px] text-slate-700">{t('addChecking')}</p> : null}
      {matches.length ? (
        <div data-dealside="add-gate" role="alert" className="space-y-1 rounded border border-amber-400 bg-amber-50 p-1.5 text-amber-950">
          <div className="text-[12px] font-semibold">{t('addGateTitle')}</div>
          {matches.map((m) => (
            <div key={m.id} data-dealside="add-gate-match" className="rounded border border-amber-200 bg-white p-1.5 text-[12px] text-slate-900">
              <div className="flex flex-wrap items-center gap-1">
                <Pill tone={m.kind === 'lead' ? 'amber' : 'blue'}>{t(m.kind)}</Pill>
                <span className="font-semibold">{m.fullName}</span>
                {m.evidence ? <span className="ml-auto">{percent(m.evidence.probability)}</span> : null}
              </div>
              <div>
                {m.owner ? t('ownedBy').replace('{owner}', m.owner.name) : t('noOwner')}
                {m.lastActivity ? ` · ${t('touched').replace('{when}', relativeTime(m.lastActivity.at, new Date()))}` : ''}
              </div>
              {m.evidence ? <div className="text-slate-700">{m.evidence.reasons[locale]}</div> : <div className="text-slate-700">{t(`matched.${m.matchedBy}`)}</div>}
              <GateActions links={m.crmLinks} {...(form.linkedinUrl ? { linkLabel: t('addItsThem'), onLink: () => link.mutate(m.id) } : {})} />
            </div>
          ))}
          <CreateAnyway label={t('addAnyway')} anyway={anyway} setAnyway={setAnyway} reason={reason} setReason={setReason} />
        </div>
      ) : null}

      <fieldset className="flex gap-3 text-[12px]">
        <legend className="sr-only">{t('addAsWhat')}</legend>
        {(['lead', 'contact'] as const).map((k) => (
          <label key={k} className="flex items-center gap-1">
            <input type="radio" name={`${ids}-kind`} data-dealside={`add-kind-${k}`} checked={form.kind === k} onChange={() => setForm((f) => ({ ...f, kind: k }))} />
            {t(k === 'lead' ? 'addKindLead' : 'addKindContact')}
          </label>
        ))}
      </fieldset>
      <div className="grid grid-cols-2 gap-1">
        {field('firstName', t('addFirstName'))}
        {field('lastName', t('addLastName'))}
      </div>
      {field('title', t('addTitle'))}
      {field('companyName', t('company'))}
      {company ? (
        <p data-dealside="add-company-existing" className="text-[11px] text-emerald-900">
          ✓ {t('addCompanyExisting').replace('{name}', company.account.name)}
          {company.owner ? ` · ${t('ownedBy').replace('{owner}', company.owner.name)}` : ''}
        </p>
      ) : form.companyName ? (
        <label className="flex items-center gap-1 text-[11px] text-slate-800">
          <input type="checkbox" data-dealside="add-create-company" checked={createCompany} onChange={(e) => setCreateCompany(e.target.checked)} />
          {t('addCompanyCreate').replace('{name}', form.companyName)}
        </label>
      ) : null}
      <div className="grid grid-cols-2 gap-1">
        {field('email', t('addEmail'), 'email')}
        {field('phone', t('addPhone'), 'tel')}
        {field('city', t('addCity'))}
        {field('country', t('addCountry'))}
      </div>
      {field('linkedinUrl', 'LinkedIn')}
      {check.data ? <OwnerSelect users={check.data.users} currentUserId={check.data.currentUserId} value={form.ownerId} onChange={set('ownerId')} /> : null}
      <button
        type="submit"
        data-dealside="add-submit"
        disabled={add.isPending || (blocked && JSON.stringify(form) === JSON.stringify(checked))}
        className="w-full rounded-md bg-teal-800 px-3 py-1 text-[12px] font-semibold text-white disabled:bg-slate-400"
      >
        {JSON.stringify(form) !== JSON.stringify(checked) ? t('addCheckAgain') : form.kind === 'lead' ? t('addAsLead') : t('addAsContact')}
      </button>
      {add.isError ? <p role="alert" className="text-[12px] text-rose-800">{add.error.message}</p> : null}
      {link.isError ? <p role="alert" className="text-[12px] text-rose-800">{link.error.message}</p> : null}
    </form>
  );
}
