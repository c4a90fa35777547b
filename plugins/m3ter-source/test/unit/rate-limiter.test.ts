import { describe, expect, it } from 'vitest';
import { type LimiterClock, organizationLimiter, RateLimiter } from '../../src/rate-limiter.js';

/** A clock that only moves when someone sleeps on it. */
function fakeClock(): LimiterClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('lets a burst through, then spaces callers at the rate', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(50, 50, clock);
    for (let i = 0; i < 50; i += 1) expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(20);
    expect(await limiter.acquire()).toBe(20);
    expect(clock.sleeps).toEqual([20, 20]);
  });

  it('never exceeds the rate over any second, however many callers wait at once', async () => {
    const granted: number[] = [];
    // All 200 arrive at t=0; each is let through after the wait it was given.
    const limiter = new RateLimiter(50, 50, { now: () => 0, sleep: async () => {} });
    const waits = await Promise.all(Array.from({ length: 200 }, () => limiter.acquire()));
    for (const wait of waits) granted.push(wait);
    granted.sort((a, b) => a - b);
    // Reserved slots: 50 at once, then one every 20 ms.
    for (let i = 0; i < granted.length; i += 1) expect(granted[i]).toBe(i < 50 ? 0 : (i - 49) * 20);
    for (let start = 0; start < 3000; start += 10) {
      const inWindow = granted.filter((t) => t >= start && t < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(100);
    }
  });

  it('refills with time', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(10, 2, clock);
    await limiter.acquire();
    await limiter.acquire();
    expect(await limiter.acquire()).toBe(100);
    await clock.sleep(1_000);
    expect(await limiter.acquire()).toBe(0);
  });

  it('one limiter per organization in the process', () => {
    expect(organizationLimiter('org-a')).toBe(organizationLimiter('org-a'));
    expect(organizationLimiter('org-a')).not.toBe(organizationLimiter('org-b'));
    expect(organizationLimiter('org-a').ratePerSecond).toBe(50);
  });
});
