import { z } from 'zod';
import { ZNumberText } from '../money/decimal.js';

const ZAddressLine = z.string().max(500).nullish();

export const ZAddress = z.object({
  addressLine1: ZAddressLine,
  addressLine2: ZAddressLine,
  addressLine3: ZAddressLine,
  addressLine4: ZAddressLine,
  locality: ZAddressLine,
  region: ZAddressLine,
  postCode: ZAddressLine,
  country: ZAddressLine,
});

/** An account as the hub stores it; `customFields` values are strings or numbers (m3ter-model.md §7). */
export const ZAccountBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(500),
  code: z.string().trim().min(1, 'must not be empty').max(200),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3,4}$/, 'must be a currency code such as "USD"')
    .nullish(),
  address: ZAddress.nullish(),
  customFields: z
    .record(
      z.string().max(200),
      z
        .union([
          z.string().max(2000),
          z.number().refine(Number.isFinite),
          // a decimal that the lossless JSON parser kept as text stays exact as a numeric string
          ZNumberText.transform((value) => value.value),
        ])
        .nullable(),
    )
    .nullish(),
  parentAccountId: z.string().max(200).nullish(),
});

export const ZAccount = ZAccountBody.extend({ id: z.string().trim().min(1, 'must not be empty').max(200) });
export type Account = z.output<typeof ZAccount>;
