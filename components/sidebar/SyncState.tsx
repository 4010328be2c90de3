// A record made in Dealside, on its way to the CRM: say where it stands, so nobody adds it twice
// and the SDR knows when it is really in the CRM.
import type { PersonMatch } from '../../utils/messaging/views';
import { useSyncStatus } from '../app/queries';
import { useTranslator } from '../app/DealsideProvider';
import { CRM_LABELS } from './ConflictsPanel';

export function SyncState({ match }: { match: PersonMatch }) {
  const { t } = useTranslator();
  const status = useSyncStatus();
  if (match.source !== 'local' || match.crmSystems?.length) return null;
  const connections = status.data?.connections ?? [];
  const crm = connections.map((c) => CRM_LABELS[c.system] ?? c.system).join(', ');
  return (
    <div data-dealside="sync-state" className="mt-0.5 text-[11px]">
      {connections.length ? t('savedOnItsWay').replace('{crm}', crm) : t('savedLocalOnly')}
    </div>
  );
}
