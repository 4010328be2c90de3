// Benchmark of the domain core: qualify() — score with breakdown and trend, buying committee, next
// actions — over 100,000 synthetic deals and leads. Inputs are built in batches outside the timed
// part (plain loops, a seeded PRNG: the same figures every run) and results are not kept, so the
// heap figure is what qualifying costs, not what holding 100,000 results costs.
import type { Account, Activity, ActivityType, Deal, Person } from '../../utils/domain/entities';
import { ACTIVITY_TYPES } from '../../utils/domain/entities';
import { type QualifyInput, qualify } from '../../utils/domain/qualify/qualify';
import { DEFAULT_QUALIFY_SETTINGS } from '../../utils/domain/qualify/qualifySettings';
import { scoreAt } from '../../utils/domain/qualification/scoring';

export type RecordFigure = (key: string, value: number, unit: string) => void;

const ENTITIES = 100_000;
const BATCH = 2_000;
const ACCOUNTS = 5_000;
const NOW = new Date('2026-11-22T10:00:00Z');
const DAY = 86_400_000;

// A sample of real-looking titles in both languages: the title cache sees what a CRM shows.
const TITLES = [
  'Director Financiero', 'Directora Financiera', 'CFO', 'Chief Financial Officer', 'Director de Sistemas', 'Jefe de TI',
  'Responsable de Informática', 'CTO', 'CIO', 'Head of Procurement', 'Gerente de Compras', 'Jefa de Compras',
  'Abogada Interna', 'Legal Counsel', 'Asesor Jurídico', 'VP of Operations', 'Gerente General', 'Director General', 'CEO',
  'Analista de Datos', 'Office Manager', 'Responsable de Operaciones', 'IT Director', 'Software Engineer',
  'Ingeniera de Software', 'Key Account Manager', 'Directora de Marketing', 'HR Business Partner', 'Controller', 'Comprador',
];

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

function iso(msAgo: number): string {
  return new Date(NOW.getTime() - msAgo).toISOString();
}

function buildAccounts(rand: () => number): Account[] {
  const accounts: Account[] = [];
  const tiers = [undefined, undefined, 'tier-1', 'tier-2', 'tier-3'] as const;
  for (let i = 0; i < ACCOUNTS; i++) {
    accounts.push({
      id: `acc-${i}`,
      name: `Account ${i} S.L.`,
      nameKey: `account ${i}`,
      industry: ['logistics', 'banking', 'retail', 'energy'][i % 4],
      employees: Math.floor(20 + rand() * 5000),
      country: ['Spain', 'Mexico', 'Colombia', 'Chile'][i % 4],
      lifecycle: 'prospect',
      tier: tiers[i % tiers.length],
      keyAccount: i % 17 === 0,
      products: [],
      crmRefs: [],
      crmKeys: [],
      createdAt: iso(900 * DAY),
      updatedAt: iso(20 * DAY),
      source: 'crm',
    });
  }
  return accounts;
}

