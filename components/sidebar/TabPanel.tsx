// What every sidebar surface (in-page sidebar, side panel) shows for one browser tab: a header
// that answers the person's question for this kind of page first (DESIGN.md's three moments), then
// sections that fold to one line each.
import { startTransition, useEffect, useRef, useState } from 'react';
import { sayTabShown, useTabView } from '../app/queries';
import { useRefuseWhileHidden, useVisibleAsDrawn } from '../app/useVisibleAsDrawn';
import { useTranslator } from '../app/DealsideProvider';
import type { EntityView, TabView } from '../../utils/messaging/views';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import { Card, Pill } from '../ui/primitives';
import { Fold, FoldLine, FoldsProvider, useFoldsRead } from '../ui/Fold';
import { AccountMatchCard, DealMatchCard, PersonMatchCard } from './MatchCards';
import { AccountDetails } from './AccountPanel';
import { ConflictsPanel } from './ConflictsPanel';
import { DuplicatesList } from './DuplicatesList';
import { SyncNotice } from './SyncNotice';
import { CrmDeletedNotice } from './CrmDeletedNotice';
import { DealList } from './DealList';
import { RepHeader } from './RepHeader';
import { SdrHeader } from './SdrHeader';
import { AmHeader } from './AmHeader';
import { ShortcutSheet } from './ShortcutSheet';
import { KeyAccountPanel } from './KeyAccountPanel';
import { AbmPanel, WeeklyReview, abmSummary } from './AbmPanel';
import { AddToCrm } from './AddToCrm';
import { AddCompanyToCrm } from './AddCompanyToCrm';
import { LogTouch } from './LogTouch';
import { addOffer, chooseMoment, isOwnCrmRecord, type Moment } from './moment';
import { keyCommand } from './keys';
import type { ElementId } from '../../utils/domain/qualification/frameworks';
import { NextActions, useShownActions } from '../qualification/NextActions';
import { ScoreBreakdown } from '../qualification/ScoreBreakdown';
import { CommitteeMap } from '../qualification/CommitteeMap';
import { ObjectionForm } from '../qualification/ObjectionForm';
import { useBant, type BantController } from '../qualification/useBant';

function Brand({ view, onShortcuts, heading }: { view: TabView; onShortcuts?: () => void; heading?: boolean }) {
  const { t } = useTranslator();
  // The entity's name is the h1; without one (a state notice) the wordmark is.
  const Wordmark = heading ? 'h1' : 'span';
  return (
    <div className="flex items-center gap-2">
      <Wordmark data-dealside="brand" className="m-0 text-[11px] font-bold tracking-wider text-teal-800 uppercase">Dealside</Wordmark>
      {view.workspaceMode === 'demo' ? (
        <Pill tone="violet" data-dealside="workspace-demo">
          {t('demoBadge')}
        </Pill>
      ) : null}
      {onShortcuts ? (
        <button type="button" data-dealside="shortcuts-open" onClick={onShortcuts} aria-keyshortcuts="?" className="ml-auto rounded border border-slate-300 px-1.5 text-[11px] text-slate-700">
          {t('shortcutsButton')} <kbd className="font-mono">?</kbd>
        </button>
      ) : null}
    </div>
  );
}

function StateNotice({ view }: { view: TabView }) {
  const { t } = useTranslator();
  if (view.state === 'no-page') return <p data-dealside="state" data-state="no-page" className="p-3 text-slate-700">{t('stateNoPage')}</p>;
  if (view.state === 'reading') return <p data-dealside="state" data-state="reading" className="p-3 text-slate-700">{t('stateReading')}</p>;
  if (view.state === 'unavailable')
    return (
      <p data-dealside="state" data-state="unavailable" className="p-3 text-slate-700">
        {t(`unavailable.${view.snapshot?.unavailable ?? 'not-found'}`)}
      </p>
    );
  if (view.state === 'list') return <p data-dealside="state" data-state="list" className="p-3 text-slate-700">{t('stateList')}</p>;
  if (view.state === 'unreadable')
    return (
      <Card className="m-3">
        <div data-dealside="state" data-state="unreadable" className="font-semibold text-amber-900">{t('stateUnreadable')}</div>
        <p className="text-slate-700">{t('stateUnreadableHint')}</p>
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

/**
 * Runs `go` once, after the next paint: an animation frame runs just before a paint, so a timeout
 * set in it runs after that paint; a frame the browser does not draw gets no animation frames,
 * hence the fallback. Returns the cancel (an effect's cleanup).
 */
function afterNextPaint(go: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    go();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const raf = requestAnimationFrame(() => (timer = setTimeout(once, 0)));
  const fallback = setTimeout(once, 200);
  return () => {
    done = true;
    cancelAnimationFrame(raf);
    clearTimeout(timer);
    clearTimeout(fallback);
  };
}

/**
 * False until the first record's header has been painted, then true for good: the first commit
 * holds the header alone (the name and the moment's answer paint at once), the sections come in
 * the next one.
 */
function useAfterFirstPaint(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    return afterNextPaint(() => startTransition(() => setAfter(true)));
  }, [ready, after]);
  return after;
}

