// CRM connections (issue #6): per CRM, its status and what to do about it, connect with a token
// (Salesforce also by signing in; Dynamics 365 and Zoho CRM only by signing in), disconnect (keeping or discarding what was not sent yet), sync
// now, last sync, progress, the API budget, the outbox (refused entries: retry / discard) and the
// mapping of BANT answers to CRM fields and of buying-committee roles to the CRM's values (roles
// sync). Updates live on event/sync-changed.
import { useOptionsTranslator } from '../../app/DealsideProvider';
import { useSyncStatus } from '../../app/queries';
import { Card } from '../../ui/primitives';
import { ConnectionCard } from './ConnectionCard';
import { SYSTEMS } from './systems';

export function ConnectionsSection() {
  const { t } = useOptionsTranslator();
  const status = useSyncStatus();
  return (
    <Card>
      <h2 className="mb-1 text-[15px] font-semibold">{t('connections')}</h2>
      <p className="mb-3 text-slate-600">{t('connectionsHint')}</p>
      {status.isPending ? <p>{t('loading')}</p> : null}
      {status.isError ? <p className="text-rose-700">{status.error.message}</p> : null}
      {status.data ? (
        <div className="space-y-3">
          {SYSTEMS.map((system) => (
            <ConnectionCard key={system} system={system} view={status.data.connections.find((c) => c.system === system)} />
          ))}
        </div>
      ) : null}
    </Card>
  );
}
