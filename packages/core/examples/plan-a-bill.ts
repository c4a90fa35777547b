/**
 * `pnpm demo:core`: plans one billing-platform bill for an Azure-like destination with the core
 * alone (no server), and prints what would be reported and why each line was kept or dropped.
 */
import {
  compileAccountFilter,
  MappingIndex,
  parseJsonLossless,
  planBill,
  ZBill,
  ZConfigData,
} from '../src/index.js';
import { createInMemoryAdapter, InMemoryDestination } from '../src/testing/in-memory-adapter.js';

// As the billing platform sends it: amounts are JSON numbers, read without a binary float.
const billJson = `{
  "id": "f2d3e527-66bb-4251-8d81-90bffe45e5b5", "version": 3, "accountId": "acc-acme", "accountCode": "acme",
  "status": "APPROVED", "currency": "USD", "billDate": "2025-09-01",
  "lineItems": [
    { "id": "l1", "lineItemType": "USAGE", "productId": "storage", "subtotal": 4.0, "description": "Storage GB" },
    { "id": "l2", "lineItemType": "USAGE", "productId": "compute", "subtotal": 12.345 },
    { "id": "l3", "lineItemType": "USAGE_CREDIT", "productId": "compute", "subtotal": -2.5 },
    { "id": "l4", "lineItemType": "MINIMUM_SPEND", "productId": "compute", "subtotal": 100 }
  ]
}`;
const bill = ZBill.parse(parseJsonLossless(billJson));
const configData = ZConfigData.parse({
  splitUsageLineItems: 'ITEM_PER_PRODUCT',
  excludedLineItemTypes: ['MINIMUM_SPEND'],
  accountFilter: 'customFields != null AND customFields.country = = UK',
});
const integration = { id: 'int-1', accountIds: [], restrictedAccountIds: [], configData };
const mapping = (
  m3terEntity: 'Account' | 'Product',
  m3terId: string,
  externalTable: string,
  externalId: string,
) => ({
  id: `${m3terEntity}-${m3terId}`,
  m3terEntity,
  m3terId,
  externalSystem: 'InMemory',
  externalTable,
  externalId,
});
const mappings = new MappingIndex(
  [
    mapping('Account', 'acc-acme', 'Subscription', '5f1c8e2a-0000-4000-8000-000000000001'),
    mapping('Product', 'storage', 'Dimension', 'storage_units'),
    mapping('Product', 'compute', 'Dimension', 'compute_units'),
  ],
  integration.id,
  configData,
);
const plan = planBill({
  bill,
  account: { id: 'acc-acme', name: 'Acme Ltd', code: 'acme', customFields: { country: 'UK' } },
  integration,
  accountFilter: compileAccountFilter(configData.accountFilter ?? ''),
  latestProcessedVersion: 2,
  adapter: createInMemoryAdapter(new InMemoryDestination()),
  mappings,
});
console.log(JSON.stringify(plan, null, 2));
