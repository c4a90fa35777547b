import type { AddressInfo } from 'node:net';
import { httpRequest } from '@hub/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

/**
 * The hub's API over a real socket refuses a body over HUB_BODY_LIMIT_BYTES with 413 and closes the
 * connection, often while the client is still sending it. The drills' client (httpRequest) takes
 * either as the refusal, where `fetch` sometimes rejected with `write EPIPE` and crashed the drill.
 */
let hub: TestHub;
let url: string;

beforeAll(async () => {
  hub = await createTestHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await hub?.close();
});

describe('an oversized upload to the hub', () => {
  it('is refused (413 or a connection closed mid-upload), never a thrown error, and the API keeps serving', async () => {
    const body = `{"id":"big","lineItems":[${'{"id":"l","lineItemType":"USAGE","subtotal":1},'.repeat(60_000)}{}]}`;
    const headers = { authorization: `Bearer ${hub.adminKey}`, 'content-type': 'application/json' };
    const kinds = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      const outcome = await httpRequest(`${url}/v1/bills`, {
        method: 'POST',
        headers,
        body,
        oversized: true,
      });
      if (outcome.kind === 'response') {
        expect(outcome.status).toBe(413);
        expect(JSON.parse(outcome.text)).toMatchObject({ error: { code: expect.any(String) } });
      } else {
        expect(outcome.reason).toMatch(/413|EPIPE|ECONNRESET/);
      }
      kinds.set(outcome.kind, (kinds.get(outcome.kind) ?? 0) + 1);
      // A small request right after, on the same client, is answered.
      const next = await httpRequest(`${url}/v1/bills`, { method: 'POST', headers, body: '{' });
      expect(next.status).toBe(400);
    }
    expect([...kinds.values()].reduce((a, b) => a + b, 0)).toBe(30);
  }, 120_000);
});
