import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, TENANT } from '../support/e2e-hub.js';

/**
 * domain.md "Submitting to Azure": plans, subscription status, hour slots, batches.
 * One clock for the hub and the emulator, started five seconds into an hour, so the hour slots the
 * tests expect are the hours the hub picks: nothing here straddles HH:00.
 */
const HOUR = 3_600_000;
const offset = Math.ceil(Date.now() / HOUR) * HOUR + 5_000 - Date.now();
const clock = () => new Date(Date.now() + offset);
const currentHour = () => Math.floor(clock().getTime() / HOUR) * HOUR;
const hourOf = (time: string) => Date.parse(/Z|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`);

let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ now: clock, emulatorNow: clock });
});
afterAll(async () => e2e?.close());

const routeCalls = (pattern: RegExp) =>
  Object.entries(e2e.emulator.stats().routes)
    .filter(([route]) => pattern.test(route))
    .reduce((total, [, count]) => total + count, 0);
const batchCalls = () => routeCalls(/^POST \/api\/batchUsageEvent/);
const subscriptionLookups = () => routeCalls(/^GET \/api\/saas\/subscriptions\/[^/]+$/);
/** Batch sizes recorded since `before` (a previous `stats().batchSizes`). */
const batchSizesSince = (before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(e2e.emulator.stats().batchSizes)
      .map(([size, count]) => [size, count - (before[size] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );

describe('plan and subscription status', () => {
  it('without metadata.planId the plan comes from the fulfillment API, looked up once and cached', async () => {
    const t = await e2e.setup({ planId: 'silver', planInMapping: false });
    const lookupsBefore = subscriptionLookups();
    const first = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    expect((await t.waitForRun(first.runId)).status).toBe('COMPLETE');
    expect(subscriptionLookups() - lookupsBefore).toBe(1);
    const second = await t.postBill(bill(newBillId(), 1, [line('l1', '2.00')]));
    expect((await t.waitForRun(second.runId)).status).toBe('COMPLETE');
    expect(subscriptionLookups() - lookupsBefore).toBe(1);

    expect(
      e2e.emulator
        .events()
        .filter((e) => e.resourceId === t.subscriptionId)
        .map((e) => e.planId),
    ).toEqual(['silver', 'silver']);
    const events = await t.usageEvents();
    expect(events.map((e) => e.planId)).toEqual(['silver', 'silver']);
  });

  it("a Suspended subscription: the run ends ERROR with Microsoft's message", async () => {
    const t = await e2e.setup({ subscriptionStatus: 'Suspended' });
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    const run = await t.waitForRun(posted.runId);
    expect(run).toMatchObject({ status: 'ERROR', reason: 'ERROR' });
    expect(run.error.message).toContain('SaaS subscription is not in Subscribed status.');
    expect(run.usage).toMatchObject([{ status: 'REJECTED' }]);
    const event = (await t.usageEvents())[0]!;
    expect(event.status).toBe('REJECTED');
    expect(JSON.stringify(event.error)).toContain('ResourceNotActive');
    const perform = (await t.events('integration.perform.error'))[0]!;
    expect(perform.message).toContain('SaaS subscription is not in Subscribed status.');
    expect(t.received()).toEqual([]);
  });

  it('a Suspended subscription found through the fulfillment API: ERROR naming its status, nothing sent', async () => {
    const t = await e2e.setup({ subscriptionStatus: 'Suspended', planInMapping: false });
    const batchesBefore = batchCalls();
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    const run = await t.waitForRun(posted.runId);
    expect(run.status).toBe('ERROR');
    expect(run.error.message).toContain('Suspended');
    expect(batchCalls()).toBe(batchesBefore);
    expect(t.received()).toEqual([]);
  });
});

describe('hour slots', () => {
  it('two bills for one subscription and dimension in the same hour take different hour slots, both accepted', async () => {
    const t = await e2e.setup();
    const duplicatesBefore = e2e.duplicates();
    const a = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    expect((await t.waitForRun(a.runId)).status).toBe('COMPLETE');
    const b = await t.postBill(bill(newBillId(), 1, [line('l1', '2.00')]));
    expect((await t.waitForRun(b.runId)).status).toBe('COMPLETE');

    const received = t.received();
    expect(received.map((e) => e.quantity)).toEqual(['100', '200']);
    // newest first: the current hour, then the one before
    expect(received.map((e) => hourOf(e.effectiveStartTime))).toEqual([currentHour(), currentHour() - HOUR]);
    const usage = await t.usageEvents({ status: 'ACCEPTED' });
    expect(usage).toHaveLength(2);
    // The hub chose the second hour itself: it never sent the second bill into the first bill's
    // slot (the emulator would have answered Duplicate, and the hub moved it as foreign).
    expect(e2e.duplicates()).toBe(duplicatesBefore);
    expect(await t.foreignSlots()).toEqual([]);
  });

  it('an hour slot someone else already used at Azure is marked foreign and the event moves to another hour', async () => {
    const t = await e2e.setup();
    const hour = new Date(currentHour()).toISOString();
    // another tool reported 7 units for this subscription and dimension in the current hour
    const token = await fetch(`${e2e.emulator.url}/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: t.clientId,
        client_secret: t.clientSecret,
        scope: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7/.default',
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const foreign = await fetch(`${e2e.emulator.url}/api/usageEvent?api-version=2018-08-31`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceId: t.subscriptionId,
        quantity: 7,
        dimension: 'dim-bill',
        effectiveStartTime: hour,
        planId: 'gold',
      }),
    });
    expect(foreign.status).toBe(200);
    const duplicatesBefore = e2e.duplicates();

    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    const run = await t.waitForRun(posted.runId);
    expect(run.status).toBe('COMPLETE');
    const received = t.received();
    expect(received.map((e) => e.quantity)).toEqual(['7', '100']);
    expect(hourOf(received[1]!.effectiveStartTime)).toBe(Date.parse(hour) - HOUR);
    // The hub tried the current hour first, was told it is taken, and keeps it blocked as foreign.
    expect(e2e.duplicates() - duplicatesBefore).toBe(1);
    expect(await t.foreignSlots()).toEqual([hour]);
    const [event] = await t.usageEvents();
    expect(event).toMatchObject({ status: 'ACCEPTED', quantity: '100' });
  });
});

