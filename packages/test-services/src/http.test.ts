import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpConnectionError, httpRequest } from './http.js';

const LIMIT = 1024;
const BIG = 'x'.repeat(8 * 1024 * 1024);
const servers: Server[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** What the hub does with a body over its limit: 413 at once, and the connection closed mid-upload. */
function refuseOversized(req: IncomingMessage, res: ServerResponse): void {
  if (Number(req.headers['content-length'] ?? 0) > LIMIT) {
    res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
    res.end('{"error":{"code":"PAYLOAD_TOO_LARGE","message":"too large"}}');
    req.socket.destroy();
    return;
  }
  req.resume();
  req.on('end', () => res.end('{"ok":true}'));
}

describe('httpRequest', () => {
  it('an oversized upload the server answers 413 and closes is a refusal, never a throw', async () => {
    const url = await serve(refuseOversized);
    for (let i = 0; i < 20; i++) {
      const outcome = await httpRequest(url, { method: 'POST', body: BIG, oversized: true });
      // Either the 413 arrived whole, or the connection went first (EPIPE / ECONNRESET): both refused.
      if (outcome.kind === 'response') expect(outcome.status).toBe(413);
      else expect(outcome.reason).toMatch(/413|EPIPE|ECONNRESET/);
    }
    // The server is fine, and so is the client's next request.
    expect((await httpRequest(url, { method: 'POST', body: '{}' })).status).toBe(200);
  }, 60_000);

  it('a connection closed without an answer during an oversized upload is the refusal (fetch rejects)', async () => {
    // The harshest form: the server drops the connection as soon as it sees the length.
    const url = await serve((req) => req.socket.destroy());
    // What crashed the drill: `fetch failed` (write EPIPE / other side closed).
    await expect(fetch(url, { method: 'POST', body: BIG })).rejects.toThrow();
    const outcome = await httpRequest(url, { method: 'POST', body: BIG, oversized: true });
    expect(outcome).toMatchObject({ kind: 'refused', status: null });
    if (outcome.kind === 'refused') expect(outcome.reason).toMatch(/EPIPE|ECONNRESET/);
  });

  it('another request whose connection is reset is retried, and answered', async () => {
    let calls = 0;
    const url = await serve((req, res) => {
      calls++;
      if (calls === 1) {
        req.socket.destroy();
        return;
      }
      res.end('{"ok":true}');
    });
    const res = await httpRequest(url, { method: 'POST', body: '{}', retryDelayMs: 10 });
    expect(res).toMatchObject({ kind: 'response', status: 200, text: '{"ok":true}', attempts: 2 });
  });

  it('a connection reset on every attempt is reported as an HttpConnectionError, not a refusal', async () => {
    const url = await serve((req) => req.socket.destroy());
    const error = await httpRequest(url, { method: 'POST', body: '{}', retries: 2, retryDelayMs: 10 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpConnectionError);
    expect(error).toMatchObject({ attempts: 3, code: 'ECONNRESET' });
  });

  it('a request to a port nobody listens on is an error even when oversized', async () => {
    const url = await serve(() => {});
    servers[0]!.close();
    await new Promise((r) => setTimeout(r, 50));
    await expect(
      httpRequest(url, { method: 'POST', body: BIG, oversized: true, retries: 0 }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
