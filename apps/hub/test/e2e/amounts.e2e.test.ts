import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

/** Money → quantity: the currency rule, unitPrice, decimal places and half-up rounding (domain.md 7, 11). */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

describe('currency', () => {
  it("a bill in another currency is sent from convertedSubtotal (or subtotal × the bill's multiplier)", async () => {
    const t = await e2e.setup();
    const posted = await t.postBill(
      bill(
        newBillId(),
        1,
        [
          line('l1', '10.00', { convertedSubtotal: '11.02' }),
          // no convertedSubtotal: subtotal × multiplier
          line('l2', '1.00'),
        ],
        { currency: 'EUR', currencyConversions: [{ from: 'EUR', to: 'USD', multiplier: 1.1 }] },
      ),
    );
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '1212' });
  });

  it('an integration priced in EUR takes subtotal of a EUR bill', async () => {
    const t = await e2e.setup({ configData: { marketplaceBillDimension: 'dim-bill', currency: 'EUR' } });
    const posted = await t.postBill(
      bill(newBillId(), 1, [line('l1', '2.00', { convertedSubtotal: '2.20' })], {
        currency: 'EUR',
        currencyConversions: [{ from: 'EUR', to: 'USD', multiplier: 1.1 }],
      }),
    );
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '200' });
  });

  it('a bill with no conversion to the integration currency is an ERROR / CURRENCY_MISMATCH', async () => {
    const t = await e2e.setup();
    const posted = await t.postBill(
      bill(newBillId(), 1, [line('l1', '10.00', { convertedSubtotal: '12.00' })], {
        currency: 'GBP',
        currencyConversions: [{ from: 'GBP', to: 'EUR', multiplier: 1.2 }],
      }),
    );
    const run = await t.waitForRun(posted.runId);
    expect(run).toMatchObject({ status: 'ERROR', reason: 'CURRENCY_MISMATCH' });
    expect(run.error.message).toMatch(/GBP/);
    expect(t.received()).toEqual([]);
  });
});

describe('decimals and rounding', () => {
  it('quantityDecimalPlaces 2 and unitPrice 0.001 round half-up, exactly (no binary float)', async () => {
    const t = await e2e.setup({
      configData: {
        splitUsageLineItems: 'ITEM_PER_PRODUCT',
        unitPrice: '0.001',
        quantityDecimalPlaces: 2,
      },
      dimensionMappings: [
        { m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' },
        { m3terEntity: 'Product', m3terId: 'p2', dimension: 'dim-b' },
        { m3terEntity: 'Product', m3terId: 'p3', dimension: 'dim-c' },
        { m3terEntity: 'Product', m3terId: 'p4', dimension: 'dim-d' },
      ],
    });
    const posted = await t.postBill(
      bill(newBillId(), 1, [
        // 12.345 is a tie: half-up gives 12.35 (half-even, or 12.345 as a double, would give 12.34)
        line('l1', 0.012345, { productId: 'p1' }),
        // 2000.4999 → 2000.50
        line('l2', '2.0004999', { productId: 'p2' }),
        // 0.0049 → 0.00: nothing to send for that dimension
        line('l3', '0.0000049', { productId: 'p3' }),
        // nets: 0.1 + 0.2 - 0.3 = 0 exactly in decimal, plus 0.000005 → 0.005 → 0.01
        line('l4', 0.1, { productId: 'p4' }),
        line('l5', 0.2, { productId: 'p4' }),
        line('l6', -0.3, { productId: 'p4', lineItemType: 'USAGE_CREDIT' }),
        line('l7', '0.000005', { productId: 'p4' }),
      ]),
    );
    const run = await t.waitForRun(posted.runId);
    expect(run.status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-a': '12.35', 'dim-b': '2000.5', 'dim-d': '0.01' });
  });

  it('whole quantities by default: $12.845 at $0.01 is 1285 (half-up), $0.004 is nothing', async () => {
    const t = await e2e.setup();
    const id = newBillId();
    const posted = await t.postBill(bill(id, 1, [line('l1', 12.845)]));
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '1285' });

    const other = await e2e.setup();
    const tiny = await other.postBill(bill(newBillId(), 1, [line('l1', '0.004')]));
    const run = await other.waitForRun(tiny.runId);
    expect(run.status).toBe('COMPLETE');
    expect(run.usage).toEqual([]);
    expect(other.received()).toEqual([]);
  });
});