describe('batches', () => {
  it('30 dimensions of one subscription go out as batches of at most 25 (two calls)', async () => {
    const dims = Array.from({ length: 30 }, (_, i) => `dim-${String(i).padStart(2, '0')}`);
    const t = await e2e.setup({
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      dimensions: [],
      dimensionMappings: dims.map((dimension, i) => ({
        m3terEntity: 'Product' as const,
        m3terId: `p${i}`,
        dimension,
      })),
    });
    const sizesBefore = e2e.emulator.stats().batchSizes;
    const callsBefore = batchCalls();
    const posted = await t.postBill(
      bill(
        newBillId(),
        1,
        dims.map((_, i) => line(`l${i}`, `${i + 1}.00`, { productId: `p${i}` })),
      ),
    );
    const run = await t.waitForRun(posted.runId);
    expect(run.status).toBe('COMPLETE');
    expect(Object.keys(t.totals())).toHaveLength(30);
    expect(t.totals()['dim-29']).toBe('3000');
    expect(batchSizesSince(sizesBefore)).toEqual({ '25': 1, '5': 1 });
    expect(batchCalls() - callsBefore).toBe(2);
  });

  it('30 subscriptions × 1 dimension: every bill lands once, bills share batches, none over 25', async () => {
    const t = await e2e.setup({ accountId: 'acc-00' });
    const subscriptions = [t.subscriptionId];
    for (let i = 1; i < 30; i++)
      subscriptions.push(await t.addSubscription(`acc-${String(i).padStart(2, '0')}`));
    const sizesBefore = e2e.emulator.stats().batchSizes;
    const callsBefore = batchCalls();
    const posted = await Promise.all(
      subscriptions.map((_, i) =>
        t.postBill(
          bill(newBillId(), 1, [line('l1', `${i + 1}.00`)], {
            accountId: `acc-${String(i).padStart(2, '0')}`,
          }),
        ),
      ),
    );
    for (const p of posted) expect((await t.waitForRun(p.runId)).status).toBe('COMPLETE');
    subscriptions.forEach((subscription, i) => {
      expect(t.totals(subscription)).toEqual({ 'dim-bill': `${(i + 1) * 100}` });
    });
    const sizes = batchSizesSince(sizesBefore);
    expect(Math.max(...Object.keys(sizes).map(Number))).toBeLessThanOrEqual(25);
    const calls = batchCalls() - callsBefore;
    expect(Object.entries(sizes).reduce((n, [size, count]) => n + Number(size) * count, 0)).toBe(30);
    expect(calls).toBeLessThanOrEqual(10);
  });
});
