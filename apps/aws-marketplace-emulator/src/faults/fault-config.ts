/**
 * Fault-injection settings. Call-level rates are probabilities per targeted call; they are exclusive
 * outcomes of a single draw, so their sum must not exceed 1. `rateUnprocessed` is drawn per record.
 */
import { z } from 'zod';

const rate = z.number().min(0).max(1).default(0);

export const faultConfigSchema = z
  .object({
    /** `InternalServiceErrorException` (STS: `InternalFailure`), HTTP 500, nothing processed. */
    rate500: rate,
    /** `ThrottlingException` (STS: `Throttling`), HTTP 400, nothing processed. */
    rateThrottle: rate,
    /** The call is processed and recorded, then the answer is lost (see `lostResponseAs`). */
    rateLostResponse: rate,
    /** Socket destroyed before the call is processed: nothing recorded, no response. */
    rateDropConnection: rate,
    /** Per record of an accepted BatchMeterUsage call: returned in `UnprocessedRecords`, not processed. */
    rateUnprocessed: rate,
    /** How a lost response reaches the client: socket destroyed (default) or a 500 error answer. */
    lostResponseAs: z.enum(['destroy', 'status500']).default('destroy'),
    /** Added to every targeted call before anything else happens. */
    latencyMs: z.int().min(0).max(120_000).default(0),
    /** The next n targeted calls fail with a 500 (deterministic; counts down, shown by GET). */
    failNextCalls: z.int().min(0).max(1_000_000).default(0),
    /** Which API the faults hit; default both. */
    only: z.enum(['metering', 'sts']).optional(),
    /** Re-seeds the PRNG behind fault decisions when given. */
    seed: z.int().optional(),
  })
  .strict()
  .refine(
    (config) =>
      config.rate500 + config.rateThrottle + config.rateLostResponse + config.rateDropConnection <= 1 + 1e-9,
    {
      message: 'the sum of rate500, rateThrottle, rateLostResponse and rateDropConnection must not exceed 1',
    },
  );

export type AwsFaultConfig = z.output<typeof faultConfigSchema>;
export type AwsFaultConfigInput = z.input<typeof faultConfigSchema>;

export const NO_FAULTS: AwsFaultConfig = faultConfigSchema.parse({});
