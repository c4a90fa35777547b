import { describe, expect, it } from 'vitest';
import { account, makeBill, makeIntegration, mapping } from './fixtures.js';
import {
  checkGates,
  chooseAmountSource,
  createInMemoryAdapterForTests,
  MappingIndex,
  planBill,
  resolveAccountMapping,
  selectLineItems,
  ZBill,
} from './support.js';

const adapter = createInMemoryAdapterForTests();
const always = () => true;
const never = () => false;

describe('gates (steps 3-6)', () => {
  const bill = makeBill();
  const integration = makeIntegration();
  const gate = (overrides: Partial<Parameters<typeof checkGates>[0]>) =>
    checkGates({
      bill,
      account,
      integration,
      accountFilter: null,
      latestProcessedVersion: null,
      ...overrides,
    });

  it('passes by default', () => expect(gate({})).toEqual({ outcome: 'PASS' }));

  it('skips accounts outside the allow list and inside the deny list; deny wins', () => {
    expect(gate({ integration: makeIntegration(undefined, { accountIds: ['other'] }) })).toMatchObject({
      reason: 'ACCOUNT_NOT_ALLOWED',
    });
    expect(gate({ integration: makeIntegration(undefined, { accountIds: ['acc-1'] }) })).toEqual({
      outcome: 'PASS',
    });
    expect(
      gate({
        integration: makeIntegration(undefined, { accountIds: ['acc-1'], restrictedAccountIds: ['acc-1'] }),
      }),
    ).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'ACCOUNT_NOT_ALLOWED',
    });
  });

  it('skips on a false account filter and errors when the account is unknown', () => {
    expect(gate({ accountFilter: never })).toMatchObject({ outcome: 'SKIPPED', reason: 'ACCOUNT_FILTER' });
    expect(gate({ accountFilter: always })).toEqual({ outcome: 'PASS' });
    expect(gate({ accountFilter: always, account: null })).toMatchObject({
      outcome: 'ERROR',
      reason: 'UNKNOWN_ACCOUNT',
    });
    // without a filter an unknown account is fine: nothing needs to read it
    expect(gate({ account: null })).toEqual({ outcome: 'PASS' });
  });

  it('skips unapproved bills when approval is required', () => {
    const approvalOnly = makeIntegration({ marketplaceBillDimension: 'd', sendBillOnApprovalOnly: true });
    expect(gate({ integration: approvalOnly, bill: makeBill({ status: 'PENDING' }) })).toMatchObject({
      reason: 'NOT_APPROVED',
    });
    expect(gate({ integration: approvalOnly, bill: makeBill({ status: 'APPROVED' }) })).toEqual({
      outcome: 'PASS',
    });
    expect(gate({ bill: makeBill({ status: 'PENDING' }) })).toEqual({ outcome: 'PASS' });
  });

  it('skips stale versions but not the same or a newer one', () => {
    expect(gate({ latestProcessedVersion: 2 })).toMatchObject({ reason: 'STALE_VERSION' });
    expect(gate({ latestProcessedVersion: 1 })).toEqual({ outcome: 'PASS' });
    expect(gate({ latestProcessedVersion: 0 })).toEqual({ outcome: 'PASS' });
  });

  it('applies the gates in the documented order', () => {
    const everythingWrong = {
      integration: makeIntegration(
        { marketplaceBillDimension: 'd', sendBillOnApprovalOnly: true },
        { accountIds: ['x'] },
      ),
      accountFilter: never,
      bill: makeBill({ status: 'PENDING' }),
      latestProcessedVersion: 9,
    };
    expect(gate(everythingWrong)).toMatchObject({ reason: 'ACCOUNT_NOT_ALLOWED' });
    expect(
      gate({
        ...everythingWrong,
        integration: makeIntegration({ marketplaceBillDimension: 'd', sendBillOnApprovalOnly: true }),
      }),
    ).toMatchObject({ reason: 'ACCOUNT_FILTER' });
    expect(
      gate({
        ...everythingWrong,
        accountFilter: always,
        integration: makeIntegration({ marketplaceBillDimension: 'd', sendBillOnApprovalOnly: true }),
      }),
    ).toMatchObject({ reason: 'NOT_APPROVED' });
    expect(gate({ ...everythingWrong, accountFilter: always, integration: makeIntegration() })).toMatchObject(
      { reason: 'STALE_VERSION' },
    );
  });
});

