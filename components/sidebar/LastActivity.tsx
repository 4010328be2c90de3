import type { ActivitySummary } from '../../utils/messaging/views';
import { crmName } from '../../utils/crms/names';
import { useTranslator } from '../app/DealsideProvider';

export function LastActivity({ activity, now }: { activity?: ActivitySummary; now: Date }) {
  const { t, relativeTime } = useTranslator();
  if (!activity) return <span data-dealside="last-activity">{t('noActivity')}</span>;
  // a touch made in the CRM, of which the CRM tells only when
  const what = activity.type ? t(`activity.${activity.type}`) : t('activityInCrm').replace('{crm}', activity.inCrm ? crmName(activity.inCrm) : 'CRM');
  return (
    <span data-dealside="last-activity" title={activity.subject}>
      {what} · {relativeTime(activity.at, now)}
      {activity.ownerName ? ` · ${t('by')} ${activity.ownerName}` : ''}
    </span>
  );
}
