import type { ActivitySummary } from '../../utils/messaging/views';
import { useTranslator } from '../app/DealsideProvider';

export function LastActivity({ activity, now }: { activity?: ActivitySummary; now: Date }) {
  const { t, relativeTime } = useTranslator();
  if (!activity) return <span data-dealside="last-activity">{t('noActivity')}</span>;
  return (
    <span data-dealside="last-activity" title={activity.subject}>
      {t(`activity.${activity.type}`)} · {relativeTime(activity.at, now)}
      {activity.ownerName ? ` · ${t('by')} ${activity.ownerName}` : ''}
    </span>
  );
}
