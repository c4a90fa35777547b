/** Zod schemas for everything the library methods, the admin API and the CLI's `--data` file accept. */
import { z } from 'zod';

const text = z.string().min(1);
const amount = z.union([z.number(), z.string()]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const organizationInputSchema = z.object({ orgId: text }).strict();

export const serviceUserInputSchema = z.object({ orgId: text, accessKeyId: text, apiSecret: text }).strict();

export const addressSchema = z
  .object({
    addressLine1: z.string().optional(),
    addressLine2: z.string().optional(),
    addressLine3: z.string().optional(),
    addressLine4: z.string().optional(),
    locality: z.string().optional(),
    region: z.string().optional(),
    postCode: z.string().optional(),
    country: z.string().optional(),
  })
  .strict();

const customFields = z.record(z.string(), z.union([z.string(), z.number()]));

export const accountInputSchema = z
  .object({
    orgId: text,
    id: text.optional(),
    name: text,
    code: text,
    emailAddress: z.string().optional(),
    address: addressSchema.optional(),
    currency: text.optional(),
    parentAccountId: text.optional(),
    purchaseOrderNumber: z.string().optional(),
    customFields: customFields.optional(),
  })
  .strict();

export const accountPatchSchema = accountInputSchema.omit({ orgId: true, id: true }).partial().strict();

export const lineItemInputSchema = z
  .object({
    id: text.optional(),
    lineItemType: text,
    description: z.string().optional(),
    productId: text.optional(),
    productName: z.string().optional(),
    productCode: z.string().optional(),
    accountingProductId: text.optional(),
    aggregationId: text.optional(),
    compoundAggregationId: text.optional(),
    meterId: text.optional(),
    planId: text.optional(),
    pricingId: text.optional(),
    commitmentId: text.optional(),
    contractId: text.optional(),
    quantity: amount.optional(),
    units: amount.optional(),
    unit: z.string().optional(),
    averageUnitPrice: amount.optional(),
    subtotal: amount,
    currency: text.optional(),
    conversionRate: amount.optional(),
    convertedSubtotal: amount.optional(),
    servicePeriodStartDate: z.string().optional(),
    servicePeriodEndDate: z.string().optional(),
  })
  .strict();

export const billingFrequencySchema = z.enum(['DAILY', 'WEEKLY', 'MONTHLY', 'ANNUALLY', 'AD_HOC', 'MIXED']);

export const billInputSchema = z
  .object({
    orgId: text,
    accountId: text,
    id: text.optional(),
    status: z.enum(['PENDING', 'APPROVED']).optional(),
    billDate: isoDate.optional(),
    dueDate: isoDate.optional(),
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
    billingFrequency: billingFrequencySchema.optional(),
    currency: text.optional(),
    purchaseOrderNumber: z.string().optional(),
    lineItems: z.array(lineItemInputSchema),
  })
  .strict();

const mappingText = z
  .string()
  .min(1)
  // The OpenAPI pattern: no surrounding whitespace, no control characters.
  .regex(/^\S(?:[^\p{Cc}]*\S)?$/u, 'must not have surrounding whitespace or control characters');

export const externalMappingInputSchema = z
  .object({
    orgId: text,
    id: text.optional(),
    m3terEntity: mappingText,
    m3terId: mappingText,
    externalSystem: mappingText,
    externalTable: mappingText,
    externalId: mappingText,
    integrationConfigId: text.optional(),
  })
  .strict();

export const webhookInputSchema = z
  .object({ orgId: text, url: z.url(), apiKey: z.string().optional(), secret: z.string().optional() })
  .strict();

export type OrganizationInput = z.input<typeof organizationInputSchema>;
export type ServiceUserInput = z.input<typeof serviceUserInputSchema>;
export type AddressInput = z.input<typeof addressSchema>;
export type AccountInput = z.input<typeof accountInputSchema>;
export type AccountPatch = z.input<typeof accountPatchSchema>;
export type LineItemInput = z.input<typeof lineItemInputSchema>;
export type BillInput = z.input<typeof billInputSchema>;
export type ExternalMappingInput = z.input<typeof externalMappingInputSchema>;
export type WebhookInput = z.input<typeof webhookInputSchema>;

/** What the CLI's `--data` file (and `POST /admin/load`) holds. Faults are checked by their own schema. */
export const seedDocumentSchema = z
  .object({
    organizations: z.array(organizationInputSchema).default([]),
    serviceUsers: z.array(serviceUserInputSchema).default([]),
    accounts: z.array(accountInputSchema).default([]),
    bills: z.array(billInputSchema).default([]),
    externalMappings: z.array(externalMappingInputSchema).default([]),
    webhook: webhookInputSchema.optional(),
    faults: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
