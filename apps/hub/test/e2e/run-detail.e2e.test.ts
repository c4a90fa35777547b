import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub, type Tenant } from '../support/e2e-hub.js';

/**
 * domain.md gate 8: every line item the filters drop is listed with its reason in the run's detail
 * (GET /v1/integration-runs/{id}) after a real run through the worker, not only in preview.
 */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

const EXCLUSIONS = {
  excludedLineItemTypes: ['MINIMUM_SPEND', 'STANDING_CHARGE'],
  excludedProductIds: ['p-x'],
  excludedAggregationIds: ['ag-x', 'cag-x'],
};

/** One line dropped by each rule (types, product or accounting product, aggregation or compound). */
const DROPPED_LINES = [
  line('min', '5.00', { lineItemType: 'MINIMUM_SPEND' }),
  line('standing', '6.00', { lineItemType: 'STANDING_CHARGE' }),
  line('prod', '7.00', { productId: 'p-x' }),
  line('acct-prod', '7.50', { productId: 'p2', accountingProductId: 'p-x' }),
  line('agg', '3.00', { productId: 'p1', aggregationId: 'ag-x' }),
  line('cagg', '4.00', { productId: 'p1', compoundAggregationId: 'cag-x' }),
];
const DROPPED = [
  { id: 'min', reason: 'EXCLUDED_LINE_ITEM_TYPE' },
  { id: 'standing', reason: 'EXCLUDED_LINE_ITEM_TYPE' },
  { id: 'prod', reason: 'EXCLUDED_PRODUCT' },
  { id: 'acct-prod', reason: 'EXCLUDED_PRODUCT' },
  { id: 'agg', reason: 'EXCLUDED_AGGREGATION' },
  { id: 'cagg', reason: 'EXCLUDED_AGGREGATION' },
];

/** The run as the API shows it, read again once the worker has settled it. */
async function runDetail(t: Tenant, runId: string) {
  const res = await t.call('GET', `/v1/integration-runs/${runId}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function preview(t: Tenant, body: unknown) {
  const res = await t.call('POST', `/v1/integrations/${t.integrationId}/preview`, { bill: body });
  expect(res.statusCode).toBe(200);
  return res.json();
}

describe("dropped line items in a real run's detail", { timeout: 60_000 }, () => {
  it('a COMPLETE run lists every dropped line with its reason, as the preview did, and sends only the rest', async () => {
    const t = await e2e.setup({ configData: { marketplaceBillDimension: 'dim-bill', ...EXCLUSIONS } });
    const body = bill(newBillId('detail'), 1, [
      line('keep', '1.00', { productId: 'p1', aggregationId: 'ag1' }),
      ...DROPPED_LINES,
      line('keep-2', '0.25', { lineItemType: 'USAGE_CREDIT', productId: 'p2' }),
    ]);
    const previewed = await preview(t, body);
    const posted = await t.postBill(body);
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');

    const run = await runDetail(t, posted.runId);
    expect(run.detail.excludedLineItems).toEqual(DROPPED);
    expect(run.detail.includedLineItemIds).toEqual(['keep', 'keep-2']);
    // The worker decided what the preview showed.
    expect(run.detail.excludedLineItems).toEqual(previewed.excludedLineItems);
    expect(run.detail.includedLineItemIds).toEqual(previewed.includedLineItemIds);
    // ...and the dropped lines are not in what Azure got.
    expect(run.usage.map((u: { dimension: string; quantity: string }) => [u.dimension, u.quantity])).toEqual([
      ['dim-bill', '125'],
    ]);
    expect(t.totals()).toEqual({ 'dim-bill': '125' });
  });

  it('a run whose every line is dropped completes with nothing sent, and its detail says why for each line', async () => {
    const t = await e2e.setup({ configData: { marketplaceBillDimension: 'dim-bill', ...EXCLUSIONS } });
    const posted = await t.postBill(bill(newBillId('detail'), 1, DROPPED_LINES));
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');

    const run = await runDetail(t, posted.runId);
    expect(run.usage).toEqual([]);
    expect(run.detail.excludedLineItems).toEqual(DROPPED);
    expect(run.detail.includedLineItemIds).toEqual([]);
    expect(t.received()).toEqual([]);
  });

  it('ITEM_PER_PRODUCT: dropped lines need no mapping, and an ERROR run still lists them next to what is missing', async () => {
    const t = await e2e.setup({
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT', ...EXCLUSIONS },
      dimensionMappings: [{ m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' }],
    });
    // p-x, p2 (its accounting product is p-x) and the aggregations' lines have no usable mapping:
    // dropped first, they are not "missing".
    const sent = await t.postBill(
      bill(newBillId('detail'), 1, [line('keep', '1.50', { productId: 'p1' }), ...DROPPED_LINES]),
    );
    expect((await t.waitForRun(sent.runId)).status).toBe('COMPLETE');
    const complete = await runDetail(t, sent.runId);
    expect(complete.detail.excludedLineItems).toEqual(DROPPED);
    expect(complete.detail.includedLineItemIds).toEqual(['keep']);
    expect(t.totals()).toEqual({ 'dim-a': '150' });

    // A line of an unmapped product that is not excluded: the run fails, and its detail still lists
    // what was dropped, besides the missing mapping.
    const failed = await t.postBill(
      bill(newBillId('detail'), 1, [
        line('keep', '1.00', { productId: 'p1' }),
        line('unmapped', '2.00', { productId: 'p-unmapped' }),
        ...DROPPED_LINES,
      ]),
    );
    expect(await t.waitForRun(failed.runId)).toMatchObject({
      status: 'ERROR',
      reason: 'MISSING_DIMENSION_MAPPING',
    });
    const error = await runDetail(t, failed.runId);
    expect(error.detail.excludedLineItems).toEqual(DROPPED);
    expect(error.detail.includedLineItemIds).toEqual(['keep', 'unmapped']);
    expect(JSON.stringify(error.detail.missing)).toContain('p-unmapped');
    expect(JSON.stringify(error.detail.missing)).not.toContain('p-x');
    expect(t.totals()).toEqual({ 'dim-a': '150' });
  });
});
