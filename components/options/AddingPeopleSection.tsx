// The team's default for the SDR's "Add to CRM": a lead (marketing-style funnel) or a contact
// (straight to an account). The SDR can still switch in the form.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card } from '../ui/primitives';

export function AddingPeopleSection() {
  const { t } = useOptionsTranslator();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['settings', 'sdr'], queryFn: () => sendRequest({ type: 'settings/sdr-get' }) });
  const save = useMutation({
    mutationFn: (addAs: 'lead' | 'contact') => sendRequest({ type: 'settings/sdr-set', settings: { addAs } }),
    onSuccess: (data) => client.setQueryData(['settings', 'sdr'], data),
  });
  // The choice being saved shows at once; if the save fails the saved one shows again (a change of
  // `checked` the runtime writes back to the radios), beside the error.
  const shown = save.isPending ? save.variables : settings.data?.addAs;
  return (
    <Card>
      <h2 className="mb-1 text-[15px] font-semibold">{t('addingPeople')}</h2>
      <p className="mb-2 text-slate-700">{t('addingPeopleHint')}</p>
      <fieldset className="flex gap-4" disabled={!settings.data}>
        <legend className="sr-only">{t('addAsWhat')}</legend>
        {(['lead', 'contact'] as const).map((k) => (
          <label key={k} className="flex items-center gap-1">
            <input type="radio" name="dealside-add-as" data-dealside={`add-default-${k}`} checked={shown === k} onChange={() => save.mutate(k)} />
            {t(k === 'lead' ? 'addAsLead' : 'addAsContact')}
          </label>
        ))}
      </fieldset>
      {save.isError ? <p className="text-rose-800">{save.error.message}</p> : null}
    </Card>
  );
}
