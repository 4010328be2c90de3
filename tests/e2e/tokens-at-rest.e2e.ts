// Issue #14, point 9, end to end: a CRM token given to the built extension is stored where only
// the background uses it. The rep connects HubSpot with a private-app token (the local fake at
// HubSpot's real API address); then script evaluated in the options page — what an XSS in one of
// our pages could run — reads everything the extension origin can read: chrome.storage.local,
// .session and .sync, and every record of every IndexedDB database. Neither the token nor the
// key that seals it comes out in a usable form: no token in any encoding, and the only key is a
// non-extractable CryptoKey that WebCrypto refuses to export or wrap. The background still uses
// the token (the next sync is answered).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ALL_SCOPES, HubspotFake } from '../fakes/hubspot';
import { askBackground, forwardRequests, launchWithExtension, openExtensionPage, withFailureScreenshot, type Launched } from './harness';

const TOKEN = 'pat-na1-4f1c2d3e-aaaa-bbbb-cccc-0123456789ab';

type Loot = {
  storage: Record<string, unknown>;
  databases: Array<{ name: string; stores: Record<string, unknown[]> }>;
  keys: Array<{ path: string; type: string; extractable: boolean; usages: string[]; exportRaw: string; exportJwk: string; wrap: string }>;
  text: string;
};

