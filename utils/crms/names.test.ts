import { describe, expect, it } from 'vitest';
import { CRM_SYSTEMS } from '../domain/entities';
import { CRM_NAMES, crmName } from './names';

describe('CRM names', () => {
  it('names every CRM Dealside knows, as its users write it', () => {
    expect(Object.keys(CRM_NAMES).sort()).toEqual([...CRM_SYSTEMS].sort());
    expect(crmName('dynamics')).toBe('Dynamics 365');
    expect(crmName('zoho')).toBe('Zoho CRM');
  });

  it('gives back what names no CRM, and nothing inherited', () => {
    expect(crmName('linkedin')).toBe('linkedin');
    expect(crmName('toString')).toBe('toString');
  });
});
