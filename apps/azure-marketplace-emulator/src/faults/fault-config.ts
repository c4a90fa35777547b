/**
 * Fault-injection settings. Rates are probabilities per request; they are exclusive outcomes of a
 * single draw, so their sum must not exceed 1.
 */
import { z } from 'zod';
import { EMULATOR_ROUTE_IDS, MARKETPLACE_API_ROUTE_IDS } from '../routes/route-ids.js';

const rate = z.number().min(0).max(1).default(0);

export const faultConfigSchema = z
  .object({
    /** 429 Too Many Requests with a Retry-After header. */
    rate429: rate,
    /** 500 Internal Server Error. */
    rate500: rate,
    /** 503 Service Unavailable with a Retry-After header. */
    rate503: rate,
    /** Socket destroyed before the request is processed: nothing recorded, no response. */
    dropConnectionRate: rate,
    /** Request processed and recorded, then the socket destroyed instead of responding. */
    lostResponseRate: rate,
    /** Added to every targeted request before anything else happens. */
    latencyMs: z.int().min(0).max(120_000).default(0),
    retryAfterSeconds: z.int().min(0).max(3600).default(1),
    /**
     * Sent verbatim as `Retry-After` instead of `retryAfterSeconds`: for testing clients against a
     * huge or malformed value (`86400`, 400 digits, `soon`), as a misbehaving proxy might send.
     */
    retryAfterHeader: z.string().min(1).max(1000).optional(),
    /**
     * `GET /usageEvents` leaves out events accepted less than this many seconds ago (emulator
     * clock), as a read-back that lags behind the metering API would. Applies when `usageEvents` is
     * among `routes`. Not a per-request draw: it holds for every read-back.
     */
    readBackLagSeconds: z
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .default(0),
    /** Which routes the faults hit; default: every `/api` route (the token endpoint only when listed). */
    routes: z.array(z.enum(EMULATOR_ROUTE_IDS)).default(() => [...MARKETPLACE_API_ROUTE_IDS]),
    /** Re-seeds the PRNG behind fault decisions when given. */
    seed: z.int().optional(),
  })
  .strict()
  .refine(
    (config) =>
      config.rate429 +
        config.rate500 +
        config.rate503 +
        config.dropConnectionRate +
        config.lostResponseRate <=
      1 + 1e-9,
    { message: 'the sum of the rates must not exceed 1' },
  );

export type FaultConfig = z.output<typeof faultConfigSchema>;
export type FaultConfigInput = z.input<typeof faultConfigSchema>;

export const NO_FAULTS: FaultConfig = faultConfigSchema.parse({});
