// The sync requests through the real router: answers match the protocol's schemas, no answer
// carries a token, and only the extension's own pages may ask.
import { afterEach, describe, expect, it } from 'vitest';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { openStore } from '../store/db';
import { putAll } from '../store/records';
import { createHandlers } from '../background/handlers';
import { createRequestListener } from '../messaging/router';
import { requestSchemas, type DealsideEvent } from '../messaging/protocol';
import { SyncService } from './service';
import { VirtualClock, deal, inCrm } from '../../tests/support/sync';
import { mulberry32 } from '../demo/prng';

const fakes: HubspotFake[] = [];
afterEach(async () => {
  while (fakes.length) await fakes.pop()!.stop();
});

const ID = 'ext-id';
const ORIGIN = 'chrome-extension://ext-id/';
const options = { id: ID, url: `${ORIGIN}options.html` };

async function setup() {
  const clock = new VirtualClock();
  const fake = new HubspotFake({ now: clock.now });
  fakes.push(fake);
  await fake.start();
  const db = await openStore(`handlers-${Math.random()}`);
  const events: DealsideEvent[] = [];
  const service = new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(1), timeoutMs: 30_000 }, true);
  const handlers = createHandlers({ db: async () => db, now: () => new Date(clock.now()), broadcast: (e) => events.push(e), sync: async () => service });
  const listen = createRequestListener(handlers, { ownId: ID, ownOrigin: ORIGIN });
  const ask = async (message: Record<string, unknown>, sender = options) => listen(message, sender);
  return { clock, fake, db, service, events, ask };
}

describe('sync requests', () => {
  it('connect, status, edit, conflicts and resolve: every answer fits its schema and none carries the token', async () => {
    const t = await setup();
    const connected = await t.ask({ type: 'sync/connect-token', system: 'hubspot', token: 'pat-na1-test', baseUrl: t.fake.url, tier: 'professional' });
    expect(connected).toMatchObject({ ok: true, data: { system: 'hubspot', status: 'connected' } });
    requestSchemas['sync/connect-token'].response.parse((connected as { data: unknown }).data);
    expect(t.events).toContainEqual({ type: 'event/sync-changed' });
    await t.service.engine.run();

    const remote = t.fake.seed('deals', { dealname: 'Iberia', dealstage: 'qualifiedtobuy' });
    await putAll(t.db, 'deals', [deal('d-1', 'Iberia', { ...inCrm('hubspot', 'deal', '0-3', remote.id), stage: 'qualification' })]);
    // someone writes in HubSpot before our edit reaches it (whenever the push the edit starts runs)
    t.fake.edit('deals', remote.id, { dealside_budget_note: 'theirs' });
    const answered = await t.ask({ type: 'qualification/answer', target: { entityType: 'deal', entityId: 'd-1' }, edit: { letter: 'budget', answer: 'approved', note: 'mine' } });
    expect(answered).toMatchObject({ ok: true });
    await t.service.engine.run({ pull: 'never' });

    const outbox = await t.ask({ type: 'sync/outbox' });
    requestSchemas['sync/outbox'].response.parse((outbox as { data: unknown }).data);
    expect((outbox as { data: Array<{ state: string; fields: string[] }> }).data).toEqual([expect.objectContaining({ state: 'held', fields: ['bant.budget.note'] })]);
    const conflicts = await t.ask({ type: 'sync/conflicts', entityId: 'd-1' });
    const list = requestSchemas['sync/conflicts'].response.parse((conflicts as { data: unknown }).data);
    expect(list).toEqual([expect.objectContaining({ field: 'bant.budget.note', label: 'Budget evidence', localValue: 'mine', remoteValue: 'theirs' })]);
    const resolved = await t.ask({ type: 'sync/resolve-conflict', conflictId: list[0]!.id, choice: 'remote' });
    expect(resolved).toEqual({ ok: true, data: [] });
    expect(t.events).toContainEqual({ type: 'event/entities-changed', ids: ['d-1'] });

    const status = await t.ask({ type: 'sync/status' });
    const parsed = requestSchemas['sync/status'].response.parse((status as { data: unknown }).data);
    expect(parsed.connections[0]).toMatchObject({ system: 'hubspot', capabilities: { bant: 'created' } });
    const fields = await t.ask({ type: 'sync/fields', system: 'hubspot', entity: 'deal' });
    const crmFields = requestSchemas['sync/fields'].response.parse((fields as { data: unknown }).data);
    expect(crmFields.find((f) => f.name === 'dealside_budget_note')).toMatchObject({ mappedTo: 'bant.budget.note', custom: true });
    const mapped = await t.ask({ type: 'sync/map-fields', system: 'hubspot', entity: 'deal', map: { industry: 'x' } });
    expect(mapped).toMatchObject({ ok: false, error: { message: 'industry is not a Dealside field of deal.' } });

    for (const answer of [connected, outbox, conflicts, status, fields]) expect(JSON.stringify(answer)).not.toContain('pat-na1-test');
  });

  it('refuses sync requests from a web page or a content script, and says what is wrong with a bad token', async () => {
    const t = await setup();
    const fromPage = await t.ask({ type: 'sync/status' }, { id: ID, url: 'https://app.hubspot.com/contacts/1' });
    expect(fromPage).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const fromElsewhere = await t.ask({ type: 'sync/connect-token', system: 'hubspot', token: 'pat-na1-test' }, { id: 'other-extension', url: 'chrome-extension://other/x.html' });
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const wrong = await t.ask({ type: 'sync/connect-token', system: 'hubspot', token: 'pat-na1-wrong', baseUrl: t.fake.url });
    expect(wrong).toMatchObject({ ok: false, error: { message: expect.stringMatching(/HubSpot did not accept these credentials/) } });
    const notConnected = await t.ask({ type: 'sync/status' });
    expect(notConnected).toMatchObject({ ok: true, data: { connections: [] } });
  });

  it('never sends a token to a host that is not the CRM', async () => {
    const db = await openStore(`handlers-${Math.random()}`);
    const service = new SyncService({ db, fetch, now: Date.now, sleep: async () => {}, random: Math.random });
    await expect(service.connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: 'https://evil.example' })).rejects.toThrow(/not a HubSpot address/);
    await expect(service.connectToken({ system: 'pipedrive', token: 'abcdefghijkl', baseUrl: 'https://acme.pipedrive.com.evil.example' })).rejects.toThrow(/not a Pipedrive address/);
    await expect(service.connectToken({ system: 'salesforce', token: 'abcdefghijkl', baseUrl: 'http://acme.my.salesforce.com' })).rejects.toThrow(/not a Salesforce address/);
  });
});
