import { describe, expect, it } from 'vitest';
import { billingMonthsFromWords, salesforceBillingField, salesforceLine } from './lines';

describe('a billing period in words', () => {
  it.each([
    ['Monthly', 1],
    ['Quarterly', 3],
    ['Semi-Annual', 6],
    ['Semiannual', 6],
    ['Annual', 12],
    ['Yearly', 12],
    ['Every two years', 24],
    ['Weekly', 12 / 52],
    ['One-Time', 'one-off'],
    ['One Time', 'one-off'],
    ['Mensual', 1],
    ['Trimestral', 3],
    ['Semestral', 6],
    ['Anual', 12],
    ['Pago único', 'one-off'],
    ['6', 6],
    [3, 3],
    ['', undefined],
    ['Each', undefined],
    [0, undefined],
    [null, undefined],
  ] as const)('%s → %s', (raw, months) => {
    expect(billingMonthsFromWords(raw)).toBe(months);
  });
});

describe('where a Salesforce org keeps a line’s billing period', () => {
  const f = (name: string, label = name, values?: string[]) => ({ name, label, ...(values ? { picklistValues: values.map((value) => ({ value })) } : {}) });
  it.each([
    ['a Billing_Period__c field', [f('Quantity'), f('Billing_Period__c')], 'Billing_Period__c'],
    ['CPQ’s billing frequency', [f('SBQQ__BillingFrequency__c', 'Billing Frequency')], 'SBQQ__BillingFrequency__c'],
    ['a custom field labelled so', [f('Periodo__c', 'Billing period')], 'Periodo__c'],
    ['a unit of measure whose values are periods', [f('QuantityUnitOfMeasure', 'Quantity Unit Of Measure', ['Month', 'Year'])], 'QuantityUnitOfMeasure'],
    ['a unit of measure of other units', [f('QuantityUnitOfMeasure', 'Quantity Unit Of Measure', ['Each', 'Hour'])], undefined],
    ['a standard field labelled so is not a custom one', [f('Description', 'Billing period notes')], undefined],
    ['nothing', [f('Quantity')], undefined],
  ] as const)('%s', (_what, fields, found) => {
    expect(salesforceBillingField(fields)).toBe(found);
  });

  it('reads the period from the line or its product; none, or words it does not know, read as a year’s', () => {
    const row = { Id: 'l1', Product2Id: 'p1', Quantity: 10, TotalPrice: 1000, Billing_Period__c: 'Quarterly', Product2: { Billing_Period__c: 'Monthly' } };
    expect(salesforceLine(row, 'Billing_Period__c')).toEqual({ id: 'l1', productCrmId: 'p1', quantity: 10, amount: 1000, billingMonths: 3 });
    expect(salesforceLine(row, 'Product2.Billing_Period__c')).toEqual({ id: 'l1', productCrmId: 'p1', quantity: 10, amount: 1000, billingMonths: 1 });
    expect(salesforceLine({ ...row, Product2: null }, 'Product2.Billing_Period__c')).toEqual({ id: 'l1', productCrmId: 'p1', quantity: 10, amount: 1000 });
    expect(salesforceLine({ ...row, Billing_Period__c: 'Each' }, 'Billing_Period__c')).toEqual({ id: 'l1', productCrmId: 'p1', quantity: 10, amount: 1000 });
    expect(salesforceLine({ ...row, Billing_Period__c: 'One-Time' }, 'Billing_Period__c')).toMatchObject({ oneOff: true });
    expect(salesforceLine(row)).toEqual({ id: 'l1', productCrmId: 'p1', quantity: 10, amount: 1000 });
  });
});
