import { createInMemoryAdapter, describeAdapterContract, InMemoryDestination } from '@hub/core/testing';

// The contract suite runs against core's own in-memory adapter, so the suite itself is proven to
// pass for a correct adapter (and plugins can trust a failure to mean their adapter is wrong).
const destination = new InMemoryDestination();
// The destination and the suite share one clock, fixed five seconds into an hour: no run depends on
// the wall clock, nor straddles an hour boundary.
const FIXED_NOW = new Date('2026-03-10T10:00:05.000Z');
const now = () => new Date(FIXED_NOW);

describeAdapterContract({
  adapter: createInMemoryAdapter(destination),
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
