// The SDR before first outreach: is this person already in the CRM (whose, touched when, open
// deals), possibly a duplicate (whose, how sure, why), or new — and the same for their company.
import type { AccountMatch, EntityView, PersonMatch, TabView } from '../../utils/messaging/views';
import { JobChange } from './JobChange';
import { SyncState } from './SyncState';
import { useTranslator } from '../app/DealsideProvider';
import { Pill } from '../ui/primitives';
import { crmName } from '../../utils/crms/names';

const TONE = {
  'in-crm': 'border-emerald-400 bg-emerald-50 text-emerald-950',
  possible: 'border-amber-400 bg-amber-50 text-amber-950',
  new: 'border-sky-400 bg-sky-50 text-sky-950',
} as const;

function Touch({ owner, mine, at, openDeals }: { owner?: string; mine?: boolean; at?: string; openDeals: number }) {
  const { t, relativeTime } = useTranslator();
  const now = new Date();
  return (
    <span data-dealside="owner-line">
      {/* the current user's own record says so, whether or not a user record names them */}
      {mine ? t('ownedByYou') : owner ? t('ownedBy').replace('{owner}', owner) : t('noOwner')}
      {' · '}
      {at ? t('touched').replace('{when}', relativeTime(at, now)) : t('neverTouched')}
      {' · '}
      {openDeals === 1 ? t('oneOpenDeal') : t('nOpenDeals').replace('{n}', String(openDeals))}
    </span>
  );
}

/**
 * A connected CRM's own record page whose record has not reached Dealside's copy yet: it IS in that
 * CRM (it will come with the next sync), so "not in the CRM" would be wrong — and adding it, a
 * duplicate (see addOffer). The CRM's name, or undefined when this is not such a page.
 */
function unsyncedCrmOf(view: TabView, entity: EntityView): string | undefined {
  const site = view.ref?.site;
  if (entity.verdict !== 'new' || view.workspaceMode !== 'crm' || !site || site === 'linkedin' || !view.ref?.recordId) return undefined;
  return crmName(site);
}

function PersonVerdict({ entity, ownRecord, unsyncedCrm }: { entity: EntityView; ownRecord: boolean; unsyncedCrm?: string }) {
  const { t, locale } = useTranslator();
  const first: PersonMatch | undefined = entity.people[0];
  const verdict = entity.verdict;
  const title = unsyncedCrm
    ? t('verdictUnsynced').replace('{crm}', unsyncedCrm)
    : verdict === 'new'
      ? t('verdictNew')
      : verdict === 'possible'
        ? t('verdictPossible')
        : ownRecord
          ? undefined
          : t('verdictInCrm');
  return (
    <div data-dealside="verdict" data-verdict={verdict} className={`rounded-md border px-2 py-1.5 ${TONE[verdict]}`}>
      {title ? (
        <div className="flex items-baseline gap-2 font-semibold">
          <span>{title}</span>
          {first?.evidence && verdict === 'possible' ? <span className="text-[12px] font-normal">{Math.round(first.evidence.probability * 100)}%</span> : null}
        </div>
      ) : null}
      {first ? (
        <div className="text-[12px]">
          <span className="font-medium">
            {first.fullName !== entity.displayName ? `${first.fullName} · ` : ''}
            {t(first.kind)}
            {' · '}
          </span>
          <Touch owner={first.owner?.name} mine={first.mine} at={first.lastActivity?.at} openDeals={first.openDeals.length} />
          {verdict === 'possible' && first.evidence ? <div className="opacity-90">{first.evidence.reasons[locale]}</div> : null}
        </div>
      ) : (
        <div className="text-[12px]">{unsyncedCrm ? t('verdictUnsyncedHint') : t('verdictNewHint')}</div>
      )}
      {first ? <SyncState match={first} /> : null}
      {first?.ownedByOtherRecently ? (
        <div data-dealside="owner-warning" className="mt-1 text-[12px] font-semibold">
          ⚠ {t('coordinateWith').replace('{owner}', first.owner?.name ?? '—')}
        </div>
      ) : null}
    </div>
  );
}

/** The company: an account (a customer? whose? deals open?) or not in the CRM. */
export function CompanyVerdict({
  company,
  name,
  verdict,
  related = [],
}: {
  company?: AccountMatch;
  name?: string;
  verdict?: EntityView['verdict'];
  /** companies of the page's group the CRM holds (a parent, subsidiary or sister): told apart at once */
  related?: readonly AccountMatch[];
}) {
  const asMain = verdict !== undefined;
  const { t } = useTranslator();
  if (!company && !name) return null;
  const a = company?.account;
  const lifecycle = a ? t(`lifecycle.${a.lifecycle as 'prospect'}`) : undefined;
  return (
    <div
      data-dealside={asMain ? 'verdict' : 'company-verdict'}
      {...(verdict ? { 'data-verdict': verdict } : {})}
      className={`rounded-md border px-2 py-1.5 text-[12px] ${company ? 'border-slate-300 bg-white text-slate-900' : 'border-sky-300 bg-sky-50 text-sky-950'}`}
    >
      <div className="flex flex-wrap items-baseline gap-1">
        {asMain ? null : <span className="text-slate-700">{t('company')}:</span>}
        <span className="font-semibold">{a?.name ?? name}</span>
        {lifecycle ? <Pill tone={a!.lifecycle === 'customer' ? 'green' : 'blue'}>{lifecycle}</Pill> : <span>— {t('companyNotInCrm')}</span>}
        {a?.keyAccount ? <Pill tone="red">{t('keyAccount')}</Pill> : null}
      </div>
      {company ? <Touch owner={company.owner?.name} mine={company.mine} at={company.lastActivity?.at} openDeals={company.openDeals.length} /> : null}
      {related.map((r) => (
        <div key={r.account.id} data-dealside="related-company" className="mt-1 border-t border-sky-200 pt-1">
          <div className="flex flex-wrap items-baseline gap-1">
            {r.evidence?.relation ? <Pill tone="violet">{t(`relation.${r.evidence.relation}`)}</Pill> : null}
            <bdi className="font-semibold">{r.account.name}</bdi>
            <span>· {t(`lifecycle.${r.account.lifecycle as 'prospect'}`)}</span>
          </div>
          <Touch owner={r.owner?.name} mine={r.mine} at={r.lastActivity?.at} openDeals={r.openDeals.length} />
        </div>
      ))}
    </div>
  );
}

export function SdrHeader({ view, entity, ownRecord }: { view: TabView; entity: EntityView; ownRecord: boolean }) {
  if (entity.subject === 'company') {
    // the page's own account, if the CRM holds it; companies of its group are shown as such
    const company = entity.accounts.find((a) => a.evidence?.band !== 'related');
    const related = entity.accounts.filter((a) => a.evidence?.band === 'related').slice(0, 2);
    return <CompanyVerdict company={company} name={entity.displayName} verdict={entity.verdict} related={related} />;
  }
  return (
    <div className="space-y-1.5">
      <PersonVerdict entity={entity} ownRecord={ownRecord} unsyncedCrm={unsyncedCrmOf(view, entity)} />
      <JobChange view={view} entity={entity} />
      {entity.subject === 'person' ? <CompanyVerdict company={entity.company} name={entity.people[0]?.companyName ?? companyFromSubtitle(entity)} /> : null}
    </div>
  );
}

/** "Title · Company" from the page: the company part, when nothing in the CRM names it. */
function companyFromSubtitle(entity: EntityView): string | undefined {
  const parts = entity.subtitle?.split(' · ');
  return parts && parts.length > 1 ? parts[parts.length - 1] : undefined;
}
