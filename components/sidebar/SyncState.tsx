// A record made in Dealside, on its way to the CRM: say where it stands, so nobody adds it twice
// and the SDR knows when it is really in the CRM — then say whose it is and link to it there.
import type { PersonMatch } from '../../utils/messaging/views';
import { useSyncStatus } from '../app/queries';
import { useTranslator } from '../app/DealsideProvider';
import { crmName } from '../../utils/crms/names';

export function SyncState({ match }: { match: PersonMatch }) {
  const { t } = useTranslator();
  const status = useSyncStatus();
  if (match.source !== 'local') return null;
  if (match.crmSystems?.length) {
    // The CRM accepted it: whose it is, and where it opens there.
    return (
      <div data-dealside="sync-state" data-state="in-crm" className="mt-0.5 flex flex-wrap items-baseline gap-x-2 text-[11px]">
        <span>{match.mine ? t('inTheCrmYours') : t('inTheCrmOf').replace('{owner}', match.owner?.name ?? '—')}</span>
        {(match.crmLinks ?? []).map((l) => (
          <a key={l.system} data-dealside="crm-link" data-system={l.system} href={l.url} target="_blank" rel="noopener noreferrer" className="font-semibold underline">
            {t('openInCrm').replace('{crm}', crmName(l.system))}
          </a>
        ))}
      </div>
    );
  }
  const connections = status.data?.connections ?? [];
  const crm = connections.map((c) => crmName(c.system)).join(', ');
  return (
    <div data-dealside="sync-state" data-state={connections.length ? 'on-its-way' : 'local'} className="mt-0.5 text-[11px]">
      {connections.length ? t('savedOnItsWay').replace('{crm}', crm) : t('savedLocalOnly')}
    </div>
  );
}
