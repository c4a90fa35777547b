import { createInMemorySource, describeBillSourceContract, InMemoryBillingPlatform } from '@hub/core/testing';

// The source suite runs against core's own in-memory platform, so the suite itself is proven to pass
// for a correct source (and plugins can trust a failure to mean their source is wrong).
const FIXED_NOW = new Date('2026-03-10T10:00:05.000Z');
const now = () => new Date(FIXED_NOW);
const platform = new InMemoryBillingPlatform(now);
let sequence = 0;

describeBillSourceContract({
  source: createInMemorySource(platform),
  async setup() {
    platform.apiKeys.add('good-key');
    const settings = { organizationId: 'org-1' };
    return {
      context: { credential: { apiKey: 'good-key' }, settings, endpoints: {}, now },
      badCredentialContext: { credential: { apiKey: 'bad-key' }, settings, endpoints: {}, now },
      async createAccount() {
        const id = `acc-${++sequence}`;
        platform.createAccount({ id, customFields: { country: 'UK' } });
        return id;
      },
      async createBill(accountId, billDate) {
        const id = `bill-${++sequence}`;
        platform.putBill({
          id,
          accountId,
          billDate,
          lineItems: [{ id: `${id}-l1`, lineItemType: 'USAGE', subtotal: '12.5' }],
        });
        return id;
      },
      async updateBill(billId) {
        const bill = platform.bills.get(billId)!;
        platform.putBill({ ...bill, id: billId, status: 'APPROVED' });
      },
      async deleteBill(billId) {
        platform.deleteBill(billId);
      },
      async createExternalMapping(externalSystem, accountId) {
        platform.mappings.push({
          m3terEntity: 'Account',
          m3terId: accountId,
          externalSystem,
          externalTable: 'Customer',
          externalId: `cust-${accountId}`,
        });
        platform.mappings.push({
          m3terEntity: 'Account',
          m3terId: accountId,
          externalSystem: 'SomeOtherSystem',
          externalTable: 'Customer',
          externalId: `other-${accountId}`,
        });
      },
      unknownBillId: 'bill-unknown',
      secrets: ['good-key', 'bad-key'],
      async teardown() {},
    };
  },
});
