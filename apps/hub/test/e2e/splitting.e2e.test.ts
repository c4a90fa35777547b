import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bill, line, newBillId } from '../support/bills.js';
import { type E2eHub, startE2eHub } from '../support/e2e-hub.js';

/** Split modes, dimension mappings, exclusions and missing mappings (domain.md steps 8-11). */
let e2e: E2eHub;
beforeAll(async () => {
  e2e = await startE2eHub();
});
afterAll(async () => e2e?.close());

describe('split modes', () => {
  it('ITEM_PER_BILL: every remaining line into marketplaceBillDimension, negatives netted', async () => {
    const t = await e2e.setup();
    const posted = await t.postBill(
      bill(newBillId(), 1, [
        line('l1', '10.00', { productId: 'p1' }),
        line('l2', '2.50', { lineItemType: 'STANDING_CHARGE', productId: 'p2' }),
        line('l3', '-1.25', { lineItemType: 'CREDIT_MEMO' }),
      ]),
    );
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '1125' });
  });

  it('ITEM_PER_PRODUCT: grouped by accountingProductId when set, else productId, through Product mappings', async () => {
    const t = await e2e.setup({
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      dimensionMappings: [
        { m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' },
        { m3terEntity: 'Product', m3terId: 'ap2', dimension: 'dim-b' },
        // p2 has a mapping too, but its lines carry accountingProductId ap2, which wins
        { m3terEntity: 'Product', m3terId: 'p2', dimension: 'dim-c' },
        // two products on one dimension are summed
        { m3terEntity: 'Product', m3terId: 'p4', dimension: 'dim-a' },
      ],
    });
    const posted = await t.postBill(
      bill(newBillId(), 1, [
        line('l1', '1.00', { productId: 'p1' }),
        line('l2', '0.50', { productId: 'p1' }),
        line('l3', '2.00', { productId: 'p2', accountingProductId: 'ap2' }),
        line('l4', '0.25', { productId: 'p3', accountingProductId: 'ap2' }),
        line('l5', '0.10', { productId: 'p4' }),
        line('l6', '-0.05', { productId: 'p1', lineItemType: 'USAGE_CREDIT' }),
      ]),
    );
    const run = await t.waitForRun(posted.runId);
    expect(run.status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-a': '155', 'dim-b': '225' });
    expect(t.received()).toHaveLength(2);
    expect(
      run.usage.map((u: { dimension: string; amount: string }) => [u.dimension, u.amount]).sort(),
    ).toEqual([
      ['dim-a', '1.55'],
      ['dim-b', '2.25'],
    ]);
  });

  it('ITEM_PER_AGGREGATION: grouped by aggregationId, else compoundAggregationId, through their mappings', async () => {
    const t = await e2e.setup({
      configData: { splitUsageLineItems: 'ITEM_PER_AGGREGATION' },
      dimensionMappings: [
        { m3terEntity: 'Aggregation', m3terId: 'ag1', dimension: 'dim-a' },
        { m3terEntity: 'CompoundAggregation', m3terId: 'cag1', dimension: 'dim-b' },
      ],
    });
    const posted = await t.postBill(
      bill(newBillId(), 1, [
        line('l1', '1.00', { aggregationId: 'ag1' }),
        line('l2', '2.00', { compoundAggregationId: 'cag1' }),
        line('l3', '0.50', { aggregationId: 'ag1', compoundAggregationId: 'cag1' }),
        line('l4', '-0.30', { aggregationId: 'ag1' }),
      ]),
    );
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-a': '120', 'dim-b': '200' });
  });
});

