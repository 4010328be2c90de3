// The account manager's panel on a customer account's page: health (score, band, trend and the
// signals behind it), the renewal (when, how far, what to do now) and the whitespace matrix (the
// account and its units × the catalogue, with the best bets as next actions).
import type { Account360View } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';
import { Card, Field, Pill, SectionTitle } from '../ui/primitives';
import { HealthTrend } from './HealthTrend';
import { WhitespaceMatrix } from './WhitespaceMatrix';
import { RetentionSummary } from './RetentionSummary';
import { ArrNotConverted } from './ArrNotConverted';

const BAND_TONE = { healthy: 'green', watch: 'amber', 'at-risk': 'red' } as const;
const PHASE_TONE = { overdue: 'red', now: 'red', prepare: 'amber', plan: 'blue', later: 'slate' } as const;

/** Health with every signal, the renewal and the whitespace, for the account manager's section. */
export function AccountDetails({ view }: { view: Account360View }) {
  return <AccountPanelBody view={view} bare />;
}

function AccountPanelBody({ view, bare }: { view: Account360View; bare?: boolean }) {
  const { t, date, locale, relativeDays } = useTranslator();
  const Wrapper = bare ? 'div' : Card;
  return (
    <Wrapper>
      <div data-dealside="account-360" data-account={view.accountId}>
        {view.health ? (
          <section data-dealside="account-health" data-band={view.health.band} className="mb-3">
            <div className="mb-1 flex items-center gap-2">
              <SectionTitle>{t('accountHealth')}</SectionTitle>
              <Pill tone={BAND_TONE[view.health.band]} data-dealside="health-band">
                {t(`healthBand.${view.health.band}`)}
              </Pill>
              <span className="ml-auto text-[18px] font-semibold tabular-nums" data-dealside="health-score" aria-label={t('accountHealthScore')}>
                {view.health.score}
              </span>
            </div>
            <div className="mb-1 text-[12px]">
              <HealthTrend trend={view.health.trend} withLine name="account-health-trend" />
            </div>
            <ul className="space-y-0.5 text-[12px]">
              {view.health.signals.map((s) => (
                <li key={s.key} data-dealside="health-signal" data-key={s.key} data-tone={s.tone} className={s.tone === 'risk' ? 'text-rose-800' : 'text-emerald-800'}>
                  <span aria-hidden="true">{s.tone === 'risk' ? '▼ ' : '▲ '}</span>
                  {s.text[locale]}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {view.renewal ? (
          <section data-dealside="account-renewal" data-phase={view.renewal.phase} className="mb-3">
            <div className="mb-1 flex items-center gap-2">
              <SectionTitle>{t('renewal')}</SectionTitle>
              <Pill tone={PHASE_TONE[view.renewal.phase]}>{t(`renewalPhase.${view.renewal.phase}`)}</Pill>
            </div>
            <Field label={t('renewalDate')}>
              {date(view.renewal.date)} ·{' '}
              {relativeDays(view.renewal.daysLeft)}
            </Field>
            {view.renewal.action ? (
              <p className="mt-1 rounded bg-amber-50 px-2 py-1 text-[12px] font-medium text-amber-900" data-dealside="renewal-action">
                → {view.renewal.action[locale]}
              </p>
            ) : null}
          </section>
        ) : null}
        {/* under the ARR it qualifies: in the retention line when there is one */}
        {view.retention ? null : <ArrNotConverted value={view.arrNotConverted} />}
        <RetentionSummary view={view} />
        <WhitespaceMatrix matrix={view.matrix} />
      </div>
    </Wrapper>
  );
}
