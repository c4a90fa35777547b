import { createInMemoryAdapter, describeAdapterContract, InMemoryDestination } from '@hub/core/testing';

// The contract suite runs against core's own in-memory adapter, so the suite itself is proven to
// pass for a correct adapter (and plugins can trust a failure to mean their adapter is wrong).
const destination = new InMemoryDestination();
const now = () => new Date();

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
