import { describe, expect, it } from 'vitest';
import type { AzureMarketplaceClient } from '../../src/index.js';
import { DIMENSION, type Harness, OTHER_CLIENT_ID, useClientHarness } from '../support/emulator.js';

/** Every per-event outcome, over HTTP against the emulator. */
let h: Harness;
let client: AzureMarketplaceClient;

useClientHarness((harness, c) => {
  h = harness;
  client = c;
});

describe('submitBatch against the emulator', () => {
  it('accepts an event; the quantity reaches Azure digit for digit', async () => {
    const resourceId = h.subscription();
    const event = h.event(resourceId, { quantity: '12.345678' });
    const result = await client.submitBatch([event]);
    expect(result.outcomes).toHaveLength(1);
    expect(result.outcomes[0]).toMatchObject({
      code: 'ACCEPTED',
      destinationStatus: 'Accepted',
      message: null,
    });
    const recorded = h.emulator.events().filter((e) => e.resourceId === resourceId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ quantity: '12.345678', dimension: DIMENSION });
    expect(result.outcomes[0]?.receiptId).toBe(recorded[0]?.usageEventId);
  });

  it('the same event again is DUPLICATE_OURS with the first receipt, recorded once', async () => {
    const resourceId = h.subscription();
    const event = h.event(resourceId, { quantity: '50.5' });
    const first = await client.submitBatch([event]);
    const again = await client.submitBatch([
      { ...event, effectiveStartTime: h.clock.hour(0).replace('.000Z', 'Z') },
    ]);
    expect(again.outcomes[0]).toMatchObject({
      code: 'DUPLICATE_OURS',
      receiptId: first.outcomes[0]?.receiptId,
    });
    expect(h.emulator.events().filter((e) => e.resourceId === resourceId)).toHaveLength(1);
  });

  it('a different quantity in an hour already used is DUPLICATE_FOREIGN', async () => {
    const resourceId = h.subscription();
    await client.submitBatch([h.event(resourceId, { quantity: '5' })]);
    const other = await client.submitBatch([h.event(resourceId, { quantity: '9' })]);
    expect(other.outcomes[0]?.code).toBe('DUPLICATE_FOREIGN');
    expect(other.outcomes[0]?.message).toContain('quantity 5');
  });

  it('an hour outside the 24-hour window, or in the future, is EXPIRED', async () => {
    const resourceId = h.subscription();
    const result = await client.submitBatch([
      h.event(resourceId, { effectiveStartTime: h.clock.hour(25) }),
      h.event(resourceId, { effectiveStartTime: h.clock.hour(-1) }),
      h.event(resourceId, { effectiveStartTime: h.clock.hour(23) }),
    ]);
    expect(result.outcomes.map((o) => o.code)).toEqual(['EXPIRED', 'EXPIRED', 'ACCEPTED']);
    expect(result.outcomes[0]?.message).toContain('expired or is in future');
  });

  it('refusals are REJECTED with Microsoft message', async () => {
    const active = h.subscription();
    const suspended = h.subscription({ status: 'Suspended' });
    const result = await client.submitBatch([
      h.event('00000000-1111-2222-3333-444444444444'),
      h.event(suspended),
      h.event(active, { dimension: 'no-such-dimension' }),
      h.event(active, { quantity: '0', effectiveStartTime: h.clock.hour(1) }),
      h.event(active, { planId: 'silver', effectiveStartTime: h.clock.hour(2) }),
    ]);
    expect(result.outcomes.map((o) => [o.code, o.destinationStatus])).toEqual([
      ['REJECTED', 'ResourceNotFound'],
      ['REJECTED', 'ResourceNotActive'],
      ['REJECTED', 'InvalidDimension'],
      ['REJECTED', 'InvalidQuantity'],
      ['REJECTED', 'BadArgument'],
    ]);
    for (const outcome of result.outcomes) expect(outcome.message ?? '').not.toBe('');
    expect(result.outcomes[0]?.message).toContain('cannot be found');
    expect(result.outcomes[2]?.message).toBe('The payload dimension is invalid.');
  });

  it("another publisher's subscription is ResourceNotAuthorized → AUTH_FAILED", async () => {
    const foreign = h.subscription({ publisherClientId: OTHER_CLIENT_ID });
    const result = await client.submitBatch([h.event(foreign)]);
    expect(result.outcomes[0]).toMatchObject({
      code: 'AUTH_FAILED',
      destinationStatus: 'ResourceNotAuthorized',
    });
  });

  it('sends 25 events in one call and answers each, in order', async () => {
    const resourceId = h.subscription();
    const events = Array.from({ length: 25 }, (_, i) =>
      h.event(resourceId, {
        dimension: i % 2 === 0 ? DIMENSION : 'sms',
        effectiveStartTime: h.clock.hour(Math.floor(i / 2)),
        quantity: `${i + 1}.25`,
      }),
    );
    const before = h.emulator.stats().batchSizes['25'] ?? 0;
    const result = await client.submitBatch(events);
    expect(result.outcomes.map((o) => o.code)).toEqual(Array(25).fill('ACCEPTED'));
    expect(h.emulator.stats().batchSizes['25']).toBe(before + 1);
    expect(result.exchanges.filter((e) => e.url.includes('/batchUsageEvent'))).toHaveLength(1);
    const recorded = h.emulator.events().filter((e) => e.resourceId === resourceId);
    expect(recorded.map((e) => e.quantity).sort()).toEqual(events.map((e) => e.quantity).sort());
  });

  it('refuses 26 events before sending anything', async () => {
    const resourceId = h.subscription();
    const requests = h.emulator.stats().routes['POST /api/batchUsageEvent'] ?? 0;
    await expect(client.submitBatch(Array.from({ length: 26 }, () => h.event(resourceId)))).rejects.toThrow(
      RangeError,
    );
    expect(h.emulator.stats().routes['POST /api/batchUsageEvent'] ?? 0).toBe(requests);
  });
});
