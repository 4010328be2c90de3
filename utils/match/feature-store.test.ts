import { describe, expect, it } from 'vitest';
import { FeatureStore } from './feature-store';
import { toFeatures } from './features';
import type { MatchRecord } from './record';

// The store keeps features as columns and a pool of ids; reading a slot back must give the very
// features that were put, field by field, in a store built record by record and in a batch's.
const records: MatchRecord[] = [
  {
    id: '0',
    kind: 'person',
    fullName: 'GARCÍA LÓPEZ, María José',
    title: 'Directora de Compras',
    emails: ['mj.garcia@polaris.es', 'compras@polaris.es', 'mariajose@gmail.com'],
    phones: ['+34 612 345 678', '(305) 626-0385 ext. 12'],
    linkedinUrl: 'https://www.linkedin.com/in/mjgarcia',
    companyName: 'Polaris Logística S.A.',
    companyDomain: 'polaris.es',
    country: 'España',
    city: 'Madrid',
    postcode: '28001',
    state: 'Madrid',
    address: 'Avda. de América 5',
    birthDate: '1980-02-01',
    nationalId: '12.345.678-Z',
  },
  { id: '1', kind: 'person', givenName: 'Bill', familyName: 'Smith Jr.', emails: ['bill@acme.com'] },
  { id: '2', kind: 'person', familyName: 'Molina' },
  { id: '3', kind: 'account', companyName: 'Transps. Hnos. Pérez S.A. de C.V.', companyDomain: 'hnosperez.com.mx', city: 'Monterrey', country: 'MX' },
  {
    id: '4',
    kind: 'person',
    givenName: 'Ana',
    familyName: 'Ruiz',
    // more than 15 of one list: the batch store's header is not packed
    emails: Array.from({ length: 17 }, (_, i) => `ana.ruiz${i}@empresa${i}.com`),
  },
];

describe('feature store', () => {
  for (const positional of [false, true]) {
    it(`gives back each record's features (${positional ? 'batch' : 'record by record'})`, () => {
      const store = new FeatureStore({ positional });
      const expected = records.map((r) => toFeatures(r));
      expected.forEach((f, slot) => store.put(slot, f));
      expected.forEach((f, slot) => {
        expect(store.features(slot)).toEqual(f);
        expect(store.features(slot, false)).toEqual({ ...f, keys: [] });
      });
    });
  }
});
