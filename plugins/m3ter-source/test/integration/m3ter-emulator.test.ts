import type { Exchange } from '@hub/core';
import { type M3terEmulator, startM3terEmulator } from '@hub/m3ter-emulator';
import { describe, expect, it } from 'vitest';
import { m3terSource } from '../../src/index.js';
import { M3terSourceClient } from '../../src/m3ter-source-client.js';
import { describeBillSourceContract, type SourceHarness } from './bill-source-contract.js';

/** The m3ter source against the m3ter emulator over HTTP. */

const ORG = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const KEY = 'svc-key-1';
const SECRET = 'svc-secret-0123456789';

async function emulatorHarness(): Promise<
  SourceHarness & { emulator: M3terEmulator; tokens: () => string[] }
> {
  const emulator = await startM3terEmulator({ rateLimitPerSecond: 0 });
  emulator.seedOrganization({ orgId: ORG });
  emulator.seedServiceUser({ orgId: ORG, accessKeyId: KEY, apiSecret: SECRET });
  let sequence = 0;
  const lines = (count: number, salt: number) =>
    Array.from({ length: count }, (_, i) => ({
      lineItemType: 'USAGE',
      description: `line ${i + 1}`,
      productId: 'prod-1',
      aggregationId: `agg-${(i % 3) + 1}`,
      quantity: i + 1 + salt,
      subtotal: ((i + 1 + salt) / 100).toFixed(2),
      currency: 'USD',
    }));
  const harness = {
    emulator,
    source: m3terSource as never,
    secrets: [SECRET, Buffer.from(`${KEY}:${SECRET}`).toString('base64')],
    tokens: () => [...emulator.state.tokens.keys()] as string[],
    client: (options: { wrongSecret?: boolean } = {}) =>
      new M3terSourceClient(
        {
          credential: { accessKeyId: KEY, apiSecret: options.wrongSecret ? 'not-the-secret' : SECRET },
          settings: { organizationId: ORG },
          endpoints: { apiUrl: emulator.url },
          now: () => new Date(),
        },
        // The emulator's Retry-After is whole seconds; keep storms short but honoured.
        { retry: { maxThrottledAttempts: 10 } },
      ),
    createAccount: (input: { name: string; code: string; customFields?: Record<string, string | number> }) =>
      emulator.createAccount({ orgId: ORG, ...input, code: `${input.code}-${++sequence}` }).id,
    createBill: (input: {
      accountId: string;
      lineItems: number;
      billDate?: string;
      status?: 'PENDING' | 'APPROVED';
    }) =>
      emulator.createBill({
        orgId: ORG,
        accountId: input.accountId,
        billDate: input.billDate,
        status: input.status,
        currency: 'USD',
        lineItems: lines(input.lineItems, 0),
      }).id,
    approveBill: (id: string) => void emulator.approveBill(ORG, id),
    regenerateBill: (id: string, count: number) => void emulator.regenerateBill(ORG, id, lines(count, 7)),
    deleteBill: (id: string) => emulator.deleteBill(ORG, id),
    createMapping: (input: {
      m3terId: string;
      externalSystem: string;
      externalTable: string;
      externalId: string;
    }) => void emulator.createExternalMapping({ orgId: ORG, m3terEntity: 'Account', ...input }),
    regenerateOnRead: (on: boolean) =>
      void emulator.setFaults(on ? { versionChangeBetweenReads: 0.5, seed: 7 } : {}),
    expireTokens: () => void emulator.expireTokens(),
    throttle: (rate: number) =>
      void emulator.setFaults(rate > 0 ? { rate429: rate, retryAfterSeconds: 0, seed: 3 } : {}),
    close: () => emulator.close(),
  };
  return harness;
}

describeBillSourceContract('m3ter (emulator)', emulatorHarness);

describe('m3ter source against the emulator: specifics', () => {
  it('verifies the emulator webhook signature with the plugin check, and reads the bill id', async () => {
    const { createServer } = await import('node:http');
    const received: { headers: Record<string, string | undefined>; body: Buffer }[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({
          headers: request.headers as Record<string, string | undefined>,
          body: Buffer.concat(chunks),
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const harness = await emulatorHarness();
    try {
      const { port } = server.address() as { port: number };
      harness.emulator.setWebhook({
        orgId: ORG,
        url: `http://127.0.0.1:${port}/hook`,
        apiKey: 'k',
        secret: 'whsec-1',
      });
      const accountId = harness.createAccount({ name: 'Hook', code: 'hook' });
      const id = harness.createBill({ accountId, lineItems: 1 });
      await harness.emulator.webhooksSettled();
      const delivery = received.find(
        (r) => JSON.parse(r.body.toString()).eventName === 'billing.bill.created',
      );
      expect(delivery).toBeDefined();
      const input = { headers: delivery!.headers, rawBody: delivery!.body, now: new Date() };
      expect(m3terSource.webhookBillIds!(JSON.parse(delivery!.body.toString()))).toEqual([id]);
      expect(m3terSource.verifyWebhookSignature!({ ...input, secret: 'whsec-1' })).toEqual({ ok: true });
      expect(m3terSource.verifyWebhookSignature!({ ...input, secret: 'other' })).toMatchObject({ ok: false });
    } finally {
      await harness.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a token of another organization, and an unknown organization, are AUTH_FAILED after one renewal', async () => {
    const harness = await emulatorHarness();
    try {
      const client = new M3terSourceClient(
        {
          credential: { accessKeyId: KEY, apiSecret: SECRET },
          settings: { organizationId: 'another-org' },
          endpoints: { apiUrl: harness.emulator.url },
          now: () => new Date(),
        },
        {},
      );
      const answer = await client.fetchAccount('x');
      expect(answer).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      expect(answer.exchanges.map((e: Exchange) => e.status)).toEqual([200, 403, 200, 403]);
      const text = JSON.stringify(answer.exchanges);
      for (const token of harness.tokens()) expect(text).not.toContain(token);
      await client.close();
    } finally {
      await harness.close();
    }
  });
});
