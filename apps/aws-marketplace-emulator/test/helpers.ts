/** Shared fixtures: a seeded emulator on a fixed clock and real AWS SDK clients pointed at it. */
import {
  BatchMeterUsageCommand,
  MarketplaceMeteringClient,
  type UsageRecord,
} from '@aws-sdk/client-marketplace-metering';
import { STSClient } from '@aws-sdk/client-sts';
import { type AwsEmulator, type AwsEmulatorOptions, startAwsEmulator } from '../src/index.js';

export const SELLER_ACCOUNT = '111111111111';
export const HUB_ACCOUNT = '222222222222';
export const BUYER_ACCOUNT = '333333333333';
export const OTHER_BUYER_ACCOUNT = '444444444444';
export const SELLER_KEY = { accessKeyId: 'AKIASELLER0000000001', secretAccessKey: 'seller-secret-key' };
export const HUB_KEY = { accessKeyId: 'AKIAHUB0000000000001', secretAccessKey: 'hub-secret-key' };
export const ROLE_ARN = `arn:aws:iam::${SELLER_ACCOUNT}:role/HubMetering`;
export const EXTERNAL_ID = 'hub-external-id-1';
export const PRODUCT_CODE = 'prod-abc123';
export const LEGACY_PRODUCT_CODE = 'legacy-prod-1';
export const LICENSE_ARN = `arn:aws:license-manager::${SELLER_ACCOUNT}:license:l-abc123`;
export const LEGACY_CUSTOMER_IDENTIFIER = 'cust-legacy-1';
/** 2026-03-10 12:30 UTC: the fixed "now" of most tests. */
export const NOW = new Date('2026-03-10T12:30:00Z');

export interface Clock {
  now: Date;
}

export async function startSeededEmulator(
  options: AwsEmulatorOptions = {},
): Promise<{ emulator: AwsEmulator; clock: Clock }> {
  const clock: Clock = { now: NOW };
  const emulator = await startAwsEmulator({ now: () => clock.now, rateLimitPerSecond: 0, ...options });
  emulator.load({
    accessKeys: [
      { ...SELLER_KEY, accountId: SELLER_ACCOUNT, userName: 'seller' },
      { ...HUB_KEY, accountId: HUB_ACCOUNT, userName: 'hub' },
    ],
    roles: [{ roleArn: ROLE_ARN, externalId: EXTERNAL_ID, trustedAccountIds: [HUB_ACCOUNT] }],
    products: [
      { productCode: PRODUCT_CODE, dimensions: ['requests', 'storage'], sellerAccountId: SELLER_ACCOUNT },
      { productCode: LEGACY_PRODUCT_CODE, dimensions: ['seats'], sellerAccountId: SELLER_ACCOUNT },
    ],
    customers: [
      { customerAwsAccountId: BUYER_ACCOUNT, productCode: PRODUCT_CODE, licenseArn: LICENSE_ARN },
      {
        customerAwsAccountId: BUYER_ACCOUNT,
        productCode: LEGACY_PRODUCT_CODE,
        customerIdentifier: LEGACY_CUSTOMER_IDENTIFIER,
      },
    ],
  });
  return { emulator, clock };
}

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export function meteringClient(
  emulator: AwsEmulator,
  credentials: Credentials = SELLER_KEY,
  region = 'us-east-1',
): MarketplaceMeteringClient {
  return new MarketplaceMeteringClient({
    endpoint: emulator.meteringUrl,
    region,
    credentials: { ...credentials },
    maxAttempts: 1,
  });
}

export function stsClient(emulator: AwsEmulator, credentials: Credentials = HUB_KEY): STSClient {
  return new STSClient({
    endpoint: emulator.stsUrl,
    region: 'us-east-1',
    credentials: { ...credentials },
    maxAttempts: 1,
  });
}

/** A new-style record: buyer account + license, hour-aligned one hour before NOW. */
export function usageRecord(overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    Timestamp: new Date('2026-03-10T11:00:00Z'),
    CustomerAWSAccountId: BUYER_ACCOUNT,
    LicenseArn: LICENSE_ARN,
    Dimension: 'requests',
    Quantity: 5,
    ...overrides,
  };
}

export function batch(client: MarketplaceMeteringClient, records: UsageRecord[], productCode?: string) {
  return client.send(
    new BatchMeterUsageCommand({
      UsageRecords: records,
      ...(productCode ? { ProductCode: productCode } : {}),
    }),
  );
}

/** The rejection's error name as the SDK surfaces it (fails the test when the call succeeds). */
export async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  throw new Error('expected the call to fail');
}
