import { describe, expect, it } from 'vitest';
import type { Account, Person } from '../domain/entities';
import { generateCrmContacts } from '../../bench/match/crm-generator';
import { createMatchIndex, findDuplicates, restoreMatchIndex } from './match-index';
import { fromAccount, fromPerson, type MatchRecord } from './record';

const contact: MatchRecord = {
  id: 'c1',
  kind: 'person',
  givenName: 'José María',
  familyName: 'García López',
  emails: ['jmgarcia@iberialogistica.es'],
  phones: ['+34 612 34 56 78'],
  companyName: 'Iberia Logística, S.L.',
  linkedinUrl: 'https://www.linkedin.com/in/jmgarcialopez',
};
const lead: MatchRecord = { id: 'l1', kind: 'person', givenName: 'Chema', familyName: 'García', emails: ['chema.garcia@gmail.com'], phones: ['612345678'], companyName: 'Iberia Logistica' };
const other: MatchRecord = { id: 'c2', kind: 'person', givenName: 'Ana', familyName: 'Ruiz', emails: ['ana.ruiz@iberialogistica.es'], companyName: 'Iberia Logística, S.L.' };

describe('match index', () => {
  it('finds a lead and a LinkedIn page (no e-mail) for a contact', () => {
    const index = createMatchIndex();
    index.add(contact);
    index.add(other);
    const forLead = findDuplicates(index, lead);
    expect(forLead.map((m) => m.id)).toEqual(['c1']);
    expect(forLead[0]!.band).toBe('duplicate');
    expect(forLead[0]!.reasons.map((r) => r.code)).toContain('same-phone');
    const page: MatchRecord = { id: 'page', kind: 'person', fullName: 'Chema García López', linkedinUrl: 'https://es.linkedin.com/in/jmgarcialopez/', companyName: 'Iberia Logística' };
    expect(findDuplicates(index, page)[0]).toMatchObject({ id: 'c1', band: 'duplicate' });
  });

  it('updates incrementally: add, replace, remove', () => {
    const index = createMatchIndex();
    index.add(contact);
    index.add(other);
    expect(index.count).toBe(2);
    expect(index.familyCount('garcia')).toBe(1);
    // the same id replaces the record
    index.update({ ...contact, givenName: 'Pedro', familyName: 'Sanz', emails: ['pedro.sanz@iberialogistica.es'], phones: [], linkedinUrl: undefined });
    expect(index.count).toBe(2);
    expect(index.familyCount('garcia')).toBe(0);
    expect(findDuplicates(index, lead)).toEqual([]);
    index.update(contact);
    expect(findDuplicates(index, lead).map((m) => m.id)).toEqual(['c1']);
    expect(index.remove('c1')).toBe(true);
    expect(index.remove('c1')).toBe(false);
    expect(index.count).toBe(1);
    expect(findDuplicates(index, lead)).toEqual([]);
    expect(index.has('c2')).toBe(true);
  });

  it('never returns the record itself', () => {
    const index = createMatchIndex();
    index.add(contact);
    expect(findDuplicates(index, contact)).toEqual([]);
  });

  it('serialises and restores to the same answers', () => {
    const set = generateCrmContacts({ seed: 5, people: 300 });
    const index = createMatchIndex();
    for (const r of set.records) index.add(r);
    const data = JSON.parse(JSON.stringify(index.serialize()));
    const restored = restoreMatchIndex(data);
    expect(restored?.count).toBe(index.count);
    for (const r of set.records.slice(0, 60)) {
      const q = { ...r, id: `q-${r.id}` };
      expect(findDuplicates(restored!, q)).toEqual(findDuplicates(index, q));
    }
    // restored indexes keep updating
    restored!.remove(set.records[0]!.id);
    expect(restored!.count).toBe(index.count - 1);
  });

  it('refuses data from another version or another default country', () => {
    const index = createMatchIndex({ defaultCountry: 'MX' });
    index.add(contact);
    const data = index.serialize();
    expect(restoreMatchIndex({ ...data, version: -1 }, { defaultCountry: 'MX' })).toBeUndefined();
    expect(restoreMatchIndex(data, { defaultCountry: 'ES' })).toBeUndefined();
    expect(restoreMatchIndex(data, { defaultCountry: 'MX' })?.count).toBe(1);
    expect(restoreMatchIndex(null)).toBeUndefined();
  });

  it('skips oversized blocks but still finds exact keys', () => {
    const index = createMatchIndex({ blockCap: 3 });
    for (let i = 0; i < 10; i++) index.add({ id: `g${i}`, kind: 'person', givenName: 'José', familyName: 'García', emails: [`jose${i}@acme${i}.es`] });
    const q: MatchRecord = { id: 'q', kind: 'person', givenName: 'Jose', familyName: 'Garcia', emails: ['JOSE7@acme7.es'] };
    expect(findDuplicates(index, q).map((m) => m.id)).toEqual(['g7']);
  });

  it('reads the store’s people and accounts', () => {
    const account = { id: 'a1', name: 'Iberia Logística S.L.', domain: 'iberialogistica.es', linkedinUrl: 'https://www.linkedin.com/company/iberia-logistica' } as Account;
    const p = { id: 'p1', kind: 'contact', firstName: 'José María', lastName: 'García', fullName: 'José María García', emails: ['jmgarcia@iberialogistica.es'], phone: '+34 612 34 56 78' } as Person;
    const r = fromPerson(p, account);
    expect(r).toMatchObject({ id: 'p1', kind: 'person', companyName: 'Iberia Logística S.L.', companyDomain: 'iberialogistica.es', phones: ['+34 612 34 56 78'] });
    const index = createMatchIndex();
    index.add(fromAccount(account));
    const found = findDuplicates(index, { id: 'x', kind: 'account', companyName: 'IBERIA LOGISTICA, SL', companyDomain: 'https://www.iberialogistica.es/' });
    expect(found[0]).toMatchObject({ id: 'a1', band: 'duplicate' });
  });
});
