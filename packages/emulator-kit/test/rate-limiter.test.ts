/** The rolling-window rate limiter (moved from the AWS and m3ter emulators' tests), on a test clock. */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/index.js';

describe('rate limiter', () => {
  it('allows n calls per rolling second per key', () => {
    let t = 0;
    const limiter = new RateLimiter(2, () => t);
    expect([limiter.tryAcquire('a'), limiter.tryAcquire('a'), limiter.tryAcquire('a')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(limiter.tryAcquire('b')).toBe(true);
    t = 999;
    expect(limiter.tryAcquire('a')).toBe(false);
    t = 1000;
    expect([limiter.tryAcquire('a'), limiter.tryAcquire('a'), limiter.tryAcquire('a')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('0 turns it off; reset forgets every key', () => {
    const limiter = new RateLimiter(1, () => 0);
    expect(limiter.tryAcquire('a')).toBe(true);
    expect(limiter.tryAcquire('a')).toBe(false);
    limiter.reset();
    expect(limiter.tryAcquire('a')).toBe(true);
    limiter.setLimit(0);
    expect(limiter.limit).toBe(0);
    expect(Array.from({ length: 10 }, () => limiter.tryAcquire('a')).every(Boolean)).toBe(true);
  });
});
