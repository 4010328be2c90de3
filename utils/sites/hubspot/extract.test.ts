// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../extract';
import { parsePageUrl } from '../index';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/pages/hubspot');
const PORTAL = 'https://app.hubspot.com/contacts/4481234/record';
const URLS = {
  contact: `${PORTAL}/0-1/51001`,
  company: `${PORTAL}/0-2/90001`,
  deal: `${PORTAL}/0-3/71001`,
};

/** The fixture's document in place of the test document; its scripts run only when asked. */
function load(file: string, { runScripts = false } = {}) {
  const parsed = new DOMParser().parseFromString(readFileSync(path.join(FIXTURES, file), 'utf8'), 'text/html');
  const scripts = Array.from(parsed.querySelectorAll('script:not([type])')).map((s) => s.textContent ?? '');
  parsed.querySelectorAll('script').forEach((s) => s.remove());
  document.documentElement.lang = parsed.documentElement.lang;
  document.head.replaceChildren(...Array.from(parsed.head.childNodes).map((n) => document.importNode(n, true)));
  document.body.replaceChildren(...Array.from(parsed.body.childNodes).map((n) => document.importNode(n, true)));
  document.title = parsed.title;
  if (runScripts) for (const source of scripts) new Function(source)();
}

function snapshot(url: string, extra: { previousName?: string; timeoutMs?: number } = {}) {
  const ref = parsePageUrl(url);
  if (!ref) throw new Error(`not a record URL: ${url}`);
  return takeSnapshot(document, url, ref, {
    signal: new AbortController().signal,
    now: () => 1,
    timeoutMs: extra.timeoutMs ?? 10_000,
    previousName: extra.previousName,
  });
}

afterEach(() => {
  document.title = '';
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('HubSpot record pages (fixtures)', () => {
  it('reads the contact fixture (English UI)', async () => {
    load('contact-51001.html');
    const snap = await snapshot(URLS.contact);
    expect(snap.entity).toEqual({
      type: 'person',
      fullName: 'María José García López',
      email: 'maria.jose.garcia@iberialogistica.es',
      title: 'Directora Financiera',
      phone: '+34 612 345 678',
      companyName: 'Iberia Logística S.L.',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('waits for the highlight card of a company and reads domain, industry and employees (Spanish UI)', async () => {
    load('company-90001.html', { runScripts: true });
    const snap = await snapshot(URLS.company);
    expect(snap.entity).toEqual({
      type: 'company',
      name: 'Iberia Logística S.L.',
      domain: 'iberialogistica.es',
      industry: 'Logística y cadena de suministro',
      size: '850',
    });
    expect(snap.health).toMatchObject({ status: 'ok', missing: [] });
  });

  it('reads a deal: amount, stage from its dropdown button, associated company', async () => {
    load('deal-71001.html');
    const snap = await snapshot(URLS.deal);
    expect(snap.entity).toEqual({
      type: 'deal',
      name: 'Iberia Logística — Renovación 2027',
      amount: '€63,000.00',
      stage: 'Contract sent',
      companyName: 'Iberia Logística S.L.',
    });
  });

  it('after an in-page navigation from the company to its deal, reads the deal', async () => {
    load('company-90001.html', { runScripts: true });
    await snapshot(URLS.company);
    setTimeout(() => load('deal-71001.html'), 40);
    const snap = await snapshot(URLS.deal, { previousName: 'Iberia Logística S.L.', timeoutMs: 10_000 });
    expect(snap.entity).toMatchObject({ type: 'deal', name: 'Iberia Logística — Renovación 2027' });
  });
});
