import { describeAdapterContract } from '@hub/core/testing';
import { awsMarketplaceAdapter } from '../../src/index.js';
import { HUB_KEY, startHarness } from '../support/emulator.js';

/**
 * The core contract, against the AWS emulator over HTTP: the hub assumes the seller's role with its
 * ExternalId, from static hub keys. The emulator and the plugin share one clock (half past an hour).
 */
describeAdapterContract({
  adapter: awsMarketplaceAdapter,
  setup: async () => {
    const harness = await startHarness();
    const customer = harness.customer();
    const wrongSecret = 'wrong-secret~Zz99';
    return {
      context: harness.context(),
      badCredentialContext: harness.context({ secretAccessKey: wrongSecret }),
      resourceId: customer.accountId,
      dimension: 'requests',
      planId: customer.licenseArn,
      unknownResourceId: '999999999999',
      secrets: [HUB_KEY.secretAccessKey, wrongSecret],
      teardown: () => harness.emulator.close(),
    };
  },
});
