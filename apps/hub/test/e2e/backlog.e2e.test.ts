import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

/**
 * A backlog larger than one step of a submission pass (HUB_SUBMIT_CHUNK entries) is sent in full by
 * that pass, without waiting for another job or the recovery sweep (a minute away by default).
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ env: { HUB_SUBMIT_CHUNK: '3' } });
});
afterAll(async () => e2e?.close());

describe('a backlog bigger than one step', () => {
  it('every bill lands once, in one go, when usage piled up while submission was paused', async () => {
    const t = await e2e.setup({ accountId: 'acc-00' });
    const accounts = Array.from({ length: 10 }, (_, i) => `acc-${String(i).padStart(2, '0')}`);
    const subscriptions = [t.subscriptionId];
    for (const account of accounts.slice(1)) subscriptions.push(await t.addSubscription(account));

    const submit = e2e.hub.queues.get('usage.submit.v1')!;
    await submit.pause();
    try {
      const posted = await Promise.all(
        accounts.map((accountId, i) =>
          t.postBill(bill(newBillId(), 1, [line('l1', `${i + 1}.00`)], { accountId })),
        ),
      );
      // Every run has its usage written and is waiting for submission: a backlog of 10 entries.
      for (const p of posted) expect((await t.waitForRun(p.runId, ['STARTED'])).status).toBe('STARTED');
      expect(t.received()).toEqual([]);
      await submit.resume();
      // Well inside the sweep's minute: the pass itself goes on until the backlog is gone.
      for (const p of posted)
        expect((await t.waitForRun(p.runId, ['COMPLETE'], 15_000)).status).toBe('COMPLETE');
    } finally {
      await submit.resume();
    }
    subscriptions.forEach((subscription, i) => {
      expect(t.totals(subscription)).toEqual({ 'dim-bill': `${(i + 1) * 100}` });
    });
  });
});
