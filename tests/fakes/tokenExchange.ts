// The small backend a team puts in front of HubSpot's token endpoint: HubSpot wants the app's
// client secret for every code exchange and refresh, and an extension cannot keep a secret. The
// extension posts the same form it would post to HubSpot (grant_type, code or refresh_token,
// client_id, redirect_uri, code_verifier); this adds client_secret, forwards it to
// https://api.hubapi.com/oauth/v1/token (here: the HubSpot fake) and returns HubSpot's answer,
// with the CORS headers an extension service worker without a host permission for it needs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class TokenExchange {
  private server?: Server;
  url = '';
  /** forms received (without the secret), for tests that check what the extension sent */
  readonly received: Array<Record<string, string>> = [];

  constructor(private readonly options: { hubspotUrl: string; clientSecret: string }) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, accept', 'access-control-allow-methods': 'POST' };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors).end();
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method not allowed' }));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        this.received.push(form);
        const body = new URLSearchParams({ ...form, client_secret: this.options.clientSecret }).toString();
        fetch(`${this.options.hubspotUrl}/oauth/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body })
          .then(async (answer) => {
            res.writeHead(answer.status, { ...cors, 'content-type': 'application/json' }).end(await answer.text());
          })
          .catch((e: unknown) => {
            res.writeHead(502, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'upstream', message: String(e) }));
          });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/oauth/token`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
