import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, type Tenant } from '../support/e2e-hub.js';

/**
 * domain.md "The reporting ledger": `reported` means pending or accepted, so usage the destination
 * finally rejects gives its quantity (and any credit it drew) back in the same transaction. After the
 * operator fixes the cause, a replay or the next version sends what is owed: exactly the target.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

const billId = () => newBillId('reject');

/** Publishes `dimensions` on the tenant's plan at the emulator (re-seeds its subscription). */
function publish(t: Tenant, dimensions: string[], status: 'Subscribed' | 'Suspended' = 'Subscribed') {
  e2e.emulator.seedSubscription({
    id: t.subscriptionId,
    planId: 'gold',
    status,
    plans: [
      {
        planId: 'gold',
        dimensions: dimensions.map((id) => ({ id, pricePerUnit: '0.01', currency: 'USD' })),
      },
    ],
  } as never);
}

describe('a finally rejected event gives its quantity back', () => {
  it('a dimension unknown to the plan: run ERROR; once published, a replay sends exactly the target', async () => {
    const t = await e2e.setup({
      configData: { marketplaceBillDimension: 'dim-new' },
      dimensions: ['dim-bill'],
    });
    // The mapping names a dimension the plan does not have: Azure answers InvalidDimension.
    publish(t, ['dim-bill']);
    const id = billId();
    const posted = await t.postBill(bill(id, 1, [line('l1', '2.50')]));
    const failed = await t.waitForRun(posted.runId);
    expect(failed.status).toBe('ERROR');
    expect(t.totals()).toEqual({});

    publish(t, ['dim-bill', 'dim-new']);
    const replay = await t.call('POST', `/v1/integration-runs/${posted.runId}/replay`);
    expect(replay.statusCode).toBe(202);
    const replayed = await t.waitForRun(replay.json().id);
    expect(replayed).toMatchObject({ status: 'COMPLETE', usage: [{ quantity: '250', reportedBefore: '0' }] });
    expect(t.totals()).toEqual({ 'dim-new': '250' });

    // A later version sends its increment over what was actually accepted, not over the rejected try.
    const v2 = await t.postBill(bill(id, 2, [line('l1', '3.00')]));
    expect(await t.waitForRun(v2.runId)).toMatchObject({ status: 'COMPLETE', usage: [{ quantity: '50' }] });
    expect(t.totals()).toEqual({ 'dim-new': '300' });
  });

  it('the next version after a rejection sends the whole target, not only its increment', async () => {
    const t = await e2e.setup({
      configData: { marketplaceBillDimension: 'dim-late' },
      dimensions: ['dim-bill'],
    });
    publish(t, ['dim-bill']);
    const id = billId();
    const v1 = await t.postBill(bill(id, 1, [line('l1', '1.00')]));
    expect((await t.waitForRun(v1.runId)).status).toBe('ERROR');
    publish(t, ['dim-bill', 'dim-late']);
    const v2 = await t.postBill(bill(id, 2, [line('l1', '1.40')]));
    expect(await t.waitForRun(v2.runId)).toMatchObject({
      status: 'COMPLETE',
      usage: [{ reportedBefore: '0', quantity: '140' }],
    });
    expect(t.totals()).toEqual({ 'dim-late': '140' });
  });

  it('a rejected entry that drew credit returns it to the pool: after the fix the destination holds the target', async () => {
    const t = await e2e.setup({ configData: { marketplaceBillDimension: 'dim-bill' } });
    const id = billId();
    await t.waitForRun((await t.postBill(bill(id, 1, [line('l1', '1.00')]))).runId);
    await t.waitForRun((await t.postBill(bill(id, 2, [line('l1', '0.50')]))).runId); // 50 of credit
    // The subscription stops accepting usage: the raise (50 credit + 70 to send) is rejected.
    publish(t, ['dim-bill', 'dim-a', 'dim-b'], 'Suspended');
    const v3 = await t.postBill(bill(id, 3, [line('l1', '1.70')]));
    const rejected = await t.waitForRun(v3.runId);
    expect(rejected).toMatchObject({ status: 'ERROR', usage: [{ creditUsed: '50', quantity: '70' }] });
    expect((await t.call('GET', `/v1/usage-report?billId=${id}`)).json().data[0].credits).toEqual({
      'dim-bill': '50',
    });

    publish(t, ['dim-bill', 'dim-a', 'dim-b'], 'Subscribed');
    const replay = await t.call('POST', `/v1/integration-runs/${v3.runId}/replay`);
    expect(await t.waitForRun(replay.json().id)).toMatchObject({
      status: 'COMPLETE',
      usage: [{ reportedBefore: '50', creditUsed: '50', quantity: '70' }],
    });
    expect(t.totals()).toEqual({ 'dim-bill': '170' });
  });
});
