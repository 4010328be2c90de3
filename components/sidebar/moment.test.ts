import { describe, expect, it } from 'vitest';
import type { EntityView, PersonMatch } from '../../utils/messaging/views';
import { addOffer, chooseMoment, isOwnCrmRecord } from './moment';

const person = (matchedBy: PersonMatch['matchedBy']): PersonMatch => ({
  id: 'p1',
  kind: 'contact',
  fullName: 'María José García López',
  openDeals: [],
  matchedBy,
  source: 'crm',
});
const entity = (over: Partial<EntityView>): EntityView => ({
  subject: 'person',
  displayName: 'María José García López',
  verdict: 'in-crm',
  people: [person('crm-id')],
  accounts: [],
  deals: [],
  duplicates: [],
  ...over,
});
const qualification = {} as NonNullable<EntityView['qualification']>;
const account360 = { accountId: 'a1', matrix: { units: [], products: [], cells: [], ranked: [], actions: [] } } as NonNullable<EntityView['account360']>;
const hubspot = { site: 'hubspot', kind: 'contact', objectType: '0-1', recordId: '51001' } as const;
const linkedin = { site: 'linkedin', kind: 'contact', objectType: 'profile', recordId: 'mj' } as const;

describe('chooseMoment', () => {
  it('a deal, a lead or a contact with an open deal: the rep on a call', () => {
    expect(chooseMoment({ ref: hubspot, entity: entity({ subject: 'deal', people: [], deals: [] }) })).toBe('rep');
    expect(chooseMoment({ ref: hubspot, entity: entity({ qualification }) })).toBe('rep');
    // a customer's contact with a deal open: the deal comes first, the account folds below
    expect(chooseMoment({ ref: hubspot, entity: entity({ qualification, account360 }) })).toBe('rep');
  });

  it("a customer's account, or its contact with no deal open: the account manager", () => {
    expect(chooseMoment({ ref: hubspot, entity: entity({ subject: 'company', people: [], account360 }) })).toBe('am');
    // the customer's account page stays the account manager's even with a deal open on it
    expect(chooseMoment({ ref: hubspot, entity: entity({ subject: 'company', people: [], account360, qualification }) })).toBe('am');
    expect(chooseMoment({ ref: hubspot, entity: entity({ account360 }) })).toBe('am');
  });

  it('LinkedIn, someone not in the CRM, or only possibly: the SDR', () => {
    expect(chooseMoment({ ref: linkedin, entity: entity({ qualification, account360 }) })).toBe('sdr');
    expect(chooseMoment({ ref: hubspot, entity: entity({ verdict: 'possible' }) })).toBe('sdr');
    expect(chooseMoment({ ref: hubspot, entity: entity({ verdict: 'new', people: [] }) })).toBe('sdr');
    // a prospect's contact in the CRM with nothing open: who owns it, when was it touched
    expect(chooseMoment({ ref: hubspot, entity: entity({}) })).toBe('sdr');
  });
});

describe('isOwnCrmRecord', () => {
  it('only the CRM page of the very record shown', () => {
    expect(isOwnCrmRecord({ ref: hubspot, entity: entity({}) })).toBe(true);
    expect(isOwnCrmRecord({ ref: hubspot, entity: entity({ people: [person('email')] }) })).toBe(false);
    expect(isOwnCrmRecord({ ref: linkedin, entity: entity({ people: [person('linkedin')] }) })).toBe(false);
  });
});

describe('addOffer', () => {
  const fresh = (over: Partial<EntityView> = {}) => entity({ verdict: 'new', people: [], ...over });
  it('offers the person or the company the CRM does not hold, to the SDR', () => {
    expect(addOffer({ ref: linkedin, workspaceMode: 'crm', entity: fresh() }, 'sdr')).toBe('person');
    expect(addOffer({ ref: linkedin, workspaceMode: 'demo', entity: fresh({ verdict: 'possible' }) }, 'sdr')).toBe('person');
    expect(addOffer({ ref: { site: 'linkedin', kind: 'account', objectType: 'company', recordId: 'acme' }, workspaceMode: 'crm', entity: fresh({ subject: 'company' }) }, 'sdr')).toBe('company');
  });
  it('offers nothing for what is in the CRM, a deal, or outside the SDR moment', () => {
    expect(addOffer({ ref: linkedin, workspaceMode: 'crm', entity: entity({}) }, 'sdr')).toBeUndefined();
    expect(addOffer({ ref: linkedin, workspaceMode: 'crm', entity: fresh({ subject: 'deal' }) }, 'sdr')).toBeUndefined();
    expect(addOffer({ ref: linkedin, workspaceMode: 'crm', entity: fresh() }, 'rep')).toBeUndefined();
  });
  it("never on a connected CRM's own record page: the record is in that CRM, only not synced yet", () => {
    expect(addOffer({ ref: hubspot, workspaceMode: 'crm', entity: fresh() }, 'sdr')).toBeUndefined();
    // with demo data or a CSV only, nothing is connected: the SDR may add it to the workspace
    expect(addOffer({ ref: hubspot, workspaceMode: 'demo', entity: fresh() }, 'sdr')).toBe('person');
  });
});
