import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchEvents, type UsageEvent } from '../src/index.js';

const event = (id: string, planId: string | null = null): UsageEvent => ({
  id,
  resourceId: '123456789012',
  dimension: 'd',
  quantity: '1',
  effectiveStartTime: '2026-12-03T10:00:00.000Z',
  planId,
});

describe('batchEvents', () => {
  it('cuts at maxBatchSize, keeping order', () => {
    const events = Array.from({ length: 60 }, (_, i) => event(`e${i}`));
    const batches = batchEvents(events, { maxBatchSize: 25 });
    expect(batches.map((b) => b.length)).toEqual([25, 25, 10]);
    expect(batches.flat().map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it('never puts events with different batch keys in one submission', () => {
    const events = [event('a1', 'A'), event('b1', 'B'), event('a2', 'A'), event('b2', 'B'), event('a3', 'A')];
    const batches = batchEvents(events, { maxBatchSize: 2, batchKey: (e) => e.planId ?? '' });
    expect(batches.map((b) => b.map((e) => e.id))).toEqual([['a1', 'a2'], ['a3'], ['b1', 'b2']]);
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => batchEvents([event('a')], { maxBatchSize: 0 })).toThrow(RangeError);
  });

  it('property: every event once, batches within size, one key per batch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('A', 'B', 'C'), { maxLength: 200 }),
        fc.integer({ min: 1, max: 30 }),
        (keys, size) => {
          const events = keys.map((key, i) => event(`e${i}`, key));
          const batches = batchEvents(events, { maxBatchSize: size, batchKey: (e) => e.planId ?? '' });
          expect(
            batches
              .flat()
              .map((e) => e.id)
              .sort(),
          ).toEqual(events.map((e) => e.id).sort());
          for (const batch of batches) {
            expect(batch.length).toBeGreaterThan(0);
            expect(batch.length).toBeLessThanOrEqual(size);
            expect(new Set(batch.map((e) => e.planId)).size).toBe(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
