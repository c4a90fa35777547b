import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, retryDelayMs } from './retry-delay.js';

const low = () => 0;
const high = () => 0.999_999;

describe('retryDelayMs', () => {
  it('doubles per attempt from 1 s, jittered over the upper half of each step', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, null, low))).toEqual([500, 1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, null, high))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('spreads retries of one attempt over the whole jitter range', () => {
    const delays = Array.from({ length: 11 }, (_, i) => retryDelayMs(4, null, () => i / 10));
    expect(new Set(delays).size).toBe(11);
    expect(Math.min(...delays)).toBe(4000);
    expect(Math.max(...delays)).toBe(8000);
  });

  it('never waits longer than the ceiling, however many attempts', () => {
    expect(retryDelayMs(40, null, high)).toBe(MAX_BACKOFF_MS);
    expect(retryDelayMs(10_000, null, low)).toBe(MAX_BACKOFF_MS / 2);
  });

  it('honours Retry-After when it asks for longer than the backoff', () => {
    expect(retryDelayMs(1, 30_000, low)).toBe(30_000);
    expect(retryDelayMs(5, 1_000, low)).toBe(8_000);
  });

  it('clamps a huge or malformed Retry-After to the ceiling instead of an invalid date', () => {
    for (const header of [86_400_000, Number('9'.repeat(400)) * 1000, Number.POSITIVE_INFINITY]) {
      const delay = retryDelayMs(1, header, low);
      expect(delay).toBe(MAX_BACKOFF_MS);
      expect(Number.isNaN(new Date(Date.now() + delay).getTime())).toBe(false);
    }
    for (const header of [Number.NaN, -5_000]) expect(retryDelayMs(1, header, low)).toBe(500);
  });

  it('is always a finite whole number of ms within [0, ceiling] (any attempts, Retry-After, random source)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -5, max: 1_000 }), fc.constant(Number.NaN)),
        fc.oneof(fc.constant(null), fc.double(), fc.integer()),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempts, retryAfter, random) => {
          const delay = retryDelayMs(attempts, retryAfter, () => random);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(MAX_BACKOFF_MS);
        },
      ),
    );
  });
});