/**
 * Once the sections, drawn after the header, have been painted too, tells the worker the view is
 * shown — once per panel: later views come from a worker that has its match index already, or
 * stopped waiting.
 */
function useSayShown(tabId: number | undefined, sectionsDrawn: boolean): void {
  const said = useRef(false);
  useEffect(() => {
    if (tabId === undefined || !sectionsDrawn || said.current) return;
    return afterNextPaint(() => {
      said.current = true;
      sayTabShown(tabId);
    });
  }, [tabId, sectionsDrawn]);
}

export function TabPanel({ tabId }: { tabId: number | undefined }) {
  const { t } = useTranslator();
  const query = useTabView(tabId);
  // Framed by a CRM page: act only while the browser says the sidebar is visible as drawn.
  const visible = useVisibleAsDrawn();
  useRefuseWhileHidden(visible);
  const painted = useAfterFirstPaint(!!query.data?.entity);
  useSayShown(tabId, painted);
  if (tabId === undefined || query.isPending) return <p className="p-3 text-slate-700">{t('loading')}</p>;
  if (query.isError)
    return (
      <Card className="m-3">
        <div className="font-semibold text-rose-800">{t('errorTitle')}</div>
        <p className="text-slate-700" data-dealside="error">{query.error.message}</p>
        <button type="button" className="mt-2 rounded bg-slate-800 px-2 py-1 text-white" onClick={() => void query.refetch()}>
          {t('retry')}
        </button>
      </Card>
    );
  const view = query.data;
  const entity = view.entity;
  if (!entity)
    return (
      <div data-dealside="tab-view" data-state={view.state}>
        <header className="border-b border-slate-200 bg-white px-3 py-2">
          <Brand view={view} heading />
        </header>
        <main>
          <StateNotice view={view} />
          {view.state === 'no-page' || view.state === 'list' ? <WeeklyReview /> : null}
        </main>
      </div>
    );
  return (
    <FoldsProvider>
      {visible !== false ? null : (
        <p data-dealside="paused" role="status" className="fixed inset-x-2 bottom-2 z-50 rounded border border-amber-300 bg-amber-50 px-2 py-1 text-xs text-amber-900 shadow">
          {t('pausedHidden')}
        </p>
      )}
      {entity.qualification ? (
        <QualifiedPanel key={entity.qualification.entityId} view={view} entity={entity} q={entity.qualification} painted={painted} />
      ) : (
        <EntityPanel view={view} entity={entity} painted={painted} />
      )}
    </FoldsProvider>
  );
}

