import { describe, expect, it } from 'vitest';
import { conversionFactor, convert, homeOnly, rateOf, sameRates, type CurrencyRates } from './currency';

const rates: CurrencyRates = { home: 'EUR', perHome: { USD: 1.08, MXN: 19.6, EUR: 1 } };

describe('currency rates', () => {
  it('knows the home currency without its own rate, and no rate it was not given', () => {
    expect(rateOf({ home: 'EUR', perHome: { USD: 1.08 } }, 'EUR')).toBe(1);
    expect(rateOf(rates, 'usd')).toBe(1.08);
    expect(rateOf(rates, 'BRL')).toBeUndefined();
    expect(rateOf({ home: 'EUR', perHome: { BRL: 0, ARS: Number.NaN } }, 'BRL')).toBeUndefined();
    expect(rateOf({ home: 'EUR', perHome: { ARS: Number.NaN } }, 'ARS')).toBeUndefined();
    expect(rateOf(undefined, 'EUR')).toBeUndefined();
  });

  it.each([
    ['home to another', 1000, 'EUR', 'USD', 1080],
    ['another to home', 1080, 'USD', 'EUR', 1000],
    ['between two others, through home', 19.6, 'MXN', 'USD', 1.08],
    ['the same currency, whatever its case', 123.45, 'usd', 'USD', 123.45],
  ] as const)('%s', (_, amount, from, to, out) => {
    expect(convert(amount, from, to, rates)).toBeCloseTo(out, 9);
  });

  it('never answers the amount unconverted when a rate is missing', () => {
    expect(convert(100, 'BRL', 'EUR', rates)).toBeUndefined();
    expect(convert(100, 'EUR', 'BRL', rates)).toBeUndefined();
    expect(convert(100, 'USD', 'EUR', undefined)).toBeUndefined();
    expect(convert(100, 'MXN', 'USD', homeOnly('eur'))).toBeUndefined();
    // the same currency needs no rate at all
    expect(conversionFactor('MXN', 'MXN', undefined)).toBe(1);
    expect(convert(100, 'EUR', 'EUR', homeOnly('EUR'))).toBe(100);
  });
});

describe('sameRates', () => {
  it('the same home and the same rate for every currency either lists (the home listed or not, any case)', () => {
    expect(sameRates(rates, { home: 'eur', perHome: { MXN: 19.6, USD: 1.08 } })).toBe(true);
    expect(sameRates(rates, { home: 'EUR', perHome: { USD: 1.08, MXN: 19.7 } })).toBe(false);
    expect(sameRates(rates, { home: 'EUR', perHome: { USD: 1.08, MXN: 19.6, BRL: 6 } })).toBe(false);
    expect(sameRates(rates, { home: 'USD', perHome: { EUR: 1 / 1.08 } })).toBe(false);
    expect(sameRates(rates, undefined)).toBe(false);
    expect(sameRates(undefined, undefined)).toBe(true);
  });
});
