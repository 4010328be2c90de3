import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACTIVITY_TYPES,
  DEAL_STAGES,
  accountSchema,
  activitySchema,
  crmKey,
  dealSchema,
  personSchema,
  productSchema,
  userSchema,
  type Account,
  type Deal,
  type Person,
} from '../domain/entities';
import { emailKey, linkedinKey, nameKey } from '../text/normalize';
import { DEMO_CAST, DEMO_HUBSPOT_PORTAL } from './cast';
import { generateDemoWorkspace, type DemoWorkspace } from './generate';

const NOW = new Date('2026-03-15T10:30:00.000Z');
const NOW_MS = NOW.getTime();
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW_MS - days * DAY).toISOString();
const daysAhead = (days: number) => new Date(NOW_MS + days * DAY).toISOString();

// Generation time is measured by `npm run bench` (demo.generate.medianMs), not here.
const ws: DemoWorkspace = generateDemoWorkspace({ now: NOW });

const accountsById = new Map(ws.accounts.map((a) => [a.id, a]));
const peopleById = new Map(ws.people.map((p) => [p.id, p]));
const dealsById = new Map(ws.deals.map((d) => [d.id, d]));
const usersById = new Map(ws.users.map((u) => [u.id, u]));
const productsById = new Map(ws.products.map((p) => [p.id, p]));
const dupIds = new Set(ws.duplicatePairs.flat());
const pairKey = (a: string, b: string) => [a, b].sort().join('|');
const pairs = new Set(ws.duplicatePairs.map(([a, b]) => pairKey(a, b)));

function get<K, V>(m: Map<K, V>, k: K): V {
  const v = m.get(k);
  if (v === undefined) throw new Error(`missing ${String(k)}`);
  return v;
}

function share(n: number, of: number): number {
  return of === 0 ? 0 : n / of;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('generateDemoWorkspace: purity and determinism', () => {
  it('gives byte-identical output for the same seed and now', () => {
    const a = JSON.stringify(generateDemoWorkspace({ now: NOW, seed: 7 }));
    const b = JSON.stringify(generateDemoWorkspace({ now: new Date(NOW_MS), seed: 7 }));
    expect(a).toBe(b);
    expect(JSON.stringify(generateDemoWorkspace({ now: NOW }))).toBe(JSON.stringify(ws));
  });

  it('varies with the seed but keeps the cast', () => {
    const other = generateDemoWorkspace({ now: NOW, seed: 7 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(ws));
    for (const id of ['demo-acc-0001', 'demo-acc-0002']) {
      expect(other.accounts.find((a) => a.id === id)).toEqual(accountsById.get(id));
    }
    for (const p of Object.values(DEMO_CAST.people)) {
      expect(other.people.find((x) => x.id === p.id)).toEqual(peopleById.get(p.id));
    }
  });

  it('uses neither the clock nor Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now called');
    });
    expect(() => generateDemoWorkspace({ now: NOW, seed: 3 })).not.toThrow();
  });

  it('moves every date with now', () => {
    const later = generateDemoWorkspace({ now: new Date(NOW_MS + 10 * DAY) });
    const shift = (iso: string | undefined) => (iso === undefined ? undefined : new Date(Date.parse(iso) + 10 * DAY).toISOString());
    const a = ws.accounts[0] as Account;
    const b = later.accounts[0] as Account;
    expect(b.renewalDate).toBe(shift(a.renewalDate));
    expect(b.lastActivityAt).toBe(shift(a.lastActivityAt));
    expect(later.activities.length).toBe(ws.activities.length);
    const act = ws.activities[ws.activities.length - 1];
    const actLater = later.activities[later.activities.length - 1];
    expect(actLater?.at).toBe(shift(act?.at));
  });

  it('rejects an invalid now', () => {
    expect(() => generateDemoWorkspace({ now: new Date(Number.NaN) })).toThrow();
  });
});