function QualifiedPanel({ view, entity, q, painted }: { view: TabView; entity: EntityView; q: QualificationView; painted: boolean }) {
  const bant = useBant(q, view.tabId);
  return <EntityPanel view={view} entity={entity} bant={bant} painted={painted} />;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Single keys anywhere in the sidebar, except while typing in a field (keys.ts has the map). */
function useSidebarKeys(bant: BantController | undefined, sheet: { open: boolean; set: (open: boolean) => void }, reviewing: boolean) {
  const { locale } = useTranslator();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      // Enter (and Space) on a focused button, link or summary is that control's own.
      if ((e.key === 'Enter' || e.key === ' ') && (e.target as HTMLElement | null)?.closest?.('button, a, summary')) return;
      const fw = bant?.q.framework;
      const command = keyCommand(e.key, {
        qualifying: !!bant,
        editing: bant?.editing ?? bant?.editingElement,
        sheetOpen: sheet.open,
        reviewing,
        ...(fw && fw.id !== 'bant'
          ? { framework: { elements: fw.elements, locale }, nextAnswers: document.querySelectorAll('[data-dealside="next-option"]').length }
          : {}),
      });
      // Back to the page is ReturnFocusOnEscape's (the in-page sidebar's), which sees this Escape next.
      if (!command || command.kind === 'to-page') return;
      e.preventDefault();
      switch (command.kind) {
        case 'open-letter':
          // Focus stays where it is: Enter then types the evidence (on a focused tile it would close it).
          bant?.open(command.letter);
          break;
        case 'open-element':
          bant?.openElement(command.element as ElementId);
          break;
        case 'status': {
          const status = (['unknown', 'partial', 'confirmed', 'negative'] as const)[command.index]!;
          if (bant?.editing) bant.save({ letter: bant.editing, status });
          else if (bant?.editingElement) bant.saveElement({ element: bant.editingElement, status });
          break;
        }
        case 'next-option':
          document.querySelectorAll<HTMLButtonElement>('[data-dealside="next-option"]')[command.index]?.click();
          break;
        case 'option':
          document.querySelectorAll<HTMLButtonElement>('[data-dealside="bant-option"]')[Number(command.key) - 5]?.click();
          break;
        case 'note':
          document.querySelector<HTMLTextAreaElement>('[data-dealside="bant-note"]')?.focus();
          break;
        case 'close-editor':
          bant?.close();
          break;
        case 'close-sheet':
          sheet.set(false);
          break;
        case 'toggle-sheet':
          sheet.set(!sheet.open);
          break;
        case 'undo':
          bant?.undo();
          break;
        case 'next-account': {
          // the ABM section opens if folded, then its review moves on; focus follows, so Enter repeats it
          const section = document.querySelector<HTMLElement>('[data-dealside="section"][data-section="abm"]');
          if (section?.dataset.open === 'false') section.querySelector<HTMLElement>('[data-dealside="section-toggle"]')?.click();
          const next = document.querySelector<HTMLButtonElement>('[data-dealside="review-next"]');
          next?.click();
          next?.focus();
          section?.scrollIntoView({ block: 'start' });
          break;
        }
        case 'section': {
          const toggles = [...document.querySelectorAll<HTMLElement>('[data-dealside="section-toggle"]')];
          const at = toggles.indexOf(document.activeElement as HTMLElement);
          const next = toggles[at < 0 ? (command.step > 0 ? 0 : toggles.length - 1) : (at + command.step + toggles.length) % toggles.length];
          next?.focus();
          next?.scrollIntoView({ block: 'nearest' });
          break;
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
}

/**
 * The header stays on top while the sections scroll under it: anything scrolled into view (a
 * focused section, a clicked control) must land below it, not behind it.
 */
function useScrollPaddingBelow(header: React.RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = header.current;
    if (!el) return;
    const root = document.documentElement;
    const apply = () => (root.style.scrollPaddingTop = `${Math.ceil(el.getBoundingClientRect().height) + 8}px`);
    apply();
    const observer = new ResizeObserver(apply);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.scrollPaddingTop = '';
    };
  }, [header]);
}

