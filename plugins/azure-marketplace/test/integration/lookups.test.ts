import { describe, expect, it } from 'vitest';
import type { AzureMarketplaceClient } from '../../src/index.js';
import { DIMENSION, type Harness, PLAN_ID, useClientHarness } from '../support/emulator.js';

let h: Harness;
let client: AzureMarketplaceClient;

useClientHarness((harness, c) => {
  h = harness;
  client = c;
});

describe('fulfillment lookups against the emulator', () => {
  it('describeResource: a Subscribed subscription is active, with its plan', async () => {
    const description = await client.describeResource(h.subscription());
    expect(description).toMatchObject({ ok: true, planId: PLAN_ID, active: true, status: 'Subscribed' });
    expect(description.exchanges.at(-1)?.url).toContain('/api/saas/subscriptions/');
  });

  it.each(['Suspended', 'PendingFulfillmentStart', 'Unsubscribed'] as const)(
    'describeResource: %s is not active',
    async (status) => {
      expect(await client.describeResource(h.subscription({ status }))).toMatchObject({
        ok: true,
        active: false,
        status,
      });
    },
  );

  it('describeResource: an unknown subscription is REJECTED', async () => {
    const description = await client.describeResource('00000000-1111-2222-3333-444444444444');
    expect(description).toMatchObject({ ok: false, code: 'REJECTED' });
  });

  it('listAvailablePlans: plans and their metering dimensions', async () => {
    const result = await client.listAvailablePlans(h.subscription());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((plan) => plan.planId).sort()).toEqual(['gold', 'silver']);
    const gold = result.value.find((plan) => plan.planId === PLAN_ID);
    expect(gold?.planComponents?.meteringDimensions?.map((d) => [d.id, d.pricePerUnit, d.currency])).toEqual([
      [DIMENSION, '0.01', 'USD'],
      ['sms', '0.01', 'USD'],
    ]);
  });

  it('getUsageEvents: the read-back shows what was accepted', async () => {
    const resourceId = h.subscription();
    await client.submitBatch([
      h.event(resourceId, { quantity: '1.5' }),
      h.event(resourceId, { quantity: '2.25', effectiveStartTime: h.clock.hour(1) }),
    ]);
    const result = await client.getUsageEvents({ usageStartDate: h.clock.hour(48) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const rows = result.value.filter((row) => row.usageResourceId === resourceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dimension: DIMENSION, submittedQuantity: '3.75', submittedCount: 2 });
  });
});
