import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dealTypeFrom, tierFrom } from './crmWords';
import { normalizeField } from './recordFields';

describe('the CRMs’ deal types in our words', () => {
  it.each([
    // Salesforce's standard Opportunity.Type values, and the renewals orgs add
    ['New Customer', 'new-business'],
    ['Existing Customer - Upgrade', 'add-on'],
    ['Existing Customer - Replacement', 'renewal'],
    ['Existing Customer - Downgrade', 'downgrade'],
    ['Renewal', 'renewal'],
    // HubSpot dealtype's internal values
    ['newbusiness', 'new-business'],
    ['existingbusiness', 'existing'],
    // a team's own options, in English and Spanish
    ['Upsell', 'add-on'],
    ['Cross-sell', 'add-on'],
    ['Add-on', 'add-on'],
    ['Renovación', 'renewal'],
    ['Ampliación', 'add-on'],
    ['Nuevo cliente', 'new-business'],
    ['Partner referral', undefined],
    ['', undefined],
  ] as const)('%s → %s', (raw, ours) => {
    expect(dealTypeFrom(raw)).toBe(ours);
  });

  it('a pulled value our words do not know reads as no value; ours pass through', () => {
    expect(normalizeField('deal', 'dealType', 'Existing Customer - Upgrade')).toBe('add-on');
    expect(normalizeField('deal', 'dealType', 'add-on')).toBe('add-on');
    expect(normalizeField('deal', 'dealType', 'Partner referral')).toBeNull();
    expect(normalizeField('deal', 'dealType', null)).toBeNull();
  });
});

describe('the CRMs’ tiers in our words', () => {
  it.each([
    ['Tier 1', 'tier-1'],
    ['tier_2', 'tier-2'],
    ['T3', 'tier-3'],
    ['3', 'tier-3'],
    ['Nivel 2', 'tier-2'],
    ['Strategic (one-to-one)', 'tier-1'],
    ['One-to-many', 'tier-3'],
    ['Tier 10', undefined],
    ['Gold', undefined],
  ] as const)('%s → %s', (raw, ours) => {
    expect(tierFrom(raw)).toBe(ours);
  });

  it('never answers something outside our tiers', () => {
    fc.assert(fc.property(fc.string(), (s) => [undefined, 'tier-1', 'tier-2', 'tier-3'].includes(tierFrom(s))));
  });
});
