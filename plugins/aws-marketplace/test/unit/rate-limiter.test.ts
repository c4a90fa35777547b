import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter, sharedMeteringLimiter } from '../../src/index.js';

/** A clock that only moves when the limiter sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
    get now() {
      return now;
    },
  };
}

describe('SlidingWindowLimiter', () => {
  it('starts at most 10 calls within any second, however they bunch; nobody is dropped', async () => {
    const time = fakeTime();
    const limiter = new SlidingWindowLimiter({ limit: 10, clock: time.clock, sleep: time.sleep });
    const startedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 35 }, () => limiter.acquire().then(() => startedAt.push(time.now))),
    );
    expect(startedAt).toHaveLength(35);
    expect(startedAt.slice(0, 10).every((at) => at === 0)).toBe(true);
    for (let i = 10; i < startedAt.length; i++)
      expect(startedAt[i]! - startedAt[i - 10]!).toBeGreaterThanOrEqual(1000);
    expect(startedAt[34]).toBe(3000);
  });

  it('after a quiet spell, still no more than 10 in any second (a token bucket would let 20 through)', async () => {
    const time = fakeTime();
    const limiter = new SlidingWindowLimiter({ limit: 10, clock: time.clock, sleep: time.sleep });
    const startedAt: number[] = [];
    for (let i = 0; i < 10; i++) {
      await limiter.acquire();
      startedAt.push(time.now);
      time.advance(95);
    }
    time.advance(60_000);
    for (let i = 0; i < 30; i++) {
      await limiter.acquire();
      startedAt.push(time.now);
      time.advance(10);
    }
    for (const start of startedAt) {
      const inWindow = startedAt.filter((at) => at >= start && at < start + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new SlidingWindowLimiter({ limit: 0 })).toThrow(RangeError);
  });

  it('is shared per principal and region', () => {
    expect(sharedMeteringLimiter('arn:aws:iam::1:role/a', 'us-east-1')).toBe(
      sharedMeteringLimiter('arn:aws:iam::1:role/a', 'us-east-1'),
    );
    expect(sharedMeteringLimiter('arn:aws:iam::1:role/a', 'us-east-1')).not.toBe(
      sharedMeteringLimiter('arn:aws:iam::1:role/a', 'eu-west-1'),
    );
  });
});
