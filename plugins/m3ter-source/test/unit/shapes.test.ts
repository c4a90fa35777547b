import { parseJsonLossless, ZAccount, ZBill, ZExternalMappingBody } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { toHubMapping } from '../../src/index.js';
import { MODEL_EXAMPLE_ACCOUNT, MODEL_EXAMPLE_BILL, pagedLineItem } from '../support/m3ter-json.js';

describe('m3ter JSON against core models (no mapping needed)', () => {
  it("m3ter's bill parses as a ZBill, amounts exact", () => {
    const bill = ZBill.parse(parseJsonLossless(MODEL_EXAMPLE_BILL));
    expect(bill.id).toBe('f2d3e527-66bb-4251-8d81-90bffe45e5b5');
    expect(bill.version).toBe(3);
    expect(bill.billTotal).toBe('4');
    expect(bill.lineItems[0]).toMatchObject({ lineItemType: 'USAGE', subtotal: '4', quantity: '400' });
  });

  it('a bill whose line items came from /lineitems (billId, version, bandUsage) parses too', () => {
    const raw = JSON.parse(MODEL_EXAMPLE_BILL);
    raw.lineItems = Array.from({ length: 120 }, (_, i) => pagedLineItem(raw.id, i + 1));
    const bill = ZBill.parse(parseJsonLossless(JSON.stringify(raw)));
    expect(bill.lineItems).toHaveLength(120);
    expect(bill.lineItems[2]).toMatchObject({ id: 'li-3', billId: raw.id, subtotal: expect.any(String) });
  });

  it("m3ter's account parses as a ZAccount", () => {
    const account = ZAccount.parse(parseJsonLossless(MODEL_EXAMPLE_ACCOUNT));
    expect(account).toMatchObject({
      id: 'a2ae2c31-e89e-4c12-b636-e59414901cff',
      name: 'Acme Ltd',
      code: 'acme',
    });
    expect(account.customFields).toEqual({ region: 'emea', tier: '7.1', seats: 12 });
  });
});

describe('toHubMapping', () => {
  const mapping = {
    id: 'map-1',
    version: 1,
    m3terEntity: 'Account',
    m3terId: 'acc-1',
    externalSystem: 'AzureMarketplace',
    externalTable: 'Subscription',
    externalId: 'fdc778a6-1281-40e4-cade-4a5fc11f5440',
    integrationConfigId: 'm3ter-config-1',
    dtCreated: '2025-01-01T00:00:00Z',
  };

  it("core's shape; m3ter's ids kept in metadata, never as the hub's integrationConfigId", () => {
    const hub = toHubMapping(mapping);
    expect(hub).toEqual({
      m3terEntity: 'Account',
      m3terId: 'acc-1',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Subscription',
      externalId: 'fdc778a6-1281-40e4-cade-4a5fc11f5440',
      metadata: { source: 'm3ter', m3terMappingId: 'map-1', m3terIntegrationConfigId: 'm3ter-config-1' },
    });
    expect(ZExternalMappingBody.parse(hub).integrationConfigId).toBeUndefined();
  });

  it('entities the hub does not map, and incomplete mappings, are left out', () => {
    expect(toHubMapping({ ...mapping, m3terEntity: 'Plan' })).toBeNull();
    expect(toHubMapping({ ...mapping, externalId: '' })).toBeNull();
    expect(toHubMapping('x')).toBeNull();
  });
});
