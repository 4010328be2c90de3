// The SDR acts from the sidebar (issue #12): on the LinkedIn profile of someone new, "Add as lead"
// opens a form filled from the page, checks who they could already be, and adds them in two clicks;
// the side panel then says they are in the workspace. Someone else with the same name is held at the
// duplicate gate: "it's them" links the profile to the existing record, and "create anyway" wants a
// reason. A job title that changed on LinkedIn is offered as an update. A company page of a company
// the CRM does not hold offers "Add company to the CRM" the same way.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { PAGES, askBackground, launchWithExtension, openExtensionPage, openFixturePage, tabIdOf, withFailureScreenshot, type FixtureRoute, type Launched } from './harness';

const LEVANTE = 'https://www.linkedin.com/in/anabelen-soto-levante/';
// Andrés Felipe Gómez is a lead in the CRM under another LinkedIn address (a second profile, or a
// vanity URL changed since): the same public profile, served at an address no record holds.
const ANDRES_ELSEWHERE = 'https://co.linkedin.com/in/andres-gomez-7b1a2c';
// A company the CRM does not hold: Iberia Logística's page, served for another company.
const FERRER = 'https://www.linkedin.com/company/conservas-ferrer/';
const GRUPO = 'https://www.linkedin.com/company/grupo-iberia-logistica/';
const ROUTES: FixtureRoute[] = [
  { url: PAGES.linkedinAna.url, fixture: PAGES.linkedinAna.fixture },
  { url: LEVANTE, fixture: 'linkedin/profile-anabelen-soto-levante.html' },
  {
    url: ANDRES_ELSEWHERE,
    fixture: 'linkedin/public-profile-andres.html',
    replace: [['https://co.linkedin.com/in/andresfelipegomez', ANDRES_ELSEWHERE]],
  },
  {
    url: FERRER,
    fixture: 'linkedin/company-iberia-logistica.html',
    replace: [
      ['Iberia Logística', 'Conservas Ferrer Hermanos'],
      ['iberialogistica.es', 'conservasferrer.es'],
      ['iberia-logistica', 'conservas-ferrer'],
      ['10492731', '20571946'],
      ['Transporte, logística, cadena de suministro y almacenamiento', 'Alimentación y bebidas'],
      ['Logística integral para la península ibérica', 'Conservas del Mediterráneo desde 1921'],
      ['Operador logístico con 40 centros en España y Portugal.', 'Conservas de pescado con tres fábricas en Valencia.'],
      ['Madrid, Comunidad de Madrid', 'Valencia, Comunidad Valenciana'],
      ['501-1000 empleados', '201-500 empleados'],
    ],
  },
  // the group above Iberia Logística, on Iberia's own domain: a related company, never the same one
  {
    url: GRUPO,
    fixture: 'linkedin/company-iberia-logistica.html',
    replace: [
      ['Iberia Logística', 'Grupo Iberia Logística'],
      ['iberia-logistica', 'grupo-iberia-logistica'],
      ['10492731', '30611877'],
    ],
  },
];

async function panelFor(launched: Launched, url: string): Promise<{ page: Page; panel: Page }> {
  const { page } = await openFixturePage(launched.browser, url, ROUTES);
  const tabId = await tabIdOf(launched.worker, page, 'https://*.linkedin.com/*');
  const { page: panel } = await openExtensionPage(launched, `sidepanel.html?tab=${tabId}`);
  await panel.setViewport({ width: 400, height: 900 });
  return { page, panel };
}

const verdictOf = (panel: Page) => panel.$eval('[data-dealside="verdict"]', (el) => el.getAttribute('data-verdict')).catch(() => null);

