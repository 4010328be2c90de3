// The workspace: what is loaded (demo or the team's data) and the one-click demo removal.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import type { WorkspaceStatus } from '../../utils/messaging/protocol';
import { useWorkspaceStatus } from '../app/queries';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card, Field, Pill } from '../ui/primitives';

const COUNT_KEYS = ['accounts', 'people', 'deals', 'activities', 'products', 'users'] as const;

export function WorkspaceSection() {
  const { t, date, number } = useOptionsTranslator();
  const status = useWorkspaceStatus();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (type: 'workspace/remove-demo' | 'workspace/load-demo') => sendRequest({ type }),
    onSuccess: (data: WorkspaceStatus) => {
      client.setQueryData(['workspace-status'], data);
      void client.invalidateQueries();
    },
  });
  if (status.isPending) return <Card>{t('loading')}</Card>;
  if (status.isError) return <Card className="text-rose-700">{status.error.message}</Card>;
  const s = status.data;
  const demoTotal = COUNT_KEYS.reduce((n, k) => n + s.demoCounts[k], 0);
  return (
    <Card>
      <div className="mb-2 flex items-center gap-2">
        <h2 className="text-[15px] font-semibold">{t('workspace')}</h2>
        <Pill tone={s.mode === 'demo' ? 'violet' : 'slate'} data-dealside="workspace-mode">
          {s.mode === 'demo' ? t('workspaceDemo') : s.mode === 'crm' ? t('workspaceCrm') : t('workspaceEmpty')}
        </Pill>
      </div>
      {s.mode === 'demo' ? <p className="mb-2 text-slate-600">{t('demoBanner')}</p> : null}
      <div className="max-w-sm" data-dealside="workspace-counts">
        {COUNT_KEYS.map((k) => (
          <Field key={k} label={t(k)} data-dealside={`count-${k}`}>
            {number(s.counts[k])}
          </Field>
        ))}
        {s.demoSeededAt ? <Field label={t('workspaceDemo')}>{date(s.demoSeededAt)}</Field> : null}
      </div>
      <div className="mt-3 flex gap-2">
        {demoTotal > 0 ? (
          <button
            data-dealside="remove-demo"
            disabled={mutation.isPending}
            className="rounded bg-rose-700 px-3 py-1.5 font-medium text-white disabled:opacity-50"
            onClick={() => {
              if (window.confirm(t('removeDemoConfirm'))) mutation.mutate('workspace/remove-demo');
            }}
          >
            {t('removeDemo')} ({number(demoTotal)} {t('records')})
          </button>
        ) : (
          <button
            data-dealside="load-demo"
            disabled={mutation.isPending}
            className="rounded bg-slate-800 px-3 py-1.5 font-medium text-white disabled:opacity-50"
            onClick={() => mutation.mutate('workspace/load-demo')}
          >
            {t('loadDemo')}
          </button>
        )}
      </div>
      {mutation.isError ? <p className="mt-2 text-rose-700">{mutation.error.message}</p> : null}
    </Card>
  );
}
