import { randomBytes, randomUUID } from 'node:crypto';
import { type AwsEmulator, startAwsEmulator } from '@hub/aws-marketplace-emulator';
import type { AdapterClientContext, UsageEvent } from '@hub/core';
import type { AwsCredential } from '../../src/index.js';

export const SELLER_ACCOUNT = '111111111111';
export const HUB_ACCOUNT = '222222222222';
/** The seller's own keys (development credential). */
export const SELLER_KEY = { accessKeyId: 'AKIASELLER0000000001', secretAccessKey: 'seller-secret~Qx81' };
/** The hub's identity, from which it assumes the seller's role. */
export const HUB_KEY = { accessKeyId: 'AKIAHUB0000000000001', secretAccessKey: 'hub-secret~Wv27' };
export const ROLE_ARN = `arn:aws:iam::${SELLER_ACCOUNT}:role/HubMetering`;
export const EXTERNAL_ID = 'hub-external-id-1';
export const PRODUCT_CODE = 'prod-abc123';
export const LEGACY_PRODUCT_CODE = 'legacy-prod-1';
export const DIMENSION = 'requests';
export const OTHER_DIMENSION = 'storage';

/**
 * One clock for the emulator and the plugin, fixed at half past an hour, so no test straddles an
 * hour boundary. (SigV4 dates come from the wall clock; the emulator does not compare them.)
 */
export class TestClock {
  current: Date;
  constructor(iso = '2026-03-10T12:30:00.000Z') {
    this.current = new Date(iso);
  }
  readonly now = (): Date => this.current;
  /** Start of the current hour minus `hoursAgo` hours, ISO-8601 UTC. */
  hour(hoursAgo = 0): string {
    return new Date((Math.floor(this.current.getTime() / 3_600_000) - hoursAgo) * 3_600_000).toISOString();
  }
}

export interface Customer {
  accountId: string;
  licenseArn: string;
}

export interface Harness {
  emulator: AwsEmulator;
  clock: TestClock;
  /** The role credential by default; pass fields to override (or `null` to drop one). */
  context(
    credential?: Partial<Record<keyof AwsCredential, string | undefined>>,
  ): AdapterClientContext<AwsCredential>;
  /** A fresh subscribed buyer of the product (its own slots, so tests never collide). */
  customer(): Customer;
  event(customer: Customer, overrides?: Partial<UsageEvent>): UsageEvent;
}

let sequence = 0;
let accountSequence = 0;

/** A 12-digit account id no other test uses. */
export function freshAccountId(): string {
  accountSequence += 1;
  return String(300_000_000_000 + (process.pid % 1000) * 100_000 + accountSequence).padStart(12, '0');
}

export async function startHarness(clock = new TestClock()): Promise<Harness> {
  const emulator = await startAwsEmulator({ now: clock.now, rateLimitPerSecond: 0 });
  emulator.load({
    accessKeys: [
      { ...SELLER_KEY, accountId: SELLER_ACCOUNT, userName: 'seller' },
      { ...HUB_KEY, accountId: HUB_ACCOUNT, userName: 'hub' },
    ],
    roles: [{ roleArn: ROLE_ARN, externalId: EXTERNAL_ID, trustedAccountIds: [HUB_ACCOUNT] }],
    products: [
      {
        productCode: PRODUCT_CODE,
        dimensions: [DIMENSION, OTHER_DIMENSION],
        sellerAccountId: SELLER_ACCOUNT,
      },
      { productCode: LEGACY_PRODUCT_CODE, dimensions: ['seats'], sellerAccountId: SELLER_ACCOUNT },
    ],
  });
  const endpoints = { meteringUrl: emulator.meteringUrl, stsUrl: emulator.stsUrl, region: 'us-east-1' };
  return {
    emulator,
    clock,
    context: (credential = {}) => {
      const merged: Record<string, string | undefined> = {
        roleArn: ROLE_ARN,
        externalId: EXTERNAL_ID,
        ...HUB_KEY,
        ...credential,
      };
      for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
      return { credential: merged as AwsCredential, endpoints, now: clock.now };
    },
    customer: () => {
      const customer = {
        accountId: freshAccountId(),
        licenseArn: `arn:aws:license-manager::${SELLER_ACCOUNT}:license:l-${randomBytes(16).toString('hex')}`,
      };
      emulator.seedCustomer({
        customerAwsAccountId: customer.accountId,
        productCode: PRODUCT_CODE,
        licenseArn: customer.licenseArn,
      });
      return customer;
    },
    event: (customer, overrides = {}) => ({
      id: `it-${++sequence}-${randomUUID().slice(0, 8)}`,
      resourceId: customer.accountId,
      dimension: DIMENSION,
      quantity: '150',
      effectiveStartTime: clock.hour(0),
      planId: customer.licenseArn,
      ...overrides,
    }),
  };
}