function EntityPanel({ view, entity, bant, painted }: { view: TabView; entity: EntityView; bant?: BantController; painted: boolean }) {
  const [sheetOpen, setSheetOpen] = useState(false);
  // The sections come once the header has painted and the user's folds are read (so none shows
  // open, then folds); `data-dealside="sections"` is there only then (waitForSidebarSettled).
  const foldsRead = useFoldsRead();
  const sectionsIn = painted && foldsRead;
  const headerRef = useRef<HTMLElement>(null);
  useScrollPaddingBelow(headerRef);
  useSidebarKeys(bant, { open: sheetOpen, set: setSheetOpen }, !!entity.abm);
  const moment = chooseMoment({ ref: view.ref, entity });
  const own = isOwnCrmRecord({ ref: view.ref, entity });
  const q = entity.qualification;
  return (
    <div data-dealside="tab-view" data-state={view.state} data-moment={moment} data-pending={entity.duplicatesPending ? 'duplicates' : undefined}>
      <header ref={headerRef} data-dealside="moment-header" data-moment={moment} className="sticky top-0 z-10 border-b border-slate-200 bg-white px-3 py-2 shadow-sm">
        <Brand view={view} onShortcuts={() => setSheetOpen((o) => !o)} />
        {/* elementtiming: when the name is first painted (Element Timing; npm run bench reads it) */}
        <h1 data-dealside="entity-name" {...{ elementtiming: 'dealside-record-name' }} className="mt-0.5 text-[17px] leading-tight font-semibold">
          {entity.displayName}
        </h1>
        {entity.subtitle ? (
          <p className="mb-1.5 text-[12px] text-slate-700" data-dealside="entity-subtitle">
            {entity.subtitle}
          </p>
        ) : (
          <div className="mb-1.5" />
        )}
        <MomentBody moment={moment} view={view} entity={entity} own={own} bant={bant} />
        <HeaderActions moment={moment} view={view} entity={entity} q={entity.qualification} />
      </header>
      {sectionsIn ? (
        <main data-dealside="sections" className="space-y-2 p-3">
          {sheetOpen ? <ShortcutSheet onClose={() => setSheetOpen(false)} framework={bant?.q.framework} /> : null}
          <SyncNotice />
          {/* A record deleted in its CRM while it held the rep's work: say so before anything else. */}
          {entity.people.map((m) => (
            <CrmDeletedNotice key={m.id} deleted={m.crmDeleted} entity="person" localId={m.id} />
          ))}
          {entity.accounts.map((m) => (
            <CrmDeletedNotice key={m.account.id} deleted={m.crmDeleted} entity="account" localId={m.account.id} />
          ))}
          {entity.deals.map((m) => (
            <CrmDeletedNotice key={m.deal.id} deleted={m.crmDeleted} entity="deal" localId={m.deal.id} />
          ))}
          <ConflictsPanel entity={entity} />
          <Sections moment={moment} view={view} entity={entity} own={own} bant={bant} q={q} />
        </main>
      ) : null}
    </div>
  );
}

function MomentBody({ moment, view, entity, own, bant }: { moment: Moment; view: TabView; entity: EntityView; own: boolean; bant?: BantController }) {
  if (moment === 'rep' && bant) return <RepHeader q={bant.q} bant={bant} showSubject={entity.subject !== 'deal'} />;
  if (moment === 'am' && entity.account360) return <AmHeader view={entity.account360} />;
  return <SdrHeader view={view} entity={entity} ownRecord={own} />;
}

/** What to do next, one click away: add someone new to the CRM, or log the touch just made. */
function HeaderActions({ moment, view, entity, q }: { moment: Moment; view: TabView; entity: EntityView; q?: QualificationView }) {
  const person = entity.people[0];
  const deal = entity.deals[0];
  const account = entity.accounts[0];
  const offer = addOffer({ ...view, entity }, moment);
  const canAdd = offer === 'person';
  // a company page (LinkedIn's, mostly) of a company the CRM does not hold
  const canAddCompany = offer === 'company';
  const target = {
    ...(person ? { personId: person.id } : {}),
    ...(deal ? { dealId: deal.deal.id } : q?.entityType === 'deal' ? { dealId: q.entityId } : {}),
    ...(account ? { accountId: account.account.id } : {}),
  };
  const canLog = entity.verdict === 'in-crm' && Object.keys(target).length > 0;
  if (!canAdd && !canAddCompany && !canLog) return null;
  return (
    <div className="mt-1.5 flex flex-wrap items-center gap-1.5" data-dealside="header-actions">
      {canAdd ? <AddToCrm view={view} entity={entity} /> : null}
      {canAddCompany ? <AddCompanyToCrm view={view} entity={entity} /> : null}
      {canLog ? <LogTouch target={target} {...(q ? { q } : {})} /> : null}
    </div>
  );
}

/**
 * True once what was pending for this page (`key`) has arrived: it was pending in an earlier
 * render of the same page. (State derived during render, React's pattern for it.)
 */
