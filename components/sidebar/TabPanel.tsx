// What every sidebar surface shows for one browser tab.
import { useTabView } from '../app/queries';
import { useTranslator } from '../app/DealsideProvider';
import type { TabView } from '../../utils/messaging/views';
import { Card, Pill } from '../ui/primitives';
import { VerdictBanner } from './VerdictBanner';
import { AccountMatchCard, DealMatchCard, PersonMatchCard } from './MatchCards';
import { AccountPanel } from './AccountPanel';
import { QualificationSection } from '../qualification/QualificationSection';
import { ConflictsPanel } from './ConflictsPanel';
import { DuplicatesList } from './DuplicatesList';
import { SyncNotice } from './SyncNotice';

function Header({ view }: { view: TabView }) {
  const { t } = useTranslator();
  const entity = view.entity;
  // The entity's name is the h1; without one (a state notice) the wordmark is.
  const Brand = entity ? 'span' : 'h1';
  return (
    <header className="border-b border-slate-200 bg-white px-3 py-2">
      <div className="flex items-center justify-between gap-2">
        <Brand className="text-[11px] font-bold tracking-wider text-teal-700 uppercase">Dealside</Brand>
        {view.workspaceMode === 'demo' ? <Pill tone="violet" data-dealside="workspace-demo">{t('demoBadge')}</Pill> : null}
      </div>
      {entity ? (
        <>
          <h1 data-dealside="entity-name" className="mt-1 text-[17px] leading-tight font-semibold">
            {entity.displayName}
          </h1>
          {entity.subtitle ? <p className="text-slate-600" data-dealside="entity-subtitle">{entity.subtitle}</p> : null}
        </>
      ) : null}
    </header>
  );
}

function StateNotice({ view }: { view: TabView }) {
  const { t } = useTranslator();
  if (view.state === 'no-page') return <p data-dealside="state" data-state="no-page" className="p-3 text-slate-600">{t('stateNoPage')}</p>;
  if (view.state === 'reading') return <p data-dealside="state" data-state="reading" className="p-3 text-slate-600">{t('stateReading')}</p>;
  if (view.state === 'unavailable')
    return (
      <p data-dealside="state" data-state="unavailable" className="p-3 text-slate-600">
        {t(`unavailable.${view.snapshot?.unavailable ?? 'not-found'}`)}
      </p>
    );
  if (view.state === 'list') return <p data-dealside="state" data-state="list" className="p-3 text-slate-600">{t('stateList')}</p>;
  if (view.state === 'unreadable')
    return (
      <Card className="m-3" >
        <div data-dealside="state" data-state="unreadable" className="font-semibold text-amber-800">{t('stateUnreadable')}</div>
        <p className="text-slate-600">{t('stateUnreadableHint')}</p>
        {view.ref ? (
          <ul className="mt-1 text-[12px] text-slate-700">
            <li>{view.ref.site} · {view.ref.objectType} · {view.ref.kind}</li>
            {view.ref.recordId ? <li className="font-mono">{view.ref.recordId}</li> : null}
          </ul>
        ) : null}
      </Card>
    );
  return null;
}

export function TabPanel({ tabId }: { tabId: number | undefined }) {
  const { t } = useTranslator();
  const query = useTabView(tabId);
  const now = new Date();
  if (tabId === undefined || query.isPending) return <p className="p-3 text-slate-500">{t('loading')}</p>;
  if (query.isError)
    return (
      <Card className="m-3">
        <div className="font-semibold text-rose-700">{t('errorTitle')}</div>
        <p className="text-slate-600" data-dealside="error">{query.error.message}</p>
        <button className="mt-2 rounded bg-slate-800 px-2 py-1 text-white" onClick={() => void query.refetch()}>
          {t('retry')}
        </button>
      </Card>
    );
  const view = query.data;
  const entity = view.entity;
  return (
    <div data-dealside="tab-view" data-state={view.state}>
      <Header view={view} />
      {entity ? (
        <main className="space-y-2 p-3">
          <SyncNotice />
          <VerdictBanner verdict={entity.verdict} />
          <ConflictsPanel entity={entity} />
          {entity.people.map((m) => <PersonMatchCard key={m.id} match={m} now={now} pageKey={entity.pageKey} tabId={view.tabId} />)}
          {entity.duplicates.length ? <DuplicatesList duplicates={entity.duplicates} pageKey={entity.pageKey} tabId={view.tabId} now={now} /> : null}
          {entity.accounts.map((m) => <AccountMatchCard key={m.account.id} match={m} now={now} />)}
          {entity.account360 ? (
            <AccountPanel
              view={entity.account360}
              {...(entity.subject === 'person' ? { folded: { accountName: entity.people[0]?.account?.name ?? entity.people[0]?.companyName ?? '' } } : {})}
            />
          ) : null}
          {entity.deals.map((m) => <DealMatchCard key={m.deal.id} match={m} now={now} />)}
          {entity.qualification ? <QualificationSection q={entity.qualification} tabId={view.tabId} /> : null}
        </main>
      ) : (
        <main>
          <StateNotice view={view} />
        </main>
      )}
    </div>
  );
}
