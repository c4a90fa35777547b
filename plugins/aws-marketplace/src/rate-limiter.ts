import { setTimeout as delay } from 'node:timers/promises';
import { AWS_CALLS_PER_SECOND } from './constants.js';

export interface RateLimiterOptions {
  /** Calls per second, refilled continuously. */
  ratePerSecond: number;
  /** Most calls that may start at once after a quiet spell. Default: one second's worth. */
  burst?: number;
  /** Monotonic milliseconds; injectable for tests. */
  clock?: () => number;
  /** Waits `ms`; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A token bucket: at most `burst` calls at once, `ratePerSecond` on average. Calls that find the
 * bucket empty wait their turn (first come, first served); none is dropped.
 */
export class TokenBucket {
  private readonly rate: number;
  private readonly burst: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private tokens: number;
  private updatedAt: number;
  /** The tail of the queue of waiting callers. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.rate = options.ratePerSecond;
    this.burst = Math.max(1, options.burst ?? Math.ceil(options.ratePerSecond));
    this.clock = options.clock ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
    this.tokens = this.burst;
    this.updatedAt = this.clock();
  }

  /** Resolves when the caller may make one call. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    // A failing sleeper must not wedge the queue for later callers.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.clock();
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.rate) / 1000);
    this.updatedAt = now;
  }

  private async take(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await this.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.rate));
      this.refill();
    }
    this.tokens -= 1;
  }
}

/**
 * One bucket per (account or role, region), shared by every client of the process: AWS's quota is
 * 10 `BatchMeterUsage` calls per second per account and region, whichever credential record or
 * integration the calls come from.
 */
const shared = new Map<string, TokenBucket>();

export function sharedMeteringLimiter(principal: string, region: string): TokenBucket {
  const key = `${principal}\u0000${region}`;
  let bucket = shared.get(key);
  if (!bucket) {
    bucket = new TokenBucket({ ratePerSecond: AWS_CALLS_PER_SECOND });
    shared.set(key, bucket);
  }
  return bucket;
}
