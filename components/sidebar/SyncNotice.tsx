// A CRM that no longer accepts Dealside's token tells the rep where they work, not only in Options:
// what they change is still saved, what waits, and the one place to fix it.
import { browser } from 'wxt/browser';
import { useSyncStatus } from '../app/queries';
import { useTranslator } from '../app/DealsideProvider';
import { crmName } from '../../utils/crms/names';

export function SyncNotice() {
  const { t } = useTranslator();
  const status = useSyncStatus();
  const broken = status.data?.connections.filter((c) => c.status === 'reconnect-needed') ?? [];
  if (!broken.length) return null;
  return (
    <>
      {broken.map((c) => {
        const crm = crmName(c.system);
        const waiting = c.outbox.pending + c.outbox.held + c.outbox.failed;
        return (
          <div key={c.system} role="status" data-dealside="sync-notice" data-system={c.system} className="rounded-md border border-amber-300 bg-amber-50 px-2 py-1.5 text-amber-950">
            <div className="font-semibold">{t('syncNoticeTitle').replace('{crm}', crm)}</div>
            <p className="text-[12px]">
              {waiting > 0 ? t('syncNoticeWaiting').replace('{n}', String(waiting)).replace('{crm}', crm) : t('syncNoticeNothingWaiting').replace('{crm}', crm)}
            </p>
            <button
              type="button"
              data-dealside="sync-notice-open"
              className="mt-1 rounded bg-amber-800 px-2 py-0.5 text-[12px] text-white hover:bg-amber-900"
              onClick={() => void browser.runtime.openOptionsPage()}
            >
              {t('syncNoticeOpen')}
            </button>
          </div>
        );
      })}
    </>
  );
}
