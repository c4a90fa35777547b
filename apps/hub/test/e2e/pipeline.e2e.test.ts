import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

let seq = 0;
const billId = () => `bill-${Date.now()}-${++seq}`;
const bill = (id: string, version: number, lineItems: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  version,
  accountId: 'acc-1',
  accountCode: 'acme',
  status: 'APPROVED',
  currency: 'USD',
  lineItems,
  ...extra,
});
const usage = (id: string, subtotal: number | string, extra: Record<string, unknown> = {}) => ({
  id,
  lineItemType: 'USAGE',
  subtotal,
  ...extra,
});

const received = (subscriptionId: string) =>
  e2e.emulator
    .events()
    .filter((event) => event.resourceId === subscriptionId)
    .map((event) => ({ dimension: event.dimension, quantity: event.quantity }));

describe('bill → Azure, end to end', () => {
  it('ITEM_PER_BILL: $0.50 + $12.345 becomes one event of 1285 units, and the run completes', async () => {
    const { subscriptionId, integrationId } = await e2e.setup();
    const posted = await e2e.call(
      'POST',
      '/v1/bills',
      bill(billId(), 1, [usage('l1', 0.5), usage('l2', 12.345)]),
    );
    expect(posted.statusCode).toBe(202);
    const [run] = posted.json().runs;
    expect(run.integrationConfigId).toBe(integrationId);
    const done = await e2e.waitForRun(run.id, ['COMPLETE', 'ERROR', 'AUTH_FAILED']);
    expect(done.status).toBe('COMPLETE');
    expect(received(subscriptionId)).toEqual([{ dimension: 'dim-bill', quantity: '1285' }]);
    expect(done.usage).toMatchObject([{ dimension: 'dim-bill', quantity: '1285', status: 'ACCEPTED' }]);
    expect(done.exchanges.length).toBeGreaterThan(0);
    expect(JSON.stringify(done.exchanges)).not.toContain('emulator-secret-value-1');
  });

  it('regeneration: the same version sends nothing, a higher one sends the delta, a lower one records a credit the next bill uses', async () => {
    const { subscriptionId } = await e2e.setup();
    const id = billId();
    const first = await e2e.call('POST', '/v1/bills', bill(id, 1, [usage('l1', '1.00')]));
    await e2e.waitForRun(first.json().runs[0].id, ['COMPLETE']);
    const again = await e2e.call('POST', '/v1/bills', bill(id, 1, [usage('l1', '1.00')]));
    expect(again.statusCode).toBe(200);
    const higher = await e2e.call('POST', '/v1/bills', bill(id, 2, [usage('l1', '1.50')]));
    await e2e.waitForRun(higher.json().runs[0].id, ['COMPLETE']);
    expect(received(subscriptionId).map((e) => e.quantity)).toEqual(['100', '50']);
    const lower = await e2e.call('POST', '/v1/bills', bill(id, 3, [usage('l1', '1.20')]));
    const lowered = await e2e.waitForRun(lower.json().runs[0].id, ['COMPLETE']);
    expect(lowered.usage).toEqual([]);
    const next = await e2e.call('POST', '/v1/bills', bill(billId(), 1, [usage('l1', '0.50')]));
    await e2e.waitForRun(next.json().runs[0].id, ['COMPLETE']);
    // 30 units of credit from the lowered bill reduce the next bill's 50 to 20
    expect(received(subscriptionId).map((e) => e.quantity)).toEqual(['100', '50', '20']);
    const events = await e2e.call('GET', '/v1/events?eventName=integration.overreport.warning');
    expect(events.json().data.length).toBeGreaterThan(0);
  });
});
