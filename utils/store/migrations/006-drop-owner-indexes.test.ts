import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openStore } from '../db';
import type { Account, Deal, Person } from '../../domain/entities';

describe('migration 006: no byOwner indexes', () => {
  it('drops the unused owner indexes of a version-5 database and keeps its records and other indexes', async () => {
    const name = `m006-${Math.random()}`;
    const at = '2026-11-01T00:00:00.000Z';
    const v5 = await openStore(name, 5);
    const person: Person = { id: 'p-1', kind: 'contact', firstName: 'Ana', lastName: 'Gil', fullName: 'Ana Gil', nameKey: 'ana gil', emails: ['ana@acme.example'], accountId: 'a-1', ownerId: 'u-1', crmRefs: [], crmKeys: ['hubspot:person:7'], createdAt: at, updatedAt: at, source: 'crm' };
    const account: Account = { id: 'a-1', name: 'Acme', nameKey: 'acme', lifecycle: 'customer', keyAccount: false, products: [], ownerId: 'u-1', crmRefs: [], crmKeys: [], createdAt: at, updatedAt: at, source: 'crm' };
    const deal: Deal = { id: 'd-1', name: 'Acme renewal', accountId: 'a-1', contactIds: ['p-1'], stage: 'discovery', currency: 'EUR', productIds: [], ownerId: 'u-1', crmRefs: [], crmKeys: [], createdAt: at, updatedAt: at, source: 'crm' };
    await v5.put('people', person);
    await v5.put('accounts', account);
    await v5.put('deals', deal);
    v5.close();
    const v6 = await openStore(name, 6);
    const tx = v6.transaction(['accounts', 'people', 'deals']);
    for (const store of ['accounts', 'people', 'deals'] as const) expect([...tx.objectStore(store).indexNames]).not.toContain('byOwner');
    expect([...tx.objectStore('people').indexNames].sort()).toEqual(['byAccount', 'byCrmKey', 'byEmail', 'byLinkedinKey', 'byNameKey', 'bySource']);
    await tx.done;
    expect(await v6.get('people', 'p-1')).toEqual(person);
    expect(await v6.get('accounts', 'a-1')).toEqual(account);
    expect(await v6.get('deals', 'd-1')).toEqual(deal);
    expect((await v6.getAllFromIndex('people', 'byAccount', 'a-1')).map((p) => p.id)).toEqual(['p-1']);
    expect((await v6.getAllFromIndex('deals', 'byContact', 'p-1')).map((d) => d.id)).toEqual(['d-1']);
    v6.close();
    const raw = await openDB(name);
    expect(raw.version).toBe(6);
    raw.close();
  });
});
