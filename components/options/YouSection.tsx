// Who the user is: BANT answers, notes and logged touches are signed with this name (issue #17.4).
// Taken from the connected CRM when it says who the token belongs to (Salesforce, Pipedrive);
// otherwise — a HubSpot private-app token names no user — the rep chooses themselves among the
// workspace's users (the CRM's owners once synced), or types their name.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendRequest } from '../../utils/messaging/client';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card } from '../ui/primitives';

export function YouSection() {
  const { t } = useOptionsTranslator();
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['settings', 'me'], queryFn: () => sendRequest({ type: 'settings/me-get' }) });
  const [typed, setTyped] = useState('');
  const save = useMutation({
    mutationFn: (who: { userId: string } | { name: string }) => sendRequest({ type: 'settings/me-set', ...who }),
    onSuccess: () => {
      setTyped('');
      void client.invalidateQueries({ queryKey: ['settings', 'me'] });
    },
  });
  const current = me.data?.current;
  return (
    <Card>
      <section data-dealside="you">
        <h2 className="mb-1 text-[15px] font-semibold">{t('meTitle')}</h2>
        <p className="mb-2 text-slate-700">{t('meHint')}</p>
        <p className="mb-2" data-dealside="you-current">
          {current ? (
            <>
              {t('meSignedAs')} <bdi className="font-semibold">{current.name}</bdi>
              {me.data?.fromCrm ? <span className="text-slate-600"> · {t('meFromCrm')}</span> : null}
            </>
          ) : (
            <span className="text-amber-900">{t('meNone')}</span>
          )}
        </p>
        <div className="flex flex-wrap items-end gap-2">
          {me.data?.users.length ? (
            <label className="text-[12px] text-slate-700">
              {t('meChoose')}
              <select
                data-dealside="you-select"
                className="mt-0.5 block rounded border border-slate-300 bg-white px-2 py-1 text-[13px]"
                value={current?.userId ?? ''}
                onChange={(e) => e.target.value && save.mutate({ userId: e.target.value })}
              >
                <option value="">—</option>
                {me.data.users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                    {u.email ? ` · ${u.email}` : ''}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <form
            className="flex items-end gap-1"
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim().length >= 2) save.mutate({ name: typed });
            }}
          >
            <label className="text-[12px] text-slate-700">
              {me.data?.users.length ? t('meTypeName') : t('meYourName')}
              <input
                data-dealside="you-name"
                className="mt-0.5 block rounded border border-slate-300 bg-white px-2 py-1 text-[13px]"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                maxLength={120}
              />
            </label>
            <button type="submit" data-dealside="you-save" disabled={typed.trim().length < 2 || save.isPending} className="rounded border border-slate-400 bg-white px-2 py-1 text-[13px] disabled:opacity-50">
              {t('meSave')}
            </button>
          </form>
        </div>
        {save.isError ? <p role="alert" className="mt-1 text-rose-800">{save.error.message}</p> : null}
      </section>
    </Card>
  );
}