describe('currency (step 7)', () => {
  it('uses subtotal in the same currency, convertedSubtotal with a conversion, else a mismatch', () => {
    expect(
      chooseAmountSource({ currency: 'usd', currencyConversions: [] }, { currency: 'USD' }),
    ).toMatchObject({ ok: true, field: 'subtotal' });
    const eur = makeBill({
      currency: 'EUR',
      currencyConversions: [{ from: 'EUR', to: 'USD', multiplier: '1.10' }],
      lineItems: [
        { id: 'a', lineItemType: 'USAGE', subtotal: '10', convertedSubtotal: '11.05' },
        { id: 'b', lineItemType: 'USAGE', subtotal: '2' },
      ],
    });
    const source = chooseAmountSource(eur, { currency: 'USD' });
    expect(source).toMatchObject({ ok: true, field: 'convertedSubtotal' });
    if (!source.ok) throw new Error('unreachable');
    const { included } = selectLineItems(eur.lineItems, makeIntegration().configData, source);
    expect(included.map((i) => i.amount)).toEqual(['11.05', '2.2']);
    expect(
      chooseAmountSource(
        { currency: 'GBP', currencyConversions: [{ from: 'GBP', to: 'EUR', multiplier: '1.2' }] },
        { currency: 'USD' },
      ),
    ).toMatchObject({ ok: false, reason: 'CURRENCY_MISMATCH' });
  });
});

describe('line item filters (step 8)', () => {
  it('drops by type, product (incl. accounting product) and aggregation, with a reason each', () => {
    const bill = makeBill({
      lineItems: [
        { id: 'keep', lineItemType: 'USAGE', subtotal: 1, productId: 'p1', aggregationId: 'a1' },
        { id: 'type', lineItemType: 'MINIMUM_SPEND', subtotal: 1 },
        { id: 'prod', lineItemType: 'USAGE', subtotal: 1, productId: 'p-x' },
        { id: 'acct', lineItemType: 'USAGE', subtotal: 1, productId: 'p1', accountingProductId: 'ap-x' },
        { id: 'agg', lineItemType: 'USAGE', subtotal: 1, aggregationId: 'a-x' },
        { id: 'cagg', lineItemType: 'USAGE', subtotal: 1, compoundAggregationId: 'ca-x' },
      ],
    });
    const config = makeIntegration({
      marketplaceBillDimension: 'd',
      excludedLineItemTypes: ['MINIMUM_SPEND'],
      excludedProductIds: ['p-x', 'ap-x'],
      excludedAggregationIds: ['a-x', 'ca-x'],
    }).configData;
    const { included, excluded } = selectLineItems(bill.lineItems, config, {
      ok: true,
      field: 'subtotal',
      multiplier: null,
    });
    expect(included.map((i) => i.lineItem.id)).toEqual(['keep']);
    expect(excluded).toEqual([
      { id: 'type', reason: 'EXCLUDED_LINE_ITEM_TYPE' },
      { id: 'prod', reason: 'EXCLUDED_PRODUCT' },
      { id: 'acct', reason: 'EXCLUDED_PRODUCT' },
      { id: 'agg', reason: 'EXCLUDED_AGGREGATION' },
      { id: 'cagg', reason: 'EXCLUDED_AGGREGATION' },
    ]);
  });
});

