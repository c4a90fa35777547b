import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, type Tenant, waitFor } from '../support/e2e-hub.js';

/**
 * An event whose earlier attempt got no clear answer is never re-sent blindly in a new hour
 * (domain.md "Submitting"): when it comes back Expired, the hub first asks the destination
 * (Azure: GET /usageEvents) whether it holds it. Recorded → ACCEPTED, never sent twice; not
 * recorded → re-slotted and sent once; no answer → parked for the operator.
 *
 * One clock for the hub and the emulator, moved forward by the test past Azure's 24-hour window.
 */
const HOUR = 3_600_000;
// Five seconds into an hour, so no test crosses an hour boundary by accident.
let offset = Math.ceil(Date.now() / HOUR) * HOUR + 5_000 - Date.now();
const clock = () => new Date(Date.now() + offset);

let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ now: clock, emulatorNow: clock });
});
afterEach(() => e2e.emulator.setFaults({}));
afterAll(async () => e2e?.close());

/**
 * Sends a bill whose first attempt meets `fault` (recorded or not, no clear answer either way),
 * holds later attempts off with 500s (Azure processes nothing then), and moves the clock a day on.
 */
async function unclearThenExpired(
  t: Tenant,
  fault: 'lostResponseRate' | 'dropConnectionRate',
  subtotal: string,
) {
  const kind = fault === 'lostResponseRate' ? 'lostResponse' : 'dropConnection';
  const before = e2e.emulator.stats().faultsInjected[kind];
  e2e.emulator.setFaults({ [fault]: 1, routes: ['batchUsageEvent'] });
  const posted = await t.postBill(bill(newBillId('unclear'), 1, [line('l1', subtotal)]));
  await waitFor(() => e2e.emulator.stats().faultsInjected[kind] > before, 'the fault');
  e2e.emulator.setFaults({ rate500: 1, routes: ['batchUsageEvent'] });
  await t.waitForRun(posted.runId, ['AWAITING_RETRY']);
  offset += 25 * HOUR;
  return posted.runId;
}

describe('an expired event whose earlier attempt got no clear answer', { timeout: 60_000 }, () => {
  it('recorded by Azure (the response was lost): read back and ACCEPTED, never sent again', async () => {
    const t = await e2e.setup();
    const runId = await unclearThenExpired(t, 'lostResponseRate', '3.10');
    expect(t.received()).toHaveLength(1);
    e2e.emulator.setFaults({});
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'COMPLETE' });
    expect(t.received()).toHaveLength(1);
    expect(t.totals()).toEqual({ 'dim-bill': '310' });
    const events = await t.usageEvents();
    expect(events.map((e) => e.status)).toEqual(['ACCEPTED']);
    expect(await t.events('integration.late.warning')).toEqual([]);
    // The read-back is on the run's record.
    const run = (await t.call('GET', `/v1/integration-runs/${runId}`)).json();
    const urls = JSON.stringify(
      run.exchanges ?? (await t.call('GET', `/v1/integration-runs/${runId}/exchanges`)).json(),
    );
    expect(urls).toContain('usageEvents');
  });

  it('not recorded (the connection dropped before Azure read it): re-slotted into a current hour and sent once', async () => {
    const t = await e2e.setup();
    const runId = await unclearThenExpired(t, 'dropConnectionRate', '2.20');
    expect(t.received()).toEqual([]);
    e2e.emulator.setFaults({});
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'COMPLETE' });
    expect(t.received()).toHaveLength(1);
    expect(t.totals()).toEqual({ 'dim-bill': '220' });
    const statuses = (await t.usageEvents()).map((e) => e.status).sort();
    expect(statuses).toEqual(['ACCEPTED', 'EXPIRED_RESLOTTED']);
    const [late] = await t.events('integration.late.warning');
    expect(late!.data).toMatchObject({ verifiedNotRecorded: true });
  });

  it('the read-back itself fails: parked UNCLEAR for the operator with integration.unclear.warning; resolved, it lands once', async () => {
    const t = await e2e.setup();
    const runId = await unclearThenExpired(t, 'lostResponseRate', '1.70');
    e2e.emulator.setFaults({ rate500: 1, routes: ['usageEvents'] });
    const parked = await t.waitForRun(runId, ['UNCLEAR'], 30_000);
    expect(parked).toMatchObject({ status: 'UNCLEAR', error: { code: 'UNCLEAR' } });
    const [event] = await t.usageEvents({ status: 'UNCLEAR' });
    expect(event).toBeDefined();
    const [warning] = await t.events('integration.unclear.warning');
    expect(warning).toMatchObject({ integrationConfigId: t.integrationId });
    expect(warning!.data).toMatchObject({ usageEventId: event!.id, quantity: '170' });
    expect(t.received()).toHaveLength(1);

    // Only an UNCLEAR event can be resolved; a bad resolution names the field.
    const bad = await t.call('POST', `/v1/usage-events/${event!.id}/resolve`, { resolution: 'MAYBE' });
    expect(bad.statusCode).toBe(400);
    e2e.emulator.setFaults({});
    const resolved = await t.call('POST', `/v1/usage-events/${event!.id}/resolve`, {
      resolution: 'READ_BACK',
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json().status).toBe('VERIFYING');
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'COMPLETE' });
    expect(t.received()).toHaveLength(1);
    expect(t.totals()).toEqual({ 'dim-bill': '170' });
    const again = await t.call('POST', `/v1/usage-events/${event!.id}/resolve`, { resolution: 'RECORDED' });
    expect(again.statusCode).toBe(409);
  });

  it('an operator who finds it not recorded has it sent in a current hour', async () => {
    const t = await e2e.setup();
    const runId = await unclearThenExpired(t, 'dropConnectionRate', '0.90');
    e2e.emulator.setFaults({ rate500: 1, routes: ['usageEvents'] });
    await t.waitForRun(runId, ['UNCLEAR'], 30_000);
    const [event] = await t.usageEvents({ status: 'UNCLEAR' });
    e2e.emulator.setFaults({});
    const resolved = await t.call('POST', `/v1/usage-events/${event!.id}/resolve`, {
      resolution: 'NOT_RECORDED',
    });
    expect(resolved.json().status).toBe('EXPIRED_RESLOTTED');
    expect(await t.waitForRun(runId)).toMatchObject({ status: 'COMPLETE' });
    expect(t.totals()).toEqual({ 'dim-bill': '90' });
  });
});