describe('generateDemoWorkspace: sizes', () => {
  it('has the required counts', () => {
    expect(ws.users.length).toBeGreaterThanOrEqual(8);
    expect(ws.accounts.length).toBeGreaterThanOrEqual(200);
    expect(ws.people.length).toBeGreaterThanOrEqual(2000);
    expect(ws.deals.length).toBeGreaterThanOrEqual(300);
    expect(ws.products.length).toBeGreaterThanOrEqual(6);
    expect(ws.activities.length).toBeGreaterThanOrEqual(10000);
    expect(ws.accounts.filter((a) => a.parentId).length).toBeGreaterThanOrEqual(10);
  });

  it('sells its own catalogue: no product is named after Dealside (issue #18.6)', () => {
    for (const p of ws.products) expect(p.name).not.toMatch(/dealside/i);
    expect(new Set(ws.products.map((p) => p.name)).size).toBe(ws.products.length);
  });

  it('has customers with products, renewal dates, ARR and health', () => {
    const customers = ws.accounts.filter((a) => a.lifecycle === 'customer');
    expect(share(customers.length, ws.accounts.length)).toBeGreaterThan(0.28);
    expect(share(customers.length, ws.accounts.length)).toBeLessThan(0.42);
    for (const c of customers) {
      expect(c.products.length).toBeGreaterThan(0);
      expect(c.renewalDate).toBeDefined();
      expect(c.arr).toBeGreaterThan(0);
      expect(c.health).toBeDefined();
      for (const p of c.products) expect(Date.parse(p.since)).toBeLessThan(NOW_MS);
    }
    const renewals = customers.map((c) => Date.parse(c.renewalDate ?? ''));
    expect(renewals.some((r) => r < NOW_MS)).toBe(true); // overdue
    expect(renewals.filter((r) => r >= NOW_MS).every((r) => r <= NOW_MS + 548 * DAY)).toBe(true);
    expect(renewals.some((r) => r > NOW_MS + 365 * DAY)).toBe(true);
    expect(customers.some((c) => (c.health?.openEscalations ?? 0) > 0)).toBe(true);
    expect(customers.some((c) => (c.health?.usageTrend ?? 0) < 0)).toBe(true);
    // prospects and partners own nothing; former customers only what they cancelled
    const other = ws.accounts.filter((a) => a.lifecycle !== 'customer');
    expect(other.filter((a) => a.lifecycle !== 'former-customer').every((a) => a.products.length === 0)).toBe(true);
    expect(other.filter((a) => a.lifecycle === 'former-customer').every((a) => a.products.length > 0 && a.products.every((p) => p.endedAt))).toBe(true);
    for (const lc of ['prospect', 'former-customer', 'partner'] as const) {
      expect(ws.accounts.some((a) => a.lifecycle === lc)).toBe(true);
    }
  });

  it('has ABM tiers, key accounts and owners', () => {
    const tiers = new Set(ws.accounts.map((a) => a.tier));
    expect(tiers).toEqual(new Set(['tier-1', 'tier-2', 'tier-3', undefined]));
    expect(share(ws.accounts.filter((a) => !a.tier).length, ws.accounts.length)).toBeGreaterThan(0.5);
    const keyShare = share(ws.accounts.filter((a) => a.keyAccount).length, ws.accounts.length);
    expect(keyShare).toBeGreaterThan(0.03);
    expect(keyShare).toBeLessThan(0.07);
    expect(ws.accounts.filter((a) => a.tier).every((a) => a.marketingOwnerId)).toBe(true);
    expect(share(ws.accounts.filter((a) => a.ownerId).length, ws.accounts.length)).toBeGreaterThan(0.95);
  });

  it('has contacts and ~25 % leads with a status', () => {
    const leads = ws.people.filter((p) => p.kind === 'lead');
    expect(share(leads.length, ws.people.length)).toBeGreaterThan(0.2);
    expect(share(leads.length, ws.people.length)).toBeLessThan(0.3);
    expect(leads.every((p) => p.leadStatus !== undefined)).toBe(true);
    expect(new Set(leads.map((p) => p.leadStatus)).size).toBe(5);
    expect(ws.people.filter((p) => p.kind === 'contact').every((p) => p.leadStatus === undefined && p.accountId)).toBe(true);
    // leads typed with a company name and no account
    const unlinked = leads.filter((p) => !p.accountId);
    expect(unlinked.length).toBeGreaterThan(100);
    expect(unlinked.every((p) => p.companyName)).toBe(true);
    const freeMail = /@(gmail\.com|hotmail\.com|outlook\.es|yahoo\.com\.mx|outlook\.com|yahoo\.com)$/;
    expect(leads.filter((p) => p.emails.some((e) => freeMail.test(e))).length).toBeGreaterThan(50);
  });

  it('has people who left their company (≈2 %)', () => {
    const left = ws.people.filter((p) => p.leftCompany);
    expect(share(left.length, ws.people.length)).toBeGreaterThan(0.005);
    expect(share(left.length, ws.people.length)).toBeLessThan(0.04);
    expect(left.every((p) => p.kind === 'contact')).toBe(true);
  });

  it('has deliberate duplicates (3–5 % of people) of several kinds', () => {
    const n = ws.duplicatePairs.length;
    expect(share(n, ws.people.length)).toBeGreaterThanOrEqual(0.03);
    expect(share(n, ws.people.length)).toBeLessThanOrEqual(0.05);
    expect(ws.duplicatePairs).toContainEqual(['demo-per-0001', 'demo-per-0005']);
    const dups = ws.duplicatePairs.map(([a, b]) => [get(peopleById, a), get(peopleById, b)] as const);
    for (const [a, b] of dups) expect(a.id < b.id).toBe(true);
    const firstNames = new Set(dups.map(([, b]) => b.firstName));
    expect(['Pepe', 'Paco', 'Nacho', 'Chema', 'Bob', 'Bill', 'Manolo', 'Lola', 'Charo', 'Lupe', 'Mike', 'Tom'].some((n) => firstNames.has(n))).toBe(true);
    expect(dups.some(([a, b]) => a.nameKey === b.nameKey && a.fullName !== b.fullName)).toBe(true); // case or accents
    expect(dups.some(([a, b]) => a.lastName.includes(' ') && !b.lastName.includes(' '))).toBe(true); // second surname dropped
    expect(dups.some(([a, b]) => a.kind === 'contact' && b.kind === 'lead')).toBe(true);
    expect(dups.some(([a, b]) => a.ownerId !== b.ownerId)).toBe(true);
    expect(dups.some(([a, b]) => a.emails[0] !== undefined && a.emails[0] === b.emails[0])).toBe(true);
    expect(dups.some(([a, b]) => b.emails[0] !== undefined && !a.emails.includes(b.emails[0]))).toBe(true);
    expect(dups.some(([a, b]) => a.linkedinKey !== undefined && a.linkedinKey === b.linkedinKey)).toBe(true);
    expect(dups.some(([a, b]) => b.createdAt > a.createdAt)).toBe(true);
  });

  it('has deals across the pipeline with plausible BANT', () => {
    const stages = new Set(ws.deals.map((d) => d.stage));
    expect(stages).toEqual(new Set(DEAL_STAGES));
    const open = ws.deals.filter((d) => d.stage !== 'closed-won' && d.stage !== 'closed-lost');
    expect(open.some((d) => Date.parse(d.closeDate ?? '') < NOW_MS)).toBe(true); // stale close dates
    expect(ws.deals.some((d) => d.amount === undefined)).toBe(true);
    expect(ws.deals.filter((d) => d.stage === 'closed-won').every((d) => d.amount !== undefined)).toBe(true);
    expect(new Set(ws.deals.map((d) => d.currency))).toEqual(new Set(['EUR', 'USD', 'MXN', 'COP']));
    for (const d of ws.deals) {
      expect(d.contactIds.length).toBeGreaterThanOrEqual(1);
      expect(d.contactIds.length).toBeLessThanOrEqual(4);
      expect(d.productIds.length).toBeGreaterThan(0);
      const acc = get(accountsById, d.accountId ?? '');
      if (acc.country === 'Spain') expect(d.currency).toBe('EUR');
      if (d.currency === 'MXN') expect(acc.country).toBe('Mexico');
      if (d.currency === 'COP') expect(acc.country).toBe('Colombia');
      if (d.stage === 'closed-won' || d.stage === 'closed-lost') expect(Date.parse(d.closeDate ?? '')).toBeLessThan(NOW_MS);
    }
    const confirmedShare = (stage: Deal['stage']) => {
      const letters = ws.deals
        .filter((d) => d.stage === stage && d.bant)
        .flatMap((d) => Object.values(d.bant ?? {}));
      return share(letters.filter((l) => l === 'confirmed').length, letters.length);
    };
    expect(confirmedShare('discovery')).toBeLessThan(confirmedShare('proposal'));
    expect(confirmedShare('proposal')).toBeLessThan(confirmedShare('negotiation'));
    expect(confirmedShare('negotiation')).toBeLessThan(confirmedShare('closed-won'));
    const lost = ws.deals.filter((d) => d.stage === 'closed-lost');
    expect(lost.some((d) => Object.values(d.bant ?? {}).includes('negative'))).toBe(true);
    const combos = new Set(ws.deals.map((d) => JSON.stringify(d.bant)));
    expect(combos.size).toBeGreaterThan(40);
  });

  it('has activities of every type over the last 12 months, and stale records', () => {
    expect(new Set(ws.activities.map((a) => a.type))).toEqual(new Set(ACTIVITY_TYPES));
    for (const a of ws.activities) {
      const t = Date.parse(a.at);
      expect(t).toBeLessThanOrEqual(NOW_MS);
      expect(t).toBeGreaterThanOrEqual(NOW_MS - 366 * DAY);
      expect(a.subject).toBeTruthy();
    }
    const idle = (iso: string | undefined) => (iso === undefined ? Infinity : (NOW_MS - Date.parse(iso)) / DAY);
    const open = ws.deals.filter((d) => d.stage !== 'closed-won' && d.stage !== 'closed-lost');
    expect(open.filter((d) => idle(d.lastActivityAt) >= 30 && idle(d.lastActivityAt) < 90).length).toBeGreaterThan(10);
    expect(open.filter((d) => idle(d.lastActivityAt) >= 90).length).toBeGreaterThan(5);
    expect(open.filter((d) => idle(d.lastActivityAt) < 30).length).toBeGreaterThan(30);
    expect(ws.people.filter((p) => idle(p.lastActivityAt) >= 30 && idle(p.lastActivityAt) < 90).length).toBeGreaterThan(200);
    expect(ws.people.filter((p) => idle(p.lastActivityAt) >= 90).length).toBeGreaterThan(100);
    const subjects = ws.activities.map((a) => a.subject ?? '');
    expect(subjects.some((s) => /Llamada|Reunión|Propuesta/.test(s))).toBe(true);
    expect(subjects.some((s) => /Discovery call|Follow-up|proposal/.test(s))).toBe(true);
  });
});

