import { describe, expect, it } from 'vitest';
import { generateCrmContacts } from '../../bench/match/crm-generator';
import { generateTrapContacts } from '../../bench/match/traps';
import { QueryCache, scoreFeatures, scoreUpperBound } from './compare';
import { toFeatures } from './features';
import { createMatchIndex, findDuplicates } from './match-index';
import { DEFAULT_THRESHOLDS } from './weights';

// Contacts with what makes names and companies hard (nicknames, swapped and married names,
// compound surnames, namesakes, father and son, job changes), indexed; every tenth one, under
// another id, is looked up.
const records = [...generateCrmContacts({ seed: 21, people: 1200 }).records, ...generateTrapContacts({ seed: 21, people: 400 }).records];
const index = createMatchIndex();
for (const r of records) index.add(r);
const queries = records.filter((_, i) => i % 10 === 0).map((r) => ({ ...r, id: `q-${r.id}` }));

describe('score upper bound', () => {
  it('is never below the score of a pair, and skips most candidates', () => {
    let pairs = 0;
    let below = 0;
    for (const q of queries) {
      const f = toFeatures(q, index.options);
      const cache = new QueryCache(index);
      for (const g of index.candidates(f)) {
        const score = scoreFeatures(f, g, { stats: index, explain: false }).score;
        const rough = scoreUpperBound(f, g, { stats: index, cache });
        const refined = scoreUpperBound(f, g, { stats: index, cache }, -Infinity);
        // (the score is rounded to hundredths)
        expect(refined).toBeGreaterThanOrEqual(score - 0.005);
        expect(rough).toBeGreaterThanOrEqual(refined - 1e-9);
        pairs++;
        if (refined < DEFAULT_THRESHOLDS.possible) below++;
      }
    }
    expect(pairs).toBeGreaterThan(2000);
    expect(below / pairs).toBeGreaterThan(0.5);
  });

  it('is Infinity for companies (a related company is returned below every band)', () => {
    const a = toFeatures({ id: 'a', kind: 'account', companyName: 'Grupo Sigma', companyDomain: 'sigma.com' });
    const b = toFeatures({ id: 'b', kind: 'account', companyName: 'Sigma Perú', companyDomain: 'sigma.com' });
    expect(scoreUpperBound(a, b)).toBe(Infinity);
  });
});

describe('column bound', () => {
  it('is the bound scoreUpperBound starts from, read from the columns, and below a threshold only when it is', () => {
    let pairs = 0;
    let rough = 0;
    const least = DEFAULT_THRESHOLDS.possible - 0.01;
    for (const q of queries) {
      const f = toFeatures(q, index.options);
      if (f.kind !== 'person') continue;
      const columns = index.columnBound(f, new QueryCache(index));
      for (const slot of index.candidateSlots(f)) {
        const g = index.featuresAt(slot, false);
        const exact = columns.at(slot);
        // (scoreUpperBound with no threshold stops at its first step)
        expect(exact).toBe(scoreUpperBound(f, g, { stats: index }));
        const cut = columns.at(slot, least);
        expect(cut >= least).toBe(exact >= least);
        if (cut >= least) expect(cut).toBe(exact);
        else {
          expect(cut).toBeGreaterThanOrEqual(exact - 1e-9);
          if (cut !== exact) rough++;
        }
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(2000);
    // some candidates are ruled out before their given names are compared
    expect(rough).toBeGreaterThan(0);
  });
});

describe('query cache', () => {
  it('gives the same scores, bands and reasons as comparing every pair afresh', () => {
    for (const q of queries.slice(0, 60)) {
      const f = toFeatures(q, index.options);
      const cache = new QueryCache(index);
      for (const g of index.candidates(f)) {
        expect(scoreFeatures(f, g, { stats: index, cache })).toEqual(scoreFeatures(f, g, { stats: index }));
      }
    }
  });
});

describe('findDuplicates with the bound', () => {
  it('returns what scoring every candidate in full returns', () => {
    const { duplicate, possible } = DEFAULT_THRESHOLDS;
    for (const q of queries) {
      const f = toFeatures(q, index.options);
      const expected = index
        .candidates(f)
        .map((g) => ({ id: g.id, score: scoreFeatures(f, g, { stats: index, explain: false }).score }))
        .filter((x) => x.score >= possible)
        .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1))
        .slice(0, 10)
        .map(({ id, score }) => ({ id, score, band: score >= duplicate ? 'duplicate' : 'possible' }));
      expect(findDuplicates(index, q, { explain: false }).map(({ id, score, band }) => ({ id, score, band }))).toEqual(expected);
    }
  });
});
