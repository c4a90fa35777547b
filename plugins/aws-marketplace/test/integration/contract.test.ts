import type { MarketplaceAdapter, UsageEvent } from '@hub/core';
import { describeAdapterContract } from '@hub/core/testing';
import { type AwsCredential, awsMarketplaceAdapter } from '../../src/index.js';
import { HUB_KEY, startHarness } from '../support/emulator.js';

/**
 * The suite's events carry decimal quantities ('12.5', its default) whatever the adapter's
 * `fractionalQuantities`; the host never sends those to AWS (maxQuantityDecimalPlaces 0), and the
 * client refuses them as a programming error. So the suite runs against the adapter with its
 * quantities truncated to whole numbers before they reach the client, and nothing else changed.
 */
const wholeQuantities: MarketplaceAdapter<AwsCredential> = {
  ...awsMarketplaceAdapter,
  createClient: (context) => {
    const client = awsMarketplaceAdapter.createClient(context);
    const whole = (event: UsageEvent): UsageEvent => ({
      ...event,
      quantity: event.quantity.replace(/\..*$/, ''),
    });
    return {
      verifyCredential: () => client.verifyCredential(),
      submitBatch: (events) => client.submitBatch(events.map(whole)),
      close: () => client.close(),
    };
  },
};

/**
 * The core contract, against the AWS emulator over HTTP: the hub assumes the seller's role with its
 * ExternalId, from static hub keys. The emulator and the plugin share one clock (half past an hour).
 */
describeAdapterContract({
  adapter: wholeQuantities,
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
