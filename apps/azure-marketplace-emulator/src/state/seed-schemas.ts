/**
 * zod schemas for the admin API bodies (and the same inputs on the library object). Defaults live
 * here so an HTTP seed and an in-process seed produce identical subscriptions.
 */
import { z } from 'zod';
import { normalizeDecimal } from '../decimal/decimal-string.js';
import { SUBSCRIPTION_STATUSES } from './emulator-state.js';

/** Loose GUID shape: Microsoft's own sample ids (`…-cade-…`) are not RFC 4122 variants. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const guid = z.string().regex(GUID_PATTERN, 'must be a GUID (8-4-4-4-12 hex digits)');
const name = z.string().min(1).max(256);

/** Prices are kept as exact decimal strings; a JSON number is accepted and converted. */
const decimalAtLeastZero = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = normalizeDecimal(typeof value === 'number' ? String(value) : value.trim());
  if (text === undefined || text.startsWith('-')) {
    ctx.addIssue({ code: 'custom', message: 'must be a decimal ≥ 0, e.g. "0.01"' });
    return z.NEVER;
  }
  return text;
});

const includedUnits = z
  .union([z.string().regex(/^\d+$/, 'must be a whole number'), z.int().min(0)])
  .transform((value) => String(value));

export const credentialInputSchema = z.object({
  tenantId: name,
  clientId: name,
  clientSecret: z.string().min(1).max(1024),
});
export type CredentialInput = z.input<typeof credentialInputSchema>;

export const dimensionInputSchema = z.object({
  id: name,
  displayName: name.optional(),
  unitOfMeasure: name.optional(),
  currency: z.string().min(1).max(8).default('USD'),
  pricePerUnit: decimalAtLeastZero.default('0'),
  includedQuantity: includedUnits.default('0'),
});
export type DimensionInput = z.input<typeof dimensionInputSchema>;

export const planInputSchema = z.object({
  planId: name,
  displayName: name.optional(),
  description: z.string().max(2000).optional(),
  isPricePerSeat: z.boolean().default(false),
  isPrivate: z.boolean().default(false),
  termUnit: z.string().default('P1M'),
  currency: z.string().min(1).max(8).default('USD'),
  price: decimalAtLeastZero.default('0'),
  dimensions: z.array(dimensionInputSchema).max(30).default([]),
});
export type PlanInput = z.input<typeof planInputSchema>;

const aadIdentitySchema = z.object({
  emailId: z.string().optional(),
  objectId: z.string().optional(),
  tenantId: z.string().optional(),
  puid: z.string().optional(),
});

export const subscriptionInputSchema = z
  .object({
    id: guid,
    planId: name,
    status: z.enum(SUBSCRIPTION_STATUSES).default('Subscribed'),
    name: name.optional(),
    offerId: name.default('emulator-offer'),
    offerName: name.optional(),
    publisherId: name.default('emulator-publisher'),
    /** Omit to let any token this emulator issues meter the subscription. */
    publisherClientId: name.optional(),
    publisherTenantId: name.optional(),
    quantity: z.int().min(0).default(1),
    azureSubscriptionId: guid.optional(),
    beneficiary: aadIdentitySchema.optional(),
    purchaser: aadIdentitySchema.optional(),
    term: z
      .object({
        termUnit: z.string().default('P1M'),
        startDate: z.string().optional(),
        endDate: z.string().optional(),
      })
      .optional(),
    autoRenew: z.boolean().default(true),
    isTest: z.boolean().default(false),
    isFreeTrial: z.boolean().default(false),
    sessionMode: z.enum(['None', 'DryRun']).default('None'),
    sandboxType: z.enum(['None', 'Csp']).default('None'),
    /** Every plan the subscription may use (listAvailablePlans), each with its metered dimensions. */
    plans: z.array(planInputSchema).min(1).max(100).optional(),
    /** Shorthand: the dimensions of `planId` when `plans` is not given. */
    dimensions: z.array(dimensionInputSchema).max(30).optional(),
  })
  .refine((input) => !(input.plans && input.dimensions), {
    message: 'give either plans or dimensions, not both',
    path: ['dimensions'],
  })
  .refine((input) => !input.plans || input.plans.some((plan) => plan.planId === input.planId), {
    message: 'planId must be one of plans[].planId',
    path: ['planId'],
  });
export type SubscriptionInput = z.input<typeof subscriptionInputSchema>;

export const subscriptionPatchSchema = z
  .object({
    status: z.enum(SUBSCRIPTION_STATUSES).optional(),
    planId: name.optional(),
    quantity: z.int().min(0).optional(),
    publisherClientId: name.nullable().optional(),
    publisherTenantId: name.nullable().optional(),
  })
  .strict();
export type SubscriptionPatch = z.input<typeof subscriptionPatchSchema>;

/** Bulk seed document: the CLI's `--data` file. */
export const seedDocumentSchema = z.object({
  credentials: z.array(credentialInputSchema).default([]),
  subscriptions: z.array(z.unknown()).default([]),
  faults: z.unknown().optional(),
});
