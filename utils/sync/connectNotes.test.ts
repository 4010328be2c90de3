// Connect notes in the language of the person connecting (Options' language, through the service's
// uiLocale): each CRM, against its local fake, by token and by its sign-in, and a reconnect in the
// other language says it in that one.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake, ALL_SCOPES } from '../../tests/fakes/hubspot';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { DynamicsFake } from '../../tests/fakes/dynamics';
import { ZohoFake } from '../../tests/fakes/zoho';
import { openStore } from '../store/db';
import { mulberry32 } from '../demo/prng';
import { SyncService, type SyncServiceDeps } from './service';
import { VirtualClock } from '../../tests/support/sync';
import type { LaunchWebAuthFlow } from './auth';
import type { CrmSystem } from '../domain/entities';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

/** The CRM's sign-in window: follow the authorize redirect and hand back where it lands. */
const launchWebAuthFlow: LaunchWebAuthFlow = async ({ url }) => (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? undefined;

async function service(clock: VirtualClock, extra: Partial<SyncServiceDeps> = {}) {
  const language: { now: 'en' | 'es' } = { now: 'es' };
  const db = await openStore(`notes-${Math.random()}`);
  const s = new SyncService(
    {
      db,
      fetch,
      now: clock.now,
      sleep: clock.sleep,
      random: mulberry32(11),
      timeoutMs: 30_000,
      launchWebAuthFlow,
      redirectUri: 'https://ext.chromiumapp.org/',
      uiLocale: async () => language.now,
      ...extra,
    },
    true,
  );
  const message = async (system: CrmSystem) => (await s.status()).connections.find((c) => c.system === system)?.message ?? '';
  return { s, db, language, message };
}

async function started<F extends { start(): Promise<unknown>; stop(): Promise<unknown> }>(fake: F): Promise<F> {
  await fake.start();
  stops.push(async () => void (await fake.stop()));
  return fake;
}

/** Words only the English notes use: none is left in a Spanish connect's notes. */
const ENGLISH = /\b(ask an? |did not let|is missing|are missing|has no |have no |choose |Options → Connections|looks records up|Reconnect)\b/;

describe('connect notes follow the connecting person’s language', () => {
  it('HubSpot (token): a refused scope, in Spanish; the same reconnect in English says it in English', async () => {
    const clock = new VirtualClock();
    const fake = await started(new HubspotFake({ now: clock.now, tokens: { 'pat-no-products': ALL_SCOPES.filter((s) => s !== 'e-commerce' && s !== 'crm.objects.owners.read') } }));
    const t = await service(clock);
    await t.s.connectToken({ system: 'hubspot', token: 'pat-no-products', baseUrl: fake.url, startSync: false });
    const es = await t.message('hubspot');
    expect(es).toContain('HubSpot no dejó a Dealside leer los productos (al token le falta el ámbito de e-commerce)');
    expect(es).toContain('pulsa Volver a conectar');
    expect(es).toContain('(al token le falta el ámbito crm.objects.owners.read)');
    expect(es).not.toMatch(ENGLISH);

    // a colleague whose Options are in English reconnects: the notes are in English, as before
    t.language.now = 'en';
    await t.s.connectToken({ system: 'hubspot', token: 'pat-no-products', baseUrl: fake.url, startSync: false });
    expect(await t.message('hubspot')).toContain('HubSpot did not let Dealside read products (the token lacks the e-commerce scope)');
  });

  it('HubSpot (token): without the schema scopes, the properties and association labels notes in Spanish', async () => {
    const clock = new VirtualClock();
    const fake = await started(new HubspotFake({ now: clock.now, tokens: { 'pat-limited': ALL_SCOPES.filter((s) => !s.startsWith('crm.schemas.')) } }));
    const t = await service(clock);
    await t.s.connectToken({ system: 'hubspot', token: 'pat-limited', baseUrl: fake.url, startSync: false });
    const es = await t.message('hubspot');
    expect(es).toContain('HubSpot no dejó a Dealside crear sus propiedades en deals (al token le falta el ámbito crm.schemas.deals.write)');
    expect(es).toContain('Sin la propiedad dealside_id, Dealside busca los registros por e-mail, dominio o nombre antes de crearlos.');
    expect(es).toContain('las interacciones que registra Dealside llevan una línea "Dealside ref"');
    expect(es).toContain('etiquetas de asociación negocio–contacto para los roles del comité de compra');
    expect(es).not.toMatch(ENGLISH);
  });

  it('Salesforce (token, then signing in): missing BANT fields in Spanish', async () => {
    const clock = new VirtualClock();
    const fake = await started(new SalesforceFake({ now: clock.now, dealsideFields: false }));
    const t = await service(clock, { oauthClients: { salesforce: { clientId: 'dealside-client' } } });
    await t.s.connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
    const es = await t.message('salesforce');
    expect(es).toMatch(/Faltan campos BANT en Opportunity: pide a un administrador de Salesforce que añada .*Dealside_Budget_Status__c.* \(o asigna BANT a campos que ya existan en Opciones → Conexiones con el CRM\)\./);
    expect(es).toContain('Opportunity no tiene el campo de id externo Dealside_Id__c');
    expect(es).toContain('Task y Event no tienen el campo Dealside_Id__c');
    expect(es).not.toMatch(ENGLISH);

    // the sign-in path (OAuth) carries the language too
    await t.s.disconnect('salesforce');
    await t.s.connectOAuth('salesforce', { loginHost: fake.url });
    expect(await t.message('salesforce')).toContain('Faltan campos BANT en Opportunity');
  });

  it('Pipedrive (token): a user who may not add fields is told so in Spanish', async () => {
    const clock = new VirtualClock();
    const fake = await started(new PipedriveFake({ now: clock.now }));
    fake.admin = false;
    const t = await service(clock);
    await t.s.connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url, startSync: false });
    const es = await t.message('pipedrive');
    expect(es).toContain('Pipedrive no dejó a Dealside añadir el campo de persona "Buying role" (solo pueden hacerlo los administradores)');
    expect(es).toContain('Pipedrive no dejó a Dealside añadir sus campos a deals');
    expect(es).not.toMatch(ENGLISH);
  });

  it('Dynamics 365 (signing in with Microsoft): missing columns and keys in Spanish', async () => {
    const clock = new VirtualClock();
    const fake = await started(new DynamicsFake({ now: clock.now, dealsideFields: false }));
    const t = await service(clock, { entraLoginHost: fake.url });
    await t.s.setOAuthClient('dynamics', { system: 'dynamics', clientId: '0c2f4e6a-8b1d-4c3e-9f5a-7d6b8e9f0a1b', tenant: 'iberia-analytics.onmicrosoft.com' });
    await t.s.connectOAuth('dynamics', { orgUrl: fake.url });
    const es = await t.message('dynamics');
    expect(es).toMatch(/Faltan columnas BANT en opportunity: pide a un administrador de Dynamics 365 que añada .*dealside_budgetnote/);
    expect(es).toContain('no tiene clave alternativa en dealside_dealsideid: Dealside busca los registros por e-mail o nombre antes de crearlos.');
    expect(es).not.toMatch(ENGLISH);
  });

  it('Zoho CRM on the Standard edition: the fields made and the edition full, in Spanish', async () => {
    const clock = new VirtualClock();
    const fake = await started(new ZohoFake({ now: clock.now, dealsideFields: false, edition: 'standard' }));
    const t = await service(clock, { zohoAccountsHost: fake.url });
    await t.s.setOAuthClient('zoho', { system: 'zoho', clientId: '1000.DEALSIDE0TEST0CLIENT0ID00000' });
    await t.s.connectOAuth('zoho', { dataCentre: 'eu' });
    const es = await t.message('zoho');
    expect(es).toMatch(/^Dealside añadió sus campos a Zoho CRM: 1 en Accounts, 2 en Contacts, 10 en Leads, 10 en Deals\. La edición de Zoho CRM no admite más campos personalizados en Leads y Deals: los campos que se indican abajo no se añadieron allí\./);
    expect(es).toMatch(/Faltan campos BANT en Deals: pide a un administrador de Zoho CRM que añada Dealside_Need_Category/);
    expect(es).not.toMatch(ENGLISH);
  });

  it('Zoho CRM (signing in at the data centre): missing fields in Spanish', async () => {
    const clock = new VirtualClock();
    const fake = await started(new ZohoFake({ now: clock.now, dealsideFields: false, customizer: false }));
    const t = await service(clock, { zohoAccountsHost: fake.url });
    await t.s.setOAuthClient('zoho', { system: 'zoho', clientId: '1000.DEALSIDE0TEST0CLIENT0ID00000' });
    await t.s.connectOAuth('zoho', { dataCentre: 'eu' });
    const es = await t.message('zoho');
    expect(es).toMatch(/Faltan campos BANT en Deals: pide a un administrador de Zoho CRM que añada .*Dealside_Budget_Note/);
    expect(es).toContain('Deals no tiene un campo único Dealside_Id');
    expect(es).toContain('solo puede hacerlo un usuario cuyo perfil permita personalizar Zoho CRM');
    expect(es).not.toMatch(ENGLISH);
  });
});
