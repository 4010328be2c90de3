// Tokens at rest (issue #14, point 9): what IndexedDB holds is no token in any encoding, the key
// is a non-extractable WebCrypto key kept apart from the data, and tokens stored in plaintext by an
// earlier version are sealed on first read.
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { openStore } from '../store/db';
import type { SecretRecord } from '../store/syncRecords';
import { KEYRING_DB, SECRETS_KEY_ID, deleteSecret, forgetSecretsKeyForTests, readSecret, saveSecret, sealLegacySecrets, secretsKey } from './secrets';

const ACCESS = 'pat-na1-9f8e7d6c-5b4a-3210-fedc-ba9876543210';
const REFRESH = 'rt-0123456789abcdef-refresh';
const CLIENT_SECRET = 'app-secret-do-not-leak';

const secret = (over: Partial<SecretRecord> = {}): SecretRecord => ({
  id: 'hubspot',
  accessToken: ACCESS,
  refreshToken: REFRESH,
  clientId: 'client-1',
  clientSecret: CLIENT_SECRET,
  tokenUrl: 'https://api.hubapi.com/oauth/2026-03/token',
  expiresAt: 1_900_000_000_000,
  updatedAt: '2026-12-01T10:00:00.000Z',
  ...over,
});

/** Every way a stored value could carry a string: text, and its bytes as UTF-8, UTF-16, base64, hex. */
function everyEncoding(value: unknown): string {
  const parts: string[] = [];
  const bytes = (b: Uint8Array) => {
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    parts.push(buf.toString('latin1'), buf.toString('utf8'), buf.toString('utf16le'), buf.toString('base64'), buf.toString('hex'));
  };
  const walk = (v: unknown) => {
    if (v === null || v === undefined) return;
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'number' || typeof v === 'boolean') parts.push(String(v));
    else if (v instanceof ArrayBuffer) bytes(new Uint8Array(v));
    else if (ArrayBuffer.isView(v)) bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else if (typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        parts.push(k);
        walk(x);
      }
  };
  walk(value);
  return parts.join('\n');
}

const leaks = (text: string) => [ACCESS, REFRESH, CLIENT_SECRET].filter((s) => text.includes(s) || text.includes(Buffer.from(s).toString('base64').slice(0, 24)));

afterEach(() => forgetSecretsKeyForTests());

describe('tokens at rest', () => {
  it('stores no token, refresh token or client secret in any encoding, and reads them back', async () => {
    const db = await openStore(`secrets-${Math.random()}`);
    await saveSecret(db, secret());
    const raw = await db.get('syncSecrets', 'hubspot');
    expect(raw).toMatchObject({ id: 'hubspot', updatedAt: '2026-12-01T10:00:00.000Z', sealed: { alg: 'AES-GCM', keyId: SECRETS_KEY_ID } });
    expect(Object.keys(raw!).sort()).toEqual(['id', 'sealed', 'updatedAt']);
    expect(leaks(everyEncoding(raw))).toEqual([]);
    expect(await readSecret(db, 'hubspot')).toEqual(secret());
    // a fresh IV per write: the same secret twice is two different ciphertexts
    await saveSecret(db, secret());
    const again = await db.get('syncSecrets', 'hubspot');
    expect(Buffer.from((again as { sealed: { data: ArrayBuffer } }).sealed.data).equals(Buffer.from((raw as { sealed: { data: ArrayBuffer } }).sealed.data))).toBe(false);
    await deleteSecret(db, 'hubspot');
    expect(await readSecret(db, 'hubspot')).toBeUndefined();
  });

  it('keeps the key as a non-extractable AES-GCM CryptoKey in its own database: it cannot be exported or wrapped', async () => {
    const key = await secretsKey();
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt']);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('jwk', key)).rejects.toThrow();
    const wrapping = await crypto.subtle.generateKey({ name: 'AES-KW', length: 256 }, false, ['wrapKey']);
    await expect(crypto.subtle.wrapKey('raw', key, wrapping, 'AES-KW')).rejects.toThrow();

    const keyring = await openDB(KEYRING_DB);
    const stored = (await keyring.get('keys', SECRETS_KEY_ID)) as CryptoKey;
    keyring.close();
    expect(stored).toBeInstanceOf(CryptoKey);
    expect(stored.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', stored)).rejects.toThrow();
  });

  it('opens what it sealed after a worker restart (the key is loaded again from the keyring)', async () => {
    const db = await openStore(`secrets-${Math.random()}`);
    await saveSecret(db, secret());
    forgetSecretsKeyForTests();
    expect((await readSecret(db, 'hubspot'))?.accessToken).toBe(ACCESS);
  });

  it('does not open a ciphertext moved to another CRM’s record', async () => {
    const db = await openStore(`secrets-${Math.random()}`);
    await saveSecret(db, secret());
    const raw = (await db.get('syncSecrets', 'hubspot'))!;
    await db.put('syncSecrets', { ...raw, id: 'pipedrive' });
    expect(await readSecret(db, 'pipedrive')).toBeUndefined();
  });

  it('seals a plaintext token stored by an earlier version on first read, and the rest at start-up', async () => {
    const db = await openStore(`secrets-${Math.random()}`);
    await db.put('syncSecrets', secret());
    await db.put('syncSecrets', secret({ id: 'pipedrive', accessToken: 'pd-legacy-token-123456', refreshToken: undefined }));
    expect(leaks(everyEncoding(await db.getAll('syncSecrets')))).toEqual([ACCESS, REFRESH, CLIENT_SECRET]);

    expect(await readSecret(db, 'hubspot')).toEqual(secret());
    const hubspot = await db.get('syncSecrets', 'hubspot');
    expect(hubspot).toHaveProperty('sealed');
    expect(leaks(everyEncoding(hubspot))).toEqual([]);
    expect(await readSecret(db, 'hubspot')).toEqual(secret());

    expect(await sealLegacySecrets(db)).toBe(1);
    expect(everyEncoding(await db.getAll('syncSecrets'))).not.toContain('pd-legacy-token-123456');
    expect((await readSecret(db, 'pipedrive'))?.accessToken).toBe('pd-legacy-token-123456');
    expect(await sealLegacySecrets(db)).toBe(0);
  });

  it('reads a token whose key is gone as no token (reconnect), not as an error', async () => {
    const db = await openStore(`secrets-${Math.random()}`);
    await saveSecret(db, secret());
    forgetSecretsKeyForTests();
    await deleteDB(KEYRING_DB);
    expect(await readSecret(db, 'hubspot')).toBeUndefined();
    // a new key is made for what is saved from now on
    await saveSecret(db, secret({ accessToken: 'pat-new-after-reconnect' }));
    expect((await readSecret(db, 'hubspot'))?.accessToken).toBe('pat-new-after-reconnect');
  });
});
