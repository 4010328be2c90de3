import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { blockKeys, domainBlock, emailBlock, hashKey, phoneBlock } from './blocking';
import { countryCode, toFeatures } from './features';

// Saved indexes hold the keys as numbers: the keys must stay hashKey of the documented strings,
// whatever way blockKeys computes them.
describe('blocking keys', () => {
  it('are hashKey of the documented key strings, for a person', () => {
    const f = toFeatures({
      id: '1',
      kind: 'person',
      givenName: 'María José',
      familyName: 'García López',
      emails: ['mjgarcia@polaris.es'],
      phones: ['+34 612 345 678 ext. 204'],
      linkedinUrl: 'https://www.linkedin.com/in/mjgarcia/',
      companyName: 'Polaris Logística S.A.',
      companyDomain: 'polaris.es',
      postcode: '28001',
      birthDate: '1980-02-01',
      nationalId: '12345678Z',
    });
    const keys = blockKeys(f);
    const expected = new Set<number>([
      hashKey(`e:${f.emails[0]}`),
      hashKey(`p:${f.phones[0]!.split(';')[0]}`),
      hashKey(`l:${f.linkedin}`),
      hashKey(`b:${f.birth}`),
      hashKey(`x:${f.nationalId}`),
    ]);
    for (const k of expected) expect(keys).toContain(k);
    expect(emailBlock(f.emails[0]!)).toBe(hashKey(`e:${f.emails[0]}`));
    expect(phoneBlock(f.phones[0]!)).toBe(hashKey(`p:${f.phones[0]!.split(';')[0]}`));
    // the name pair, sorted: the same key when given and family names are swapped
    const swapped = blockKeys(toFeatures({ id: '2', kind: 'person', givenName: 'García', familyName: 'María' }));
    const plain = blockKeys(toFeatures({ id: '3', kind: 'person', givenName: 'María', familyName: 'García' }));
    expect(swapped.filter((k) => plain.includes(k)).length).toBeGreaterThan(0);
  });

  it('are hashKey of the documented key strings, for an account', () => {
    const f = toFeatures({ id: 'a', kind: 'account', companyName: 'Transportes Hnos. Pérez', companyDomain: 'hnosperez.mx' });
    const keys = blockKeys(f);
    expect(keys).toContain(hashKey(`d:${f.domain}`));
    expect(keys).toContain(hashKey(`k:${f.company}`));
    expect(domainBlock(f.domain!)).toBe(hashKey(`d:${f.domain}`));
  });

  it('hash a tag and two parts as the joined string', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        const f = { ...toFeatures({ id: 'z', kind: 'account' }), domain: a, company: b };
        const keys = blockKeys(f);
        return keys.includes(hashKey(`d:${a}`)) && keys.includes(hashKey(`k:${b}`)) && keys.includes(hashKey(`k:${b.split(' ').sort().join(' ')}`));
      }),
    );
  });
});

describe('feature words', () => {
  it("read a country or an address word that names Object's members as plain words", () => {
    expect(countryCode('constructor')).toBeUndefined();
    expect(countryCode('España')).toBe('ES');
    expect(countryCode('Reino Unido')).toBe('GB');
    const f = toFeatures({ id: 'c', kind: 'person', familyName: 'Ruiz', country: 'toString', address: 'Constructor St 5' });
    expect(f.country).toBe('tostring');
    expect(f.address).toBe('constructorstreet5');
  });
});