describe('generateDemoWorkspace: validity', () => {
  const check = <T extends object>(
    label: string,
    records: readonly T[],
    schema: { safeParse(x: unknown): { success: boolean }; shape: object },
  ) => {
    const allowed = new Set(Object.keys(schema.shape));
    for (const r of records) {
      const ok = schema.safeParse(r).success;
      if (!ok) throw new Error(`${label} does not parse: ${JSON.stringify(r)}`);
      for (const k of Object.keys(r)) if (!allowed.has(k)) throw new Error(`${label} has unknown field ${k}`);
      for (const [k, v] of Object.entries(r)) if (v === undefined) throw new Error(`${label}.${k} is undefined`);
      expect((r as { source?: string }).source).toBe('demo');
    }
  };

  it('parses every record with its schema, no unknown or undefined fields, source demo', () => {
    check('user', ws.users, userSchema);
    check('account', ws.accounts, accountSchema);
    check('person', ws.people, personSchema);
    check('deal', ws.deals, dealSchema);
    check('activity', ws.activities, activitySchema);
    check('product', ws.products, productSchema);
  });

  it('uses unique, readable ids', () => {
    const patterns: [readonly { id: string }[], RegExp][] = [
      [ws.users, /^demo-user-\d{2}$/],
      [ws.accounts, /^demo-acc-\d{4}$/],
      [ws.people, /^demo-per-\d{4}$/],
      [ws.deals, /^demo-deal-\d{4}$/],
      [ws.activities, /^demo-act-\d{6}$/],
      [ws.products, /^demo-prod-\d{2}$/],
    ];
    for (const [records, re] of patterns) {
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      for (const r of records) expect(r.id).toMatch(re);
    }
    // numbered in order from 1
    expect(ws.accounts.map((a) => a.id)).toEqual(ws.accounts.map((_, i) => `demo-acc-${String(i + 1).padStart(4, '0')}`));
    expect(ws.people.map((a) => a.id)).toEqual(ws.people.map((_, i) => `demo-per-${String(i + 1).padStart(4, '0')}`));
  });

  it('keeps referential integrity', () => {
    const hasUser = (id: string | undefined) => id === undefined || usersById.has(id);
    for (const a of ws.accounts) {
      expect(hasUser(a.ownerId) && hasUser(a.marketingOwnerId)).toBe(true);
      if (a.marketingOwnerId) expect(get(usersById, a.marketingOwnerId).team).toBe('marketing');
      if (a.parentId) {
        expect(accountsById.has(a.parentId)).toBe(true);
        expect(a.parentId).not.toBe(a.id);
        expect(get(accountsById, a.parentId).parentId).toBeUndefined();
      }
      for (const p of a.products) expect(productsById.has(p.productId)).toBe(true);
    }
    for (const p of ws.people) {
      expect(hasUser(p.ownerId)).toBe(true);
      if (p.accountId) expect(accountsById.has(p.accountId)).toBe(true);
    }
    for (const d of ws.deals) {
      expect(hasUser(d.ownerId)).toBe(true);
      expect(accountsById.has(d.accountId ?? '')).toBe(true);
      for (const c of d.contactIds) expect(get(peopleById, c).accountId).toBe(d.accountId);
      expect(new Set(d.contactIds).size).toBe(d.contactIds.length);
      for (const pid of d.productIds) expect(productsById.has(pid)).toBe(true);
    }
    for (const a of ws.activities) {
      expect(hasUser(a.ownerId)).toBe(true);
      if (a.personId) {
        const p = get(peopleById, a.personId);
        expect(a.accountId).toBe(p.accountId);
        expect(a.at >= p.createdAt).toBe(true);
      }
      if (a.accountId) expect(accountsById.has(a.accountId)).toBe(true);
      if (a.dealId) {
        const d = get(dealsById, a.dealId);
        expect(a.accountId).toBe(d.accountId);
        expect(d.contactIds).toContain(a.personId);
        expect(a.at >= d.createdAt).toBe(true);
      }
    }
    for (const [a, b] of ws.duplicatePairs) {
      expect(peopleById.has(a) && peopleById.has(b)).toBe(true);
    }
  });

  it('keeps dates consistent', () => {
    const all = [...ws.accounts, ...ws.people, ...ws.deals];
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    for (const r of all) {
      expect(r.createdAt).toMatch(iso);
      expect(r.updatedAt >= r.createdAt).toBe(true);
      expect(Date.parse(r.updatedAt)).toBeLessThanOrEqual(NOW_MS);
    }
    for (const p of ws.people) {
      if (p.accountId) expect(p.createdAt >= get(accountsById, p.accountId).createdAt).toBe(true);
    }
  });

  it('has unique CRM ids per object type, with crmKeys derived from crmRefs', () => {
    const check = (records: readonly (Account | Person | Deal)[], objectType: string, store: 'account' | 'person' | 'deal') => {
      const ids = records.map((r) => {
        expect(r.crmRefs).toHaveLength(1);
        const ref = r.crmRefs[0];
        expect(ref?.system).toBe('hubspot');
        expect(ref?.objectType).toBe(objectType);
        expect(ref?.id).toMatch(/^\d+$/);
        expect(r.crmKeys).toEqual([crmKey('hubspot', store, ref?.id ?? '')]);
        return ref?.id ?? '';
      });
      expect(new Set(ids).size).toBe(ids.length);
      return ids;
    };
    const accountIds = check(ws.accounts, '0-2', 'account');
    const personIds = check(ws.people, '0-1', 'person');
    check(ws.deals, '0-3', 'deal');
    // generated ids stay far from the cast's
    const castIds = new Set(['90001', '90002', '90003', '90004', '90005', '51001', '51002', '51003', '51004', '51005', '51006', '71001', '71002', '71003', '71004']);
    const castAccounts = 2 + DEMO_CAST.iberiaUnits.length;
    const generated = [...accountIds.slice(castAccounts), ...personIds.slice(Object.keys(DEMO_CAST.people).length)];
    for (const id of generated) {
      expect(castIds.has(id)).toBe(false);
      expect(Number(id)).toBeGreaterThan(1_000_000);
    }
  });

  it('has unique LinkedIn keys and e-mails except for deliberate duplicates', () => {
    const seen = new Map<string, string>();
    for (const r of [...ws.accounts, ...ws.people]) {
      if (r.linkedinUrl === undefined) {
        expect(r.linkedinKey).toBeUndefined();
        continue;
      }
      expect(r.linkedinKey).toBe(linkedinKey(r.linkedinUrl));
      const key = r.linkedinKey ?? '';
      const prev = seen.get(key);
      if (prev) expect(pairs.has(pairKey(prev, r.id))).toBe(true);
      else seen.set(key, r.id);
    }
    expect(ws.people.some((p) => p.linkedinUrl?.includes('%C3'))).toBe(true); // percent-encoded vanity
    const byEmail = new Map<string, string>();
    for (const p of ws.people) {
      for (const e of p.emails) {
        expect(emailKey(e)).toBe(e);
        const prev = byEmail.get(e);
        if (prev && prev !== p.id) expect(pairs.has(pairKey(prev, p.id))).toBe(true);
        else byEmail.set(e, p.id);
      }
    }
    for (const p of ws.people) {
      expect(p.nameKey).toBe(nameKey(p.fullName));
      expect(p.fullName).toBe(`${p.firstName} ${p.lastName}`);
    }
    for (const a of ws.accounts) expect(a.nameKey).toBe(nameKey(a.name));
  });

  it('sets lastActivityAt to the latest activity of each record', () => {
    const latest = new Map<string, string>();
    const bump = (id: string | undefined, at: string) => {
      if (id === undefined) return;
      const cur = latest.get(id);
      if (cur === undefined || at > cur) latest.set(id, at);
    };
    for (const a of ws.activities) {
      bump(a.personId, a.at);
      bump(a.accountId, a.at);
      bump(a.dealId, a.at);
    }
    for (const r of [...ws.accounts, ...ws.people, ...ws.deals]) expect(r.lastActivityAt).toBe(latest.get(r.id));
    expect(ws.people.some((p) => p.lastActivityAt === undefined)).toBe(true); // never contacted
  });
});