function buildInput(n: number, rand: () => number, accounts: readonly Account[]): QualifyInput {
  const account = accounts[n % ACCOUNTS]!;
  const peopleCount = 2 + Math.floor(rand() * 7);
  const people: Person[] = [];
  for (let k = 0; k < peopleCount; k++) {
    const id = `p-${n}-${k}`;
    people.push({
      id,
      kind: 'contact',
      firstName: 'Ana',
      lastName: `García ${k}`,
      fullName: `Ana García ${k}`,
      nameKey: `ana garcia ${k}`,
      title: rand() < 0.9 ? TITLES[Math.floor(rand() * TITLES.length)] : undefined,
      emails: rand() < 0.9 ? [`${id}@example.com`] : [],
      phone: rand() < 0.7 ? '+34 600 000 000' : undefined,
      accountId: account.id,
      leftCompany: rand() < 0.03 ? true : undefined,
      crmRefs: [],
      crmKeys: [],
      createdAt: iso(400 * DAY),
      updatedAt: iso(30 * DAY),
      source: 'crm',
    });
  }
  const activities: Activity[] = [];
  const activityCount = Math.floor(rand() * 30);
  for (let k = 0; k < activityCount; k++) {
    const type = ACTIVITY_TYPES[Math.floor(rand() * ACTIVITY_TYPES.length)] as ActivityType;
    activities.push({
      id: `a-${n}-${k}`,
      type,
      at: iso(Math.floor(rand() * 200 * DAY)),
      personId: people[Math.floor(rand() * people.length)]!.id,
      accountId: account.id,
      source: 'crm',
    });
  }
  const statuses = ['unknown', 'partial', 'confirmed', 'negative', 'confirmed'] as const;
  const pick = () => statuses[Math.floor(rand() * statuses.length)]!;
  if (n % 5 < 3) {
    const deal: Deal = {
      id: `deal-${n}`,
      name: `Deal ${n}`,
      accountId: account.id,
      contactIds: people.slice(0, 2).map((p) => p.id),
      stage: (['discovery', 'qualification', 'proposal', 'negotiation'] as const)[n % 4]!,
      amount: rand() < 0.9 ? Math.floor(rand() * 200_000) : undefined,
      currency: 'EUR',
      closeDate: rand() < 0.9 ? iso(Math.floor((rand() - 0.7) * 200 * DAY)) : undefined,
      productIds: [],
      bant: { budget: pick(), authority: pick(), need: pick(), timing: pick() },
      crmRefs: [],
      crmKeys: [],
      createdAt: iso(150 * DAY),
      updatedAt: iso(Math.floor(rand() * 20 * DAY)),
      source: 'crm',
    };
    return { entityType: 'deal', deal, account, people, activities };
  }
  const lead: Person = { ...people[0]!, kind: 'lead', leadStatus: 'new' };
  return {
    entityType: 'lead',
    lead,
    account,
    people,
    activities,
    ...(n % 50 === 0 ? { duplicates: [{ personId: `dup-${n}`, ownerName: 'Diego Morales', lastTouchAt: iso(3 * DAY) }] } : {}),
  };
}

const mb = (bytes: number) => bytes / 1024 / 1024;

export async function benchDomain(record: RecordFigure): Promise<void> {
  const settings = DEFAULT_QUALIFY_SETTINGS;
  const rand = prng(20261122);
  const accounts = buildAccounts(rand);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;

  let qualifyMs = 0;
  let scoreMs = 0;
  let actions = 0;
  let members = 0;
  let activities = 0;
  let checksum = 0;
  for (let start = 0; start < ENTITIES; start += BATCH) {
    const batch: QualifyInput[] = [];
    for (let n = start; n < Math.min(ENTITIES, start + BATCH); n++) batch.push(buildInput(n, rand, accounts));

    let t0 = performance.now();
    for (const input of batch) {
      const result = qualify(input, settings, NOW);
      checksum += result.score.score;
      actions += result.actions.length;
      members += result.committee.members.length;
      activities += input.activities.length;
    }
    qualifyMs += performance.now() - t0;

    // The score alone (no trend, committee or actions), for comparison.
    t0 = performance.now();
    for (const input of batch) {
      const person = input.lead ?? input.people[0];
      checksum += scoreAt({ person, account: input.account, activities: input.activities }, settings.scoringModel, NOW).score;
    }
    scoreMs += performance.now() - t0;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }

  record('domain.entities', ENTITIES, 'entities');
  record('domain.activitiesPerEntity', activities / ENTITIES, 'activities');
  record('domain.membersPerEntity', members / ENTITIES, 'people');
  record('domain.actionsPerEntity', actions / ENTITIES, 'actions');
  record('domain.qualify.totalMs', qualifyMs, 'ms');
  record('domain.qualify.perEntityUs', (qualifyMs * 1000) / ENTITIES, 'µs');
  record('domain.scoreOnly.totalMs', scoreMs, 'ms');
  record('domain.scoreOnly.perEntityUs', (scoreMs * 1000) / ENTITIES, 'µs');
  record('domain.heap.peakMB', mb(peakHeap), 'MB');
  record('domain.heap.growthMB', mb(peakHeap - heapBefore), 'MB');
  if (!Number.isFinite(checksum)) throw new Error('benchDomain: non-finite score');
}
