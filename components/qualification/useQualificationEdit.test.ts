// A refetch that read the store before an edit must not bring the old answer back after the edit's
// own answer was shown (seen as "Undone: Budget" beside a budget still confirmed).
import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { QualificationView } from '../../utils/messaging/qualificationView';
import type { TabView } from '../../utils/messaging/views';
import { foldQualificationView } from './useQualificationEdit';

const viewWith = (status: string) => ({ entity: { name: 'María', qualification: { score: status === 'confirmed' ? 60 : 40, status } } }) as unknown as TabView;

describe('foldQualificationView', () => {
  it('keeps the edit’s answer when a refetch started before the edit lands after it', async () => {
    const client = new QueryClient();
    const key = ['tab-view', 7];
    client.setQueryData(key, viewWith('confirmed'));
    // a refetch in flight, answering with what the store held before the edit
    let answerStale!: () => void;
    const stale = client.fetchQuery({
      queryKey: key,
      queryFn: () => new Promise<TabView>((resolve) => (answerStale = () => resolve(viewWith('confirmed')))),
      staleTime: 0,
    });
    await Promise.resolve();
    await foldQualificationView(client, 7, { score: 40, status: 'unknown' } as unknown as QualificationView);
    answerStale();
    await stale.catch(() => undefined);
    const shown = client.getQueryData<TabView>(key) as unknown as { entity: { qualification: { status: string } } };
    expect(shown.entity.qualification.status).toBe('unknown');
  });

  it('leaves a tab with no record as it is', async () => {
    const client = new QueryClient();
    client.setQueryData(['tab-view', 3], { entity: undefined });
    await foldQualificationView(client, 3, { score: 1 } as unknown as QualificationView);
    expect(client.getQueryData(['tab-view', 3])).toEqual({ entity: undefined });
  });
});
