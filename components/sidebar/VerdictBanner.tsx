// The SDR's first question: is this already in the CRM?
import type { Verdict } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';

const STYLE: Record<Verdict, string> = {
  'in-crm': 'border-emerald-300 bg-emerald-50 text-emerald-900',
  possible: 'border-amber-300 bg-amber-50 text-amber-900',
  new: 'border-sky-300 bg-sky-50 text-sky-900',
};

export function VerdictBanner({ verdict }: { verdict: Verdict }) {
  const { t } = useTranslator();
  const [title, hint] =
    verdict === 'in-crm'
      ? [t('verdictInCrm'), t('verdictInCrmHint')]
      : verdict === 'possible'
        ? [t('verdictPossible'), t('verdictPossibleHint')]
        : [t('verdictNew'), t('verdictNewHint')];
  return (
    <div data-dealside="verdict" data-verdict={verdict} className={`rounded-md border px-3 py-2 ${STYLE[verdict]}`}>
      <div className="font-semibold">{title}</div>
      <div className="text-[12px] opacity-80">{hint}</div>
    </div>
  );
}
