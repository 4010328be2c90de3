// ABM on a target account: its tier, its sales owner and its marketing owner, the marketing support
// that fits its sales stage, what moved since last week and what happens next — and the weekly
// 30-minute review, account by account: "Next account" (key R) shows the next of the user's target
// accounts here, whatever page is open, until "Back to this page's account".
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AbmViewData, ReviewEntryView } from '../../utils/messaging/views';
import { sendRequest } from '../../utils/messaging/client';
import { useTranslator } from '../app/DealsideProvider';
import { Card, Pill, SectionTitle } from '../ui/primitives';
import { HEALTH_TONE } from './AmHeader';

/** The one-line summary of the ABM section: tier and how much moved (the review's place is inside). */
export function abmSummary(abm: AbmViewData, t: (key: 'abmMovesSummary' | 'abmMovesSummaryOne' | 'abmQuiet') => string, tier: string | undefined): string {
  const moves = abm.moves.length === 0 ? t('abmQuiet') : abm.moves.length === 1 ? t('abmMovesSummaryOne') : t('abmMovesSummary').replace('{n}', String(abm.moves.length));
  // "Tier 1 · one-to-one" → "Tier 1": the summary is one line
  return [tier?.split(' · ')[0], moves].filter(Boolean).join(' · ');
}

/** The page's own target account, when there is one (absent: the review alone, e.g. the side panel on no record). */
type PageAccount = { abm: AbmViewData; accountId: string; accountName: string };

export function useReviewQueue() {
  return useQuery({ queryKey: ['abm-review'], queryFn: () => sendRequest({ type: 'abm/review' }), staleTime: 60_000 });
}

export function AbmPanel({ page }: { page?: PageAccount }) {
  const { t } = useTranslator();
  const accountId = page?.accountId;
  // the account being reviewed: the page's own, until "Next account" moves on
  const [shownId, setShownId] = useState(accountId);
  const queue = useReviewQueue();
  const other = useQuery({
    queryKey: ['abm-account', shownId],
    queryFn: () => sendRequest({ type: 'abm/account', accountId: shownId! }),
    enabled: shownId !== undefined && shownId !== accountId,
  });
  const entries = queue.data?.entries ?? [];
  const at = entries.findIndex((e) => e.accountId === shownId);
  const step = (delta: 1 | -1): ReviewEntryView | undefined =>
    entries.length === 0 ? undefined : at < 0 ? entries[delta > 0 ? 0 : entries.length - 1] : entries[(at + delta + entries.length) % entries.length];
  const next = step(1);
  const previous = step(-1);
  const go = (e: ReviewEntryView | undefined) => e && setShownId(e.accountId);
  const showingOther = shownId !== undefined && shownId !== accountId;
  const shown = showingOther ? other.data : page ? { accountId: page.accountId, name: page.accountName, abm: page.abm, health: undefined, keyAccount: undefined, lifecycle: '' } : undefined;
  // Without a page's account the sidebar's own keys are not mounted: R is answered here.
  useEffect(() => {
    if (page) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.toLowerCase() !== 'r') return;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)) return;
      const next = document.querySelector<HTMLButtonElement>('[data-dealside="review-next"]');
      if (!next) return;
      e.preventDefault();
      next.click();
      next.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [page]);
  return (
    <div data-dealside="abm" data-account={shownId ?? ''} className="space-y-2 text-[12px]">
      <nav aria-label={t('reviewTitle')} data-dealside="review-nav" className="rounded border border-slate-200 bg-slate-50 px-2 py-1">
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="font-semibold text-slate-800">{t('reviewTitle')}</span>
          <span className="text-slate-700" data-dealside="review-position">
            {at >= 0
              ? t('reviewPosition').replace('{i}', String(at + 1)).replace('{n}', String(entries.length))
              : !queue.isSuccess
                ? '…'
                : entries.length === 0
                  ? t('reviewEmpty')
                  : page
                    ? t('reviewNotInQueue')
                    : t('reviewCount').replace('{n}', String(entries.length))}
          </span>
        </div>
        {entries.length ? (
          <div className="mt-1 flex flex-wrap gap-1">
            {at >= 0 && entries.length > 1 ? (
              <button type="button" data-dealside="review-previous" onClick={() => go(previous)} className="rounded border border-slate-300 bg-white px-2 py-0.5 text-[11px]">
                ← {t('reviewPrevious')}
              </button>
            ) : null}
            {next && !(at >= 0 && entries.length === 1) ? (
              <button
                type="button"
                data-dealside="review-next"
                aria-keyshortcuts="R"
                onClick={() => go(next)}
                className="rounded bg-teal-700 px-2 py-0.5 text-[11px] text-white"
                title={next.name}
              >
                {at >= 0 ? t('reviewNext') : t('reviewStart')} <kbd className="font-mono">R</kbd> →
              </button>
            ) : null}
            {showingOther && page ? (
              <button type="button" data-dealside="review-back" onClick={() => setShownId(accountId)} className="rounded border border-slate-300 bg-white px-2 py-0.5 text-[11px]">
                {t('reviewBack')}
              </button>
            ) : null}
          </div>
        ) : null}
      </nav>
      {showingOther && page ? (
        <div role="status" className="text-[11px] text-slate-700">
          {t('reviewShowing')}
        </div>
      ) : null}
      {shownId === undefined ? null : shown ? (
        <AbmBody
          abm={shown.abm}
          {...(showingOther ? { heading: shown.name, health: shown.health, keyAccount: shown.keyAccount } : {})}
        />
      ) : other.isError ? (
        <p className="text-rose-800">{other.error.message}</p>
      ) : (
        <p className="text-slate-700">{t('loading')}</p>
      )}
    </div>
  );
}