describe('generateDemoWorkspace: other seeds', () => {
  it.each([1, 2, 3])('keeps the invariants with seed %i', (seed) => {
    const w = generateDemoWorkspace({ now: NOW, seed });
    expect(w.accounts.length).toBeGreaterThanOrEqual(200);
    expect(w.people.length).toBeGreaterThanOrEqual(2000);
    expect(w.deals.length).toBeGreaterThanOrEqual(300);
    expect(w.activities.length).toBeGreaterThanOrEqual(10000);
    expect(w.accounts.filter((a) => a.parentId).length).toBeGreaterThanOrEqual(10);
    const ok = (schema: { safeParse(x: unknown): { success: boolean } }, xs: readonly unknown[]) =>
      xs.every((x) => schema.safeParse(x).success);
    expect(ok(accountSchema, w.accounts) && ok(personSchema, w.people) && ok(dealSchema, w.deals)).toBe(true);
    expect(ok(activitySchema, w.activities)).toBe(true);
    const people = new Map(w.people.map((p) => [p.id, p]));
    const deals = new Map(w.deals.map((d) => [d.id, d]));
    const accounts = new Set(w.accounts.map((a) => a.id));
    expect(people.size + deals.size + accounts.size).toBe(w.people.length + w.deals.length + w.accounts.length);
    const dupPairs = new Set(w.duplicatePairs.map(([a, b]) => pairKey(a, b)));
    const byKey = new Map<string, string>();
    for (const p of w.people) {
      if (!p.linkedinKey) continue;
      const prev = byKey.get(p.linkedinKey);
      if (prev) expect(dupPairs.has(pairKey(prev, p.id))).toBe(true);
      else byKey.set(p.linkedinKey, p.id);
    }
    for (const d of w.deals) for (const c of d.contactIds) expect(people.get(c)?.accountId).toBe(d.accountId);
    for (const a of w.activities) {
      if (a.personId) expect(people.get(a.personId)?.accountId).toBe(a.accountId);
      if (a.dealId) expect(a.at >= (deals.get(a.dealId)?.createdAt ?? '')).toBe(true);
      if (a.accountId) expect(accounts.has(a.accountId)).toBe(true);
    }
    for (const id of new Set(w.people.map((p) => p.crmRefs[0]?.id))) expect(id).toBeDefined();
    expect(new Set(w.people.map((p) => p.crmRefs[0]?.id)).size).toBe(w.people.length);
    const json = JSON.stringify(w);
    expect(json).not.toContain('Ana Belén Soto');
    expect(w.people.filter((p) => p.nameKey === 'maria jose garcia lopez')).toHaveLength(1);
  });
});