describe('external mapping resolution', () => {
  const target = { externalSystem: 'InMemory', externalTable: 'Subscription' };
  const unlinked = mapping('Account', 'acc-1', 'sub-unlinked');
  const linked = mapping('Account', 'acc-1', 'sub-linked', { integrationConfigId: 'int-1' });
  const other = mapping('Account', 'acc-1', 'sub-other', { integrationConfigId: 'int-2' });
  const byCode = mapping('Account', 'acme', 'sub-by-code');
  const bill = { accountId: 'acc-1', accountCode: 'acme' };
  const resolve = (
    mappings: Parameters<(typeof MappingIndex)['prototype']['find']> extends never
      ? never
      : (typeof unlinked)[],
    enforce = false,
    useCode = false,
  ) =>
    resolveAccountMapping(
      new MappingIndex(mappings, 'int-1', { enforceExternalMappingsForConfig: enforce }),
      target,
      bill,
      { useExternalMappingAccountCode: useCode },
    );

  it('prefers a linked mapping over an unlinked one, in any order', () => {
    expect(resolve([unlinked, linked])).toMatchObject({ ok: true, mapping: { externalId: 'sub-linked' } });
    expect(resolve([linked, unlinked])).toMatchObject({ ok: true, mapping: { externalId: 'sub-linked' } });
  });

  it('never uses a mapping linked to another integration', () => {
    expect(resolve([other])).toMatchObject({ ok: false, reason: 'MISSING_ACCOUNT_MAPPING' });
    expect(resolve([other, unlinked])).toMatchObject({ ok: true, mapping: { externalId: 'sub-unlinked' } });
  });

  it('uses only linked mappings when enforced', () => {
    expect(resolve([unlinked], true)).toMatchObject({
      ok: false,
      missing: [{ m3terEntity: 'Account', m3terId: 'acc-1' }],
    });
    expect(resolve([unlinked, linked], true)).toMatchObject({
      ok: true,
      mapping: { externalId: 'sub-linked' },
    });
  });

  it('keys by account code when asked', () => {
    expect(resolve([unlinked, byCode], false, true)).toMatchObject({
      ok: true,
      mapping: { externalId: 'sub-by-code' },
    });
    expect(resolve([unlinked], false, true)).toMatchObject({ ok: false, missing: [{ m3terId: 'acme' }] });
  });
});

