import type { MarketplaceClient } from '@hub/core';
import { createInMemoryAdapter, describeAdapterContract, InMemoryDestination } from '@hub/core/testing';

// The same suite against an adapter without the optional members (no `readBackUsage`, no
// `normalizeResourceId`): the read-back tests must skip, everything else must still pass.
const destination = new InMemoryDestination();
const inMemory = createInMemoryAdapter(destination);
// The destination and the suite share one clock, fixed five seconds into an hour: no run depends on
// the wall clock, nor straddles an hour boundary.
const FIXED_NOW = new Date('2026-03-10T10:00:05.000Z');
const now = () => new Date(FIXED_NOW);

describeAdapterContract({
  adapter: {
    ...inMemory,
    id: 'IN_MEMORY_MINIMAL',
    createClient: (context) => {
      const full = inMemory.createClient(context);
      const minimal: MarketplaceClient = {
        verifyCredential: () => full.verifyCredential(),
        submitBatch: (events) => full.submitBatch(events),
        close: () => full.close(),
      };
      return minimal;
    },
  },
  async setup() {
    destination.apiKeys.add('good-key');
    destination.resources.set('res-1', { active: true, planId: 'gold' });
    return {
      context: { credential: { apiKey: 'good-key' }, endpoints: {}, now },
      badCredentialContext: { credential: { apiKey: 'bad-key' }, endpoints: {}, now },
      resourceId: 'res-1',
      dimension: 'dim-1',
      planId: 'gold',
      unknownResourceId: 'res-unknown',
      secrets: ['good-key', 'bad-key'],
      async teardown() {},
    };
  },
});
