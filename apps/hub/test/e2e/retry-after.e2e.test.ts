import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

/**
 * A huge or malformed `Retry-After` neither pushes a retry past the acceptance window nor aborts
 * recording a batch's outcomes: the wait is clamped to the backoff ceiling (10 minutes).
 * One clock for the hub and the emulator, moved by the test.
 */
const HOUR = 3_600_000;
let offset = Math.ceil(Date.now() / HOUR) * HOUR + 5_000 - Date.now();
const clock = () => new Date(Date.now() + offset);

let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ now: clock, emulatorNow: clock });
});
afterEach(() => e2e.emulator.setFaults({}));
afterAll(async () => e2e?.close());

describe('Retry-After is bounded', { timeout: 60_000 }, () => {
  for (const header of ['9'.repeat(400), '86400', 'Fri, 31 Dec 9999 23:59:59 GMT']) {
    it(`Retry-After: ${header.slice(0, 30)}${header.length > 30 ? '…' : ''} is recorded as a retry within 10 minutes, and the usage lands`, async () => {
      const t = await e2e.setup({
        configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
        dimensionMappings: [
          { m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' },
          { m3terEntity: 'Product', m3terId: 'p2', dimension: 'dim-b' },
        ],
      });
      e2e.emulator.setFaults({ rate429: 1, retryAfterHeader: header, routes: ['batchUsageEvent'] });
      const posted = await t.postBill(
        bill(newBillId('retry-after'), 1, [
          line('l1', '1.00', { productId: 'p1' }),
          line('l2', '2.00', { productId: 'p2' }),
        ]),
      );
      // The batch's outcomes were recorded (a failed recording would leave the run STARTED).
      await t.waitForRun(posted.runId, ['AWAITING_RETRY']);
      const sentAt = clock().getTime();
      const events = await t.usageEvents();
      expect(events).toHaveLength(2);
      for (const event of events) {
        expect(event.status).toBe('PENDING');
        expect(event.error).toMatchObject({ code: 'RETRYABLE' });
      }
      const nextAttempts = await e2e.runtime.services.db
        .selectFrom('usage_events')
        .select('next_attempt_at')
        .where(
          'id',
          'in',
          events.map((e) => e.id),
        )
        .execute();
      for (const row of nextAttempts) {
        expect(row.next_attempt_at).not.toBeNull();
        expect(row.next_attempt_at!.getTime() - sentAt).toBeLessThanOrEqual(10 * 60_000 + 5_000);
      }

      e2e.emulator.setFaults({});
      offset += 11 * 60_000;
      // Something has to wake the credential at the new time: another bill's submission does.
      await t.postBill(bill(newBillId('retry-after'), 1, [line('l1', '0.10', { productId: 'p1' })]));
      expect(await t.waitForRun(posted.runId)).toMatchObject({ status: 'COMPLETE' });
      expect(t.totals()).toMatchObject({ 'dim-b': '200' });
    });
  }
});
