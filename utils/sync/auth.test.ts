import { describe, expect, it } from 'vitest';
import { authorizeWithPkce, base64url, createPkce, refreshSecret } from './auth';
import { salesforceOAuthConfig } from './connectors/salesforce/signIn';

describe('PKCE', () => {
  it('derives the S256 challenge as RFC 7636 appendix B does', async () => {
    // RFC 7636, Appendix B: these 32 octets give this verifier and challenge.
    const octets = new Uint8Array([116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]);
    const pkce = await createPkce((b) => {
      b.set(octets.subarray(0, b.length));
      return b;
    });
    expect(pkce.verifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(pkce.challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(base64url(new Uint8Array([251, 255]))).toBe('-_8');
  });

  it('sends the challenge, checks the state and exchanges the code with the verifier', async () => {
    let sentUrl = '';
    let form: URLSearchParams | undefined;
    const fetchFn = async (_url: string, init?: RequestInit) => {
      form = new URLSearchParams(String(init?.body));
      return new Response(JSON.stringify({ access_token: 'at', refresh_token: 'rt', expires_in: 1800, instance_url: 'https://acme.my.salesforce.com' }), { status: 200 });
    };
    const config = salesforceOAuthConfig({ clientId: 'cid', redirectUri: 'https://id.chromiumapp.org/', loginHost: 'https://acme.my.salesforce.com' });
    const tokens = await authorizeWithPkce(config, {
      fetch: fetchFn,
      now: () => 1000,
      launchWebAuthFlow: async ({ url, interactive }) => {
        expect(interactive).toBe(true);
        sentUrl = url;
        const u = new URL(url);
        return `https://id.chromiumapp.org/?code=the-code&state=${u.searchParams.get('state')}`;
      },
    });
    const u = new URL(sentUrl);
    expect(u.origin + u.pathname).toBe('https://acme.my.salesforce.com/services/oauth2/authorize');
    expect(u.searchParams.get('code_challenge_method')).toBe('S256');
    expect(u.searchParams.get('response_type')).toBe('code');
    expect(form?.get('grant_type')).toBe('authorization_code');
    expect(form?.get('code')).toBe('the-code');
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(form!.get('code_verifier')!)));
    expect(base64url(digest)).toBe(u.searchParams.get('code_challenge'));
    expect(tokens).toEqual({ accessToken: 'at', refreshToken: 'rt', expiresAt: 1000 + 1800_000, instanceUrl: 'https://acme.my.salesforce.com' });
  });

  it('a token request that never reached the server is sent once more; twice lost, it says so', async () => {
    const secret = { id: 'salesforce' as const, accessToken: 'old', refreshToken: 'rt', clientId: 'cid', tokenUrl: 'https://auth.example/token', updatedAt: '' };
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls === 1) throw new TypeError('Failed to fetch');
      return new Response(JSON.stringify({ access_token: 'new' }), { status: 200 });
    };
    expect(await refreshSecret(secret, flaky, 0)).toMatchObject({ accessToken: 'new' });
    expect(calls).toBe(2);
    const down = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(refreshSecret(secret, down, 0)).rejects.toThrow(/Could not reach the token endpoint at auth\.example \(Failed to fetch\)/);
  });

  it('a refused refresh means "reconnect"', async () => {
    const secret = { id: 'salesforce' as const, accessToken: 'old', refreshToken: 'rt', clientId: 'cid', tokenUrl: 'https://x/token', updatedAt: '' };
    const refused = await refreshSecret(secret, async () => new Response(JSON.stringify({ error: 'invalid_grant' }), { status: 400 }), 0);
    expect(refused).toBeUndefined();
    const fresh = await refreshSecret(secret, async () => new Response(JSON.stringify({ access_token: 'new' }), { status: 200 }), 0);
    expect(fresh).toMatchObject({ accessToken: 'new', refreshToken: 'rt' });
    expect(await refreshSecret({ ...secret, refreshToken: undefined }, async () => new Response('{}'), 0)).toBeUndefined();
  });
});