describe('exclusions', () => {
  it('drops line items by type, product (or accounting product) and aggregation (or compound aggregation)', async () => {
    const t = await e2e.setup({
      configData: {
        marketplaceBillDimension: 'dim-bill',
        excludedLineItemTypes: ['MINIMUM_SPEND', 'STANDING_CHARGE'],
        excludedProductIds: ['p-x'],
        excludedAggregationIds: ['ag-x', 'cag-x'],
      },
    });
    const body = bill(newBillId(), 1, [
      line('keep', '1.00', { productId: 'p1', aggregationId: 'ag1' }),
      line('min', '5.00', { lineItemType: 'MINIMUM_SPEND' }),
      line('standing', '6.00', { lineItemType: 'STANDING_CHARGE' }),
      line('prod', '7.00', { productId: 'p-x' }),
      line('acct-prod', '7.50', { productId: 'p2', accountingProductId: 'p-x' }),
      line('agg', '3.00', { aggregationId: 'ag-x' }),
      line('cagg', '4.00', { compoundAggregationId: 'cag-x' }),
    ]);
    const preview = await t.call('POST', `/v1/integrations/${t.integrationId}/preview`, { bill: body });
    expect(preview.json()).toMatchObject({
      outcome: 'SEND',
      includedLineItemIds: ['keep'],
      excludedLineItems: [
        { id: 'min', reason: 'EXCLUDED_LINE_ITEM_TYPE' },
        { id: 'standing', reason: 'EXCLUDED_LINE_ITEM_TYPE' },
        { id: 'prod', reason: 'EXCLUDED_PRODUCT' },
        { id: 'acct-prod', reason: 'EXCLUDED_PRODUCT' },
        { id: 'agg', reason: 'EXCLUDED_AGGREGATION' },
        { id: 'cagg', reason: 'EXCLUDED_AGGREGATION' },
      ],
    });
    const posted = await t.postBill(body);
    expect((await t.waitForRun(posted.runId)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '100' });
  });

  it('a bill whose every line is excluded completes with nothing sent', async () => {
    const t = await e2e.setup({
      configData: { marketplaceBillDimension: 'dim-bill', excludedLineItemTypes: ['USAGE'] },
    });
    const posted = await t.postBill(bill(newBillId(), 1, [line('l1', '1.00')]));
    const run = await t.waitForRun(posted.runId);
    expect(run.status).toBe('COMPLETE');
    expect(run.usage).toEqual([]);
    expect(t.received()).toEqual([]);
  });
});

describe('missing mappings', () => {
  it('a missing account mapping is an ERROR with event integration.missingaccountmapping.error; mapping it and replaying sends', async () => {
    const t = await e2e.setup({ mapAccount: false, accountId: 'acc-unmapped' });
    const posted = await t.postBill(
      bill(newBillId(), 1, [line('l1', '1.00')], { accountId: 'acc-unmapped' }),
    );
    const run = await t.waitForRun(posted.runId);
    expect(run).toMatchObject({ status: 'ERROR', reason: 'MISSING_ACCOUNT_MAPPING' });
    expect(run.error.message).toContain('acc-unmapped');
    const event = (await t.events('integration.missingaccountmapping.error'))[0]!;
    expect(event).toMatchObject({
      integrationConfigId: t.integrationId,
      data: { runId: posted.runId, missing: [{ m3terEntity: 'Account', m3terId: 'acc-unmapped' }] },
    });
    expect(t.received()).toEqual([]);

    await t.addSubscription('acc-unmapped', { subscriptionId: t.subscriptionId });
    const replay = await t.call('POST', `/v1/integration-runs/${posted.runId}/replay`);
    expect(replay.statusCode).toBe(202);
    expect((await t.waitForRun(replay.json().id)).status).toBe('COMPLETE');
    expect(t.totals()).toEqual({ 'dim-bill': '100' });
  });

  it('missing dimension mappings are an ERROR listing every unmapped id and every line without a product; nothing is sent', async () => {
    const t = await e2e.setup({
      configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT' },
      dimensionMappings: [{ m3terEntity: 'Product', m3terId: 'p1', dimension: 'dim-a' }],
    });
    const posted = await t.postBill(
      bill(newBillId(), 1, [
        line('l1', '1.00', { productId: 'p1' }),
        line('l2', '1.00', { productId: 'p2' }),
        line('l3', '1.00', { productId: 'p3', accountingProductId: 'ap3' }),
        line('l4', '1.00'),
      ]),
    );
    const run = await t.waitForRun(posted.runId);
    expect(run).toMatchObject({ status: 'ERROR', reason: 'MISSING_DIMENSION_MAPPING' });
    expect(run.error.message).toContain('Product p2');
    expect(run.error.message).toContain('Product ap3');
    expect(run.error.message).toContain('l4');
    expect(run.error.message).not.toContain('Product p1');
    const event = (await t.events('integration.perform.error'))[0]!;
    expect(event.data.missing).toEqual([
      { m3terEntity: 'Product', m3terId: 'p2' },
      { m3terEntity: 'Product', m3terId: 'ap3' },
    ]);
    expect(t.received()).toEqual([]);
  });

  it('ITEM_PER_AGGREGATION lists missing aggregation and compound aggregation ids', async () => {
    const t = await e2e.setup({ configData: { splitUsageLineItems: 'ITEM_PER_AGGREGATION' } });
    const posted = await t.postBill(
      bill(newBillId(), 1, [
        line('l1', '1.00', { aggregationId: 'ag9' }),
        line('l2', '1.00', { compoundAggregationId: 'cag9' }),
      ]),
    );
    const run = await t.waitForRun(posted.runId);
    expect(run).toMatchObject({ status: 'ERROR', reason: 'MISSING_DIMENSION_MAPPING' });
    expect(run.error.message).toContain('Aggregation ag9');
    expect(run.error.message).toContain('CompoundAggregation cag9');
    expect(t.received()).toEqual([]);
  });
});
