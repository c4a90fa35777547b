import { z } from 'zod';

/**
 * An m3ter Service User's API credential (Settings → Service Users → Generate Access Key). Only
 * `apiSecret` is secret; the access key id is shown to operators.
 */
export const ZM3terCredential = z.object({
  accessKeyId: z.string().trim().min(1, 'must not be empty').max(200),
  apiSecret: z.string().min(1, 'must not be empty').max(1024),
});
export type M3terCredential = z.output<typeof ZM3terCredential>;

export const M3TER_SECRET_FIELDS = ['apiSecret'] as const satisfies readonly (keyof M3terCredential)[];

/**
 * The source's settings. m3ter organization ids are UUIDs; any text of letters, digits, `-` and `_`
 * is accepted (it becomes one URL path segment).
 */
export const ZM3terSettings = z.object({
  organizationId: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/,
      'must be the m3ter organization id (a UUID: letters, digits and "-")',
    ),
});
export type M3terSettings = z.output<typeof ZM3terSettings>;
