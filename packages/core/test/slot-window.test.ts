import { DEFAULT_SLOT_MARGIN_MS, HOUR_MS, oldestSlotStart, slotStartOf } from '@hub/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * HOUR_MS;

const at = (iso: string) => new Date(iso);
/** How many whole slots `oldest` lies before the slot holding `now`. */
const slotsBack = (oldest: Date, now: Date, slotLengthMs = HOUR_MS) =>
  (slotStartOf(now, slotLengthMs).getTime() - oldest.getTime()) / slotLengthMs;

/** Azure: 24 h window, hour slots, the default 2 h margin. */
const azure = { acceptanceWindowMs: 24 * HOUR_MS, slotLengthMs: HOUR_MS };

/**
 * AWS: 24 h back, and no usage of a month once it is 06:00 UTC on the 1st of the next one.
 * (Written here from the rule, not imported from the plugin: core's test must not depend on a plugin.)
 */
function awsAcceptedFrom(time: Date): Date {
  const monthStart = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), 1);
  const cutoff = monthStart + 6 * HOUR_MS;
  const windowStart = time.getTime() - DAY_MS;
  return new Date(time.getTime() >= cutoff ? Math.max(windowStart, monthStart) : windowStart);
}
const aws = {
  acceptanceWindowMs: 24 * HOUR_MS,
  slotLengthMs: HOUR_MS,
  slotMarginMs: HOUR_MS,
  acceptedFrom: awsAcceptedFrom,
};

describe('oldestSlotStart: a fixed window (Azure-like)', () => {
  it('keeps the default margin of 2 h', () => {
    expect(DEFAULT_SLOT_MARGIN_MS).toBe(2 * HOUR_MS);
  });

  it.each([
    '2026-03-15T10:00:00.000Z',
    '2026-03-15T10:00:00.001Z',
    '2026-03-15T10:30:00.000Z',
    '2026-03-15T10:59:59.000Z',
    '2026-03-15T10:59:59.999Z',
  ])('at %s goes exactly 22 slots back from the current one', (iso) => {
    const oldest = oldestSlotStart(azure, at(iso));
    expect(oldest.toISOString()).toBe('2026-03-14T12:00:00.000Z');
    expect(slotsBack(oldest, at(iso))).toBe(22);
  });

  it('crosses a month (and year) boundary with no rule of its own', () => {
    expect(oldestSlotStart(azure, at('2026-01-01T03:15:00Z')).toISOString()).toBe('2025-12-31T05:00:00.000Z');
  });

  it('takes the margin as given: 1 h leaves 23 slots, 0 leaves 24, a margin of the whole window leaves only the current slot', () => {
    const now = at('2026-03-15T10:20:00Z');
    expect(slotsBack(oldestSlotStart({ ...azure, slotMarginMs: HOUR_MS }, now), now)).toBe(23);
    expect(slotsBack(oldestSlotStart({ ...azure, slotMarginMs: 0 }, now), now)).toBe(24);
    expect(oldestSlotStart({ ...azure, slotMarginMs: 24 * HOUR_MS }, now)).toEqual(slotStartOf(now, HOUR_MS));
    expect(oldestSlotStart({ ...azure, slotMarginMs: 48 * HOUR_MS }, now)).toEqual(slotStartOf(now, HOUR_MS));
  });

  it('counts in slots of any length (15-minute slots, 1 h window, 30 min margin: 2 slots back)', () => {
    const now = at('2026-03-15T10:20:00Z');
    const oldest = oldestSlotStart(
      { acceptanceWindowMs: HOUR_MS, slotLengthMs: 15 * MINUTE_MS, slotMarginMs: 30 * MINUTE_MS },
      now,
    );
    expect(oldest.toISOString()).toBe('2026-03-15T09:45:00.000Z');
  });
});