/**
 * The weekly review where no target account is on screen (the side panel on another page): the
 * user's queue, started with R or the button, account by account. Nothing when they have none.
 */
export function WeeklyReview() {
  const { t } = useTranslator();
  const queue = useReviewQueue();
  if (!queue.data?.entries.length) return null;
  return (
    <Card className="m-3">
      <div data-dealside="weekly-review">
        <SectionTitle>{t('abmTitle')}</SectionTitle>
        <AbmPanel />
      </div>
    </Card>
  );
}

function AbmBody({ abm, heading, health, keyAccount }: { abm: AbmViewData; heading?: string; health?: { score: number; band: 'healthy' | 'watch' | 'at-risk' } | undefined; keyAccount?: boolean | undefined }) {
  const { t, locale } = useTranslator();
  return (
    <div className="space-y-2" data-dealside="abm-body">
      {heading ? (
        <div className="flex flex-wrap items-center gap-1.5">
          <h3 className="m-0 text-[14px] font-semibold" data-dealside="review-account-name">
            {heading}
          </h3>
          {health ? <Pill tone={HEALTH_TONE[health.band]}>{`${t(`healthBand.${health.band}`)} ${health.score}`}</Pill> : null}
          {keyAccount ? <Pill tone="violet">{t('keyAccountPill')}</Pill> : null}
        </div>
      ) : null}
      <div>
        {abm.tierLabel ? (
          <Pill tone="blue" data-dealside="abm-tier">
            {abm.tierLabel[locale]}
          </Pill>
        ) : null}
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5">
          <dt className="text-slate-700">{t('abmSalesOwner')}</dt>
          <dd className="m-0 font-medium" data-dealside="abm-sales-owner">
            {abm.salesOwner?.name ?? <span className="text-rose-800">{t('abmNone')}</span>}
          </dd>
          <dt className="text-slate-700">{t('abmMarketingOwner')}</dt>
          <dd className="m-0 font-medium" data-dealside="abm-marketing-owner">
            {abm.marketingOwner?.name ?? <span className="text-rose-800">{t('abmNone')}</span>}
          </dd>
        </dl>
        {abm.ownerGaps.map((g) => (
          <p key={g.en} className="m-0 mt-0.5 rounded bg-amber-50 px-2 py-0.5 text-amber-950" data-dealside="abm-owner-gap">
            {g[locale]}
          </p>
        ))}
      </div>
      <section data-dealside="abm-moves" data-count={abm.moves.length}>
        <SectionTitle>{t('abmMovedTitle')}</SectionTitle>
        {abm.moves.length ? (
          <ul className="space-y-0.5">
            {abm.moves.map((m, i) => (
              <li key={`${m.kind}:${i}`} data-dealside="abm-move" data-kind={m.kind} data-tone={m.tone} className={m.tone === 'risk' ? 'text-rose-800' : 'text-emerald-800'}>
                <span aria-hidden="true">{m.tone === 'risk' ? '▼ ' : '▲ '}</span>
                {m.text[locale]}
              </li>
            ))}
          </ul>
        ) : (
          <p className="m-0 text-slate-700">{t('abmNothingMoved')}</p>
        )}
        <p className="m-0 mt-1 rounded bg-amber-50 px-2 py-1 font-medium text-amber-950" data-dealside="abm-next">
          → {abm.next[locale]}
        </p>
      </section>
      <section data-dealside="abm-support" data-phase={abm.phase}>
        <SectionTitle>{t('abmSupportTitle')}</SectionTitle>
        <p className="m-0 font-medium text-slate-900">{abm.support.title[locale]}</p>
        <p className="m-0 text-[11px] text-slate-700">
          {abm.phaseDeal
            ? t('abmSupportFrom').replace('{deal}', abm.phaseDeal.name).replace('{stage}', t(`stage.${abm.phaseDeal.stage}`).toLowerCase())
            : t('abmSupportNoDeal')}
        </p>
        <ul className="m-0 list-disc space-y-0.5 pl-4">
          {abm.support.items.map((s) => (
            <li key={s.en}>{s[locale]}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
