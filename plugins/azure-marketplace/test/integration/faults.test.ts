import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AzureMarketplaceClient } from '../../src/index.js';
import { type Harness, startHarness } from '../support/emulator.js';

/** Transient failures over HTTP: all RETRYABLE, and a lost answer resolves to DUPLICATE_OURS. */
let h: Harness;
let client: AzureMarketplaceClient;

beforeAll(async () => {
  h = await startHarness();
  client = new AzureMarketplaceClient(h.context());
  // A token first, so API faults hit the metering call and not the token fetch.
  expect(await client.verifyCredential()).toEqual({ ok: true });
});

afterEach(() => {
  h.emulator.setFaults({});
});

afterAll(async () => {
  await client?.close();
  await h?.emulator.close();
});

describe('faults against the emulator', () => {
  it('429 with Retry-After → RETRYABLE with retryAfterMs', async () => {
    h.emulator.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const result = await client.submitBatch([h.event(h.subscription()), h.event(h.subscription())]);
    expect(result.outcomes.map((o) => [o.code, o.retryAfterMs])).toEqual([
      ['RETRYABLE', 7000],
      ['RETRYABLE', 7000],
    ]);
    expect(result.outcomes[0]?.message).toContain('HTTP 429');
  });

  it.each([
    ['rate500', 500],
    ['rate503', 503],
  ] as const)('%s → RETRYABLE', async (fault, status) => {
    h.emulator.setFaults({ [fault]: 1, retryAfterSeconds: 3 });
    const result = await client.submitBatch([h.event(h.subscription())]);
    expect(result.outcomes[0]).toMatchObject({ code: 'RETRYABLE' });
    expect(result.outcomes[0]?.message).toContain(`HTTP ${status}`);
    expect(result.exchanges.at(-1)?.status).toBe(status);
    if (status === 503) expect(result.outcomes[0]?.retryAfterMs).toBe(3000);
  });

  it('a dropped connection → RETRYABLE; nothing recorded; the retry is ACCEPTED', async () => {
    const resourceId = h.subscription();
    const event = h.event(resourceId);
    h.emulator.setFaults({ dropConnectionRate: 1 });
    const dropped = await client.submitBatch([event]);
    expect(dropped.outcomes[0]?.code).toBe('RETRYABLE');
    expect(dropped.exchanges.at(-1)).toMatchObject({ status: null, error: expect.any(String) });
    expect(h.emulator.events().filter((e) => e.resourceId === resourceId)).toHaveLength(0);
    h.emulator.setFaults({});
    expect((await client.submitBatch([event])).outcomes[0]?.code).toBe('ACCEPTED');
  });

  it('a lost answer → RETRYABLE; the retry of the same event is DUPLICATE_OURS; Azure holds it once', async () => {
    const resourceId = h.subscription();
    const event = h.event(resourceId, { quantity: '7.000001' });
    h.emulator.setFaults({ lostResponseRate: 1 });
    const lost = await client.submitBatch([event]);
    expect(lost.outcomes[0]?.code).toBe('RETRYABLE');
    expect(lost.outcomes[0]?.message).toContain('may or may not be recorded');
    const recorded = h.emulator.events().filter((e) => e.resourceId === resourceId);
    expect(recorded).toHaveLength(1);

    h.emulator.setFaults({});
    const retried = await client.submitBatch([event]);
    expect(retried.outcomes[0]).toEqual({
      code: 'DUPLICATE_OURS',
      receiptId: recorded[0]?.usageEventId,
      destinationStatus: 'Duplicate',
      message: null,
    });
    expect(h.emulator.events().filter((e) => e.resourceId === resourceId)).toHaveLength(1);
  });

  it('a timeout → RETRYABLE; the retry settles it, and Azure holds the event once', {
    timeout: 15_000,
  }, async () => {
    // undici's headers timer ticks at about half a second, so the fault outlasts it comfortably.
    const impatient = new AzureMarketplaceClient(h.context(), { timeouts: { headersMs: 200 } });
    try {
      expect(await impatient.verifyCredential()).toEqual({ ok: true });
      const resourceId = h.subscription();
      const event = h.event(resourceId);
      h.emulator.setFaults({ latencyMs: 2000 });
      const started = Date.now();
      const timedOut = await impatient.submitBatch([event]);
      expect(timedOut.outcomes[0]).toMatchObject({
        code: 'RETRYABLE',
        destinationStatus: 'UND_ERR_HEADERS_TIMEOUT',
      });
      h.emulator.setFaults({});
      // Let the slow request finish on the server side (recorded or abandoned) before retrying.
      await sleep(Math.max(0, 2300 - (Date.now() - started)));
      const retried = await impatient.submitBatch([event]);
      // Whether Azure recorded the timed-out call or not, the retry ends it exactly once.
      expect(['ACCEPTED', 'DUPLICATE_OURS']).toContain(retried.outcomes[0]?.code);
      expect(h.emulator.events().filter((e) => e.resourceId === resourceId)).toHaveLength(1);
    } finally {
      await impatient.close();
    }
  });
});
