import { ORG_REQUESTS_PER_SECOND } from './constants.js';

export interface LimiterClock {
  /** Monotonic milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A token bucket: `ratePerSecond` requests a second on average, bursts of up to `burst`. Callers
 * wait, never fail. Each `acquire` reserves its slot at once (the balance may go below zero), so
 * concurrent callers queue in arrival order without polling.
 */
export class RateLimiter {
  #tokens: number;
  #updatedAt: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = ratePerSecond,
    private readonly clock: LimiterClock = realClock,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new RangeError('rate must be > 0 and burst >= 1');
    this.#tokens = burst;
    this.#updatedAt = clock.now();
  }

  /** How long the caller waited, in milliseconds. */
  async acquire(): Promise<number> {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed * this.ratePerSecond) / 1000);
    this.#updatedAt = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 0;
    const waitMs = Math.ceil((-this.#tokens * 1000) / this.ratePerSecond);
    await this.clock.sleep(waitMs);
    return waitMs;
  }
}

const ORGANIZATION_LIMITERS = new Map<string, RateLimiter>();

/**
 * The process-wide limiter of one m3ter organization: every client of that organization in this
 * process shares it, so several syncs together stay under m3ter's 50 requests/s per organization.
 */
export function organizationLimiter(organizationId: string): RateLimiter {
  let limiter = ORGANIZATION_LIMITERS.get(organizationId);
  if (!limiter) {
    limiter = new RateLimiter(ORG_REQUESTS_PER_SECOND, ORG_REQUESTS_PER_SECOND);
    ORGANIZATION_LIMITERS.set(organizationId, limiter);
  }
  return limiter;
}
