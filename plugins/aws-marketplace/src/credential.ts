import { z } from 'zod';
import {
  ACCESS_KEY_ID_PATTERN,
  EXTERNAL_ID_PATTERN,
  PRODUCT_CODE_PATTERN,
  REGION_PATTERN,
  ROLE_ARN_PATTERN,
} from './constants.js';

/**
 * The AWS credential. Production: the seller's IAM role (`roleArn` + `externalId`), which the hub
 * assumes through STS, from its own identity (the optional static keys given here, else the SDK's
 * default provider chain: `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, an instance or task role…).
 * Development: static keys alone. `productCode` only for legacy products (`CustomerIdentifier`).
 * Only `secretAccessKey` is secret: the external id is a confused-deputy guard, not a password.
 */
export const ZAwsCredential = z
  .object({
    region: z
      .string()
      .trim()
      .regex(REGION_PATTERN, 'must be an AWS region such as us-east-1')
      .optional()
      .meta({
        title: 'Region',
        description:
          "The AWS region of the Marketplace Metering Service and STS calls, e.g. us-east-1. Leave empty for the hub's default region.",
      }),
    roleArn: z
      .string()
      .trim()
      .regex(ROLE_ARN_PATTERN, 'must be an IAM role ARN such as arn:aws:iam::123456789012:role/HubMetering')
      .optional()
      .meta({
        title: 'IAM role ARN',
        description:
          'The IAM role in your seller account that the hub assumes to meter usage (it needs aws-marketplace:BatchMeterUsage), e.g. arn:aws:iam::123456789012:role/HubMetering. Give it with the external ID; leave empty only for development keys.',
      }),
    externalId: z
      .string()
      .trim()
      .regex(
        EXTERNAL_ID_PATTERN,
        'must be 2 to 1224 letters, digits or +=,.@:/-_ (the role trust policy ExternalId)',
      )
      .optional()
      .meta({
        title: 'External ID',
        description:
          "The sts:ExternalId condition in the role's trust policy. Required with the role ARN; it guards against confused deputies and is not a password.",
      }),
    accessKeyId: z
      .string()
      .trim()
      .regex(ACCESS_KEY_ID_PATTERN, 'must be an AWS access key id (16 to 128 letters and digits, e.g. AKIA…)')
      .optional()
      .meta({
        title: 'Access key ID',
        description:
          "Optional: an access key (AKIA…) for the identity that assumes the role, or, without a role, for development. Leave empty to use the hub's own AWS identity (environment variables, instance or task role).",
      }),
    secretAccessKey: z.string().min(1, 'must not be empty').max(1024).optional().meta({
      title: 'Secret access key',
      description: 'The secret of that access key, required with it. Stored encrypted and never shown again.',
    }),
    productCode: z
      .string()
      .trim()
      .regex(PRODUCT_CODE_PATTERN, 'must be the product code of the listing (letters, digits and -/=:_.@)')
      .optional()
      .meta({
        title: 'Product code',
        description:
          "Only for legacy products whose customers are mapped by CustomerIdentifier: the listing's product code. Leave empty for products using license ARNs.",
      }),
  })
  .superRefine((value, ctx) => {
    const role = value.roleArn !== undefined;
    const keys = value.accessKeyId !== undefined || value.secretAccessKey !== undefined;
    if (!role && !keys) {
      ctx.addIssue({
        code: 'custom',
        path: ['roleArn'],
        message:
          'give roleArn and externalId (the hub assumes your role), or accessKeyId and secretAccessKey (development)',
      });
      return;
    }
    if (role && value.externalId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['externalId'],
        message: 'is required with roleArn: the ExternalId your role trust policy expects',
      });
    }
    if (!role && value.externalId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['roleArn'], message: 'is required with externalId' });
    }
    if (value.accessKeyId !== undefined && value.secretAccessKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['secretAccessKey'], message: 'is required with accessKeyId' });
    }
    if (value.secretAccessKey !== undefined && value.accessKeyId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['accessKeyId'], message: 'is required with secretAccessKey' });
    }
  });

export type AwsCredential = z.output<typeof ZAwsCredential>;

export const AWS_SECRET_FIELDS = ['secretAccessKey'] as const satisfies readonly (keyof AwsCredential)[];
