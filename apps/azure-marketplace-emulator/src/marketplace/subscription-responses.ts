/**
 * SaaS fulfillment v2 bodies (`Subscription`, `SubscriptionPlans` in saasapi.v2.json). Prices go
 * out as exact decimals: a price such as 0.005 keeps its digits.
 */
import { exactNumber } from '@hub/emulator-kit';
import type { MarketplaceSubscription, SubscriptionPlan } from '../state/emulator-state.js';
import { formatMessageTime, formatUtcSeconds } from '../time/utc-time.js';

export function subscriptionBody(subscription: MarketplaceSubscription) {
  // Term dates are "relevant only for Active and Suspended subscriptions" (fulfillment docs).
  const hasTermDates = subscription.status === 'Subscribed' || subscription.status === 'Suspended';
  return {
    id: subscription.id,
    publisherId: subscription.publisherId,
    offerId: subscription.offerId,
    name: subscription.name,
    saasSubscriptionStatus: subscription.status,
    beneficiary: { ...subscription.beneficiary },
    purchaser: { ...subscription.purchaser },
    planId: subscription.planId,
    quantity: subscription.quantity,
    term: hasTermDates
      ? {
          termUnit: subscription.term.termUnit,
          startDate: formatUtcSeconds(subscription.term.startDate),
          endDate: formatUtcSeconds(subscription.term.endDate),
        }
      : { termUnit: subscription.term.termUnit },
    autoRenew: subscription.autoRenew,
    isTest: subscription.isTest,
    isFreeTrial: subscription.isFreeTrial,
    allowedCustomerOperations: ['Delete', 'Update', 'Read'],
    sandboxType: subscription.sandboxType,
    created: formatMessageTime(subscription.created),
    sessionMode: subscription.sessionMode,
  };
}

const TERM_DESCRIPTIONS: Record<string, string> = {
  P1M: '1 month subscription',
  P1Y: '1 year subscription',
  P2Y: '2 year subscription',
  P3Y: '3 year subscription',
  P4Y: '4 year subscription',
  P5Y: '5 year subscription',
};

export function planBody(plan: SubscriptionPlan) {
  return {
    planId: plan.planId,
    displayName: plan.displayName,
    isPrivate: plan.isPrivate,
    description: plan.description,
    ...(plan.isPricePerSeat ? { minQuantity: 1, maxQuantity: 10000 } : {}),
    hasFreeTrials: false,
    isPricePerSeat: plan.isPricePerSeat,
    isStopSell: false,
    market: 'US',
    planComponents: {
      recurrentBillingTerms: [
        {
          currency: plan.currency,
          price: exactNumber(plan.price),
          termUnit: plan.termUnit,
          termDescription: TERM_DESCRIPTIONS[plan.termUnit] ?? plan.termUnit,
          meteredQuantityIncluded: plan.dimensions.map((dimension) => ({
            dimensionId: dimension.id,
            units: dimension.includedQuantity,
          })),
        },
      ],
      meteringDimensions: plan.dimensions.map((dimension) => ({
        id: dimension.id,
        currency: dimension.currency,
        pricePerUnit: exactNumber(dimension.pricePerUnit),
        unitOfMeasure: dimension.unitOfMeasure,
        displayName: dimension.displayName,
      })),
    },
  };
}
