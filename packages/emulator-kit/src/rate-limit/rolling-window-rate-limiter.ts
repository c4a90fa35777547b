/**
 * Rolling one-second window per key, on a monotonic clock: an emulated service's calls-per-second
 * quota (per account and region, per organization…), measured in real time even when the emulator's
 * `now` is injected. Refused calls do not use up capacity.
 */
export class RateLimiter {
  readonly #calls = new Map<string, number[]>();

  constructor(
    private limitPerSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** 0 turns the limiter off. */
  setLimit(limitPerSecond: number): void {
    this.limitPerSecond = limitPerSecond;
  }

  get limit(): number {
    return this.limitPerSecond;
  }

  /** True when the call may go ahead (and counts it); false = throttle. */
  tryAcquire(key: string): boolean {
    if (this.limitPerSecond <= 0) return true;
    const now = this.clock();
    const recent = (this.#calls.get(key) ?? []).filter((at) => now - at < 1000);
    if (recent.length >= this.limitPerSecond) {
      this.#calls.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#calls.set(key, recent);
    return true;
  }

  reset(): void {
    this.#calls.clear();
  }
}
