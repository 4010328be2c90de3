// Who signs the answers (issue #17.4): the connected CRM's user is the current user — Pipedrive's
// users/me, Salesforce's userinfo, HubSpot's OAuth token metadata — and removing the demo workspace never leaves its rep signing.
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HubspotFake } from '../../tests/fakes/hubspot';
import { PipedriveFake } from '../../tests/fakes/pipedrive';
import { SalesforceFake } from '../../tests/fakes/salesforce';
import { openStore, type Db } from '../store/db';
import { getSetting } from '../store/settings';
import { mulberry32 } from '../demo/prng';
import { loadDemo, removeDemo } from '../background/workspace';
import { createHandlers } from '../background/handlers';
import { SyncService } from './service';
import { VirtualClock } from '../../tests/support/sync';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
  fakeBrowser.reset();
});

function service(db: Db, clock: VirtualClock) {
  return new SyncService({ db, fetch, now: clock.now, sleep: clock.sleep, random: mulberry32(7), timeoutMs: 30_000 }, true);
}

describe('the current user', () => {
  it('is the Pipedrive user the token belongs to, and stays after the demo is removed', async () => {
    const clock = new VirtualClock();
    const fake = new PipedriveFake({ now: clock.now });
    await fake.start();
    stops.push(() => fake.stop());
    const db = await openStore(`id-pd-${Math.random()}`);
    await loadDemo(db, new Date(clock.now()));
    expect((await getSetting(db, 'currentUser'))?.name).not.toBe('Rep One'); // the demo's rep, for now
    await service(db, clock).connectToken({ system: 'pipedrive', token: 'pd-api-token-0123456789abcdef', baseUrl: fake.url, startSync: false });
    expect(await getSetting(db, 'currentUser')).toEqual({ userId: 'pipedrive-user-1', name: 'Rep One' });
    expect(await db.get('users', 'pipedrive-user-1')).toMatchObject({ name: 'Rep One', email: 'rep@iberia.example', source: 'crm' });
    await removeDemo(db, new Date(clock.now()));
    expect(await getSetting(db, 'currentUser')).toEqual({ userId: 'pipedrive-user-1', name: 'Rep One' });
    // loading the demo again does not take the signature back
    await loadDemo(db, new Date(clock.now()));
    expect((await getSetting(db, 'currentUser'))?.userId).toBe('pipedrive-user-1');
  });

  it('is the Salesforce user of the token (OpenID userinfo on the instance)', async () => {
    const clock = new VirtualClock();
    const fake = new SalesforceFake({ now: clock.now });
    await fake.start();
    stops.push(() => fake.stop());
    fake.currentUser = { id: '0055e000009Marta', name: 'Marta Gil', email: 'marta.gil@iberia.example' };
    const db = await openStore(`id-sf-${Math.random()}`);
    await service(db, clock).connectToken({ system: 'salesforce', token: '00D-session-token', baseUrl: fake.url, startSync: false });
    expect(await getSetting(db, 'currentUser')).toEqual({ userId: 'salesforce-user-0055e000009Marta', name: 'Marta Gil' });
  });

  it('is nobody new for a HubSpot private-app token (it belongs to no user): the signature stays as it was', async () => {
    const clock = new VirtualClock();
    const fake = new HubspotFake({ now: clock.now });
    await fake.start();
    stops.push(() => fake.stop());
    fake.addOwner({ firstName: 'Lucía', lastName: 'Martín', email: fake.signInUser.email, userId: fake.signInUser.userId });
    const db = await openStore(`id-hs-${Math.random()}`);
    const before = await getSetting(db, 'currentUser');
    await service(db, clock).connectToken({ system: 'hubspot', token: 'pat-na1-test', baseUrl: fake.url, startSync: false });
    expect(await getSetting(db, 'currentUser')).toEqual(before);
    // the metadata endpoint was asked nothing: a private app's token is not an OAuth token
    expect(fake.log.some((r) => r.path.startsWith('/oauth/v1/access-tokens/'))).toBe(false);
  });

  it('after the demo is removed with no CRM connected, answers are signed "You", not by the demo’s rep', async () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const db = await openStore(`id-none-${Math.random()}`);
    await loadDemo(db, now);
    const demoRep = (await getSetting(db, 'currentUser'))!;
    expect(demoRep.userId).not.toBe('me');
    await removeDemo(db, now);
    expect(await getSetting(db, 'currentUser')).toEqual({ userId: 'me', name: 'You' });
    // a lead the rep adds and qualifies now is theirs, signed by 'me'
    const h = createHandlers({ db: async () => db, now: () => now, broadcast: () => {} });
    const sender = { id: 'x', url: 'chrome-extension://x/sidebar.html' };
    const check = await h['crm/add-check']({ type: 'crm/add-check', form: { kind: 'lead', firstName: 'Ana Belén', lastName: 'Soto', companyName: 'Levante Frío S.L.' } }, { sender } as never);
    expect(check.currentUserId).toBe('me');
  });
});
