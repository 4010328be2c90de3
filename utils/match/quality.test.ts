// Quality floors on labelled data (never timings). The benchmark (npm run bench) reports the
// full figures; these only catch regressions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCrmAccounts, generateCrmContacts } from '../../bench/match/crm-generator';
import { parseFebrl } from '../../bench/match/febrl';
import { pairwiseMetrics } from '../../bench/match/metrics';
import { clusterAll } from './cluster';

const data = (file: string) => readFileSync(fileURLToPath(new URL(`../../data/${file}`, import.meta.url)), 'utf8');

describe('quality floors', () => {
  it('Febrl dataset 1: F1 ≥ 0.95', () => {
    const set = parseFebrl(data('febrl/dataset1.csv'));
    const m = pairwiseMetrics(clusterAll(set.records, { explain: false }).clusterOf, set.entity);
    expect(m.f1).toBeGreaterThanOrEqual(0.95);
  });

  it('a small generated CRM contact set: F1 ≥ 0.93', () => {
    const set = generateCrmContacts({ seed: 11, people: 1500 });
    const m = pairwiseMetrics(clusterAll(set.records, { explain: false }).clusterOf, set.entity);
    expect(m.f1).toBeGreaterThanOrEqual(0.93);
  });

  it('a small generated CRM account set: F1 ≥ 0.9', () => {
    const set = generateCrmAccounts({ seed: 11, companies: 800 });
    const m = pairwiseMetrics(clusterAll(set.records, { explain: false }).clusterOf, set.entity);
    expect(m.f1).toBeGreaterThanOrEqual(0.9);
  });
});
