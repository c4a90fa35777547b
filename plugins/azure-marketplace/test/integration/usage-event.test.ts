import { describe, expect, it } from 'vitest';
import { type AzureMarketplaceClient, classifyUsageEventAnswer } from '../../src/index.js';
import { type Harness, useClientHarness } from '../support/emulator.js';

/** The single-event API: 200, 409 with the held event, 400 for an out-of-window or inactive event. */
let h: Harness;
let client: AzureMarketplaceClient;

useClientHarness((harness, c) => {
  h = harness;
  client = c;
});

describe('POST /usageEvent against the emulator', () => {
  it('accepts, then answers 409 that classifies as ours, or foreign for another quantity', async () => {
    const resourceId = h.subscription();
    const event = h.event(resourceId, { quantity: '3.141593' });
    const first = await client.metering.usageEvent(event);
    expect(classifyUsageEventAnswer(event, first.answer, h.clock.now())).toMatchObject({ code: 'ACCEPTED' });

    const again = await client.metering.usageEvent(event);
    expect(again.answer).toMatchObject({ kind: 'http', status: 409 });
    expect(classifyUsageEventAnswer(event, again.answer, h.clock.now())).toMatchObject({
      code: 'DUPLICATE_OURS',
    });
    const other = { ...event, quantity: '3' };
    const foreign = await client.metering.usageEvent(other);
    expect(classifyUsageEventAnswer(other, foreign.answer, h.clock.now()).code).toBe('DUPLICATE_FOREIGN');
  });

  it('an expired hour is a 400 that classifies as EXPIRED; a suspended subscription as REJECTED', async () => {
    const old = h.event(h.subscription(), { effectiveStartTime: h.clock.hour(30) });
    const expired = await client.metering.usageEvent(old);
    expect(expired.answer).toMatchObject({ kind: 'http', status: 400 });
    expect(classifyUsageEventAnswer(old, expired.answer, h.clock.now()).code).toBe('EXPIRED');

    const inactive = h.event(h.subscription({ status: 'Suspended' }));
    const refused = await client.metering.usageEvent(inactive);
    expect(classifyUsageEventAnswer(inactive, refused.answer, h.clock.now())).toMatchObject({
      code: 'REJECTED',
      destinationStatus: 'ResourceNotActive',
    });
  });
});