describe('oldestSlotStart: acceptedFrom (AWS-like: 24 h, 1 h margin, month-end cutoff at 06:00 UTC)', () => {
  it('goes 23 slots back mid-month when now is a slot start', () => {
    for (const iso of ['2026-03-15T10:00:00Z', '2026-03-15T00:00:00Z', '2026-03-02T06:00:00Z']) {
      const oldest = oldestSlotStart(aws, at(iso));
      expect(slotsBack(oldest, at(iso)), iso).toBe(23);
    }
  });

  it('inside a slot, keeps the chosen slot accepted for the whole margin (acceptedFrom(now + 1 h), rounded up)', () => {
    const now = at('2026-03-15T10:20:00Z');
    const oldest = oldestSlotStart(aws, now);
    // 11:00 the day before is 24 h 20 min old at now + margin: AWS would refuse it by then.
    expect(oldest.toISOString()).toBe('2026-03-14T12:00:00.000Z');
    expect(awsAcceptedFrom(new Date(now.getTime() + HOUR_MS)).getTime()).toBeLessThanOrEqual(
      oldest.getTime(),
    );
  });

  it("at 04:30 on the 1st still allows the previous month's slots, back to what is accepted at 05:30", () => {
    const oldest = oldestSlotStart(aws, at('2026-03-01T04:30:00Z'));
    // acceptedFrom(05:30) = 2026-02-28T05:30, rounded up to the next slot start.
    expect(oldest.toISOString()).toBe('2026-02-28T06:00:00.000Z');
  });

  it.each([
    '2026-03-01T05:00:00Z',
    '2026-03-01T05:30:00Z',
    '2026-03-01T05:59:59.999Z',
    '2026-03-01T06:00:00Z',
    '2026-03-01T12:00:00Z',
    '2026-03-01T22:30:00Z',
  ])('at %s (now + 1 h margin at or after the 06:00 cutoff) chooses no slot of February', (iso) => {
    const oldest = oldestSlotStart(aws, at(iso));
    expect(oldest.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('later on the 1st the 24 h window binds again: 23:59:59 → 01:00 (24 h before 00:59:59, rounded up)', () => {
    expect(oldestSlotStart(aws, at('2026-03-01T23:59:59Z')).toISOString()).toBe('2026-03-01T01:00:00.000Z');
  });

  it('on the 2nd the month rule no longer binds: 23 slots back from a slot start', () => {
    const now = at('2026-03-02T03:00:00Z');
    expect(oldestSlotStart(aws, now).toISOString()).toBe('2026-03-01T04:00:00.000Z');
  });

  it('never excludes the newest slot, even when acceptedFrom lies after it', () => {
    const now = at('2026-03-01T00:10:00Z');
    // The cutoff at 06:00 on the 1st of March (margin 6 h): only March is accepted, and March's first
    // slot is the current one.
    const oldest = oldestSlotStart({ ...aws, slotMarginMs: 6 * HOUR_MS }, now);
    expect(oldest.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    const future = oldestSlotStart(
      { ...aws, acceptedFrom: (time) => new Date(time.getTime() + DAY_MS) },
      now,
    );
    expect(future).toEqual(slotStartOf(now, HOUR_MS));
  });
});

describe('oldestSlotStart: properties', () => {
  const SLOT_LENGTHS = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS, 7 * MINUTE_MS + 13_000, DAY_MS];
  const limits = fc.record({
    slotLengthMs: fc.constantFrom(...SLOT_LENGTHS),
    acceptanceWindowMs: fc.integer({ min: 0, max: 72 * HOUR_MS }),
    slotMarginMs: fc.option(fc.integer({ min: 0, max: 72 * HOUR_MS }), { nil: undefined }),
    acceptedFrom: fc.option(
      fc.oneof(
        // A window of its own, possibly narrower or wider than acceptanceWindowMs.
        fc
          .integer({ min: 0, max: 72 * HOUR_MS })
          .map((back) => (time: Date) => new Date(time.getTime() - back)),
        // AWS's month-end rule.
        fc.constant(awsAcceptedFrom),
        // A destination that accepts nothing before some future moment.
        fc
          .integer({ min: 1, max: 10 * HOUR_MS })
          .map((ahead) => (time: Date) => new Date(time.getTime() + ahead)),
      ),
      { nil: undefined },
    ),
  });
  const now = fc
    .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) })
    .map((time) => new Date(time));

  it('is a slot start, at most the newest slot, inside the window minus the margin, and accepted after the margin', () => {
    fc.assert(
      fc.property(limits, now, (rules, time) => {
        const oldest = oldestSlotStart(rules, time).getTime();
        const newest = slotStartOf(time, rules.slotLengthMs).getTime();
        const margin = rules.slotMarginMs ?? DEFAULT_SLOT_MARGIN_MS;
        // A slot start.
        expect(oldest % rules.slotLengthMs).toBe(0);
        // Never after the newest slot: the current slot is always a candidate.
        expect(oldest).toBeLessThanOrEqual(newest);
        // Never further back than whole slots of (window - margin) from the current one.
        const back = Math.max(0, Math.floor((rules.acceptanceWindowMs - margin) / rules.slotLengthMs));
        expect(oldest).toBeGreaterThanOrEqual(newest - back * rules.slotLengthMs);
        if (rules.acceptedFrom) {
          const earliest = rules.acceptedFrom(new Date(time.getTime() + margin)).getTime();
          // Still accepted once the margin has passed, unless that would exclude the newest slot.
          if (oldest < newest) expect(earliest).toBeLessThanOrEqual(oldest);
          else expect(oldest).toBe(newest);
          // And no whole slot more is given up than acceptedFrom requires.
          if (earliest > newest - back * rules.slotLengthMs && earliest <= newest) {
            expect(oldest - earliest).toBeLessThan(rules.slotLengthMs);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('with acceptedFrom = at - window and a whole-slot now, equals the fixed-window answer', () => {
    fc.assert(
      fc.property(limits, now, (rules, time) => {
        const aligned = slotStartOf(time, rules.slotLengthMs);
        const fixed = { ...rules, acceptedFrom: undefined };
        const explicit = {
          ...rules,
          acceptedFrom: (moment: Date) => new Date(moment.getTime() - rules.acceptanceWindowMs),
        };
        expect(oldestSlotStart(explicit, aligned)).toEqual(oldestSlotStart(fixed, aligned));
      }),
      { numRuns: 300 },
    );
  });
});