describe('planBill (steps 3-11)', () => {
  const mappings = [
    mapping('Account', 'acc-1', 'sub-1'),
    mapping('Product', 'p1', 'dim-p1'),
    mapping('Product', 'p2', 'dim-p2'),
    mapping('Aggregation', 'ag1', 'dim-ag1'),
    mapping('CompoundAggregation', 'cag1', 'dim-ag1'),
  ];
  const plan = (
    bill = makeBill(),
    configData: Parameters<typeof makeIntegration>[0] = { marketplaceBillDimension: 'dim-bill' },
  ) =>
    planBill({
      bill,
      account,
      integration: makeIntegration(configData),
      accountFilter: null,
      latestProcessedVersion: null,
      adapter,
      mappings,
    });

  it('ITEM_PER_BILL: one dimension, $0.50 + $10 → 1050 units', () => {
    expect(plan()).toMatchObject({
      outcome: 'SEND',
      resourceId: 'sub-1',
      includedLineItemIds: ['l1', 'l2'],
      usage: [{ dimension: 'dim-bill', amount: '10.5', target: '1050', lineItemIds: ['l1', 'l2'] }],
    });
  });

  it('ITEM_PER_PRODUCT groups by accountingProductId, else productId', () => {
    const bill = makeBill({
      lineItems: [
        { id: 'a', lineItemType: 'USAGE', subtotal: '1.00', productId: 'p1' },
        { id: 'b', lineItemType: 'USAGE', subtotal: '2.00', productId: 'pX', accountingProductId: 'p2' },
        { id: 'c', lineItemType: 'USAGE_CREDIT', subtotal: '-0.50', productId: 'p1' },
      ],
    });
    const result = plan(bill, { splitUsageLineItems: 'ITEM_PER_PRODUCT' });
    expect(result).toMatchObject({
      outcome: 'SEND',
      usage: [
        { dimension: 'dim-p1', amount: '0.5', target: '50', lineItemIds: ['a', 'c'] },
        { dimension: 'dim-p2', amount: '2', target: '200', lineItemIds: ['b'] },
      ],
    });
  });

  it('ITEM_PER_AGGREGATION groups by aggregationId, else compoundAggregationId, merging shared dimensions', () => {
    const bill = makeBill({
      lineItems: [
        { id: 'a', lineItemType: 'USAGE', subtotal: '1.005', aggregationId: 'ag1' },
        { id: 'b', lineItemType: 'USAGE', subtotal: '2', compoundAggregationId: 'cag1' },
      ],
    });
    expect(plan(bill, { splitUsageLineItems: 'ITEM_PER_AGGREGATION' })).toMatchObject({
      usage: [{ dimension: 'dim-ag1', amount: '3.005', target: '301' }],
    });
    expect(
      plan(bill, { splitUsageLineItems: 'ITEM_PER_AGGREGATION', quantityDecimalPlaces: 1 }),
    ).toMatchObject({ usage: [{ target: '300.5' }] });
  });

  it('lists every missing dimension mapping and every line without a key', () => {
    const bill = makeBill({
      lineItems: [
        { id: 'a', lineItemType: 'USAGE', subtotal: 1, productId: 'p1' },
        { id: 'b', lineItemType: 'USAGE', subtotal: 1, productId: 'nope-1' },
        { id: 'c', lineItemType: 'USAGE', subtotal: 1, productId: 'nope-2' },
        { id: 'd', lineItemType: 'STANDING_CHARGE', subtotal: 1 },
      ],
    });
    const result = plan(bill, { splitUsageLineItems: 'ITEM_PER_PRODUCT' });
    expect(result).toMatchObject({
      outcome: 'ERROR',
      reason: 'MISSING_DIMENSION_MAPPING',
      missing: [
        { m3terEntity: 'Product', m3terId: 'nope-1' },
        { m3terEntity: 'Product', m3terId: 'nope-2' },
      ],
    });
    if (result.outcome === 'ERROR') expect(result.message).toMatch(/nope-1.*nope-2.*without a product: d/);
  });

  it('errors on a missing account mapping and on a currency mismatch', () => {
    expect(plan(makeBill({ accountId: 'acc-unmapped' }))).toMatchObject({
      outcome: 'ERROR',
      reason: 'MISSING_ACCOUNT_MAPPING',
      missing: [{ m3terId: 'acc-unmapped' }],
    });
    expect(plan(makeBill({ currency: 'EUR' }))).toMatchObject({
      outcome: 'ERROR',
      reason: 'CURRENCY_MISMATCH',
    });
  });

  it('reports exclusions alongside the usage', () => {
    const result = plan(makeBill(), {
      marketplaceBillDimension: 'dim-bill',
      excludedLineItemTypes: ['STANDING_CHARGE'],
    });
    expect(result).toMatchObject({
      outcome: 'SEND',
      excludedLineItems: [{ id: 'l2', reason: 'EXCLUDED_LINE_ITEM_TYPE' }],
      usage: [{ target: '50' }],
    });
  });

  it('runs a compiled account filter of the documented form', async () => {
    const { compileAccountFilter } = await import('@hub/core');
    const filter = compileAccountFilter('customFields != null AND customFields.country = = UK');
    const run = (acc: typeof account) =>
      planBill({
        bill: makeBill(),
        account: acc,
        integration: makeIntegration(),
        accountFilter: filter,
        latestProcessedVersion: null,
        adapter,
        mappings,
      });
    expect(run(account).outcome).toBe('SEND');
    expect(run({ ...account, customFields: { country: 'US' } })).toMatchObject({
      outcome: 'SKIPPED',
      reason: 'ACCOUNT_FILTER',
    });
    expect(ZBill.parse({ id: 'x', version: 0, accountId: 'a', currency: 'USD' }).lineItems).toEqual([]);
  });
});
