import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSalesforceId, salesforceObjectOfId, toSalesforceId18 } from './salesforceId';

describe('toSalesforceId18', () => {
  it.each([
    ['001A0000006Vm9r', '001A0000006Vm9rIAC'],
    // 003D0 → D at bit 3 → I; 00000 → A; QsWpS → bits 0, 2, 4 → 21 → V
    ['003D000000QsWpS', '003D000000QsWpSIAV'],
    ['00QE000000A1bCd', '00QE000000A1bCdMAJ'],
    ['006dn00000abcde', '006dn00000abcdeAAA'],
    ['ABCDEABCDEABCDE', 'ABCDEABCDEABCDE555'],
  ])('%s → %s', (id15, id18) => {
    expect(toSalesforceId18(id15)).toBe(id18);
    expect(toSalesforceId18(id18)).toBe(id18);
    expect(toSalesforceId18(id18.slice(0, 15))).toBe(id18);
  });

  it('reads the suffix case-insensitively and returns it upper-case', () => {
    expect(toSalesforceId18('001A0000006Vm9riac')).toBe('001A0000006Vm9rIAC');
  });

  it.each([
    ['wrong length', '001A0000006Vm9'],
    ['16 characters', '001A0000006Vm9rI'],
    ['non-alphanumeric', '001A0000006Vm9-'],
    ['suffix that does not match the case', '001A0000006Vm9rAAA'],
    ['first 15 with their case changed', '001a0000006vm9rIAC'],
    ['empty', ''],
  ])('rejects %s', (_reason, id) => {
    expect(toSalesforceId18(id)).toBeNull();
    expect(isSalesforceId(id)).toBe(false);
  });

  const id15 = fc.stringMatching(/^[a-zA-Z0-9]{15}$/);

  it('is idempotent and keeps the first 15 characters', () => {
    fc.assert(
      fc.property(id15, (id) => {
        const id18 = toSalesforceId18(id);
        expect(id18?.slice(0, 15)).toBe(id);
        expect(toSalesforceId18(id18 ?? '')).toBe(id18);
      }),
    );
  });

  it('gives ids that differ only in case different 18-character ids, even ignoring case', () => {
    const withLetter = fc
      .tuple(id15, fc.nat({ max: 14 }))
      .filter(([id, i]) => /[a-z]/i.test(id.charAt(i)));
    fc.assert(
      fc.property(withLetter, ([id, i]) => {
        const c = id.charAt(i);
        const flipped = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
        const other = id.slice(0, i) + flipped + id.slice(i + 1);
        const [a, b] = [toSalesforceId18(id), toSalesforceId18(other)];
        expect(a?.toLowerCase()).not.toBe(b?.toLowerCase());
      }),
    );
  });
});

describe('salesforceObjectOfId', () => {
  it.each([
    ['001A0000006Vm9rIAC', 'Account'],
    ['003D000000QsWpSIAV', 'Contact'],
    ['00QE000000A1bCdMAJ', 'Lead'],
    ['006Dn00000AbCdEIAV', 'Opportunity'],
    ['00qE000000A1bCd', null], // key prefixes are case-sensitive
    ['500Dn00000AbCdE', null], // Case: not read
    ['a0B5g00000XyZ12', null], // custom object
  ])('%s → %s', (id, object) => {
    expect(salesforceObjectOfId(id)).toBe(object);
  });
});