function useArrivedLate(pending: boolean, key: string): boolean {
  const [seen, setSeen] = useState<{ key: string; pending: boolean }>({ key, pending });
  if (seen.key !== key || (pending && !seen.pending)) setSeen({ key, pending: seen.key === key ? seen.pending || pending : pending });
  return seen.key === key && seen.pending && !pending;
}

function Sections({ moment, view, entity, own, bant, q }: { moment: Moment; view: TabView; entity: EntityView; own: boolean; bant?: BantController; q?: QualificationView }) {
  const { t, locale, date, money, moneyShort, percent, relativeTime } = useTranslator();
  const now = new Date();
  const demoWorkspace = view.workspaceMode === 'demo';
  const first = entity.people[0];
  const account = entity.accounts[0];
  const openDeals = first?.openDeals ?? account?.openDeals ?? entity.company?.openDeals ?? [];
  const dealsTotal = openDeals.reduce((sum, d) => sum + (d.amount ?? 0), 0);
  const recordOwner = first?.owner?.name ?? account?.owner?.name ?? entity.deals[0]?.deal.owner?.name;
  const recordTouch = first?.lastActivity?.at ?? account?.lastActivity?.at ?? entity.deals[0]?.lastActivity?.at;
  const hasRecord = entity.people.length + entity.accounts.length + entity.deals.length > 0;
  const a360 = entity.account360;
  const duplicatesLate = useArrivedLate(entity.duplicatesPending === true, entity.pageKey ?? entity.displayName);
  const shownActions = useShownActions(q);
  // the folded line names the card shown first (the cards keep their places while the page is looked at)
  const firstAction = q?.actions.find((a) => a.key === shownActions.order[0]) ?? q?.actions[0];

  const actions = q ? (
    <Fold
      key="actions"
      id="actions"
      title={t('nextActions')}
      defaultOpen={moment === 'rep'}
      summary={firstAction ? `${firstAction.title[locale]}${q.actions.length > 1 ? ` · +${q.actions.length - 1}` : ''}` : t('noActions')}
    >
      <NextActions q={q} tabId={view.tabId} pageName={entity.displayName} list={shownActions} />
    </Fold>
  ) : null;
  // Outside the rep's moment the BANT strip is not in the header: it lives in its own section.
  const qualification =
    q && bant && moment !== 'rep' ? (
      <Fold key="bant" id="bant" title="BANT" defaultOpen={false} summary={`${q.entityName} · ${t('score')} ${q.score.score}`}>
        <RepHeader q={q} bant={bant} showSubject inHeader={false} />
      </Fold>
    ) : null;
  const score = q ? (
    <Fold key="score" id="score" title={t('scoreWhy')} summary={`${q.score.score} · ${q.stage.reason[locale]}`}>
      <ScoreBreakdown q={q} />
    </Fold>
  ) : null;
  const committee = q ? (
    <Fold
      key="committee"
      id="committee"
      title={t('buyingCommittee')}
      summary={
        <span data-dealside="committee-coverage">
          {t('rolesCoveredOf').replace('{filled}', String(q.committee.filled)).replace('{required}', String(q.committee.required))}
          {q.committee.gaps.length ? ` · ${t('rolesMissing').replace('{n}', String(q.committee.gaps.length))}` : ''}
        </span>
      }
    >
      <CommitteeMap q={q} tabId={view.tabId} />
    </Fold>
  ) : null;
  const objection = q ? (
    <Fold key="objection" id="objection" title={t('logObjection')}>
      <ObjectionForm q={q} tabId={view.tabId} />
    </Fold>
  ) : null;
  // Look-alikes found after the view was drawn (a woken worker restores its match index after
  // answering) arrive folded, in a box the height of the "looking" line, and "none" keeps that
  // line: nothing below moves under the rep's pointer as they come in.
  const duplicates = entity.duplicatesPending ? (
    <FoldLine key="duplicates" id="duplicates" title={t('possibleDuplicatesShort')} status={t('duplicatesPending')} pending />
  ) : entity.duplicates.length ? (
    <Fold
      key="duplicates"
      id="duplicates"
      tone="warn"
      defaultOpen={!duplicatesLate}
      late={duplicatesLate}
      title={t('possibleDuplicatesShort')}
      summary={entity.duplicates.map((d) => `${d.fullName} (${d.owner?.name ?? t('noOwner')})`).join(' · ')}
    >
      <DuplicatesList duplicates={entity.duplicates} pageKey={entity.pageKey} tabId={view.tabId} now={now} />
    </Fold>
  ) : duplicatesLate ? (
    <FoldLine key="duplicates" id="duplicates" title={t('possibleDuplicatesShort')} status={t('duplicatesNoneFound')} />
  ) : null;
  const record = hasRecord ? (
    <Fold
      key="record"
      id="record"
      title={t('crmRecord')}
      summary={[recordOwner ? t('ownedBy').replace('{owner}', recordOwner) : t('noOwner'), recordTouch ? t('touched').replace('{when}', relativeTime(recordTouch, now)) : undefined].filter(Boolean).join(' · ')}
    >
      <div className="space-y-2">
        {entity.people.map((m, i) => (
          <PersonMatchCard
            key={m.id}
            match={m}
            now={now}
            pageKey={entity.pageKey}
            tabId={view.tabId}
            own={own && i === 0}
            demoWorkspace={demoWorkspace}
            {...(entity.subtitle ? { headerSubtitle: entity.subtitle } : {})}
          />
        ))}
        {entity.accounts.map((m, i) => (
          <AccountMatchCard key={m.account.id} match={m} now={now} own={own && i === 0} demoWorkspace={demoWorkspace} />
        ))}
        {entity.deals.map((m) => (
          <DealMatchCard key={m.deal.id} match={m} now={now} demoWorkspace={demoWorkspace} />
        ))}
      </div>
    </Fold>
  ) : null;
  const deals =
    openDeals.length && entity.subject !== 'deal' ? (
      <Fold
        key="deals"
        id="deals"
        title={t('openDeals')}
        summary={`${openDeals.length}${dealsTotal ? ` · ${money(dealsTotal, openDeals[0]!.currency)}` : ''}`}
      >
        <DealList deals={openDeals} />
      </Fold>
    ) : null;
  const accountSection = a360 ? (
    <Fold
      key="account"
      id="account"
      title={t('customerAccount')}
      defaultOpen={moment === 'am'}
      summary={[
        entity.subject !== 'company' ? (entity.company?.account.name ?? first?.account?.name) : undefined,
        a360.health ? `${t(`healthBand.${a360.health.band}`)} ${a360.health.score}` : undefined,
        a360.renewal ? `${t('renewal')} ${date(a360.renewal.date)}` : undefined,
      ]
        .filter(Boolean)
        .join(' · ')}
    >
      <AccountDetails view={a360} />
    </Fold>
  ) : null;

  const key = a360?.keyAccount;
  const keyAccountSection = key ? (
    <Fold
      key="key-account"
      id="key-account"
      title={t('keyAccountTitle')}
      defaultOpen={moment === 'am' && key.key}
      summary={
        key.key
          ? [key.plan ? t('keyPlanSummary').replace('{done}', String(key.plan.done)).replace('{total}', String(key.plan.total)) : undefined, `ACV ${moneyShort(key.acv, key.currency)}`, percent(key.share, 1)]
              .filter(Boolean)
              .join(' · ')
          : `${t('keyAccountNot')} · ${percent(key.share, 1)}`
      }
    >
      <KeyAccountPanel view={key} accountId={a360.accountId} tabId={view.tabId} />
    </Fold>
  ) : null;
  const abm = entity.abm;
  const abmSection = abm ? (
    <Fold key="abm" id="abm" title={t('abmTitle')} defaultOpen={moment === 'am'} summary={abmSummary(abm, t, abm.tierLabel?.[locale])}>
      <AbmPanel key={abm.accountId} page={{ abm, accountId: abm.accountId, accountName: abm.accountName }} />
    </Fold>
  ) : null;

  const order =
    moment === 'rep'
      ? [duplicates, actions, score, committee, accountSection, keyAccountSection, abmSection, deals, record, objection]
      : moment === 'am'
        ? [duplicates, keyAccountSection, accountSection, abmSection, deals, record, qualification, actions, committee, score, objection]
        : [duplicates, record, deals, accountSection, keyAccountSection, abmSection, qualification, actions, committee, score, objection];
  return <>{order.filter(Boolean)}</>;
}
