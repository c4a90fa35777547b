import { randomUUID } from 'node:crypto';
import { ZIntegrationConfigBody } from '@hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { insertIntegration } from '../../src/repositories/integrations.repository.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
const db = () => hub.runtime.services.db;

async function createIntegration(
  configData: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  orgId = 'default',
) {
  return insertIntegration(
    db(),
    orgId,
    ZIntegrationConfigBody.parse({ name: 'azure', destination: 'AZURE_MARKETPLACE', ...extra, configData }),
  );
}

async function map(
  entity: string,
  m3terId: string,
  externalTable: string,
  externalId: string,
  integrationConfigId: string | null = null,
) {
  await db()
    .insertInto('external_mappings')
    .values({
      id: randomUUID(),
      org_id: 'default',
      m3ter_entity: entity,
      m3ter_id: m3terId,
      external_system: 'AzureMarketplace',
      external_table: externalTable,
      external_id: externalId,
      integration_config_id: integrationConfigId,
      metadata: JSON.stringify({ planId: 'gold' }),
    })
    .execute();
}

const bill = (overrides: Record<string, unknown> = {}) => ({
  id: 'bill-p',
  version: 2,
  accountId: 'acc-1',
  accountCode: 'ACME',
  status: 'APPROVED',
  currency: 'USD',
  lineItems: [
    { id: 'li-1', lineItemType: 'USAGE', subtotal: 0.5, productId: 'p1' },
    { id: 'li-2', lineItemType: 'STANDING_CHARGE', subtotal: 10, productId: 'p1' },
    { id: 'li-3', lineItemType: 'USAGE', subtotal: 3, productId: 'p-excluded' },
    { id: 'li-4', lineItemType: 'USAGE', subtotal: '0.255', productId: 'p1' },
    { id: 'li-5', lineItemType: 'USAGE', subtotal: 1.234, productId: 'p9', accountingProductId: 'p3' },
    { id: 'li-6', lineItemType: 'USAGE', subtotal: -0.5, productId: 'p3' },
  ],
  ...overrides,
});

const preview = (integrationId: string, payload: unknown, key?: string) =>
  hub.call({
    method: 'POST',
    url: `/v1/integrations/${integrationId}/preview`,
    payload: payload as object,
    ...(key ? { key } : {}),
  });

const TABLES: (keyof Database)[] = [
  'accounts',
  'bills',
  'integrations',
  'external_mappings',
  'integration_runs',
  'outbox',
  'events',
  'ledger_entries',
  'credit_pools',
  'usage_entries',
  'usage_events',
  'usage_slots',
  'exchanges',
  'run_exchanges',
];

async function snapshot(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const table of TABLES) {
    result[table] = await db()
      .selectFrom(table)
      .selectAll()
      .execute()
      .then((rows) => rows.map((row) => JSON.stringify(row)).sort());
  }
  return result;
}

let perProduct: string;
let perBill: string;

/** An ITEM_PER_PRODUCT integration (the account and product mappings are the org's, unlinked). */
const createPerProduct = async () =>
  (
    await createIntegration({
      splitUsageLineItems: 'ITEM_PER_PRODUCT',
      excludedLineItemTypes: ['STANDING_CHARGE'],
      excludedProductIds: ['p-excluded'],
    })
  ).id;

beforeAll(async () => {
  hub = await createTestHub();
  perProduct = await createPerProduct();
  perBill = (await createIntegration({ marketplaceBillDimension: 'dim-total' })).id;
  await map('Account', 'acc-1', 'Subscription', 'sub-1');
  await map('Product', 'p1', 'Dimension', 'dim-a');
  await map('Product', 'p3', 'Dimension', 'dim-b');
});
afterAll(async () => hub?.close());

