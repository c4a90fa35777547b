import { describe, expect, it } from 'vitest';
import { sharedMeteringLimiter, TokenBucket } from '../../src/index.js';

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

describe('TokenBucket', () => {
  it('lets a burst of 10 through at once, then 10 per second; nobody is dropped', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 10, clock: time.clock, sleep: time.sleep });
    const startedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 25 }, () => bucket.acquire().then(() => startedAt.push(time.now))),
    );
    expect(startedAt).toHaveLength(25);
    expect(startedAt.slice(0, 10).every((at) => at === 0)).toBe(true);
    // After the burst, one call per 100 ms: the bucket refills at 10 per second.
    for (let index = 11; index < startedAt.length; index++) {
      expect(startedAt[index]! - startedAt[index - 1]!).toBe(100);
    }
    expect(startedAt[24]).toBe(1500);
  });

  it('refills while idle, up to the burst', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 10, clock: time.clock, sleep: time.sleep });
    for (let index = 0; index < 10; index++) await bucket.acquire();
    time.advance(60_000);
    for (let index = 0; index < 10; index++) await bucket.acquire();
    expect(time.sleeps).toEqual([]);
    await bucket.acquire();
    expect(time.sleeps).toEqual([100]);
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
