/**
 * `pnpm bench:core`: line items per second through the core planning path (gates, currency,
 * line-item filters, account mapping, split into dimensions, target quantities), bills of 50 lines,
 * on one core. Prints a table and writes bench/results/core.json at the repository root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Bill,
  compileAccountFilter,
  type ExternalMapping,
  type IntegrationConfig,
  MappingIndex,
  planBill,
  ZBill,
  ZConfigData,
} from '../src/index.js';
import { createInMemoryAdapter, InMemoryDestination } from '../src/testing/in-memory-adapter.js';

const LINES_PER_BILL = 50;
const BILLS = Number(process.env.BENCH_BILLS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const adapter = createInMemoryAdapter(new InMemoryDestination());
const products = Array.from({ length: 10 }, (_, i) => `prod-${i}`);
const types = ['USAGE', 'STANDING_CHARGE', 'MINIMUM_SPEND', 'USAGE_CREDIT', 'COMMITMENT_FEE'] as const;

function makeBills(count: number): Bill[] {
  const bills: Bill[] = [];
  for (let b = 0; b < count; b++) {
    bills.push(
      ZBill.parse({
        id: `bill-${b}`,
        version: 1,
        accountId: `acc-${b % 100}`,
        currency: 'USD',
        status: 'APPROVED',
        lineItems: Array.from({ length: LINES_PER_BILL }, (_, l) => ({
          id: `line-${b}-${l}`,
          lineItemType: types[l % types.length],
          subtotal: ((l * 37 + b) % 1000) / 100 - 0.5,
          productId: products[l % products.length],
          aggregationId: `agg-${l % 7}`,
        })),
      }),
    );
  }
  return bills;
}

const mappings: ExternalMapping[] = [
  ...Array.from({ length: 100 }, (_, i) => ({
    id: `m-acc-${i}`,
    m3terEntity: 'Account' as const,
    m3terId: `acc-${i}`,
    externalSystem: 'InMemory',
    externalTable: 'Subscription',
    externalId: `sub-${i}`,
  })),
  ...products.map((p) => ({
    id: `m-${p}`,
    m3terEntity: 'Product' as const,
    m3terId: p,
    externalSystem: 'InMemory',
    externalTable: 'Dimension',
    externalId: `dim-${p}`,
  })),
];

const integration: IntegrationConfig = {
  id: 'int-1',
  name: 'bench',
  destination: 'IN_MEMORY',
  entityType: 'Bill',
  enabled: true,
  accountIds: [],
  restrictedAccountIds: ['acc-blocked'],
  disabledNotificationEmails: [],
  credentialId: 'c',
  configData: ZConfigData.parse({
    splitUsageLineItems: 'ITEM_PER_PRODUCT',
    excludedLineItemTypes: ['MINIMUM_SPEND'],
    excludedProductIds: ['prod-9'],
    accountFilter: 'customFields != null AND customFields.country = = UK',
    quantityDecimalPlaces: 2,
  }),
};
const accountFilter = compileAccountFilter(integration.configData.accountFilter ?? 'true');
const index = new MappingIndex(mappings, integration.id, integration.configData);
const account = { id: 'acc-1', name: 'Acme', code: 'acme', customFields: { country: 'UK' } };

const bills = makeBills(BILLS);
let sink = 0;
const rates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const started = process.hrtime.bigint();
  for (const bill of bills) {
    const plan = planBill({
      bill,
      account,
      integration,
      accountFilter,
      latestProcessedVersion: null,
      adapter,
      mappings: index,
    });
    if (plan.outcome !== 'SEND') throw new Error(`unexpected ${plan.outcome}: ${JSON.stringify(plan)}`);
    sink += plan.usage.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rates.push((BILLS * LINES_PER_BILL) / seconds);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
const best = rates[rates.length - 1] ?? 0;
const result = {
  benchmark: 'core planning',
  linesPerBill: LINES_PER_BILL,
  bills: BILLS,
  rounds: ROUNDS,
  lineItemsPerSecondMedian: Math.round(median),
  lineItemsPerSecondBest: Math.round(best),
  target: 1_000_000,
  node: process.version,
  date: new Date().toISOString(),
  checksum: sink,
};
console.table({
  'line items/s (median)': result.lineItemsPerSecondMedian.toLocaleString('en-US'),
  'line items/s (best)': result.lineItemsPerSecondBest.toLocaleString('en-US'),
  'bills/s (median)': Math.round(median / LINES_PER_BILL).toLocaleString('en-US'),
  target: '1,000,000 line items/s',
});
const out = join(dirname(fileURLToPath(import.meta.url)), '../../../bench/results/core.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(`wrote ${out}`);
