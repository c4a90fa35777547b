/**
 * Fault-injection settings. The status/drop rates are exclusive outcomes of one draw per targeted
 * request, so their sum must not exceed 1. `versionChangeBetweenReads` is a separate draw, made
 * only on `GET /bills/{id}` requests that got past the other faults.
 */
import { z } from 'zod';
import { CONFIG_API_ROUTE_IDS, EMULATOR_ROUTE_IDS } from '../routes/route-ids.js';

const rate = z.number().min(0).max(1).default(0);

export const faultConfigSchema = z
  .object({
    /** 429 Too Many Requests with a Retry-After header. */
    rate429: rate,
    /** 500 Internal Server Error. */
    rate500: rate,
    /** 502 Bad Gateway. */
    rate502: rate,
    /** Socket destroyed before the request is processed: no response at all. */
    rateDropConnection: rate,
    /**
     * Probability that a `GET /bills/{id}` is answered with the bill after a silent regeneration
     * (version + 1, amounts changed, `billing.bill.updated` emitted).
     */
    versionChangeBetweenReads: rate,
    /** Added to every targeted request before anything else happens. */
    latencyMs: z.int().min(0).max(120_000).default(0),
    /** Retry-After (seconds) on injected 429s. */
    retryAfterSeconds: z.int().min(0).max(3600).default(1),
    /** Which routes the faults hit; default: every organization route (the token endpoint only when listed). */
    routes: z.array(z.enum(EMULATOR_ROUTE_IDS)).default(() => [...CONFIG_API_ROUTE_IDS]),
    /** Re-seeds the PRNG behind fault decisions when given. */
    seed: z.int().optional(),
  })
  .strict()
  .refine(
    (config) => config.rate429 + config.rate500 + config.rate502 + config.rateDropConnection <= 1 + 1e-9,
    {
      message: 'the sum of rate429, rate500, rate502 and rateDropConnection must not exceed 1',
    },
  );

export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;

export const NO_FAULTS: FaultConfig = faultConfigSchema.parse({});
