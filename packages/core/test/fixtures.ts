import {
  type Account,
  type Bill,
  type BillInput,
  type ConfigDataInput,
  type ExternalMapping,
  type IntegrationConfig,
  ZBill,
  ZConfigData,
} from '@hub/core';

export function makeBill(overrides: Partial<BillInput> = {}): Bill {
  return ZBill.parse({
    id: 'bill-1',
    version: 1,
    accountId: 'acc-1',
    accountCode: 'acme',
    status: 'APPROVED',
    currency: 'USD',
    lineItems: [
      { id: 'l1', lineItemType: 'USAGE', subtotal: 0.5, productId: 'p1', aggregationId: 'ag1' },
      { id: 'l2', lineItemType: 'STANDING_CHARGE', subtotal: '10.00', productId: 'p2' },
    ],
    ...overrides,
  });
}

export function makeIntegration(
  configData: ConfigDataInput = { marketplaceBillDimension: 'dim-bill' },
  overrides: Partial<IntegrationConfig> = {},
): IntegrationConfig {
  return {
    id: 'int-1',
    name: 'Azure',
    destination: 'IN_MEMORY',
    entityType: 'Bill',
    enabled: true,
    accountIds: [],
    restrictedAccountIds: [],
    disabledNotificationEmails: [],
    credentialId: 'cred-1',
    configData: ZConfigData.parse(configData),
    ...overrides,
  };
}

export const account: Account = {
  id: 'acc-1',
  name: 'Acme Ltd',
  code: 'acme',
  currency: 'USD',
  address: { country: 'UK' },
  customFields: { country: 'UK', tier: 3 },
};

export function mapping(
  m3terEntity: ExternalMapping['m3terEntity'],
  m3terId: string,
  externalId: string,
  extra: Partial<ExternalMapping> = {},
): ExternalMapping {
  return {
    id: `${m3terEntity}-${m3terId}-${extra.integrationConfigId ?? 'any'}`,
    m3terEntity,
    m3terId,
    externalSystem: 'InMemory',
    externalTable: m3terEntity === 'Account' ? 'Subscription' : 'Dimension',
    externalId,
    ...extra,
  };
}
