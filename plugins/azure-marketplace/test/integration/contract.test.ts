import { randomUUID } from 'node:crypto';
import type { Emulator } from '@hub/azure-marketplace-emulator';
import { startEmulator } from '@hub/azure-marketplace-emulator';
import { describeAdapterContract } from '@hub/core/testing';
import { azureMarketplaceAdapter } from '../../src/index.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  DIMENSION,
  PLAN_ID,
  subscriptionSeed,
  TENANT_ID,
  TestClock,
} from '../support/emulator.js';

/**
 * The core contract, against the real emulator over HTTP. The emulator and the plugin share one
 * clock (fixed at half past the current hour), so the suite's slot arithmetic never straddles an
 * hour boundary.
 */
describeAdapterContract({
  adapter: azureMarketplaceAdapter,
  setup: async () => {
    const now = Date.now();
    const clock = new TestClock(new Date(Math.floor(now / 3_600_000) * 3_600_000 + 1_800_000).toISOString());
    const emulator: Emulator = await startEmulator({ now: clock.now });
    emulator.seedCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const resourceId = emulator.seedSubscription(subscriptionSeed()).id;
    const endpoints = { apiUrl: `${emulator.url}/api`, loginUrl: emulator.url };
    const wrongSecret = `wrong-${randomUUID()}`;
    return {
      context: {
        credential: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
        endpoints,
        now: clock.now,
      },
      badCredentialContext: {
        credential: { tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: wrongSecret },
        endpoints,
        now: clock.now,
      },
      resourceId,
      dimension: DIMENSION,
      planId: PLAN_ID,
      unknownResourceId: randomUUID(),
      secrets: [CLIENT_SECRET, wrongSecret],
      teardown: () => emulator.close(),
    };
  },
});
