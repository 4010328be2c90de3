import { describe, expect, it } from 'vitest';
import { openStore } from './db';
import { MAX_DIAGNOSTICS, clearDiagnostics, listDiagnostics, recordExtractionHealth } from './diagnostics';
import type { PageSnapshot } from '../sites/snapshot';

const snap = (status: PageSnapshot['health']['status'], over: Partial<PageSnapshot> = {}): PageSnapshot => ({
  url: 'https://app.hubspot.com/contacts/1/record/0-1/2?token=secret#x',
  ref: { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '2' },
  entity: null,
  health: { status, matched: [], missing: ['hubspot.0-1.name'] },
  takenAt: 1,
  ...over,
});

describe('selector health log', () => {
  it('records fallbacks and failures, not clean reads or sign-in walls, without query strings', async () => {
    const db = await openStore(`diag-${Math.random()}`);
    const t = (m: number) => new Date(Date.UTC(2026, 10, 22, 10, m));
    expect(await recordExtractionHealth(db, snap('ok'), t(0))).toBe(false);
    expect(await recordExtractionHealth(db, snap('failed', { unavailable: 'sign-in' }), t(0))).toBe(false);
    expect(await recordExtractionHealth(db, snap('failed'), t(1))).toBe(true);
    expect(await recordExtractionHealth(db, snap('fallback'), t(2))).toBe(true);
    const list = await listDiagnostics(db);
    expect(list.map((d) => d.status)).toEqual(['fallback', 'failed']); // newest first
    expect(list[0]).toMatchObject({ site: 'hubspot', objectType: '0-1', page: 'https://app.hubspot.com/contacts/1/record/0-1/2', missing: ['hubspot.0-1.name'] });
    await clearDiagnostics(db);
    expect(await listDiagnostics(db)).toEqual([]);
    db.close();
  });

  it('keeps only the newest entries', async () => {
    const db = await openStore(`diag-${Math.random()}`);
    for (let i = 0; i < MAX_DIAGNOSTICS + 5; i++) {
      await recordExtractionHealth(db, snap('failed'), new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    }
    expect(await db.count('diagnostics')).toBe(MAX_DIAGNOSTICS);
    const [newest] = await listDiagnostics(db, 1);
    expect(newest?.at).toBe(new Date(Date.UTC(2026, 0, 1, 0, 0, MAX_DIAGNOSTICS + 4)).toISOString());
    db.close();
  });
});
