/**
 * zod schemas for the admin API bodies (and the same inputs on the library object). Defaults live
 * here so an HTTP seed and an in-process seed produce identical entries.
 */
import { z } from 'zod';
import { MAX_SESSION_SECONDS } from '../constants.js';
import { CUSTOMER_STATUSES } from './emulator-state.js';

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** `arn:aws:iam::123456789012:role/Name` (a path before the name is allowed). */
export const ROLE_ARN_PATTERN =
  /^arn:aws[a-zA-Z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
/** BatchMeterUsage's LicenseArn pattern (marketplace-metering model). */
export const LICENSE_ARN_PATTERN =
  /^arn:aws[a-zA-Z-]*:license-manager:[a-z0-9-]*:\d*:license:l-[a-zA-Z0-9]+$/;
export const PRODUCT_CODE_PATTERN = /^[-a-zA-Z0-9/=:_.@]{1,255}$/;

const accountId = z.string().regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit AWS account id');

export const accessKeyInputSchema = z
  .object({
    accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be 16–128 upper-case letters or digits'),
    secretAccessKey: z.string().min(1).max(1024),
    accountId,
    /** IAM user name shown in ARNs. Default `emulator-user`. */
    userName: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/)
      .default('emulator-user'),
  })
  // Not strict: the AWS SDK marks credential objects it was given (`$source`), and tests often
  // seed the very object they handed to a client.
  .strip();
export type AccessKeyInput = z.input<typeof accessKeyInputSchema>;

export const roleInputSchema = z
  .object({
    roleArn: z.string().regex(ROLE_ARN_PATTERN, 'must look like arn:aws:iam::123456789012:role/Name'),
    /** When set, AssumeRole must send exactly this ExternalId. */
    externalId: z.string().min(2).max(1224).optional(),
    /** Accounts allowed to assume the role. Default: the account of any seeded access key. */
    trustedAccountIds: z.array(accountId).optional(),
    /** The role's MaxSessionDuration (AWS default 3600 s). */
    maxSessionDurationSeconds: z.int().min(3600).max(MAX_SESSION_SECONDS).default(3600),
  })
  .strict();
export type RoleInput = z.input<typeof roleInputSchema>;

export const productInputSchema = z
  .object({
    productCode: z.string().regex(PRODUCT_CODE_PATTERN, 'must match ^[-a-zA-Z0-9/=:_.@]{1,255}$'),
    dimensions: z.array(z.string().min(1).max(255)).min(1),
    sellerAccountId: accountId,
  })
  .strict();
export type ProductInput = z.input<typeof productInputSchema>;

const customerStatus = z.enum(CUSTOMER_STATUSES);
const licenseArn = z.string().regex(LICENSE_ARN_PATTERN, 'must be a License Manager license ARN');

export const customerInputSchema = z
  .object({
    customerAwsAccountId: accountId,
    productCode: z.string().min(1).max(255),
    licenseArn: licenseArn.optional(),
    /** Legacy (pre-2026) products: the opaque id ResolveCustomer returned. */
    customerIdentifier: z.string().min(1).max(255).optional(),
    status: customerStatus.default('SUBSCRIBED'),
  })
  .strict();
export type CustomerInput = z.input<typeof customerInputSchema>;

export const customerPatchSchema = z
  .object({
    status: customerStatus.optional(),
    licenseArn: licenseArn.optional(),
  })
  .strict();
export type CustomerPatch = z.input<typeof customerPatchSchema>;

export const windowHoursSchema = z.union([z.literal(6), z.literal(24)]);

/** Bulk seed document: the CLI's `--data` file and `POST /admin/load`. */
export const seedDocumentSchema = z
  .object({
    accessKeys: z.array(z.unknown()).default([]),
    roles: z.array(z.unknown()).default([]),
    products: z.array(z.unknown()).default([]),
    customers: z.array(z.unknown()).default([]),
    faults: z.unknown().optional(),
    windowHours: windowHoursSchema.optional(),
  })
  .strict();
