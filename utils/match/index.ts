// The duplicate matcher (pure): normalisers, a blocking index that updates incrementally and
// serialises, a weighted pair score with reasons in English and Spanish, and whole-list
// clustering for the CLI and the benchmark.
//
//   const index = createMatchIndex({ defaultCountry: 'ES' });
//   for (const p of people) index.add(fromPerson(p, accountsById.get(p.accountId)));
//   const matches = findDuplicates(index, pageRecord);          // best first, with band and reasons
//   renderReasons(matches[0].reasons, 'es');                     // "mismo e-mail · nombre parecido"
//   await save(index.serialize()); … restoreMatchIndex(saved)     // on service-worker wake
export {
  createMatchIndex,
  findDuplicates,
  restoreMatchIndex,
  FEATURES_VERSION,
  type FindOptions,
  type MatchIndex,
  type MatchIndexOptions,
  type MatchResult,
  type SerializedMatchIndex,
} from './match-index';
export { clusterAll, type ClusterOptions, type ClusterResult, type Link } from './cluster';
export { mergePairs } from './merge';
export { bandOf, matchProbability, scoreFeatures, RELATED_SCORE, type Band, type MatchStats, type PairScore, type Relation, type ScoreOptions } from './compare';
export { toFeatures, type Features } from './features';
export { fromAccount, fromPerson, type MatchKind, type MatchOptions, type MatchRecord } from './record';
export { renderReason, renderReasons, renderReasonsDetailed, type Lang, type Reason, type ReasonCode, type ReasonStyle } from './reasons';
export { DEFAULT_THRESHOLDS, PROBABILITY_MIDPOINT, WEIGHTS, type Thresholds } from './weights';
export {
  companyDomainKey,
  companyKey,
  companyTokens,
  domainKey,
  emailKey,
  emailMatchKey,
  emailParts,
  isFreeMailDomain,
  isRoleEmail,
  linkedinKey,
  nameKey,
  parsePersonName,
  phoneE164,
  phoneKey,
  repairMojibake,
  type PersonName,
} from '../text/normalize';
