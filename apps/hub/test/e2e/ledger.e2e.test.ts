import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

/** domain.md "The reporting ledger": regeneration, credits, over-report warnings and mail. */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub({ smtp: true });
});
afterAll(async () => e2e?.close());

const report = async (t: { call: (m: string, u: string) => Promise<{ json(): any }> }, billId: string) =>
  (await t.call('GET', `/v1/usage-report?billId=${billId}`)).json().data[0];

describe('regeneration', () => {
  it('the same version twice sends nothing, a higher one sends the delta, a lower one records a credit the next bill uses up', async () => {
    const emails = ['ops@example.com', 'billing@example.com'];
    const t = await e2e.setup({ emails });
    const id = billId();
    const first = await t.postBill(bill(id, 1, [line('l1', '1.00')]));
    expect((await t.waitForRun(first.runId)).status).toBe('COMPLETE');

    const again = await t.postBill(bill(id, 1, [line('l1', '1.00')]));
    expect(again.statusCode).toBe(200);
    expect(again.body.runs).toEqual(first.body.runs.map((r: object) => ({ ...r, status: 'COMPLETE' })));

    const higher = await t.postBill(bill(id, 2, [line('l1', '1.50')]));
    const raised = await t.waitForRun(higher.runId);
    expect(raised.status).toBe('COMPLETE');
    expect(raised.usage).toMatchObject([{ target: '150', reportedBefore: '100', quantity: '50' }]);
    expect(t.received().map((e) => e.quantity)).toEqual(['100', '50']);

    const lower = await t.postBill(bill(id, 3, [line('l1', '1.20')]));
    const lowered = await t.waitForRun(lower.runId);
    expect(lowered.status).toBe('COMPLETE');
    expect(lowered.usage).toEqual([]);
    expect((await report(t, id)).credits).toEqual({ 'dim-bill': '30' });
    const [warning] = await t.events('integration.overreport.warning');
    expect(warning).toMatchObject({ integrationConfigId: t.integrationId });
    expect(warning!.message).toContain('30');
    // mailed to every disabledNotificationEmails address
    const [mail] = await e2e.mail!.waitFor(
      (m) => m.subject.includes(t.integrationId) || m.text.includes(warning!.id),
    );
    expect(mail!.to.sort()).toEqual([...emails].sort());
    expect(mail!.subject).toContain('integration.overreport.warning');
    expect(mail!.text).toContain('30');

    // replays send nothing new: the latest version owes nothing more, an older one is stale
    const replayLatest = await t.call('POST', `/v1/integration-runs/${lower.runId}/replay`);
    expect(await t.waitForRun(replayLatest.json().id)).toMatchObject({ status: 'COMPLETE', usage: [] });
    const replayOlder = await t.call('POST', `/v1/integration-runs/${higher.runId}/replay`);
    expect(await t.waitForRun(replayOlder.json().id)).toMatchObject({
      status: 'SKIPPED',
      reason: 'STALE_VERSION',
    });
    expect(await t.events('integration.overreport.warning')).toHaveLength(1);

    const next = await t.postBill(bill(billId(), 1, [line('l1', '0.50')]));
    const used = await t.waitForRun(next.runId);
    expect(used.usage).toMatchObject([{ target: '50', creditUsed: '30', quantity: '20' }]);
    // 30 units of credit from the lowered bill reduce the next bill's 50 to 20
    expect(t.received().map((e) => e.quantity)).toEqual(['100', '50', '20']);
    expect(t.totals()).toEqual({ 'dim-bill': '170' });
    expect((await report(t, id)).credits).toEqual({});

    // the invariant: per (bill, dimension) Azure holds the last target minus credits applied
    const usage = await t.usageEvents({ status: 'ACCEPTED' });
    expect(usage.map((u) => u.quantity).sort()).toEqual(['100', '20', '50']);
  });

  it('a credit larger than the next bill is used up over several bills', async () => {
    const t = await e2e.setup();
    const id = billId();
    await t.waitForRun((await t.postBill(bill(id, 1, [line('l1', '5.00')]))).runId);
    await t.waitForRun((await t.postBill(bill(id, 2, [line('l1', '2.00')]))).runId);
    const a = await t.postBill(bill(billId(), 1, [line('l1', '1.00')]));
    expect(await t.waitForRun(a.runId)).toMatchObject({ status: 'COMPLETE', usage: [] });
    const b = await t.postBill(bill(billId(), 1, [line('l1', '2.50')]));
    expect((await t.waitForRun(b.runId)).usage).toMatchObject([{ creditUsed: '200', quantity: '50' }]);
    expect(t.received().map((e) => e.quantity)).toEqual(['500', '50']);
  });

  it('a dimension missing from a later version becomes a credit, which the next bill on that dimension uses', async () => {
    const t = await e2e.setup({
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      dimensionMappings: [
        { m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' },
        { m3terEntity: 'Product', m3terId: 'p2', dimension: 'dim-b' },
      ],
    });
    const id = billId();
    const v1 = await t.postBill(
      bill(id, 1, [line('l1', '1.00', { productId: 'p1' }), line('l2', '2.00', { productId: 'p2' })]),
    );
    expect((await t.waitForRun(v1.runId)).status).toBe('COMPLETE');
    const v2 = await t.postBill(bill(id, 2, [line('l1', '1.50', { productId: 'p1' })]));
    const run = await t.waitForRun(v2.runId);
    expect(run.status).toBe('COMPLETE');
    expect(run.usage).toMatchObject([{ dimension: 'dim-a', quantity: '50' }]);
    expect(t.totals()).toEqual({ 'dim-a': '150', 'dim-b': '200' });
    expect((await report(t, id)).credits).toEqual({ 'dim-b': '200' });
    const [warning] = await t.events('integration.overreport.warning');
    expect(warning!.data).toMatchObject({ overReported: [{ dimension: 'dim-b', quantity: '200' }] });

    const next = await t.postBill(bill(billId(), 1, [line('l1', '3.00', { productId: 'p2' })]));
    expect((await t.waitForRun(next.runId)).usage).toMatchObject([
      { dimension: 'dim-b', creditUsed: '200', quantity: '100' },
    ]);
    expect(t.totals()).toEqual({ 'dim-a': '150', 'dim-b': '300' });
  });

  it('RECORD_ONLY: the credit is recorded and warned about; other bills do not use it, the same bill does', async () => {
    const t = await e2e.setup({
      configData: { marketplaceBillDimension: 'dim-bill', overReportPolicy: 'RECORD_ONLY' },
    });
    const id = billId();
    await t.waitForRun((await t.postBill(bill(id, 1, [line('l1', '1.00')]))).runId);
    await t.waitForRun((await t.postBill(bill(id, 2, [line('l1', '0.60')]))).runId);
    expect(await t.events('integration.overreport.warning')).toHaveLength(1);
    const other = await t.postBill(bill(billId(), 1, [line('l1', '0.50')]));
    expect((await t.waitForRun(other.runId)).usage).toMatchObject([{ creditUsed: '0', quantity: '50' }]);
    // raised again to 1.00: 40 of the 40 owed come out of its own credit
    const raised = await t.postBill(bill(id, 3, [line('l1', '1.00')]));
    expect(await t.waitForRun(raised.runId)).toMatchObject({ status: 'COMPLETE', usage: [] });
    expect(t.received().map((e) => e.quantity)).toEqual(['100', '50']);
  });
});

function billId() {
  return newBillId('ledger');
}
