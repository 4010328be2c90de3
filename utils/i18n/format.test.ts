import { describe, expect, it } from 'vitest';
import { createTranslator } from '.';
import { sidebarMessages } from './sidebarMessages';
import {
  formatDate,
  formatDays,
  formatDuration,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPoints,
  formatRelativeDays,
} from './format';

// Intl may put a no-break space (U+00A0 or U+202F) where a reader sees a space.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatting through Intl, in both languages', () => {
  it('writes a calendar day as a short date, the same day in every time zone', () => {
    expect(formatDate('2027-01-09', 'en')).toBe('9 Jan 2027');
    expect(formatDate('2027-01-09', 'es')).toBe('9 ene 2027');
    // a date-only string names a day, not an instant: Mexico City (UTC−6) still reads the 9th
    expect(formatDate('2027-01-09', 'es', { timeZone: 'America/Mexico_City' })).toBe('9 ene 2027');
    expect(formatDate('2027-01-09', 'en', { timeZone: 'America/Bogota', withTime: true })).toBe('9 Jan 2027');
  });

  it('writes an instant in the zone asked for, with the time when asked', () => {
    expect(formatDate('2026-11-20T23:30:00Z', 'en', { timeZone: 'UTC' })).toBe('20 Nov 2026');
    expect(formatDate('2026-11-20T23:30:00Z', 'es', { timeZone: 'Europe/Madrid' })).toBe('21 nov 2026');
    expect(plain(formatDate('2026-11-20T13:05:00Z', 'es', { timeZone: 'UTC', withTime: true }))).toBe('20 nov 2026, 13:05');
    expect(plain(formatDate('2026-11-20T13:05:00Z', 'en', { timeZone: 'UTC', withTime: true }))).toBe('20 Nov 2026, 13:05');
  });

  it('leaves an unreadable date as it was instead of "Invalid Date"', () => {
    expect(formatDate('next spring', 'en')).toBe('next spring');
  });

  it('counts days with the right plural', () => {
    expect(formatDays(1, 'en')).toBe('1 day');
    expect(formatDays(45, 'en')).toBe('45 days');
    expect(formatDays(1, 'es')).toBe('1 día');
    expect(formatDays(45, 'es')).toBe('45 días');
    expect(formatDays(1200, 'en')).toBe('1,200 days');
  });

  it('writes durations long or short', () => {
    expect(formatDuration(24, 'hour', 'en')).toBe('24 hours');
    expect(formatDuration(24, 'hour', 'es')).toBe('24 horas');
    expect(plain(formatDuration(24, 'hour', 'es', 'short'))).toBe('24 h');
    expect(plain(formatDuration(30, 'day', 'en', 'short'))).toBe('30 days');
    expect(plain(formatDuration(30, 'day', 'es', 'short'))).toBe('30 d');
  });

  it('says days from today in words', () => {
    expect(formatRelativeDays(12, 'en')).toBe('in 12 days');
    expect(formatRelativeDays(12, 'es')).toBe('dentro de 12 días');
    expect(formatRelativeDays(-3, 'en')).toBe('3 days ago');
    expect(formatRelativeDays(-3, 'es')).toBe('hace 3 días');
    expect(formatRelativeDays(1, 'en')).toBe('tomorrow');
    expect(formatRelativeDays(1, 'es')).toBe('mañana');
    expect(formatRelativeDays(0, 'es')).toBe('hoy');
  });

  it('writes money, percents, numbers and points the way each language does', () => {
    expect(formatMoney(48000, 'EUR', 'en')).toBe('€48,000');
    expect(plain(formatMoney(48000, 'EUR', 'es'))).toBe('48.000 €');
    expect(formatMoney(1_250_000, 'MXN', 'en')).toBe('MX$1,250,000');
    // not an ISO currency code: the number and the code as the CRM wrote it
    expect(formatMoney(48000, 'euros', 'en')).toBe('48,000 euros');
    expect(formatPercent(0.98, 'en')).toBe('98%');
    expect(plain(formatPercent(0.98, 'es'))).toBe('98 %');
    expect(formatNumber(7.5, 'es')).toBe('7,5');
    expect(formatNumber(12345, 'es')).toBe('12.345');
    expect(formatPoints(20, 'en')).toBe('+20');
    expect(formatPoints(-10, 'es')).toBe('-10');
    expect(formatPoints(0, 'es')).toBe('0');
  });

  it('is what the translator uses', () => {
    const en = createTranslator('en', sidebarMessages);
    const es = createTranslator('es', sidebarMessages);
    expect(en.date('2027-01-09')).toBe('9 Jan 2027');
    expect(es.date('2027-01-09')).toBe('9 ene 2027');
    expect(es.duration(30, 'day')).toBe('30 días');
    expect(en.relativeDays(-12)).toBe('12 days ago');
    expect(plain(es.percent(0.98))).toBe('98 %');
    expect(es.number(1234567)).toBe('1.234.567');
    expect(plain(es.money(48000, 'EUR'))).toBe('48.000 €');
  });
});
