import { describe, expect, it } from 'vitest';
import { createTranslator, pickLocale } from '.';
import { sidebarMessages } from './sidebarMessages';
import { en, es, type MessageKey } from './messages';

describe('i18n', () => {
  it('picks Spanish for any Spanish variant, English otherwise', () => {
    expect(pickLocale(['es-MX', 'en'])).toBe('es');
    expect(pickLocale(['fr-FR', 'es-419'])).toBe('es');
    expect(pickLocale(['de-DE'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('has every key translated in Spanish, none left in English by mistake', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    const same = Object.keys(en).filter((k) => en[k as keyof typeof en] === es[k as keyof typeof es]);
    // words Spanish-speaking sales teams use as they are: lead, partner, e-mail, plan, and the
    // acronyms ABM, ACV and CLV
    expect(same.sort()).toEqual(
      ['importAsLeads', 'lead', 'addKindLead', 'lifecycle.partner', 'matched.email', 'syncField.email', 'abmTitle', 'keyAcv', 'keyClv', 'keyPlanSummary'].sort(),
    );
  });

  it('formats relative times and money in the locale', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const es = createTranslator('es', sidebarMessages);
    expect(es.relativeTime('2026-11-19T12:00:00Z', now)).toBe('hace 3 días');
    expect(createTranslator('en', sidebarMessages).relativeTime('2026-11-19T12:00:00Z', now)).toBe('3 days ago');
    // a day alone (a CRM's last activity date) is counted in days, never shown as hours
    const local = new Date(2026, 10, 22, 9, 0); // 9:00 on 22 November, the user's time
    expect(createTranslator('en', sidebarMessages).relativeTime('2026-11-22', local)).toBe('today');
    expect(createTranslator('en', sidebarMessages).relativeTime('2026-11-21', local)).toBe('yesterday');
    expect(es.relativeTime('2026-11-19', local)).toBe('hace 3 días');
    expect(es.money(48000, 'EUR')).toMatch(/48\.000\s€/);
  });
});

/** The {placeholders} of a message, each as many times as it appears (callers replace them one by one). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

describe('placeholders', () => {
  it('are read with their repeats', () => {
    expect(placeholders('{n} of {crm}, again {n}')).toEqual(['crm', 'n', 'n']);
    expect(placeholders('no placeholder, only ${money}')).toEqual(['money']);
  });

  it('every message has the same {placeholders} in English and Spanish, as many times each', () => {
    const differing = Object.keys(en)
      .map((key) => ({ key, en: placeholders(en[key as MessageKey]), es: placeholders(es[key as MessageKey]) }))
      .filter((m) => m.en.join() !== m.es.join());
    expect(differing).toEqual([]);
  });
});
