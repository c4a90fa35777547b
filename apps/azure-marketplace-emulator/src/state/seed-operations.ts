/**
 * Seeding and mutation of the store, shared by the admin routes and the library `Emulator` object.
 * Inputs are validated with the zod schemas; failures throw `EmulatorInputError` (admin → 400).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { addHours, floorToUtcDay, parseUtcTime } from '../time/utc-time.js';
import {
  type AadIdentity,
  credentialKey,
  type EmulatorState,
  type MarketplaceSubscription,
  type PlanDimension,
  type SeededCredential,
  type SubscriptionPlan,
} from './emulator-state.js';
import {
  credentialInputSchema,
  type dimensionInputSchema,
  type planInputSchema,
  subscriptionInputSchema,
  subscriptionPatchSchema,
} from './seed-schemas.js';

export class EmulatorInputError extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 404 = 400,
  ) {
    super(message);
    this.name = 'EmulatorInputError';
  }
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`,
    );
    throw new EmulatorInputError(`invalid ${what}: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/** Adds or replaces the secret of an app registration (replacing = rotating the secret). */
export function seedCredential(state: EmulatorState, input: unknown): SeededCredential {
  const credential = parseInput(credentialInputSchema, input, 'credential');
  state.credentials.set(credentialKey(credential.tenantId, credential.clientId), credential);
  return credential;
}

function toDimension(input: z.output<typeof dimensionInputSchema>): PlanDimension {
  return {
    id: input.id,
    displayName: input.displayName ?? input.id,
    unitOfMeasure: input.unitOfMeasure ?? `per ${input.id}`,
    currency: input.currency,
    pricePerUnit: input.pricePerUnit,
    includedQuantity: input.includedQuantity,
  };
}

function toPlan(input: z.output<typeof planInputSchema>): SubscriptionPlan {
  return {
    planId: input.planId,
    displayName: input.displayName ?? input.planId,
    description: input.description ?? `${input.displayName ?? input.planId} (emulated plan)`,
    isPricePerSeat: input.isPricePerSeat,
    isPrivate: input.isPrivate,
    termUnit: input.termUnit,
    currency: input.currency,
    price: input.price,
    dimensions: input.dimensions.map(toDimension),
  };
}

function identity(input: Partial<AadIdentity> | undefined, fallbackEmail: string): AadIdentity {
  return {
    emailId: input?.emailId ?? fallbackEmail,
    objectId: input?.objectId ?? randomUUID(),
    tenantId: input?.tenantId ?? randomUUID(),
    puid: input?.puid ?? '1000000000000000',
  };
}

function termDate(text: string | undefined, fallback: Date, field: string): Date {
  if (text === undefined) return fallback;
  const date = parseUtcTime(text);
  if (!date) throw new EmulatorInputError(`invalid subscription: term.${field}: not an ISO-8601 date`);
  return date;
}

/** Adds or replaces a SaaS subscription. */
export function seedSubscription(state: EmulatorState, input: unknown, now: Date): MarketplaceSubscription {
  const seed = parseInput(subscriptionInputSchema, input, 'subscription');
  const plans = seed.plans
    ? seed.plans.map((plan) => toPlan(plan))
    : [
        toPlan({
          planId: seed.planId,
          isPricePerSeat: false,
          isPrivate: false,
          termUnit: seed.term?.termUnit ?? 'P1M',
          currency: 'USD',
          price: '0',
          dimensions: seed.dimensions ?? [],
        }),
      ];
  // A monthly term from today, like a fresh purchase; tests that care pass explicit dates.
  const startDate = termDate(seed.term?.startDate, floorToUtcDay(now), 'startDate');
  const defaultEnd = new Date(startDate);
  defaultEnd.setUTCMonth(defaultEnd.getUTCMonth() + 1);
  const endDate = termDate(seed.term?.endDate, addHours(defaultEnd, -24), 'endDate');
  const subscription: MarketplaceSubscription = {
    id: seed.id,
    name: seed.name ?? `Emulated subscription ${seed.id.slice(0, 8)}`,
    publisherId: seed.publisherId,
    offerId: seed.offerId,
    offerName: seed.offerName ?? seed.offerId,
    planId: seed.planId,
    quantity: seed.quantity,
    status: seed.status,
    publisherClientId: seed.publisherClientId,
    publisherTenantId: seed.publisherTenantId,
    azureSubscriptionId: seed.azureSubscriptionId ?? randomUUID(),
    beneficiary: identity(seed.beneficiary, 'customer@example.com'),
    purchaser: identity(seed.purchaser, 'customer@example.com'),
    term: { termUnit: seed.term?.termUnit ?? 'P1M', startDate, endDate },
    autoRenew: seed.autoRenew,
    isTest: seed.isTest,
    isFreeTrial: seed.isFreeTrial,
    sessionMode: seed.sessionMode,
    sandboxType: seed.sandboxType,
    created: now,
    plans,
  };
  state.subscriptions.set(seed.id.toLowerCase(), subscription);
  return subscription;
}

/** Changes status, plan or quantity, as a webhook-announced change would on Azure's side. */
export function updateSubscription(
  state: EmulatorState,
  id: string,
  input: unknown,
): MarketplaceSubscription {
  const patch = parseInput(subscriptionPatchSchema, input, 'subscription patch');
  const subscription = state.subscriptions.get(id.toLowerCase());
  if (!subscription) throw new EmulatorInputError(`subscription ${id} not found`, 404);
  if (patch.planId !== undefined) {
    if (!subscription.plans.some((plan) => plan.planId === patch.planId)) {
      throw new EmulatorInputError(
        `invalid subscription patch: planId ${patch.planId} is not one of the subscription's plans (${subscription.plans
          .map((plan) => plan.planId)
          .join(', ')})`,
      );
    }
    subscription.planId = patch.planId;
  }
  if (patch.status !== undefined) subscription.status = patch.status;
  if (patch.quantity !== undefined) subscription.quantity = patch.quantity;
  if (patch.publisherClientId !== undefined)
    subscription.publisherClientId = patch.publisherClientId ?? undefined;
  if (patch.publisherTenantId !== undefined)
    subscription.publisherTenantId = patch.publisherTenantId ?? undefined;
  return subscription;
}

export function findSubscription(state: EmulatorState, id: string): MarketplaceSubscription | undefined {
  return state.subscriptions.get(id.toLowerCase());
}

export function currentPlan(subscription: MarketplaceSubscription): SubscriptionPlan | undefined {
  return subscription.plans.find((plan) => plan.planId === subscription.planId);
}
