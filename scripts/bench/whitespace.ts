// Benchmark of the whitespace matrix (issue #18): a hierarchy of 50 units × a catalogue of 40
// products against a book of 10,000 customers. Two figures: cold (the peers indexed from scratch,
// what the first account page after a records change costs) and warm (the index kept per records
// generation, as utils/background/views/book.ts does). Inputs come from a seeded PRNG, built
// outside the timed part. A figure, never a pass/fail test; the goal is under 50 ms.
import { pathToFileURL } from 'node:url';
import type { Product } from '../../utils/domain/entities';
import { type MatrixDeal, type MatrixPeer, type MatrixUnit, indexPeers, whitespaceMatrix } from '../../utils/domain/account/whitespaceMatrix';

export type RecordFigure = (key: string, value: number, unit: string) => void;

const UNITS = 50;
const PRODUCTS = 40;
const CUSTOMERS = 10_000;
const RUNS = 15;
const INDUSTRIES = ['logistics', 'banking', 'retail', 'energy', 'insurance', 'manufacturing', 'healthcare', 'telecom'];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function buildWhitespaceInput(seed = 18) {
  const rand = prng(seed);
  const since = '2025-03-01T00:00:00.000Z';
  const catalog: Product[] = Array.from({ length: PRODUCTS }, (_, i) => ({
    id: `prod-${i}`,
    name: `Product ${i}`,
    family: `Family ${i % 6}`,
    listPrice: 100 + Math.floor(rand() * 20_000),
    currency: 'EUR',
    unit: i % 9 === 8 ? 'project' : i % 3 === 0 ? 'account/year' : 'seat/year',
    ...(i % 7 === 0 ? { appliesTo: { sizeBands: ['mid-market', 'enterprise'] as ('mid-market' | 'enterprise')[] } } : {}),
    source: 'crm',
  }));
  // products are not equally popular: the first ones are owned far more often
  const pick = () => Math.floor(rand() ** 2 * PRODUCTS);
  const owned = (n: number) => [...new Set(Array.from({ length: n }, pick))].map((k) => ({ productId: `prod-${k}`, since, seats: 5 + Math.floor(rand() * 300), arr: 1000 + Math.floor(rand() * 90_000) }));
  const peers: MatrixPeer[] = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: `cust-${i}`,
    industry: INDUSTRIES[i % INDUSTRIES.length],
    employees: Math.floor(20 + rand() ** 2 * 20_000),
    lifecycle: i % 10 === 0 ? 'prospect' : 'customer',
    products: owned(1 + Math.floor(rand() * 8)),
  }));
  const units: MatrixUnit[] = Array.from({ length: UNITS }, (_, i) => ({
    id: `unit-${i}`,
    name: `Grupo Ejemplo Unidad ${i} S.L.`,
    industry: INDUSTRIES[i % 3],
    employees: Math.floor(30 + rand() * 5_000),
    currency: 'EUR',
    products: owned(Math.floor(rand() * 6)),
    ...(i > 0 ? { parentId: `unit-${i < 8 ? 0 : 1 + (i % 7)}` } : {}),
  }));
  const deals: MatrixDeal[] = Array.from({ length: 60 }, (_, i) => ({
    id: `deal-${i}`,
    name: `Deal ${i}`,
    accountId: `unit-${i % UNITS}`,
    stage: i % 5 === 0 ? 'closed-won' : 'proposal',
    amount: 10_000 + i * 1000,
    currency: 'EUR',
    productIds: [`prod-${pick()}`],
  }));
  return { accountId: 'unit-0', units, catalog, deals, peers };
}

export async function benchWhitespace(record: RecordFigure): Promise<void> {
  const input = buildWhitespaceInput();
  const cold: number[] = [];
  const warm: number[] = [];
  let cells = 0;
  const index = indexPeers(input.peers);
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now();
    const m = whitespaceMatrix(input);
    cold.push(performance.now() - t0);
    cells = m.cells.length * (m.cells[0]?.length ?? 0);
    t0 = performance.now();
    whitespaceMatrix({ ...input, peers: index });
    warm.push(performance.now() - t0);
  }
  record('whitespace.matrix.cells', cells, 'cells');
  record('whitespace.matrix.coldMedianMs', median(cold), 'ms');
  record('whitespace.matrix.warmMedianMs', median(warm), 'ms');
}

// `npx tsx scripts/bench/whitespace.ts`: this figure alone, without the whole `npm run bench`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchWhitespace((key, value, unit) => console.log(`  ${key}  ${Math.round(value * 1000) / 1000} ${unit}`));
}