describe('generateDemoWorkspace: realistic content', () => {
  it('has Spanish characters, double surnames and compound first names', () => {
    const names = ws.people.map((p) => p.fullName).join(' ');
    for (const ch of ['á', 'é', 'í', 'ó', 'ú', 'ñ']) expect(names).toContain(ch);
    const spanish = ws.people.filter((p) => p.country === 'Spain' && !dupIds.has(p.id));
    expect(share(spanish.filter((p) => p.lastName.includes(' ')).length, spanish.length)).toBeGreaterThan(0.6);
    expect(spanish.some((p) => !p.lastName.includes(' '))).toBe(true);
    const firsts = new Set(ws.people.map((p) => p.firstName));
    for (const n of ['María José', 'Juan Carlos', 'José Luis']) expect(firsts.has(n)).toBe(true);
    expect(ws.people.some((p) => p.country === 'United States' && /^[A-Za-z' ]+$/.test(p.fullName))).toBe(true);
  });

  it('has titles in Spanish and English across functions and seniority', () => {
    const titles = new Set(ws.people.map((p) => p.title));
    for (const t of ['Director Financiero', 'CFO', 'Directora de Sistemas', 'Jefe de TI', 'CTO', 'Gerente de Compras', 'Head of Procurement', 'VP of Sales', 'Responsable de Operaciones', 'Analista de Datos', 'Office Manager']) {
      expect(titles.has(t)).toBe(true);
    }
    expect(titles.has('Abogada Interna') || titles.has('Abogado Interno')).toBe(true);
    expect(titles.has('Legal Counsel')).toBe(true);
  });

  it('has companies of many countries with proper legal forms, domains and LinkedIn pages', () => {
    const names = ws.accounts.map((a) => a.name);
    for (const form of ['S.L.', 'S.A.', 'S.A. de C.V.', 'S.A.S.', 'Ltda.', 'S.R.L.', 'SpA', 'S.A.C.', 'Inc.', 'LLC', 'Ltd.', 'GmbH']) {
      expect(names.some((n) => n.endsWith(` ${form}`))).toBe(true);
    }
    const countries = new Set(ws.accounts.map((a) => a.country));
    for (const c of ['Spain', 'Mexico', 'Colombia', 'Argentina', 'Chile', 'Peru', 'United States', 'United Kingdom']) {
      expect(countries.has(c)).toBe(true);
    }
    const domains = ws.accounts.map((a) => a.domain ?? '');
    expect(new Set(domains).size).toBe(domains.length);
    for (const tld of ['.es', '.com.mx', '.com.co', '.com.ar', '.cl', '.com.pe', '.com', '.co.uk']) {
      expect(domains.some((d) => d.endsWith(tld))).toBe(true);
    }
    for (const a of ws.accounts) {
      expect(a.linkedinUrl).toMatch(/^https:\/\/www\.linkedin\.com\/company\/[^/]+$/);
      expect(a.employees).toBeGreaterThanOrEqual(20);
      expect(a.employees).toBeLessThanOrEqual(20000);
      expect(a.industry).toBeTruthy();
      expect(a.city).toBeTruthy();
    }
    const sizes = ws.accounts.map((a) => a.employees ?? 0);
    expect(Math.min(...sizes)).toBeLessThan(50);
    expect(Math.max(...sizes)).toBeGreaterThan(10000);
    expect(new Set(ws.accounts.map((a) => a.industry)).size).toBeGreaterThanOrEqual(12);
  });

  it('writes work e-mails at the account domain and phones in the country format', () => {
    const withWork = ws.people.filter((p) => p.kind === 'contact' && p.accountId && !dupIds.has(p.id));
    const atDomain = withWork.filter((p) => {
      const domain = get(accountsById, p.accountId ?? '').domain ?? '';
      return p.emails[0]?.endsWith(`@${domain}`);
    });
    expect(share(atDomain.length, withWork.length)).toBeGreaterThan(0.85);
    const prefix: Record<string, RegExp> = {
      Spain: /^\+34 [6-9]\d{2} \d{3} \d{3}$/,
      Mexico: /^\+52 (\d{2} \d{4} \d{4}|\d{3} \d{3} \d{4})$/,
      Colombia: /^\+57 (3\d{2}|60\d) \d{3} \d{4}$/,
      Argentina: /^\+54 9 \d{2,3} \d{3,4}-\d{4}$/,
      Chile: /^\+56 9 \d{4} \d{4}$/,
      Peru: /^\+51 9\d{2} \d{3} \d{3}$/,
      'United States': /^\+1 \d{3} 555 01\d{2}$/,
      'United Kingdom': /^\+44 7700 900\d{3}$/,
    };
    for (const p of ws.people) {
      const re = p.phone && p.country ? prefix[p.country] : undefined;
      if (re) expect(p.phone).toMatch(re);
    }
  });

  it('never contains Ana Belén Soto or a namesake of the cast', () => {
    const json = JSON.stringify(ws);
    expect(json).not.toContain(DEMO_CAST.absentPersonName);
    expect(json.toLowerCase()).not.toContain('anabelensoto');
    for (const p of ws.people) {
      const k = ` ${p.nameKey} `;
      expect(k.includes(' belen ') && k.includes(' soto ')).toBe(false);
    }
    const castNames = Object.values(DEMO_CAST.people).map((p) => nameKey(p.fullName));
    for (const name of castNames) {
      expect(ws.people.filter((p) => p.nameKey === name)).toHaveLength(1);
    }
  });
});

describe('the cast', () => {
  const iberia = get(accountsById, 'demo-acc-0001');
  const northwind = get(accountsById, 'demo-acc-0002');
  const mj = get(peopleById, 'demo-per-0001');
  const jc = get(peopleById, 'demo-per-0002');
  const sarah = get(peopleById, 'demo-per-0003');
  const andres = get(peopleById, 'demo-per-0004');
  const mjDup = get(peopleById, 'demo-per-0005');

  it('exports the HubSpot portal and comes first', () => {
    expect(DEMO_HUBSPOT_PORTAL).toBe('4481234');
    expect(ws.accounts.slice(0, 2).map((a) => a.id)).toEqual(['demo-acc-0001', 'demo-acc-0002']);
    expect(ws.people.slice(0, 5).map((p) => p.id)).toEqual(['demo-per-0001', 'demo-per-0002', 'demo-per-0003', 'demo-per-0004', 'demo-per-0005']);
    expect(get(usersById, 'demo-user-01').name).toBe('Lucía Fernández');
    expect(get(usersById, 'demo-user-02').name).toBe('Diego Morales');
    expect(get(usersById, 'demo-user-03').name).toBe('Emily Carter');
    expect(get(usersById, 'demo-user-01').team).toBe('sales');
  });

  it('has Iberia Logística S.L.', () => {
    expect(iberia).toMatchObject({
      name: 'Iberia Logística S.L.',
      domain: 'iberialogistica.es',
      industry: 'logistics',
      employees: 850,
      city: 'Madrid',
      country: 'Spain',
      tier: 'tier-1',
      lifecycle: 'customer',
      ownerId: 'demo-user-01',
      linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica',
      linkedinKey: 'company/iberia-logistica',
      crmRefs: [{ system: 'hubspot', objectType: '0-2', id: '90001' }],
      crmKeys: ['hubspot:account:90001'],
      source: 'demo',
    });
    // two products owned, and Data Enrichment cancelled 100 days ago (retention)
    expect(iberia.products.filter((p) => !p.endedAt).map((p) => p.productId)).toEqual(['demo-prod-01', 'demo-prod-06']);
    expect(iberia.products.find((p) => p.endedAt)).toMatchObject({ productId: 'demo-prod-04', endedAt: daysAgo(100) });
    const renewalDays = (Date.parse(iberia.renewalDate ?? '') - NOW_MS) / DAY;
    expect(renewalDays).toBeGreaterThan(100);
    expect(renewalDays).toBeLessThan(140);
    // the support ticket five hours ago, still unanswered (the key-account response SLA)
    expect(iberia.lastActivityAt).toBe(daysAgo(5 / 24));
  });

  it('has María José García López', () => {
    expect(mj).toMatchObject({
      kind: 'contact',
      firstName: 'María José',
      lastName: 'García López',
      fullName: 'María José García López',
      nameKey: 'maria jose garcia lopez',
      title: 'Directora Financiera',
      emails: ['maria.jose.garcia@iberialogistica.es'],
      phone: '+34 612 345 678',
      linkedinUrl: 'https://www.linkedin.com/in/mariajosegarcialopez',
      linkedinKey: 'in/mariajosegarcialopez',
      accountId: 'demo-acc-0001',
      ownerId: 'demo-user-01',
      crmRefs: [{ system: 'hubspot', objectType: '0-1', id: '51001' }],
      crmKeys: ['hubspot:person:51001'],
    });
    expect(mj.lastActivityAt).toBe(daysAgo(3));
    const last = ws.activities.filter((a) => a.personId === mj.id && a.at === mj.lastActivityAt);
    expect(last.map((a) => a.type)).toEqual(['call']);
    const openDeals = ws.deals.filter(
      (d) => d.contactIds.includes(mj.id) && d.accountId === iberia.id && d.stage !== 'closed-won' && d.stage !== 'closed-lost',
    );
    expect(openDeals.map((d) => d.id)).toEqual(['demo-deal-0001', 'demo-deal-0002']);
  });

  it('has the two open Iberia deals', () => {
    const analytics = get(dealsById, 'demo-deal-0001');
    const renewal = get(dealsById, 'demo-deal-0002');
    expect(analytics).toMatchObject({
      name: 'Iberia Logística — Ampliación Analytics',
      stage: 'proposal',
      amount: 48000,
      currency: 'EUR',
      accountId: 'demo-acc-0001',
      contactIds: ['demo-per-0001', 'demo-per-0002'],
      crmKeys: ['hubspot:deal:71002'],
    });
    expect(renewal).toMatchObject({
      name: 'Iberia Logística — Renovación 2027',
      stage: 'negotiation',
      currency: 'EUR',
      accountId: 'demo-acc-0001',
      crmKeys: ['hubspot:deal:71001'],
    });
    expect(renewal.contactIds).toContain('demo-per-0001');
    expect(analytics.closeDate).toBe(daysAhead(35));
  });

  it('has Juan Carlos Pérez Ruiz', () => {
    expect(jc).toMatchObject({
      kind: 'contact',
      fullName: 'Juan Carlos Pérez Ruiz',
      title: 'Director de Sistemas',
      emails: ['juancarlos.perez@iberialogistica.es'],
      linkedinUrl: 'https://www.linkedin.com/in/jcperezruiz',
      linkedinKey: 'in/jcperezruiz',
      accountId: 'demo-acc-0001',
      ownerId: 'demo-user-02',
      crmKeys: ['hubspot:person:51002'],
    });
    expect(jc.lastActivityAt).toBe(daysAgo(5 / 24));
    expect(get(dealsById, 'demo-deal-0001').contactIds).toContain(jc.id);
  });

  it('has Northwind Logistics and Sarah Mitchell', () => {
    expect(northwind).toMatchObject({
      name: 'Northwind Logistics Inc.',
      domain: 'northwindlogistics.com',
      country: 'United States',
      tier: 'tier-2',
      lifecycle: 'prospect',
      ownerId: 'demo-user-03',
      crmKeys: ['hubspot:account:90002'],
    });
    expect(sarah).toMatchObject({
      kind: 'contact',
      fullName: 'Sarah Mitchell',
      title: 'VP of Operations',
      emails: ['sarah.mitchell@northwindlogistics.com'],
      linkedinUrl: 'https://www.linkedin.com/in/sarah-mitchell-ops',
      linkedinKey: 'in/sarah-mitchell-ops',
      accountId: 'demo-acc-0002',
      ownerId: 'demo-user-03',
      crmKeys: ['hubspot:person:51003'],
    });
    expect(sarah.lastActivityAt).toBe(daysAgo(45));
    const last = ws.activities.filter((a) => a.personId === sarah.id && a.at === sarah.lastActivityAt);
    expect(last.map((a) => a.type)).toEqual(['email-sent']);
    const deals = ws.deals.filter((d) => d.contactIds.includes(sarah.id));
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ id: 'demo-deal-0003', stage: 'discovery', accountId: 'demo-acc-0002' });
    expect(deals[0]?.amount).toBeUndefined();
  });

  it('has the lead Andrés Felipe Gómez, with no account and no deal', () => {
    expect(andres).toMatchObject({
      kind: 'lead',
      leadStatus: 'new',
      firstName: 'Andrés Felipe',
      lastName: 'Gómez',
      title: 'Gerente de Compras',
      companyName: 'Transportes Andinos S.A.S.',
      emails: ['andres.gomez@transportesandinos.com.co'],
      phone: '+57 310 555 1234',
      linkedinUrl: 'https://www.linkedin.com/in/andresfelipegomez',
      ownerId: 'demo-user-02',
      crmKeys: ['hubspot:person:51004'],
      createdAt: daysAgo(2),
    });
    expect(andres.accountId).toBeUndefined();
    expect(ws.deals.some((d) => d.contactIds.includes(andres.id))).toBe(false);
    expect(ws.accounts.some((a) => a.nameKey.startsWith('transportes andinos'))).toBe(false);
  });

  it('has María José’s duplicate lead', () => {
    expect(mjDup).toMatchObject({
      kind: 'lead',
      fullName: 'Maria Jose Garcia',
      emails: ['mjgarcia@gmail.com'],
      companyName: 'Iberia Logistica',
      ownerId: 'demo-user-04',
      createdAt: daysAgo(20),
    });
    expect(mjDup.accountId).toBeUndefined();
    expect(ws.duplicatePairs).toContainEqual(['demo-per-0001', 'demo-per-0005']);
  });

  it('matches DEMO_CAST', () => {
    for (const p of Object.values(DEMO_CAST.people)) {
      const rec = get(peopleById, p.id);
      expect(rec.fullName).toBe(p.fullName);
      expect(rec.emails[0]).toBe(p.email);
      expect(rec.crmRefs[0]?.id).toBe(p.hubspotId);
    }
    for (const d of Object.values(DEMO_CAST.deals)) {
      expect(get(dealsById, d.id).name).toBe(d.name);
    }
    for (const a of Object.values(DEMO_CAST.accounts)) {
      expect(get(accountsById, a.id).crmRefs[0]?.id).toBe(a.hubspotId);
    }
  });

  it('is not collided with by generated records', () => {
    const castEmails = new Set<string>(Object.values(DEMO_CAST.people).map((p) => p.email));
    const castKeys = new Set(['in/mariajosegarcialopez', 'in/jcperezruiz', 'in/sarah-mitchell-ops', 'in/andresfelipegomez']);
    for (const p of ws.people.slice(Object.keys(DEMO_CAST.people).length)) {
      for (const e of p.emails) if (castEmails.has(e)) expect(pairs.has(pairKey(p.id, 'demo-per-0001'))).toBe(true);
      expect(castKeys.has(p.linkedinKey ?? '')).toBe(false);
    }
    for (const a of ws.accounts.slice(2 + DEMO_CAST.iberiaUnits.length)) {
      expect(['iberialogistica.es', 'northwindlogistics.com', 'transportesandinos.com.co', ...DEMO_CAST.iberiaUnits.map((u) => u.domain)]).not.toContain(a.domain);
      expect(a.nameKey.includes('iberia') || a.nameKey.includes('northwind')).toBe(false);
    }
  });
});