/** Runs in the options page: everything it can read from storage, with binary data in every encoding. */
async function plunder(): Promise<Loot> {
  const g = globalThis as unknown as {
    chrome: { storage: Record<'local' | 'session' | 'sync', { get(keys: null): Promise<Record<string, unknown>> }> };
  };
  const parts: string[] = [];
  const keys: Loot['keys'] = [];
  const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  const latin1 = (b: Uint8Array) => Array.from(b, (x) => String.fromCharCode(x)).join('');
  const encodings = (b: Uint8Array) => {
    parts.push(hex(b), latin1(b), btoa(latin1(b)), new TextDecoder('utf-8').decode(b));
    if (b.byteLength % 2 === 0) parts.push(new TextDecoder('utf-16le').decode(b));
  };
  const attempt = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return 'allowed';
    } catch (e) {
      return `refused: ${(e as Error).name}`;
    }
  };
  const walk = async (v: unknown, path: string, depth = 0): Promise<unknown> => {
    if (depth > 12 || v === null || v === undefined) return v;
    if (typeof v === 'string') {
      parts.push(v);
      return v;
    }
    if (typeof v !== 'object') return v;
    if (v instanceof CryptoKey) {
      const wrapping = await crypto.subtle.generateKey({ name: 'AES-KW', length: 256 }, false, ['wrapKey']);
      keys.push({
        path,
        type: v.type,
        extractable: v.extractable,
        usages: [...v.usages],
        exportRaw: await attempt(() => crypto.subtle.exportKey('raw', v)),
        exportJwk: await attempt(() => crypto.subtle.exportKey('jwk', v)),
        wrap: await attempt(() => crypto.subtle.wrapKey('raw', v, wrapping, 'AES-KW')),
      });
      return '[CryptoKey]';
    }
    if (v instanceof ArrayBuffer) {
      encodings(new Uint8Array(v));
      return `[${v.byteLength} bytes]`;
    }
    if (ArrayBuffer.isView(v)) {
      encodings(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return `[${v.byteLength} bytes]`;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      parts.push(k);
      out[k] = await walk(x, `${path}.${k}`, depth + 1);
    }
    return out;
  };

  const storage: Record<string, unknown> = {};
  for (const area of ['local', 'session', 'sync'] as const) {
    try {
      storage[area] = await walk(await g.chrome.storage[area].get(null), `storage.${area}`);
    } catch (e) {
      storage[area] = `unreadable: ${(e as Error).message}`;
    }
  }
  const databases: Loot['databases'] = [];
  for (const info of await indexedDB.databases()) {
    const name = info.name!;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const stores: Record<string, unknown[]> = {};
    for (const store of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const keysOf = await new Promise<unknown[]>((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).getAllKeys();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      stores[store] = [];
      for (let i = 0; i < rows.length; i++) stores[store].push(await walk({ key: keysOf[i], value: rows[i] }, `${name}.${store}[${i}]`));
    }
    db.close();
    databases.push({ name, stores });
  }
  return { storage, databases, keys, text: parts.join('\n') };
}

describe('tokens at rest (issue #14.9)', () => {
  let launched: Launched;
  let fake: HubspotFake;
  let route: Awaited<ReturnType<typeof forwardRequests>>;

  beforeAll(async () => {
    fake = new HubspotFake({ tokens: { [TOKEN]: ALL_SCOPES } });
    await fake.start();
    // A profile in which the user once allowed HubSpot's API host (a headless browser cannot click the prompt).
    launched = await launchWithExtension(inject('extensionDir'), { executablePath: inject('chromePath'), granted: { origins: ['https://api.hubapi.com/*'] } });
    route = await forwardRequests(launched, [{ prefix: 'https://api.hubapi.com/', to: `${fake.url}/` }]);
  });

  afterAll(async () => {
    await route?.stop();
    await launched?.close();
    await fake?.stop();
  });

  it('script run in the options page finds neither the token nor a usable key in chrome.storage or IndexedDB', () =>
    withFailureScreenshot('tokens-at-rest', async () => {
      const { page: options } = await openExtensionPage(launched, 'options.html');
      const view = await askBackground<{ status: string }>(options, { type: 'sync/connect-token', system: 'hubspot', token: TOKEN });
      expect(view.status).toBe('connected');
      const before = route.count('https://api.hubapi.com/');
      expect(before).toBeGreaterThan(0);

      const loot = (await options.evaluate(plunder)) as Loot;
      const where = (needle: string) => (loot.text.includes(needle) ? 'found' : 'absent');
      expect(where(TOKEN)).toBe('absent');
      // nor any long piece of it (a token split, hex-encoded or base64-encoded)
      expect(where(TOKEN.slice(8, 32))).toBe('absent');
      expect(where(Buffer.from(TOKEN).toString('hex').slice(0, 40))).toBe('absent');
      expect(where(Buffer.from(TOKEN).toString('base64').slice(0, 24))).toBe('absent');

      // What the page did find: the sealed record, and the key that seals it, which it cannot take out.
      const dealside = loot.databases.find((d) => d.name === 'dealside');
      expect(dealside?.stores.syncSecrets).toHaveLength(1);
      expect(JSON.stringify(dealside?.stores.syncSecrets)).toContain('AES-GCM');
      expect(loot.keys.length).toBeGreaterThan(0);
      for (const key of loot.keys) {
        expect(key, key.path).toMatchObject({ type: 'secret', extractable: false });
        expect(key.exportRaw, key.path).toMatch(/^refused/);
        expect(key.exportJwk, key.path).toMatch(/^refused/);
        expect(key.wrap, key.path).toMatch(/^refused/);
      }
      // The storage areas were read (not merely refused), so "absent" means absent.
      expect(typeof loot.storage.local).toBe('object');
      expect(typeof loot.storage.session).toBe('object');

      // The background still has the token: the next sync reaches HubSpot with it and is answered.
      await askBackground(options, { type: 'sync/now', system: 'hubspot' });
      await expect
        .poll(async () => {
          const status = await askBackground<{ connections: Array<{ system: string; status: string; lastPullAt?: string }> }>(options, { type: 'sync/status' });
          const hubspot = status.connections.find((c) => c.system === 'hubspot');
          return hubspot?.status === 'connected' && hubspot.lastPullAt !== undefined && route.count('https://api.hubapi.com/') > before;
        }, { timeout: 60_000, interval: 200 })
        .toBe(true);
    }));
});
