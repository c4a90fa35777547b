/** Outgoing webhooks: each bill event POSTed to a local receiver with a verifiable signature. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../src/index.js';
import { ACCOUNT_ID, type Harness, lineItems, ORG_ID, startHarness } from './helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let harness: Harness;
let receiver: Server;
let receiverUrl: string;
let received: Received[];
let answerStatus: number;

beforeEach(async () => {
  harness = await startHarness();
  received = [];
  answerStatus = 200;
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = answerStatus;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/m3ter`;
});
afterEach(async () => {
  await harness.emulator.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

describe('outgoing webhooks', () => {
  it('POSTs each bill event with the api key and an HMAC-SHA256 signature over timestamp.body', async () => {
    harness.emulator.setWebhook({ orgId: ORG_ID, url: receiverUrl, apiKey: 'key-1', secret: 's3cret' });
    const bill = harness.emulator.createBill({
      orgId: ORG_ID,
      accountId: ACCOUNT_ID,
      lineItems: lineItems(1),
    });
    harness.emulator.approveBill(ORG_ID, bill.id);
    harness.emulator.regenerateBill(ORG_ID, bill.id, lineItems(2));
    harness.emulator.deleteBill(ORG_ID, bill.id);
    harness.emulator.updateAccount(ORG_ID, ACCOUNT_ID, { name: 'Renamed' }); // not a bill event
    await harness.emulator.webhooksSettled();

    expect(received).toHaveLength(4);
    const names = received.map((delivery) => JSON.parse(delivery.body).eventName).sort();
    expect(names).toEqual([
      'billing.bill.created',
      'billing.bill.deleted',
      'billing.bill.updated',
      'billing.bill.updated',
    ]);
    for (const delivery of received) {
      const timestamp = delivery.headers[WEBHOOK_HEADERS.timestamp] as string;
      const signature = delivery.headers[WEBHOOK_HEADERS.signature] as string;
      expect(delivery.headers[WEBHOOK_HEADERS.apiKey]).toBe('key-1');
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(timestamp).toBe(String(Date.parse('2026-03-10T10:30:00Z') / 1000));
      expect(signature).toMatch(/^[0-9a-f]{64}$/);
      expect(verifyWebhookSignature('s3cret', timestamp, delivery.body, signature)).toBe(true);
      expect(verifyWebhookSignature('wrong', timestamp, delivery.body, signature)).toBe(false);
      expect(verifyWebhookSignature('s3cret', timestamp, `${delivery.body} `, signature)).toBe(false);
    }
    const created = received
      .map((delivery) => JSON.parse(delivery.body))
      .find((event) => event.eventName === 'billing.bill.created');
    expect(created).toEqual(harness.emulator.events(ORG_ID).find((event) => event.id === created.id));
    expect(created.m3terEvent.eventData.newDto).toMatchObject({
      id: bill.id,
      version: 1,
      accountId: ACCOUNT_ID,
    });

    const stats = harness.emulator.stats().webhooks;
    expect(stats).toMatchObject({ sent: 4, failed: 0 });
    expect(stats.deliveries.every((delivery) => delivery.status === 200 && delivery.ok)).toBe(true);
  });

  it('records a non-2xx answer and an unreachable receiver as failed', async () => {
    answerStatus = 500;
    harness.emulator.setWebhook({ orgId: ORG_ID, url: receiverUrl, apiKey: 'k', secret: 's' });
    harness.emulator.createBill({ orgId: ORG_ID, accountId: ACCOUNT_ID, lineItems: [] });
    await harness.emulator.webhooksSettled();
    expect(harness.emulator.stats().webhooks).toMatchObject({
      sent: 0,
      failed: 1,
      deliveries: [expect.objectContaining({ status: 500, ok: false, eventName: 'billing.bill.created' })],
    });

    harness.emulator.setWebhook({ orgId: ORG_ID, url: 'http://127.0.0.1:1/unreachable' });
    harness.emulator.createBill({ orgId: ORG_ID, accountId: ACCOUNT_ID, lineItems: [] });
    await harness.emulator.webhooksSettled();
    const stats = harness.emulator.stats().webhooks;
    expect(stats.failed).toBe(2);
    expect(stats.deliveries[1]).toMatchObject({ ok: false, error: expect.any(String) });
  });

  it('sends nothing without a webhook or after setWebhook(null); no signature without a secret', async () => {
    harness.emulator.createBill({ orgId: ORG_ID, accountId: ACCOUNT_ID, lineItems: [] });
    harness.emulator.setWebhook({ orgId: ORG_ID, url: receiverUrl });
    harness.emulator.setWebhook(null);
    harness.emulator.createBill({ orgId: ORG_ID, accountId: ACCOUNT_ID, lineItems: [] });
    await harness.emulator.webhooksSettled();
    expect(received).toHaveLength(0);

    harness.emulator.setWebhook({ orgId: ORG_ID, url: receiverUrl });
    harness.emulator.createBill({ orgId: ORG_ID, accountId: ACCOUNT_ID, lineItems: [] });
    await harness.emulator.webhooksSettled();
    expect(received).toHaveLength(1);
    expect(received[0]?.headers).not.toHaveProperty(WEBHOOK_HEADERS.signature);
  });
});
