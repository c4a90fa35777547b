import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, waitFor } from '../support/e2e-hub.js';

/**
 * Time-driven rules with one clock shared by the hub and the emulator, moved forward by the test:
 * Azure's 24-hour window (an expired event is re-slotted into a current hour) and hour slots
 * running out (the event waits for the next hour).
 */
const HOUR = 3_600_000;
// Starts five seconds into an hour, so no test here crosses an hour boundary by accident.
let offset = Math.ceil(Date.now() / HOUR) * HOUR + 5_000 - Date.now();
const clock = () => new Date(Date.now() + offset);
const hourOf = (time: string) => {
  const at = Date.parse(/Z|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`);
  return Math.floor(at / HOUR) * HOUR;
};
const currentHour = () => Math.floor(clock().getTime() / HOUR) * HOUR;

let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ now: clock, emulatorNow: clock });
});
afterEach(() => e2e.emulator.setFaults({}));
afterAll(async () => e2e?.close());

describe('the clock', { timeout: 60_000 }, () => {
  it('an event whose hour is more than 24 h old by the time it is sent is re-slotted into a current hour, with integration.late.warning', async () => {
    const t = await e2e.setup();
    // Azure is down when the event is first sent: it keeps the hour slot it was given
    e2e.emulator.setFaults({ rate500: 1, routes: ['batchUsageEvent'] });
    const posted = await t.postBill(bill(newBillId('late'), 1, [line('l1', '4.20')]));
    await t.waitForRun(posted.runId, ['AWAITING_RETRY']);
    const [first] = await t.usageEvents();
    const firstHour = hourOf(first!.effectiveStartTime);
    expect(firstHour).toBe(currentHour());

    // ... and back 25 hours later
    offset += 25 * HOUR;
    e2e.emulator.setFaults({});
    const run = await t.waitForRun(posted.runId, ['COMPLETE', 'ERROR']);
    expect(run.status).toBe('COMPLETE');

    const events = await t.usageEvents();
    const expired = events.find((e) => e.status === 'EXPIRED_RESLOTTED');
    const accepted = events.find((e) => e.status === 'ACCEPTED');
    expect(hourOf(expired!.effectiveStartTime)).toBe(firstHour);
    expect(hourOf(accepted!.effectiveStartTime)).toBe(currentHour());
    expect(accepted!.quantity).toBe('420');
    expect(t.received()).toHaveLength(1);
    expect(hourOf(t.received()[0]!.effectiveStartTime)).toBe(currentHour());
    expect(t.totals()).toEqual({ 'dim-bill': '420' });

    const [late] = await t.events('integration.late.warning');
    expect(late).toMatchObject({ integrationConfigId: t.integrationId });
    expect(late!.message).toContain(t.subscriptionId);
    // Its earlier sends got 500s, so Azure was asked first (GET /usageEvents): it holds nothing.
    expect(late!.message).toContain('not recorded by the destination');
    expect(late!.data).toMatchObject({ verifiedNotRecorded: true });
  });

  it('when every hour slot of the window is taken, the event waits for the next hour', async () => {
    const t = await e2e.setup();
    const other = await t.addSubscription('acc-other');
    // 23 bills in a row fill the current hour and the 22 before it
    for (let i = 1; i <= 23; i++) {
      const posted = await t.postBill(bill(newBillId('slot'), 1, [line('l1', '1.00')]));
      expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    }
    const hours = t.received().map((e) => hourOf(e.effectiveStartTime));
    expect(new Set(hours).size).toBe(23);
    expect(Math.max(...hours)).toBe(currentHour());
    expect(Math.min(...hours)).toBe(currentHour() - 22 * HOUR);

    const waiting = await t.postBill(bill(newBillId('slot'), 1, [line('l1', '2.00')]));
    // The hub looked for a slot for its event (it has one, or it was told to wait) ...
    const event = await waitFor(
      async () => (await t.usageEvents({ billId: waiting.body.billId }))[0],
      'its usage event',
    );
    const decided = await waitFor(
      () =>
        e2e.runtime.services.db
          .selectFrom('usage_events')
          .select(['effective_start_time', 'next_attempt_at'])
          .where('id', '=', event.id)
          .where((eb) =>
            eb.or([eb('effective_start_time', 'is not', null), eb('next_attempt_at', 'is not', null)]),
          )
          .executeTakeFirst(),
      'a slot, or a time to look again',
    );
    // ... found none free and waits for the next hour to open,
    expect(decided).toEqual({ effective_start_time: null, next_attempt_at: new Date(currentHour() + HOUR) });
    // and a submission pass for the credential meanwhile sends nothing.
    await t.submissionPass();
    expect((await t.waitForRun(waiting.runId, ['STARTED'])).status).toBe('STARTED');
    expect(t.received()).toHaveLength(23);

    // the next hour opens; any submission for the credential (here another bill's) picks it up
    offset += HOUR;
    const nudge = await t.postBill(
      bill(newBillId('slot'), 1, [line('l1', '3.00')], { accountId: 'acc-other' }),
    );
    expect((await t.waitForRun(nudge.runId)).status).toBe('COMPLETE');
    expect((await t.waitForRun(waiting.runId, ['COMPLETE', 'ERROR'])).status).toBe('COMPLETE');
    const last = t.received().at(-1)!;
    expect(last.quantity).toBe('200');
    expect(hourOf(last.effectiveStartTime)).toBe(currentHour());
    expect(t.totals(other)).toEqual({ 'dim-bill': '300' });
  });
});
