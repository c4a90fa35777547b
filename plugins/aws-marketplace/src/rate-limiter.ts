import { setTimeout as delay } from 'node:timers/promises';
import { AWS_CALLS_PER_SECOND } from './constants.js';

export interface RateLimiterOptions {
  /** Most calls that may start within any `windowMs`. */
  limit: number;
  /** Default one second. */
  windowMs?: number;
  /** Monotonic milliseconds; injectable for tests. */
  clock?: () => number;
  /** Waits `ms`; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A sliding-window limiter: at most `limit` calls start within any `windowMs`, however they bunch.
 * (A token bucket of the same rate lets twice its rate through in the second after a quiet spell,
 * burst plus refill, which AWS's per-second quota may refuse.) Callers that must wait do so in
 * arrival order; none is dropped.
 */
export class SlidingWindowLimiter {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Start times of the latest calls, oldest first (at most `limit`). */
  private readonly starts: number[] = [];
  /** The tail of the queue of waiting callers. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (!(Number.isInteger(options.limit) && options.limit > 0))
      throw new RangeError('limit must be a positive integer');
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 1000;
    this.clock = options.clock ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
  }

  /** Resolves when the caller may make one call. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    // A failing sleeper must not wedge the queue for later callers.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = this.clock();
      if (this.starts.length < this.limit) break;
      // The window is full until its oldest start leaves it.
      const wait = this.starts[0]! + this.windowMs - now;
      if (wait <= 0) {
        this.starts.shift();
        break;
      }
      await this.sleep(Math.ceil(wait));
    }
    this.starts.push(this.clock());
  }
}

/**
 * One limiter per (account or role, region), shared by every client of the process: AWS's quota is
 * 10 `BatchMeterUsage` calls per second per account and region, whichever credential record or
 * integration the calls come from. (Per process: several worker processes sending for one account
 * share the quota without knowing of each other; AWS's ThrottlingException is retried.)
 */
const shared = new Map<string, SlidingWindowLimiter>();

export function sharedMeteringLimiter(principal: string, region: string): SlidingWindowLimiter {
  const key = `${principal}\u0000${region}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter({ limit: AWS_CALLS_PER_SECOND });
    shared.set(key, limiter);
  }
  return limiter;
}
