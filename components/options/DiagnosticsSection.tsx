// Selector health: which sites and page types Dealside could not read cleanly, so a site's DOM
// change is visible the day it happens.
import { useMutation } from '@tanstack/react-query';
import { sendRequest } from '../../utils/messaging/client';
import { useDiagnostics } from '../app/queries';
import { useOptionsTranslator } from '../app/DealsideProvider';
import { Card, Pill } from '../ui/primitives';

export function DiagnosticsSection() {
  const { t, relativeTime } = useOptionsTranslator();
  const list = useDiagnostics();
  const clear = useMutation({ mutationFn: () => sendRequest({ type: 'diagnostics/clear' }) });
  const now = new Date();
  return (
    <Card>
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-[15px] font-semibold">{t('diagnostics')}</h2>
        {list.data && list.data.length > 0 ? (
          <button data-dealside="clear-diagnostics" className="rounded border border-slate-300 px-2 py-1" onClick={() => clear.mutate()}>
            {t('clear')}
          </button>
        ) : null}
      </div>
      <p className="mb-2 text-slate-600">{t('diagnosticsHint')}</p>
      {list.isPending ? <p>{t('loading')}</p> : null}
      {list.isError ? <p className="text-rose-700">{list.error.message}</p> : null}
      {list.data && list.data.length === 0 ? <p data-dealside="diagnostics-empty" className="text-emerald-700">{t('diagnosticsEmpty')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <table className="w-full text-left text-[12px]" data-dealside="diagnostics">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">{t('when')}</th>
              <th>{t('site')}</th>
              <th>{t('result')}</th>
              <th>{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((d) => (
              <tr key={d.id ?? d.at} className="border-t border-slate-100 align-top" data-dealside="diagnostic">
                <td className="py-1 pr-2 whitespace-nowrap">{relativeTime(d.at, now)}</td>
                <td className="pr-2">
                  {d.site} · {d.objectType}
                  <div className="max-w-56 truncate text-slate-500" title={d.page}>{d.page}</div>
                </td>
                <td className="pr-2">
                  <Pill tone={d.status === 'failed' ? 'red' : 'amber'}>{d.status === 'failed' ? t('healthFailed') : t('healthFallback')}</Pill>
                </td>
                <td className="font-mono text-[11px] text-slate-700">
                  {d.missing.length ? <div>{t('missing')}: {d.missing.join(', ')}</div> : null}
                  {d.matched.length ? <div className="text-slate-500">{d.matched.join(' · ')}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
