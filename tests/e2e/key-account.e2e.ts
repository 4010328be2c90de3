// The key account manager on Iberia Logística's HubSpot company page (a key account of the demo
// workspace), in English and in Spanish: the header says it is a key account, how far its plan is and
// how long is left to answer the customer under the 12 h SLA; the Key account section explains its
// share of revenue, ACV and CLV and lists the plan — half done — where an item is written down with
// the keyboard (and shown as text, never as HTML) and cleared again; the ABM section shows tier,
// both owners and what moved this week, and R runs the weekly review account by account. Options
// changes the threshold, and the sidebar follows.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Frame } from 'puppeteer-core';
import { axeViolations, formatViolations, launchWithExtension, openExtensionPage, openFixturePage, waitForSidebarFrame, withFailureScreenshot, type Launched } from './harness';

const COMPANY = 'https://app.hubspot.com/contacts/4481234/record/0-2/90001';
const ROUTES = { [COMPANY]: 'hubspot/company-90001.html' };

const text = (frame: Frame, selector: string) => frame.$eval(selector, (el) => (el as HTMLElement).innerText);
const planStates = (frame: Frame) =>
  frame.$$eval('[data-dealside="plan-item"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-item'), e.getAttribute('data-state')])));

describe('the key account manager on a key account', () => {
  for (const lang of ['en-US', 'es-ES'] as const) {
    const es = lang === 'es-ES';
    describe(lang, () => {
      let launched: Launched;
      beforeAll(async () => {
        launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), lang });
      });
      afterAll(async () => {
        await launched?.close();
      });

      it('sees why it is key, what it is worth, the plan’s gaps and the SLA; writes one down by keyboard', () =>
        withFailureScreenshot(`key-account-${lang}`, async () => {
          const { page } = await openFixturePage(launched.browser, COMPANY, ROUTES);
          const frame = await waitForSidebarFrame(page);
          await frame.waitForSelector('[data-dealside="key-plan"]', { timeout: 30_000 });
          // the first glance: key account, the plan's progress, the customer's ticket waiting
          const glance = await text(frame, '[data-dealside="moment-header"] [data-dealside="key-account-glance"]');
          expect(glance).toMatch(es ? /Cuenta clave\s+plan 4\/8 · responder en [1-7] h/ : /Key account\s+plan 4\/8 · answer within [1-7] hrs?/);
          // the section: why, ACV and CLV, each with how it was worked out
          expect(await frame.$eval('[data-dealside="key-account"]', (el) => [el.getAttribute('data-key'), el.getAttribute('data-basis')])).toEqual(['true', 'both']);
          expect(await text(frame, '[data-dealside="key-account-why"]')).toMatch(es ? /^Cuenta clave: [\d,]+\s% de los ingresos del equipo \(clave desde 2\s%\), y marcada en el CRM$/ : /^Key account: [\d.]+% of the team's revenue \(key from 2%\), and flagged in the CRM$/);
          expect(await frame.$eval('[data-dealside="key-acv"]', (el) => Number(el.getAttribute('data-value')))).toBe(92_400);
          expect(await text(frame, '[data-dealside="key-acv"]')).toMatch(es ? /^ACV 92\.400\s€: lo que aportan al año sus contratos y 2 unidades \(ARR actual\)$/ : /^ACV €92,400: what its contracts and 2 units bring a year \(ARR now\)$/);
          expect(await text(frame, '[data-dealside="key-clv"]')).toMatch(es ? /^CLV .+: .+ ingresados desde el .+ \+ .+ al año × [\d,]+ años más previstos \(.+\)$/ : /^CLV .+: .+ earned since .+ \+ .+ a year × [\d.]+ more years expected \(.+\)$/);
          expect(await text(frame, '[data-dealside="key-response"]')).toMatch(es ? /Responde el ticket de soporte de Juan Carlos Pérez Ruiz: quedan [1-7] h del SLA de cuenta clave de 12 h/ : /Answer Juan Carlos Pérez Ruiz's support ticket: [1-7] hrs? left of the key-account SLA of 12 hrs/);
          // the plan: half done, the quarterly review overdue, three items missing, each with its action
          expect(await planStates(frame)).toEqual({
            profile: 'done',
            needs: 'done',
            audience: 'missing',
            manager: 'done',
            'value-adds': 'missing',
            commitments: 'done',
            alignment: 'missing',
            review: 'due',
          });
          const review = await text(frame, '[data-dealside="plan-item"][data-item="review"]');
          expect(review).toMatch(es ? /Revisión trimestral\s+toca de nuevo[\s\S]*cada 90 días[\s\S]*Celebra la revisión trimestral/ : /Quarterly review\s+due again[\s\S]*every 90 days[\s\S]*Hold the quarterly review/);
          expect(await text(frame, '[data-dealside="plan-item"][data-item="manager"]')).toContain('Lucía Fernández');

          // By keyboard: the audience's button, Enter, type (markup stays text), Tab to Save, Enter.
          const audience = '[data-dealside="plan-item"][data-item="audience"]';
          await frame.$eval(`${audience} [data-dealside="plan-open"]`, (el) => (el as HTMLElement).focus());
          await page.keyboard.press('Enter');
          await frame.waitForFunction((sel) => document.activeElement === document.querySelector(`${sel} [data-dealside="plan-note"]`), { timeout: 10_000 }, audience);
          await page.keyboard.type('Retail <b>y</b> e-commerce');
          await page.keyboard.press('Tab');
          expect(await frame.evaluate(() => document.activeElement?.getAttribute('data-dealside'))).toBe('plan-save');
          await page.keyboard.press('Enter');
          await frame.waitForSelector(`${audience}[data-state="done"]`, { timeout: 30_000 });
          expect(await text(frame, `${audience} [data-dealside="plan-note-text"]`)).toBe('Retail <b>y</b> e-commerce');
          expect(await frame.$$(`${audience} b`)).toHaveLength(0);
          await frame.waitForFunction(() => document.querySelector('[data-dealside="key-account-glance"]')?.textContent?.includes('5/8'), { timeout: 30_000 });
          // a meeting is marked held on its date: the alignment meeting, today
          const alignment = '[data-dealside="plan-item"][data-item="alignment"]';
          await frame.$eval(`${alignment} [data-dealside="plan-open"]`, (el) => (el as HTMLElement).focus());
          await page.keyboard.press('Enter');
          await frame.waitForFunction((sel) => document.activeElement === document.querySelector(`${sel} [data-dealside="plan-date"]`), { timeout: 10_000 }, alignment);
          // the date input holds today: Enter submits it
          await page.keyboard.press('Enter');
          await frame.waitForSelector(`${alignment}[data-state="done"]`, { timeout: 30_000 });
          expect(await text(frame, alignment)).toMatch(es ? /Celebrada el .+ · la próxima antes del / : /Held .+ · next by /);
          // and cleared again, as it was (by keyboard: the button focused, Enter)
          for (const item of [audience, alignment]) {
            await frame.$eval(`${item} [data-dealside="plan-clear"]`, (el) => (el as HTMLElement).focus());
            await page.keyboard.press('Enter');
            await frame.waitForSelector(`${item}[data-state="missing"]`, { timeout: 30_000 });
          }
          // nothing wider than the 360 px sidebar
          expect(await frame.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
          await page.close();
        }));

      it('runs the weekly ABM review from the sidebar, account by account, with R', () =>
        withFailureScreenshot(`abm-review-${lang}`, async () => {
          const { page } = await openFixturePage(launched.browser, COMPANY, ROUTES);
          const frame = await waitForSidebarFrame(page);
          await frame.waitForSelector('[data-dealside="abm"] [data-dealside="review-next"]', { timeout: 30_000 });
          expect(await text(frame, '[data-dealside="abm-tier"]')).toBe(es ? 'Nivel 1 · uno a uno' : 'Tier 1 · one-to-one');
          expect(await text(frame, '[data-dealside="abm-sales-owner"]')).toBe('Lucía Fernández');
          expect(await text(frame, '[data-dealside="abm-marketing-owner"]')).toBe('Pablo Ortega');
          const moves = await frame.$$eval('[data-dealside="abm-move"]', (els) => els.map((e) => [e.getAttribute('data-kind'), (e as HTMLElement).innerText]));
          expect(moves).toContainEqual(['stage', es ? '▲ Renovación 2027: propuesta → negociación (hace 3 días)' : '▲ Renovación 2027: proposal → negotiation (3 days ago)']);
          expect(await text(frame, '[data-dealside="abm-support"]')).toMatch(es ? /Final: pruebas de valor, contacto ejecutivo/ : /Late: proof points, executive outreach/);
          const position = await text(frame, '[data-dealside="review-position"]');
          const [, at, total] = /(\d+)\D+(\d+)/.exec(position)!.map(Number);
          expect(total).toBeGreaterThan(3);
          // R, from anywhere in the sidebar but a text field: the next account, here
          await frame.$eval('[data-dealside="section"][data-section="abm"] [data-dealside="section-toggle"]', (el) => (el as HTMLElement).focus());
          await page.keyboard.press('r');
          await frame.waitForSelector('[data-dealside="review-account-name"]', { timeout: 30_000 });
          const first = await text(frame, '[data-dealside="review-account-name"]');
          expect(first).not.toBe('Iberia Logística S.L.');
          expect(await text(frame, '[data-dealside="review-position"]')).toMatch(new RegExp(`\\b${at! + 1}\\b`));
          expect(await frame.$eval('[data-dealside="abm"]', (el) => el.getAttribute('data-account'))).not.toBe('demo-acc-0001');
          await page.keyboard.press('r');
          await frame.waitForFunction(
            (name) => {
              const shown = document.querySelector('[data-dealside="review-account-name"]')?.textContent;
              return !!shown && shown !== name && !!document.querySelector('[data-dealside="abm-next"]');
            },
            { timeout: 30_000 },
            first,
          );
          expect(await text(frame, '[data-dealside="review-position"]')).toMatch(new RegExp(`\\b${at! + 2}\\b`));
          // each account of the review says what moved (or that nothing did) and what happens next
          expect(await text(frame, '[data-dealside="abm-next"]')).toMatch(/^→ .{10,}/);
          expect(formatViolations(await axeViolations(frame))).toBe('no violations');
          await frame.click('[data-dealside="review-back"]');
          await frame.waitForFunction(() => document.querySelector('[data-dealside="abm"]')?.getAttribute('data-account') === 'demo-acc-0001', { timeout: 30_000 });
          expect(await frame.$('[data-dealside="review-account-name"]')).toBeNull();
          await page.close();
        }));

      it('runs the review from the side panel with no record open: start with R, account by account', () =>
        withFailureScreenshot(`abm-review-panel-${lang}`, async () => {
          // the side panel on a tab that shows no record (here, its own page): the review alone
          const { page: panel } = await openExtensionPage(launched, 'sidepanel.html');
          await panel.setViewport({ width: 360, height: 900 });
          await panel.waitForSelector('[data-dealside="state"][data-state="no-page"]', { timeout: 30_000 });
          const start = await panel.waitForSelector('[data-dealside="weekly-review"] [data-dealside="review-next"]', { timeout: 30_000 });
          expect(await start!.evaluate((el) => (el as HTMLElement).innerText)).toMatch(es ? /Empezar la revisión semanal/ : /Start the weekly review/);
          expect(await panel.$eval('[data-dealside="review-position"]', (el) => el.textContent)).toMatch(es ? /^\d+ cuentas objetivo son tuyas/ : /^\d+ target accounts are yours/);
          await panel.keyboard.press('r');
          await panel.waitForSelector('[data-dealside="review-account-name"]', { timeout: 30_000 });
          expect(await panel.$eval('[data-dealside="review-position"]', (el) => el.textContent)).toMatch(es ? /^Cuenta 1 de \d+$/ : /^Account 1 of \d+$/);
          const first = await panel.$eval('[data-dealside="review-account-name"]', (el) => el.textContent);
          await panel.keyboard.press('r');
          await panel.waitForFunction(
            (name) => {
              const shown = document.querySelector('[data-dealside="review-account-name"]')?.textContent;
              return !!shown && shown !== name;
            },
            { timeout: 30_000 },
            first,
          );
          expect(await panel.$eval('[data-dealside="review-position"]', (el) => el.textContent)).toMatch(es ? /^Cuenta 2 de \d+$/ : /^Account 2 of \d+$/);
          expect(await panel.$('[data-dealside="abm-next"]')).not.toBeNull();
          expect(await panel.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
          expect(formatViolations(await axeViolations(panel))).toBe('no violations');
          await panel.close();
        }));

      if (lang === 'en-US') {
        it('changes the key-account threshold in Options, and the sidebar follows', () =>
          withFailureScreenshot('key-account-threshold', async () => {
            const { page: options } = await openExtensionPage(launched, 'options.html');
            const input = await options.waitForSelector('[data-dealside="key-threshold"]:not([disabled])', { timeout: 30_000 });
            expect(await input!.evaluate((el) => (el as HTMLInputElement).value)).toBe('2');
            // by keyboard: the field selected, the new share typed, Enter saves
            const retype = async (value: string) => {
              await input!.evaluate((el) => {
                (el as HTMLInputElement).focus();
                (el as HTMLInputElement).select();
              });
              await options.keyboard.type(value);
              await options.keyboard.press('Enter');
            };
            await retype('50');
            expect(await (await options.waitForSelector('[data-dealside="key-threshold-saved"]', { timeout: 30_000 }))!.evaluate((el) => el.textContent)).toMatch(/50%/);
            const { page } = await openFixturePage(launched.browser, COMPANY, ROUTES);
            const frame = await waitForSidebarFrame(page);
            await frame.waitForSelector('[data-dealside="key-account"][data-basis="flag"]', { timeout: 30_000 });
            expect(await text(frame, '[data-dealside="key-account-why"]')).toMatch(/^Key account: flagged in the CRM \([\d.]+% of the team's revenue; key from 50%\)$/);
            await options.bringToFront();
            await retype('2');
            await frame.waitForSelector('[data-dealside="key-account"][data-basis="both"]', { timeout: 30_000 });
            await page.close();
            await options.close();
          }));
      }
    });
  }
});
