import { describeBillSourceContract } from '@hub/core/testing';
import { startM3terEmulator } from '@hub/m3ter-emulator';
import { m3terSource } from '../../src/index.js';

/**
 * Core's bill source contract, against the m3ter emulator over HTTP: the same suite every source
 * plugin passes (the deeper m3ter-specific cases are in m3ter-emulator.test.ts).
 */
const ORG = '0b8e5c1d-2f3a-4b5c-8d6e-7f8091a2b3c4';
const KEY = 'svc-contract-key';
const SECRET = 'svc-contract-secret-0123456789';

describeBillSourceContract({
  source: m3terSource,
  async setup() {
    const emulator = await startM3terEmulator({ rateLimitPerSecond: 0 });
    emulator.seedOrganization({ orgId: ORG });
    emulator.seedServiceUser({ orgId: ORG, accessKeyId: KEY, apiSecret: SECRET });
    const context = (apiSecret: string) => ({
      credential: { accessKeyId: KEY, apiSecret },
      settings: { organizationId: ORG },
      endpoints: { apiUrl: emulator.url },
      now: () => new Date(),
    });
    let sequence = 0;
    return {
      context: context(SECRET),
      badCredentialContext: context('not-the-secret'),
      async createAccount() {
        sequence += 1;
        return emulator.createAccount({
          orgId: ORG,
          name: `Contract ${sequence}`,
          code: `contract-${sequence}`,
        }).id;
      },
      async createBill(accountId, billDate) {
        return emulator.createBill({
          orgId: ORG,
          accountId,
          billDate,
          status: 'PENDING',
          lineItems: [{ lineItemType: 'USAGE', productId: 'prod-1', subtotal: '12.50' }],
        }).id;
      },
      async updateBill(billId) {
        emulator.approveBill(ORG, billId);
      },
      async deleteBill(billId) {
        emulator.deleteBill(ORG, billId);
      },
      async createExternalMapping(externalSystem, accountId) {
        emulator.createExternalMapping({
          orgId: ORG,
          m3terEntity: 'Account',
          m3terId: accountId,
          externalSystem,
          externalTable: 'Customer',
          externalId: `cust-${accountId}`,
        });
        emulator.createExternalMapping({
          orgId: ORG,
          m3terEntity: 'Account',
          m3terId: accountId,
          externalSystem: 'SomeOtherSystem',
          externalTable: 'Customer',
          externalId: `other-${accountId}`,
        });
      },
      unknownBillId: '00000000-0000-4000-8000-00000000dead',
      secrets: [SECRET, Buffer.from(`${KEY}:${SECRET}`).toString('base64')],
      teardown: () => emulator.close(),
    };
  },
});
