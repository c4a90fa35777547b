import type { ReadBackQuery, UsageEvent } from '@hub/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureMarketplaceClient } from '../../src/index.js';
import { type Harness, OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, startHarness } from '../support/emulator.js';

/**
 * The read-back against the emulator, in the situation it exists for: an attempt whose answer was
 * lost (or a 5xx), and a later re-send that Azure calls Expired. Each test has its own emulator,
 * because the clock moves a day.
 */

const DAY_MS = 24 * 3_600_000;
let h: Harness;
let client: AzureMarketplaceClient;

beforeEach(async () => {
  h = await startHarness();
  client = new AzureMarketplaceClient(h.context());
});
afterEach(async () => {
  await client.close();
  await h.emulator.close();
});

const query = (event: UsageEvent, known: UsageEvent[], lastAttemptAt: string | null): ReadBackQuery => ({
  event,
  knownRecorded: known.map(({ effectiveStartTime, quantity }) => ({ effectiveStartTime, quantity })),
  unsettled: [],
  lastAttemptAt,
});

/** Sends `event` with the current faults, then without, a day later: Azure now calls it expired. */
async function unclearThenExpired(
  event: UsageEvent,
  faults: Parameters<Harness['emulator']['setFaults']>[0],
) {
  const attemptAt = h.clock.now().toISOString();
  h.emulator.setFaults(faults);
  const first = await client.submitBatch([event]);
  expect(first.outcomes[0]?.code).toBe('RETRYABLE');
  h.emulator.setFaults({});
  h.clock.current = new Date(h.clock.current.getTime() + DAY_MS);
  const again = await client.submitBatch([event]);
  expect(again.outcomes[0]?.code).toBe('EXPIRED');
  return attemptAt;
}

describe('readBackUsage against the emulator', () => {
  it('a lost answer, then Expired: the read-back finds it recorded', async () => {
    const resourceId = h.subscription();
    const known = h.event(resourceId, { quantity: '1', effectiveStartTime: h.clock.hour(3) });
    expect((await client.submitBatch([known])).outcomes[0]?.code).toBe('ACCEPTED');
    const doubt = h.event(resourceId, { quantity: '4.5', effectiveStartTime: h.clock.hour(2) });
    const attemptAt = await unclearThenExpired(doubt, { lostResponseRate: 1, routes: ['batchUsageEvent'] });

    const result = await client.readBackUsage(query(doubt, [known], attemptAt));

    expect(result).toMatchObject({
      ok: true,
      recorded: { quantity: '4.5', receiptId: null, status: 'Accepted' },
    });
    if (result.ok) expect(result.basis).toContain('2 event(s) totalling 5.5');
    const call = result.exchanges.at(-1);
    expect(call?.url).toContain('/api/usageEvents?');
    expect(call?.status).toBe(200);
    expect(call?.requestId).toBeTruthy();
  });

  it('a 5xx that recorded nothing, then Expired: the read-back finds nothing', async () => {
    const resourceId = h.subscription();
    const known = h.event(resourceId, { quantity: '1', effectiveStartTime: h.clock.hour(3) });
    await client.submitBatch([known]);
    const doubt = h.event(resourceId, { quantity: '4.5', effectiveStartTime: h.clock.hour(2) });
    const attemptAt = await unclearThenExpired(doubt, { rate500: 1, routes: ['batchUsageEvent'] });

    expect(await client.readBackUsage(query(doubt, [known], attemptAt))).toMatchObject({
      ok: true,
      recorded: null,
    });
  });

  it('usage the hub did not send on that day: REJECTED with the numbers, for an operator', async () => {
    // Any app of the tenant may meter this subscription: the other one sends an event of its own.
    const resourceId = h.subscription({ publisherClientId: undefined, publisherTenantId: undefined });
    const stranger = new AzureMarketplaceClient(
      h.context({ clientId: OTHER_CLIENT_ID, clientSecret: OTHER_CLIENT_SECRET }),
    );
    const foreign = h.event(resourceId, { quantity: '2', effectiveStartTime: h.clock.hour(4) });
    expect((await stranger.submitBatch([foreign])).outcomes[0]?.code).toBe('ACCEPTED');
    await stranger.close();
    const doubt = h.event(resourceId, { quantity: '4.5', effectiveStartTime: h.clock.hour(2) });
    const attemptAt = await unclearThenExpired(doubt, { lostResponseRate: 1, routes: ['batchUsageEvent'] });

    const result = await client.readBackUsage(query(doubt, [], attemptAt));
    expect(result).toMatchObject({ ok: false, code: 'REJECTED' });
    if (!result.ok) expect(result.message).toContain('2 event(s) totalling 6.5');
  });

  it('the read-back itself failing (injected 503) is RETRYABLE, with the exchange', async () => {
    const resourceId = h.subscription();
    const doubt = h.event(resourceId, { effectiveStartTime: h.clock.hour(2) });
    h.emulator.setFaults({ rate503: 1, retryAfterSeconds: 5, routes: ['usageEvents'] });
    const result = await client.readBackUsage(query(doubt, [], null));
    expect(result).toMatchObject({ ok: false, code: 'RETRYABLE' });
    expect(result.exchanges.at(-1)).toMatchObject({ status: 503 });
    expect(result.exchanges.at(-1)?.requestId).toBeTruthy();
  });

  it('a read-back behind the metering API: RETRYABLE, not "nothing recorded"', async () => {
    const resourceId = h.subscription();
    const known = h.event(resourceId, { quantity: '1', effectiveStartTime: h.clock.hour(1) });
    await client.submitBatch([known]);
    h.emulator.setFaults({ readBackLagSeconds: 3600 });
    const doubt = h.event(resourceId, { effectiveStartTime: h.clock.hour(2) });
    const result = await client.readBackUsage(query(doubt, [known], null));
    expect(result).toMatchObject({ ok: false, code: 'RETRYABLE' });
    if (!result.ok) expect(result.message).toContain('behind');
  });

  it('the settle time: too soon after the unclear attempt, it does not ask Azure yet', async () => {
    const resourceId = h.subscription();
    const doubt = h.event(resourceId, { effectiveStartTime: h.clock.hour(2) });
    const before = h.emulator.stats().routes['GET /api/usageEvents'] ?? 0;
    const result = await client.readBackUsage(query(doubt, [], h.clock.now().toISOString()));
    expect(result).toMatchObject({ ok: false, code: 'RETRYABLE', retryAfterMs: 3_600_000, exchanges: [] });
    expect(h.emulator.stats().routes['GET /api/usageEvents'] ?? 0).toBe(before);
  });

  it('a resource id in upper case reads back the same rows', async () => {
    const resourceId = h.subscription();
    const doubt = h.event(resourceId, { quantity: '3', effectiveStartTime: h.clock.hour(2) });
    await client.submitBatch([doubt]);
    const upper = { ...doubt, resourceId: resourceId.toUpperCase() };
    expect(await client.readBackUsage(query(upper, [], null))).toMatchObject({
      ok: true,
      recorded: { quantity: '3' },
    });
  });
});
