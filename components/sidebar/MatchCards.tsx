// One card per CRM record the page matched: who owns it, when it was last touched, open deals.
import type { AccountMatch, DealMatch, PersonMatch } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { Card, Field, Pill, SectionTitle } from '../ui/primitives';
import { DealList } from './DealList';
import { LastActivity } from './LastActivity';
import { NotSameButton } from './NotSameButton';
import { ArrNotConverted } from './ArrNotConverted';

/** Marks demo records mixed into a real workspace; in the demo workspace the header says it once. */
function DemoPill({ source, demoWorkspace }: { source: string; demoWorkspace?: boolean }) {
  const { t } = useTranslator();
  return source === 'demo' && !demoWorkspace ? <Pill tone="violet" data-dealside="demo-badge">{t('demoBadge')}</Pill> : null;
}

type CardOptions = {
  /** the page is this record's own CRM page: its name and title are in the header already */
  own?: boolean;
  /** what the header says under the name: the card repeats title and company only when they differ */
  headerSubtitle?: string;
  demoWorkspace?: boolean;
};

const OVERRULABLE = new Set(['match', 'name', 'name-company']);

export function PersonMatchCard({ match, now, pageKey, tabId, own, demoWorkspace, headerSubtitle }: { match: PersonMatch; now: Date; pageKey?: string; tabId?: number } & CardOptions) {
  const titleLine = [match.title, match.companyName].filter(Boolean).join(' · ');
  const { t, date, locale, relativeTime, percent } = useTranslator();
  return (
    <Card>
      {match.ownedByOtherRecently ? (
        <div data-dealside="owner-warning" className="mb-2 rounded bg-amber-50 px-2 py-1 text-[12px] font-medium text-amber-900">
          ⚠ {t('ownedByOther').replace('{owner}', match.owner?.name ?? '—').replace('{when}', match.lastActivity ? relativeTime(match.lastActivity.at, now) : '')}
        </div>
      ) : null}
      <div className="mb-2 flex flex-wrap items-center gap-1">
        <Pill tone={match.kind === 'lead' ? 'amber' : 'blue'}>{t(match.kind)}</Pill>
        {own ? null : <span className="font-semibold" data-dealside="match-name">{match.fullName}</span>}
        <DemoPill source={match.source} demoWorkspace={demoWorkspace} />
      </div>
      {titleLine && (!own || titleLine !== headerSubtitle) ? <div className="mb-1 text-slate-700" data-dealside="match-title">{titleLine}</div> : null}
      {match.account?.keyAccount ? <Pill tone="red">{t('keyAccount')}</Pill> : null}
      <Field label={t('owner')} data-dealside="owner">{match.owner?.name ?? t('noOwner')}</Field>
      <Field label={t('lastActivity')}>
        <LastActivity activity={match.lastActivity} now={now} />
      </Field>
      {match.email ? <Field label="E-mail">{match.email}</Field> : null}
      {match.account?.renewalDate ? <Field label={t('renewal')}>{date(match.account.renewalDate)}</Field> : null}
      <Field label={t('matchedBy')} data-dealside="matched-by">
        {t(`matched.${match.matchedBy}`)}
        {match.evidence ? ` · ${percent(match.evidence.probability)}` : ''}
      </Field>
      {match.evidence ? (
        <div data-dealside="match-reasons" className="text-[11px] text-slate-700">
          {match.evidence.reasons[locale]}
        </div>
      ) : null}
      <div className="mt-2">
        <SectionTitle>{t('openDeals')}</SectionTitle>
        <DealList deals={match.openDeals} />
      </div>
      {pageKey && tabId !== undefined && OVERRULABLE.has(match.matchedBy) ? <NotSameButton pageKey={pageKey} recordId={match.id} tabId={tabId} /> : null}
    </Card>
  );
}

export function AccountMatchCard({ match, now, own, demoWorkspace }: { match: AccountMatch; now: Date } & CardOptions) {
  const { t, date, money, locale } = useTranslator();
  const a = match.account;
  return (
    <Card>
      <div className="mb-2 flex flex-wrap items-center gap-1">
        {match.evidence?.band === 'related' && match.evidence.relation ? (
          // another company of the page's group: its parent, a subsidiary or a sister — never the same
          <Pill tone="violet" data-dealside="relation">
            {t(`relation.${match.evidence.relation}`)}
          </Pill>
        ) : null}
        <Pill tone="blue">{t(`lifecycle.${a.lifecycle as 'prospect'}`)}</Pill>
        {a.tier ? <Pill tone="slate">{a.tier.toUpperCase()}</Pill> : null}
        {a.keyAccount ? <Pill tone="red">{t('keyAccount')}</Pill> : null}
        {own ? null : <span className="font-semibold" data-dealside="match-name">{a.name}</span>}
        <DemoPill source={match.source} demoWorkspace={demoWorkspace} />
      </div>
      <Field label={t('owner')} data-dealside="owner">{match.owner?.name ?? t('noOwner')}</Field>
      <Field label={t('lastActivity')}>
        <LastActivity activity={match.lastActivity} now={now} />
      </Field>
      <Field label={t('contacts')}>{match.contactCount}</Field>
      {a.renewalDate ? <Field label={t('renewal')}>{date(a.renewalDate)}</Field> : null}
      {a.arr !== undefined && a.currency ? <Field label="ARR">{money(a.arr, a.currency)}</Field> : null}
      <ArrNotConverted value={a.arrNotConverted} />
      <Field label={t('matchedBy')} data-dealside="matched-by">{t(`matched.${match.matchedBy}`)}</Field>
      {match.evidence ? (
        // band 'related' (a parent, subsidiary or sister company of the page's: never the same
        // company) is told in the reasons' words; the attributes let the view style or group it
        <div className="text-[11px] text-slate-700" data-dealside="match-reasons" data-band={match.evidence.band} data-relation={match.evidence.relation}>
          {match.evidence.reasons[locale]}
        </div>
      ) : null}
      <div className="mt-2">
        <SectionTitle>{t('openDeals')}</SectionTitle>
        <DealList deals={match.openDeals} />
      </div>
    </Card>
  );
}

export function DealMatchCard({ match, now, demoWorkspace }: { match: DealMatch; now: Date } & CardOptions) {
  const { t } = useTranslator();
  return (
    <Card>
      <div className="mb-2 flex flex-wrap items-center gap-1">
        <Pill tone="blue">{t(`stage.${match.deal.stage}`)}</Pill>
        <DemoPill source={match.source} demoWorkspace={demoWorkspace} />
      </div>
      <DealList deals={[match.deal]} />
      {match.account ? <Field label={t('account')}>{match.account.name}</Field> : null}
      <Field label={t('owner')} data-dealside="owner">{match.deal.owner?.name ?? t('noOwner')}</Field>
      <Field label={t('lastActivity')}>
        <LastActivity activity={match.lastActivity} now={now} />
      </Field>
    </Card>
  );
}
