import { randomUUID } from 'node:crypto';
import { type Emulator, type SubscriptionInput, startEmulator } from '@hub/azure-marketplace-emulator';
import type { AdapterClientContext, UsageEvent } from '@hub/core';
import { afterAll, beforeAll } from 'vitest';
import type { AzureCredential } from '../../src/credential.js';
import { AzureMarketplaceClient } from '../../src/index.js';

export const TENANT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const CLIENT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const CLIENT_SECRET = 'plugin-test-secret~Zq8';
export const OTHER_CLIENT_ID = '16fd2706-8baf-433b-82eb-8c7fada847da';
export const OTHER_CLIENT_SECRET = 'plugin-other-secret~Yp7';
export const PLAN_ID = 'gold';
export const DIMENSION = 'email';

/**
 * One clock for the emulator and the plugin, fixed at half past an hour so no test can straddle an
 * hour boundary: slot arithmetic is then exact.
 */
export class TestClock {
  current: Date;
  constructor(iso = '2026-03-10T10:30:00.000Z') {
    this.current = new Date(iso);
  }
  readonly now = (): Date => this.current;
  /** Start of the current hour minus `hoursAgo` hours, ISO-8601 UTC. */
  hour(hoursAgo = 0): string {
    const hour = Math.floor(this.current.getTime() / 3_600_000) - hoursAgo;
    return new Date(hour * 3_600_000).toISOString();
  }
}

export function subscriptionSeed(overrides: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    id: randomUUID(),
    planId: PLAN_ID,
    publisherTenantId: TENANT_ID,
    publisherClientId: CLIENT_ID,
    plans: [
      {
        planId: PLAN_ID,
        displayName: 'Gold',
        dimensions: [
          { id: DIMENSION, pricePerUnit: '0.01', currency: 'USD', displayName: 'Emails' },
          { id: 'sms', pricePerUnit: '0.01', currency: 'USD' },
        ],
      },
      { planId: 'silver', dimensions: [{ id: DIMENSION, pricePerUnit: '0.01', currency: 'USD' }] },
    ],
    ...overrides,
  };
}

export interface Harness {
  emulator: Emulator;
  clock: TestClock;
  context(credential?: Partial<AzureCredential>): AdapterClientContext<AzureCredential>;
  /** A fresh Subscribed subscription (its own slots, so tests never collide). */
  subscription(overrides?: Partial<SubscriptionInput>): string;
  event(resourceId: string, overrides?: Partial<UsageEvent>): UsageEvent;
}

let sequence = 0;

/** The real emulator over HTTP, in-process, with two app registrations in one tenant. */
export async function startHarness(clock = new TestClock()): Promise<Harness> {
  const emulator = await startEmulator({ now: clock.now });
  emulator.seedCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  emulator.seedCredential({
    tenantId: TENANT_ID,
    clientId: OTHER_CLIENT_ID,
    clientSecret: OTHER_CLIENT_SECRET,
  });
  return {
    emulator,
    clock,
    context: (credential = {}) => ({
      credential: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...credential },
      endpoints: { apiUrl: `${emulator.url}/api`, loginUrl: emulator.url },
      now: clock.now,
    }),
    subscription: (overrides = {}) => emulator.seedSubscription(subscriptionSeed(overrides)).id,
    event: (resourceId, overrides = {}) => ({
      id: `it-${++sequence}`,
      resourceId,
      dimension: DIMENSION,
      quantity: '12.5',
      effectiveStartTime: clock.hour(0),
      planId: PLAN_ID,
      ...overrides,
    }),
  };
}

/**
 * For a test file: an emulator harness and a client on it, started before the file's tests and
 * closed after them. `ready` receives both once started (files keep them in their own variables).
 */
export function useClientHarness(ready: (harness: Harness, client: AzureMarketplaceClient) => void): void {
  let harness: Harness | undefined;
  let client: AzureMarketplaceClient | undefined;
  beforeAll(async () => {
    harness = await startHarness();
    client = new AzureMarketplaceClient(harness.context());
    ready(harness, client);
  });
  afterAll(async () => {
    await client?.close();
    await harness?.emulator.close();
  });
}
