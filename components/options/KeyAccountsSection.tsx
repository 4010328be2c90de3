// The team's key-account threshold: an account bringing at least this share of the team's revenue
// (with its business units) is a key account, with an account plan and the shorter response SLA.
import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card } from '../ui/primitives';

export function KeyAccountsSection() {
  const { t, percent } = useOptionsTranslator();
  const client = useQueryClient();
  const inputId = useId();
  const hintId = useId();
  const settings = useQuery({ queryKey: ['settings', 'key-accounts'], queryFn: () => sendRequest({ type: 'settings/key-accounts-get' }) });
  // what the user typed; until they type, the stored threshold
  const [typed, setValue] = useState<string | undefined>(undefined);
  const value = typed ?? (settings.data ? String(Math.round(settings.data.revenueShare * 1000) / 10) : '');
  const save = useMutation({
    mutationFn: (revenueShare: number) => sendRequest({ type: 'settings/key-accounts-set', settings: { revenueShare } }),
    onSuccess: (data) => client.setQueryData(['settings', 'key-accounts'], data),
  });
  const parsed = Number(value.replace(',', '.'));
  const valid = Number.isFinite(parsed) && parsed > 0 && parsed <= 100;
  return (
    <Card>
      <h2 className="mb-1 text-[15px] font-semibold">{t('keyThresholdTitle')}</h2>
      <p id={hintId} className="mb-2 text-slate-700">
        {t('keyThresholdHint')}
      </p>
      <form
        className="flex flex-wrap items-center gap-2"
        data-dealside="key-threshold-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) save.mutate(parsed / 100);
        }}
      >
        <label htmlFor={inputId}>{t('keyThresholdLabel')}</label>
        <input
          id={inputId}
          data-dealside="key-threshold"
          type="number"
          inputMode="decimal"
          min={0.1}
          max={100}
          step={0.1}
          required
          aria-describedby={hintId}
          aria-invalid={!valid}
          disabled={!settings.data}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="w-24 rounded border border-slate-300 px-2 py-1"
        />
        <button type="submit" data-dealside="key-threshold-save" disabled={!valid || save.isPending} className="rounded bg-teal-700 px-3 py-1 text-white disabled:opacity-60">
          {t('planSave')}
        </button>
      </form>
      {save.isSuccess ? (
        <p role="status" className="mt-1 text-emerald-800" data-dealside="key-threshold-saved">
          {t('keyThresholdSaved').replace('{share}', percent(save.data.revenueShare, 1))}
        </p>
      ) : null}
      {save.isError ? <p className="mt-1 text-rose-800">{save.error.message}</p> : null}
    </Card>
  );
}
