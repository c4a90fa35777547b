import { z } from 'zod';
import { tryParseAccountFilter } from '../account-filter/index.js';
import { Money, ZPositiveDecimal } from '../money/decimal.js';
import { LINE_ITEM_TYPES } from './line-item-types.js';

export const SPLIT_MODES = ['ITEM_PER_BILL', 'ITEM_PER_PRODUCT', 'ITEM_PER_AGGREGATION'] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

export const OVER_REPORT_POLICIES = ['CARRY_FORWARD', 'RECORD_ONLY'] as const;
export type OverReportPolicy = (typeof OVER_REPORT_POLICIES)[number];

const ZIdList = z.array(z.string().trim().min(1, 'must not be empty').max(200)).max(10_000);

/** The account filter is parsed when the integration is saved, so a bad expression is a 400 then. */
const ZAccountFilter = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .nullable()
  .superRefine((text, ctx) => {
    if (text === null || text.trim() === '') return;
    const parsed = tryParseAccountFilter(text);
    if (!parsed.ok)
      ctx.addIssue({
        code: 'custom',
        message: parsed.error.message,
        params: { position: parsed.error.position },
      });
  })
  .transform((text) => (text === null || text.trim() === '' ? null : text));

/** `configData` of a Bill integration (domain.md "Integration configuration"), with its defaults. */
export const ZConfigData = z
  .object({
    sendBillOnApprovalOnly: z.boolean().default(false),
    useExternalMappingAccountCode: z.boolean().default(false),
    excludedLineItemTypes: z
      .array(
        z.enum(LINE_ITEM_TYPES, {
          error: (issue) => `unknown line item type ${JSON.stringify(issue.input)}`,
        }),
      )
      .default([]),
    accountFilter: ZAccountFilter.default(null),
    enforceExternalMappingsForConfig: z.boolean().default(false),
    excludedProductIds: ZIdList.default([]),
    excludedAggregationIds: ZIdList.default([]),
    splitUsageLineItems: z.enum(SPLIT_MODES).default('ITEM_PER_BILL'),
    marketplaceBillDimension: z.string().trim().min(1, 'must not be empty').max(200).nullish(),
    unitPrice: ZPositiveDecimal.default('0.01'),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3,4}$/, 'must be a currency code such as "USD"')
      .transform((code) => code.toUpperCase())
      .default('USD'),
    quantityDecimalPlaces: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be from 0 to 6')
      .max(6, 'must be from 0 to 6')
      .default(0),
    overReportPolicy: z.enum(OVER_REPORT_POLICIES).default('CARRY_FORWARD'),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.splitUsageLineItems === 'ITEM_PER_BILL' && !config.marketplaceBillDimension) {
      ctx.addIssue({
        code: 'custom',
        path: ['marketplaceBillDimension'],
        message: 'is required when splitUsageLineItems is ITEM_PER_BILL',
      });
    }
  });
export type ConfigData = z.output<typeof ZConfigData>;
export type ConfigDataInput = z.input<typeof ZConfigData>;

export const ENTITY_TYPES = ['Bill'] as const;

const ZEmail = z.email('must be an email address').max(320);

/**
 * An integration configuration as written by an operator. `destination` is validated against the
 * registered adapters by the host, so core accepts any adapter id here.
 */
export const ZIntegrationConfigBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  destination: z.string().trim().min(1).max(100),
  entityType: z.enum(ENTITY_TYPES).default('Bill'),
  enabled: z.boolean().default(true),
  accountIds: ZIdList.default([]),
  restrictedAccountIds: ZIdList.default([]),
  disabledNotificationEmails: z.array(ZEmail).max(50).default([]),
  configData: ZConfigData,
});
export type IntegrationConfigBody = z.output<typeof ZIntegrationConfigBody>;

/** The stored integration, as the pipeline sees it. */
export interface IntegrationConfig extends IntegrationConfigBody {
  id: string;
  credentialId: string | null;
}

/** `unitPrice` as a Decimal, for the money code paths. */
export function unitPriceOf(config: Pick<ConfigData, 'unitPrice'>): Money {
  return new Money(config.unitPrice);
}
