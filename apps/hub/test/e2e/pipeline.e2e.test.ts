import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepStuckWork } from '../../src/worker/recovery-sweep.js';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

describe('bill → Azure, end to end', () => {
  it('ITEM_PER_BILL: $0.50 + $12.345 becomes one event of 1285 units, and the run completes', async () => {
    const t = await e2e.setup();
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', 0.5), line('l2', 12.345)]));
    expect(posted.statusCode).toBe(202);
    expect(posted.body.runs).toHaveLength(1);
    expect(posted.body.runs[0].integrationConfigId).toBe(t.integrationId);
    const done = await t.waitForRun(posted.runId);
    expect(done.status).toBe('COMPLETE');
    expect(t.received()).toEqual([
      { dimension: 'dim-bill', quantity: '1285', effectiveStartTime: expect.any(String) },
    ]);
    expect(done.usage).toMatchObject([{ dimension: 'dim-bill', quantity: '1285', status: 'ACCEPTED' }]);
    // Every exchange with Azure is kept with the run, with the request ids, secrets redacted.
    expect(done.exchanges.length).toBeGreaterThan(0);
    const batch = done.exchanges.find((x: { url: string }) => x.url.includes('/batchUsageEvent'));
    expect(batch).toMatchObject({
      status: 200,
      requestId: expect.any(String),
      correlationId: expect.any(String),
    });
    expect(JSON.stringify(done.exchanges)).not.toContain(t.clientSecret);
    expect(JSON.stringify(done.exchanges)).not.toMatch(/Bearer emu\./);

    const event = (await t.usageEvents({ billId: posted.body.billId }))[0]!;
    expect(event).toMatchObject({
      integrationConfigId: t.integrationId,
      resourceId: t.subscriptionId,
      dimension: 'dim-bill',
      planId: 'gold',
      quantity: '1285',
      status: 'ACCEPTED',
      usageEventId: expect.any(String),
      billIds: [posted.body.billId],
    });
    const report = await t.call('GET', `/v1/usage-report?billId=${posted.body.billId}`);
    expect(report.json().data).toEqual([
      {
        accountId: 'acc-1',
        billId: posted.body.billId,
        externalSystem: 'Azure',
        reportedUsage: { 'dim-bill': { [event.effectiveStartTime]: '1285' } },
        credits: {},
      },
    ]);
  });

  it('the recovery sweep re-dispatches a run whose job was lost; the ledger makes the rerun send nothing', async () => {
    const t = await e2e.setup();
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '2.00')]));
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    // as if Redis had lost the job of a run that is still WAITING, three minutes ago
    const { db } = e2e.runtime.services;
    await sql`update integration_runs set status = 'WAITING', dt_created = now() - interval '3 minutes' where id = ${posted.runId}`.execute(
      db,
    );
    const swept = await sweepStuckWork(e2e.runtime.services);
    expect(swept.runs).toBe(1);
    e2e.runtime.services.notifyOutbox();
    const rerun = await t.waitForRun(posted.runId, ['COMPLETE', 'ERROR']);
    expect(rerun).toMatchObject({ status: 'COMPLETE', usage: [{ quantity: '200', status: 'ACCEPTED' }] });
    expect(t.totals()).toEqual({ 'dim-bill': '200' });
    expect(t.received()).toHaveLength(1);
  });
});