describe('POST /v1/integrations/{id}/preview', () => {
  it('shows what would be sent: included and excluded lines, dimensions, targets', async () => {
    const res = await preview(perProduct, { bill: bill() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      outcome: 'SEND',
      resourceId: 'sub-1',
      includedLineItemIds: ['li-1', 'li-4', 'li-5', 'li-6'],
      excludedLineItems: [
        { id: 'li-2', reason: 'EXCLUDED_LINE_ITEM_TYPE' },
        { id: 'li-3', reason: 'EXCLUDED_PRODUCT' },
      ],
      usage: [
        {
          resourceId: 'sub-1',
          dimension: 'dim-a',
          amount: '0.755',
          target: '76',
          alreadyReported: '0',
          delta: '76',
          creditAvailable: '0',
          creditUsed: '0',
          creditAdded: '0',
          quantity: '76',
          lineItemIds: ['li-1', 'li-4'],
        },
        {
          resourceId: 'sub-1',
          dimension: 'dim-b',
          amount: '0.734',
          target: '73',
          alreadyReported: '0',
          delta: '73',
          creditAvailable: '0',
          creditUsed: '0',
          creditAdded: '0',
          quantity: '73',
          lineItemIds: ['li-5', 'li-6'],
        },
      ],
    });
  });

  it('reads what the ledger already holds: alreadyReported, delta, credits, dropped dimensions', async () => {
    // Its own integration: the ledger rows and credit written here are no other test's state.
    const integrationId = await createPerProduct();
    const ledger = (dimension: string, reported: string) =>
      db()
        .insertInto('ledger_entries')
        .values({
          org_id: 'default',
          integration_config_id: integrationId,
          bill_id: 'bill-ledger',
          resource_id: 'sub-1',
          dimension,
          reported,
          bill_version: 1,
          dt_updated: new Date(),
        })
        .execute();
    await ledger('dim-a', '50');
    await ledger('dim-old', '7');
    await db()
      .insertInto('credit_pools')
      .values({
        pool_key: `${integrationId}/sub-1/dim-b/*`,
        org_id: 'default',
        integration_config_id: integrationId,
        resource_id: 'sub-1',
        dimension: 'dim-b',
        bill_id: null,
        balance: '20.5',
        dt_updated: new Date(),
      })
      .execute();
    const res = await preview(integrationId, { bill: bill({ id: 'bill-ledger' }) });
    expect(res.statusCode).toBe(200);
    const usage = res.json().usage as Record<string, unknown>[];
    expect(usage.map((u) => u.dimension)).toEqual(['dim-a', 'dim-b', 'dim-old']);
    expect(usage[0]).toMatchObject({ target: '76', alreadyReported: '50', delta: '26', quantity: '26' });
    expect(usage[1]).toMatchObject({
      target: '73',
      alreadyReported: '0',
      delta: '73',
      creditAvailable: '20.5',
      creditUsed: '20.5',
      quantity: '52.5',
    });
    // A dimension the new version no longer has: its target is 0, what was reported becomes credit.
    expect(usage[2]).toMatchObject({
      resourceId: 'sub-1',
      amount: '0',
      target: '0',
      alreadyReported: '7',
      delta: '-7',
      creditAdded: '7',
      quantity: '0',
      lineItemIds: [],
    });
    // The same version again, ledger at its targets: nothing to send.
    await db()
      .updateTable('ledger_entries')
      .set({ reported: '76' })
      .where('bill_id', '=', 'bill-ledger')
      .where('dimension', '=', 'dim-a')
      .execute();
    const again = await preview(integrationId, { bill: bill({ id: 'bill-ledger' }) });
    expect(again.json().usage[0]).toMatchObject({ alreadyReported: '76', delta: '0', quantity: '0' });
  });

  it('gives each gate its SKIPPED reason', async () => {
    const restricted = await createIntegration(
      { marketplaceBillDimension: 'd' },
      { accountIds: ['acc-1'], restrictedAccountIds: ['acc-1'] },
    );
    const notListed = await createIntegration({ marketplaceBillDimension: 'd' }, { accountIds: ['acc-2'] });
    const filtered = await createIntegration({
      marketplaceBillDimension: 'd',
      accountFilter: 'address.country == US',
    });
    const approvedOnly = await createIntegration({
      marketplaceBillDimension: 'd',
      sendBillOnApprovalOnly: true,
    });

    const cases: [string, unknown, string][] = [
      [restricted.id, { bill: bill() }, 'ACCOUNT_NOT_ALLOWED'],
      [notListed.id, { bill: bill() }, 'ACCOUNT_NOT_ALLOWED'],
      [
        filtered.id,
        { bill: bill(), account: { id: 'acc-1', name: 'Acme', code: 'ACME', address: { country: 'UK' } } },
        'ACCOUNT_FILTER',
      ],
      [approvedOnly.id, { bill: bill({ status: 'PENDING' }) }, 'NOT_APPROVED'],
    ];
    for (const [id, payload, reason] of cases) {
      const res = await preview(id, payload);
      expect(res.statusCode, reason).toBe(200);
      expect(res.json(), reason).toMatchObject({
        outcome: 'SKIPPED',
        reason,
        message: expect.any(String),
        usage: [],
      });
    }

    // The account filter reads the body's account, else the stored one; with neither it can't decide.
    const unknown = await preview(filtered.id, { bill: bill() });
    expect(unknown.json()).toMatchObject({ outcome: 'ERROR', reason: 'UNKNOWN_ACCOUNT' });
    await hub.call({
      method: 'PUT',
      url: '/v1/accounts/acc-1',
      payload: { name: 'Acme', code: 'ACME', address: { country: 'US' } },
    });
    const stored = await preview(filtered.id, { bill: bill() });
    expect(stored.json()).toMatchObject({
      outcome: 'SEND',
      usage: [{ dimension: 'd', amount: '14.489', target: '1449' }],
    });
    const override = await preview(filtered.id, {
      bill: bill(),
      account: { id: 'acc-1', name: 'Acme', code: 'ACME', address: { country: 'FR' } },
    });
    expect(override.json()).toMatchObject({ outcome: 'SKIPPED', reason: 'ACCOUNT_FILTER' });
  });

  it('skips a version older than one already through the ledger (STALE_VERSION)', async () => {
    const integration = await createIntegration({ marketplaceBillDimension: 'd' });
    const run = (version: number, status: string, ledgerApplied: boolean) =>
      db()
        .insertInto('integration_runs')
        .values({
          id: randomUUID(),
          org_id: 'default',
          integration_config_id: integration.id,
          entity_type: 'Bill',
          entity_id: 'bill-stale',
          bill_version: version,
          trigger: 'INGEST',
          replay_of: null,
          status,
          reason: null,
          error_code: null,
          error_message: null,
          detail: null,
          ledger_applied: ledgerApplied,
        })
        .execute();
    await run(5, 'COMPLETE', true);
    await run(9, 'WAITING', false);
    await run(8, 'SKIPPED', false);
    const stale = await preview(integration.id, { bill: bill({ id: 'bill-stale', version: 3 }) });
    expect(stale.json()).toMatchObject({ outcome: 'SKIPPED', reason: 'STALE_VERSION' });
    expect(stale.json().message).toContain('5');
    for (const version of [5, 6]) {
      const res = await preview(integration.id, { bill: bill({ id: 'bill-stale', version }) });
      expect(res.json().outcome, String(version)).toBe('SEND');
    }
  });

  it('lists every missing mapping', async () => {
    const noAccount = await preview(perProduct, { bill: bill({ accountId: 'acc-unmapped' }) });
    expect(noAccount.statusCode).toBe(200);
    expect(noAccount.json()).toMatchObject({
      outcome: 'ERROR',
      reason: 'MISSING_ACCOUNT_MAPPING',
      missing: [{ m3terEntity: 'Account', m3terId: 'acc-unmapped' }],
      includedLineItemIds: ['li-1', 'li-4', 'li-5', 'li-6'],
      usage: [],
    });
    expect(noAccount.json().message).toContain('acc-unmapped');

    const noDimension = await preview(perProduct, {
      bill: bill({
        lineItems: [
          { id: 'a', lineItemType: 'USAGE', subtotal: 1, productId: 'p1' },
          { id: 'b', lineItemType: 'USAGE', subtotal: 1, productId: 'p7' },
          { id: 'c', lineItemType: 'USAGE', subtotal: 1, productId: 'p8' },
          { id: 'd', lineItemType: 'USAGE', subtotal: 1 },
        ],
      }),
    });
    expect(noDimension.json()).toMatchObject({
      outcome: 'ERROR',
      reason: 'MISSING_DIMENSION_MAPPING',
      missing: [
        { m3terEntity: 'Product', m3terId: 'p7' },
        { m3terEntity: 'Product', m3terId: 'p8' },
      ],
    });
    expect(noDimension.json().message).toContain('d');

    // Mapped by account code when the integration says so.
    const byCode = await createIntegration({
      marketplaceBillDimension: 'd',
      useExternalMappingAccountCode: true,
    });
    await map('Account', 'ACME', 'Subscription', 'sub-by-code', byCode.id);
    const res = await preview(byCode.id, { bill: bill({ accountId: 'acc-new' }) });
    expect(res.json()).toMatchObject({ outcome: 'SEND', resourceId: 'sub-by-code' });
  });

  it('refuses a bill in another currency without a conversion, and converts when it can', async () => {
    const mismatch = await preview(perBill, { bill: bill({ currency: 'EUR' }) });
    expect(mismatch.json()).toMatchObject({ outcome: 'ERROR', reason: 'CURRENCY_MISMATCH', usage: [] });
    const converted = await preview(perBill, {
      bill: bill({
        currency: 'EUR',
        currencyConversions: [{ from: 'EUR', to: 'USD', multiplier: 2 }],
        lineItems: [
          { id: 'a', lineItemType: 'USAGE', subtotal: 1, convertedSubtotal: '1.1' },
          { id: 'b', lineItemType: 'USAGE', subtotal: '0.25' },
        ],
      }),
    });
    expect(converted.json()).toMatchObject({
      outcome: 'SEND',
      usage: [{ dimension: 'dim-total', amount: '1.6', target: '160' }],
    });
  });

  it('previews a disabled, unconnected integration as if it were live', async () => {
    const disabled = await createIntegration({ marketplaceBillDimension: 'dim-x' }, { enabled: false });
    const res = await preview(disabled.id, { bill: bill() });
    expect(res.json()).toMatchObject({ outcome: 'SEND', usage: [{ dimension: 'dim-x' }] });
  });

  it('writes nothing', async () => {
    const before = await snapshot();
    await preview(perProduct, { bill: bill(), account: { id: 'acc-1', name: 'Changed', code: 'X' } });
    await preview(perProduct, { bill: bill({ id: 'bill-new', accountId: 'acc-brand-new' }) });
    await preview(perBill, { bill: bill({ currency: 'EUR' }) });
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 for integrations that are not the caller’s', async () => {
    const key = (
      await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'elsewhere', name: 'e' } })
    ).json().key as string;
    const theirs = await createIntegration({ marketplaceBillDimension: 'd' }, {}, 'elsewhere');
    for (const id of [randomUUID(), 'not-a-uuid', theirs.id]) {
      const res = await preview(id, { bill: bill() });
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const fromElsewhere = await preview(perProduct, { bill: bill() }, key);
    expect(fromElsewhere.statusCode).toBe(404);
    expect((await preview(theirs.id, { bill: bill() }, key)).json().outcome).toBe('ERROR');
  });

  it('names the path of a bad body', async () => {
    const cases: [unknown, string[]][] = [
      [{}, ['bill']],
      [
        { bill: bill({ lineItems: [{ id: 'x', lineItemType: 'NOPE', subtotal: 1 }] }) },
        ['bill.lineItems.0.lineItemType'],
      ],
      [{ bill: bill({ version: -2 }) }, ['bill.version']],
      [{ bill: bill(), account: { id: 'acc-2', name: 'n', code: 'c' } }, ['account.id']],
      [{ bill: bill({ id: 'a\u0000b' }) }, ['bill.id']],
    ];
    for (const [payload, paths] of cases) {
      const res = await preview(perProduct, payload);
      expect(res.statusCode, JSON.stringify(paths)).toBe(400);
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(paths);
    }
  });
});
