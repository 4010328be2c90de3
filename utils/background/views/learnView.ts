// Options → "A score that learns": the team's closed deals (won and lost) read from the store,
// each with the agreement's features as it stood before it closed, then the fit and its
// out-of-sample figures (utils/domain/learning). Runs in the service worker; the page only shows.
import type { Db } from '../../store/db';
import { type ClosedDealSample, closedDealSample, ruleFeatures } from '../../domain/learning/features';
import { type LearnReport, learnFromClosedDeals } from '../../domain/learning/learn';
import type { QualifySettings } from '../../domain/qualify/qualifySettings';
import { gather, qualifySettingsOf } from './qualificationView';

const READS_IN_FLIGHT = 8;

/** Every closed deal in the store with its features at the close, in id order. */
export async function closedDealSamples(db: Db, settings: QualifySettings): Promise<ClosedDealSample[]> {
  const features = ruleFeatures(settings.scoringModel);
  const ids: string[] = [];
  let cursor = await db.transaction('deals').store.openCursor();
  while (cursor) {
    const stage = cursor.value.stage;
    if (stage === 'closed-won' || stage === 'closed-lost') ids.push(cursor.value.id);
    cursor = await cursor.continue();
  }
  const samples: ClosedDealSample[] = [];
  // a few deals' reads in flight at once: the browser's IndexedDB works off the worker's thread
  for (let i = 0; i < ids.length; i += READS_IN_FLIGHT) {
    const inputs = await Promise.all(ids.slice(i, i + READS_IN_FLIGHT).map((id) => gather(db, { entityType: 'deal', entityId: id })));
    for (const input of inputs) {
      if (!input?.deal) continue;
      const sample = closedDealSample({ entityType: 'deal', ...input }, settings, features);
      if (sample) samples.push(sample);
    }
  }
  return samples;
}

/** The fit of the agreement in force to the team's closed deals, and both models' figures. */
export async function learnView(db: Db): Promise<LearnReport> {
  const settings = await qualifySettingsOf(db);
  return learnFromClosedDeals(await closedDealSamples(db, settings), settings.scoringModel);
}