describe('Add to CRM, behind the duplicate gate', () => {
  let launched: Launched;
  beforeAll(async () => {
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath') });
  });
  afterAll(async () => {
    await launched?.close();
  });

  it('adds someone new from their LinkedIn profile in two clicks, with the page’s details', () =>
    withFailureScreenshot('add-to-crm-new', async () => {
      const { page, panel } = await panelFor(launched, PAGES.linkedinAna.url);
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'new', { timeout: 60_000 });
      // Click 1: the form opens, filled from the profile; the gate finds nobody.
      await panel.click('[data-dealside="add-to-crm"]');
      await panel.waitForSelector('[data-dealside="add-form"]', { timeout: 30_000 });
      const value = (name: string) => panel.$eval(`[data-dealside="add-${name}"]`, (el) => (el as HTMLInputElement).value);
      expect(await value('firstName')).toBe('Ana Belén');
      expect(await value('lastName')).toBe('Soto');
      expect(await value('title')).toBe('Responsable de Compras');
      expect(await value('companyName')).toBe('Grupo Sotomar');
      expect(await value('linkedinUrl')).toMatch(/linkedin\.com\/in\/anabelensoto/);
      await panel.waitForFunction(() => !/Checking|Comprobando/.test(document.querySelector('[data-dealside="add-form"]')?.textContent ?? ''), { timeout: 30_000 });
      expect(await panel.$('[data-dealside="add-gate"]')).toBeNull();
      // Click 2: added; the panel now finds her by her LinkedIn URL.
      await panel.click('[data-dealside="add-submit"]');
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'in-crm', { timeout: 30_000 });
      expect(await panel.$eval('[data-dealside="sync-state"]', (el) => el.textContent ?? '')).toMatch(/connect|conectes/i);
      // Stored: a fresh panel says the same.
      await panel.reload({ waitUntil: 'load' });
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'in-crm', { timeout: 30_000 });
      // hers now, and the header says whose: the rep's own ("yours"), not a name they must recognise
      expect(await panel.$eval('[data-dealside="verdict"] [data-dealside="owner-line"]', (el) => el.textContent ?? '')).toMatch(/^yours · /);
      const added = await askBackground<{ counts: { people: number } }>(panel, { type: 'workspace/status' });
      expect(added.counts.people).toBeGreaterThan(0);
      await panel.close();
      await page.close();
    }));

  it('holds a record the form matches at the gate: "create anyway" wants a reason, "it’s them" links the profile', () =>
    withFailureScreenshot('add-to-crm-gate', async () => {
      const { page, panel } = await panelFor(launched, LEVANTE);
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'new', { timeout: 60_000 });
      await panel.click('[data-dealside="add-to-crm"]');
      await panel.waitForSelector('[data-dealside="add-form"]', { timeout: 30_000 });
      // The SDR types the e-mail they found: the gate checks again and finds who it belongs to.
      await panel.type('[data-dealside="add-email"]', 'maria.jose.garcia@iberialogistica.es');
      await panel.click('[data-dealside="add-submit"]');
      const gate = await panel.waitForSelector('[data-dealside="add-gate"]', { timeout: 30_000 });
      expect(await gate!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/María José García López/);
      // Nothing is created without an explicit choice.
      expect(await panel.$eval('[data-dealside="add-submit"]', (el) => (el as HTMLButtonElement).disabled)).toBe(true);
      await panel.click('[data-dealside="add-anyway"]');
      expect(await panel.$eval('[data-dealside="add-submit"]', (el) => (el as HTMLButtonElement).disabled)).toBe(true);
      await panel.type('[data-dealside="add-anyway-reason"]', 'Otra persona con el mismo correo compartido');
      expect(await panel.$eval('[data-dealside="add-submit"]', (el) => (el as HTMLButtonElement).disabled)).toBe(false);
      // … but it is her after all: link this profile to the existing record instead.
      await panel.click('[data-dealside="add-anyway"]');
      await panel.click('[data-dealside="add-link-profile"]');
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'in-crm', { timeout: 30_000 });
      // Found by this profile now; LinkedIn shows another company and title than the CRM's.
      const change = await panel.waitForSelector('[data-dealside="job-change"]', { timeout: 30_000 });
      expect(await change!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(/Iberia Logística[\s\S]*Frutas Levante/);
      // field by field: the new title is offered with a box the rep can untick; nothing ticked, nothing to send
      await panel.click('[data-dealside="job-field-title"]');
      expect(await panel.$eval('[data-dealside="job-update"]', (el) => (el as HTMLButtonElement).disabled)).toBe(true);
      await panel.click('[data-dealside="job-field-title"]');
      await panel.click('[data-dealside="job-update"]');
      await panel.waitForFunction(() => !document.querySelector('[data-dealside="job-update"]'), { timeout: 30_000 });
      expect(await verdictOf(panel)).toBe('in-crm');
      await panel.close();
      await page.close();
    }));

  it('adds a company from its LinkedIn page, as the page describes it, and the page then finds it', () =>
    withFailureScreenshot('add-to-crm-company', async () => {
      const { page, panel } = await panelFor(launched, FERRER);
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'new', { timeout: 60_000 });
      expect(await panel.$eval('[data-dealside="add-to-crm"]', (el) => el.textContent)).toBe('Add company to the CRM');
      await panel.click('[data-dealside="add-to-crm"]');
      await panel.waitForSelector('[data-dealside="add-form"]', { timeout: 30_000 });
      const value = (name: string) => panel.$eval(`[data-dealside="add-company-${name}"]`, (el) => (el as HTMLInputElement).value);
      expect(await value('name')).toBe('Conservas Ferrer Hermanos');
      expect(await value('domain')).toMatch(/conservasferrer\.es/);
      expect(await value('industry')).toBe('Alimentación y bebidas');
      expect(await value('employees')).toBe('201-500');
      expect(await value('linkedinUrl')).toMatch(/linkedin\.com\/company\/conservas-ferrer/);
      await panel.waitForFunction(() => !/Checking|Comprobando/.test(document.querySelector('[data-dealside="add-form"]')?.textContent ?? ''), { timeout: 30_000 });
      expect(await panel.$('[data-dealside="add-gate"]')).toBeNull();
      await panel.click('[data-dealside="add-submit"]');
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'in-crm', { timeout: 30_000 });
      // the rep's own account now, found by its page; and no second "add"
      expect(await panel.$eval('[data-dealside="verdict"] [data-dealside="owner-line"]', (el) => el.textContent ?? '')).toMatch(/^yours · /);
      expect(await panel.$('[data-dealside="add-to-crm"]')).toBeNull();
      const found = await askBackground<Array<{ name: string; kind: string }>>(panel, { type: 'search/quick', query: 'Conservas Ferrer' });
      expect(found.filter((r) => r.name === 'Conservas Ferrer Hermanos')).toHaveLength(1);
      await panel.close();
      await page.close();
    }));

  it("a group's page shows its subsidiary in the CRM as related, not as the same company, and the group is added", () =>
    withFailureScreenshot('add-to-crm-group', async () => {
      const { page, panel } = await panelFor(launched, GRUPO);
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'new', { timeout: 60_000 });
      const pill = await panel.waitForSelector('[data-dealside="relation"]', { timeout: 30_000 });
      expect(await pill!.evaluate((el) => el.textContent)).toBe('Subsidiary');
      const card = await pill!.evaluate((el) => (el.closest('section, article, div.rounded-md, div') as HTMLElement).innerText);
      expect(card).toMatch(/Iberia Logística S\.L\./);
      // told apart in the first glance too: the group is not in the CRM; its subsidiary is, and whose
      const header = await panel.$eval('[data-dealside="verdict"]', (el) => (el as HTMLElement).innerText);
      expect(header).toMatch(/Grupo Iberia Logística[\s\S]*not in your CRM[\s\S]*Subsidiary\s*Iberia Logística S\.L\.[\s\S]*yours/);
      // nothing of the subsidiary's deal is offered as this page's qualification
      expect(await panel.$('[data-dealside="bant-letter"]')).toBeNull();
      // adding the group is not held at the gate by its subsidiary
      await panel.click('[data-dealside="add-to-crm"]');
      await panel.waitForSelector('[data-dealside="add-form"]', { timeout: 30_000 });
      await panel.waitForFunction(() => !/Checking|Comprobando/.test(document.querySelector('[data-dealside="add-form"]')?.textContent ?? ''), { timeout: 30_000 });
      expect(await panel.$('[data-dealside="add-gate"]')).toBeNull();
      await panel.click('[data-dealside="add-submit"]');
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'in-crm', { timeout: 30_000 });
      expect(await panel.$eval('[data-dealside="verdict"]', (el) => (el as HTMLElement).innerText)).toMatch(/^Grupo Iberia Logística[\s\S]*Subsidiary/);
      await panel.close();
      await page.close();
    }));

  it('a profile of an existing lead under another LinkedIn address shows the lead and its owner, and offers no second record', () =>
    withFailureScreenshot('add-to-crm-existing-lead', async () => {
      const { page, panel } = await panelFor(launched, ANDRES_ELSEWHERE);
      await panel.waitForFunction(() => document.querySelector('[data-dealside="verdict"]')?.getAttribute('data-verdict') === 'in-crm', { timeout: 60_000 });
      const text = await panel.evaluate(() => document.body.innerText);
      expect(text).toMatch(/Andrés Felipe Gómez/);
      expect(text).toMatch(/Lead · owned by Diego Morales/);
      expect(text).toMatch(/Another rep works this person/);
      // nothing to add: the SDR is on an existing record, not someone new
      expect(await panel.$('[data-dealside="add-to-crm"]')).toBeNull();
      // and the workspace still has one Andrés
      const found = await askBackground<Array<{ name: string }>>(panel, { type: 'search/quick', query: 'Andrés Gómez' });
      expect(found.filter((r) => r.name === 'Andrés Felipe Gómez')).toHaveLength(1);
      await panel.close();
      await page.close();
    }));

  it('the team’s default for Add to CRM, chosen in Options, shows at once and is kept', () =>
    withFailureScreenshot('add-to-crm-default', async () => {
      const { page: options } = await openExtensionPage(launched, 'options.html');
      const radio = (k: string) => `[data-dealside="add-default-${k}"]`;
      const checked = (k: string) => options.$eval(radio(k), (el) => (el as HTMLInputElement).checked);
      await options.waitForFunction((sel) => !(document.querySelector(sel) as HTMLInputElement | null)?.disabled && !!(document.querySelector(sel) as HTMLInputElement | null)?.checked, { timeout: 30_000 }, radio('lead'));
      await options.click(radio('contact'));
      expect(await checked('contact')).toBe(true);
      expect(await checked('lead')).toBe(false);
      const stored = async () => (await askBackground<{ addAs: string }>(options, { type: 'settings/sdr-get' })).addAs;
      for (let i = 0; i < 300 && (await stored()) !== 'contact'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await stored()).toBe('contact');
      await options.reload({ waitUntil: 'load' });
      await options.waitForFunction((sel) => !!(document.querySelector(sel) as HTMLInputElement | null)?.checked, { timeout: 30_000 }, radio('contact'));
      // back to the default, for whatever runs next in this browser
      await options.click(radio('lead'));
      for (let i = 0; i < 300 && (await stored()) !== 'lead'; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await stored()).toBe('lead');
      await options.close();
    }));
});
