import {
  type CheckResult,
  credentialCheck,
  definiteLookup,
  mapLimit,
  nameSome,
  type PrerequisiteChecks,
  type PrerequisiteInput,
  resourcesCheck,
  skip,
  unexpectedLookup,
} from '@hub/core';
import { AzureMarketplaceClient } from '../azure-marketplace-client.js';
import { azurePlanIdOf } from '../event-plan.js';
import {
  type AvailablePlan,
  azureTokenHint,
  dimensionPricesCheck,
  planDimensionsCheck,
  type SubscriptionPlan,
} from './plan-checks.js';

type Plans = { ok: true; plans: AvailablePlan[] } | { ok: false; code: string; message: string };

/**
 * Azure's part of `POST /v1/integrations/{id}/check`: Microsoft Entra issues a token for the
 * credential; every mapped SaaS subscription exists, is `Subscribed`, and is on the plan its mapping
 * names; each plan has every dimension the integration reports to, priced at its `unitPrice`.
 */
export const azurePrerequisites: PrerequisiteChecks = {
  names: ['credential', 'subscriptions', 'planDimensions', 'dimensionPrices'],
  run: async (input) => {
    const credential = await credentialCheck(input, { issuer: 'Microsoft Entra', hint: azureTokenHint });
    const { check: subscriptions, active } = await resourcesCheck(input, {
      tokenOk: credential.ok,
      activeWord: 'Subscribed',
      planIdOf: azurePlanIdOf,
      displayName: 'Azure Marketplace',
      refusedHint:
        "is it a subscription of an offer whose technical configuration names this credential's tenant and application?",
    });
    const withPlan = active.flatMap((resource) =>
      resource.planId ? [{ subscriptionId: resource.resourceId, planId: resource.planId }] : [],
    );
    const [planDimensions, dimensionPrices] = await planChecks(input, credential.ok, withPlan);
    return [credential, subscriptions, planDimensions, dimensionPrices];
  },
};

async function planChecks(
  input: PrerequisiteInput,
  tokenOk: boolean,
  subscriptions: readonly { subscriptionId: string; planId: string }[],
): Promise<[CheckResult, CheckResult]> {
  const both = (message: string): [CheckResult, CheckResult] => [
    skip('planDimensions', message),
    skip('dimensionPrices', message),
  ];
  if (input.dimensions.length === 0) return both('no dimension to check (see dimensionMappings)');
  if (!tokenOk) return both('not checked: no token (see credential)');
  if (subscriptions.length === 0) {
    return both('no Subscribed subscription to read a plan from (see subscriptions)');
  }
  const plans = await mapLimit(subscriptions, input.concurrency, async ({ subscriptionId, planId }) => {
    const answer = await input.cached<Plans | null>(
      `plans\u0000${subscriptionId}`,
      async () => {
        const client = await input.client();
        if (!(client instanceof AzureMarketplaceClient)) return null;
        try {
          const listed = await client.listAvailablePlans(subscriptionId);
          return listed.ok
            ? { ok: true, plans: listed.value }
            : { ok: false, code: listed.code, message: listed.message };
        } catch (error) {
          return unexpectedLookup(error);
        }
      },
      definiteLookup,
    );
    const entry: SubscriptionPlan = { subscriptionId, planId, plan: null };
    if (answer === null) entry.problem = 'the client cannot list plans';
    else if (!answer.ok) entry.problem = `the plan list could not be read: ${answer.message}`;
    else {
      entry.plan = answer.plans.find((plan) => plan.planId === planId) ?? null;
      if (!entry.plan) {
        entry.problem = `not among the subscription's available plans (${nameSome(answer.plans.map((p) => p.planId))})`;
      }
    }
    return entry;
  });
  return [
    planDimensionsCheck(input.dimensions, plans),
    dimensionPricesCheck(input.dimensions, plans, input.config),
  ];
}
