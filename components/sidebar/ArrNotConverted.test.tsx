// The line under an account's ARR that says what it leaves out, in both languages, as text.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { createTranslator } from '../../utils/i18n';
import { sidebarMessages } from '../../utils/i18n/sidebarMessages';
import { ArrNotConverted, arrNotConvertedText } from './ArrNotConverted';

const en = createTranslator<string>('en', sidebarMessages);
const es = createTranslator<string>('es', sidebarMessages);

describe('ArrNotConverted', () => {
  it('says what was left out and why, in English and Spanish', () => {
    const value = { items: [{ currency: 'MXN', arr: 120_000 }], crm: 'pipedrive' };
    expect(arrNotConvertedText(value, en)).toBe('Not included: MX$120,000 ARR — Pipedrive gives no exchange rate');
    expect(arrNotConvertedText(value, es).replace(/\u00a0/g, ' ')).toBe('Sin incluir: 120.000 MXN de ARR — Pipedrive no da tipo de cambio');
    const two = { items: [{ currency: 'BRL', arr: 30_000 }, { currency: 'MXN', arr: 5000 }] };
    expect(arrNotConvertedText(two, en)).toBe('Not included: R$30,000, MX$5,000 ARR — no exchange rate known');
    expect(arrNotConvertedText(two, es).replace(/\u00a0/g, ' ')).toBe('Sin incluir: 30.000 BRL, 5000 MXN de ARR — sin tipo de cambio conocido');
  });

  it('renders as text (a CRM’s currency code is never markup), and nothing when nothing was left out', () => {
    const html = renderToStaticMarkup(<ArrNotConverted value={{ items: [{ currency: '<b>X</b>', arr: 10 }], crm: 'hubspot' }} />);
    expect(html).toContain('data-dealside="arr-not-converted"');
    expect(html).toContain('Not included: 10 &lt;b>X&lt;/b> ARR');
    expect(html).not.toContain('<b>');
    expect(html).toContain('HubSpot gives no exchange rate');
    expect(renderToStaticMarkup(<ArrNotConverted value={undefined} />)).toBe('');
    expect(renderToStaticMarkup(<ArrNotConverted value={{ items: [] }} />)).toBe('');
  });
});
