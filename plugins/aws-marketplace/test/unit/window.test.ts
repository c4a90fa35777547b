import { oldestSlotStart } from '@hub/core';
import { describe, expect, it } from 'vitest';
import { awsAcceptedFrom, awsMarketplaceAdapter } from '../../src/index.js';

const at = (iso: string) => awsAcceptedFrom(new Date(iso)).toISOString();

describe('awsAcceptedFrom', () => {
  it('is 24 hours back mid-month', () => {
    expect(at('2026-03-15T10:30:00.000Z')).toBe('2026-03-14T10:30:00.000Z');
    expect(at('2026-03-02T03:00:00.000Z')).toBe('2026-03-01T03:00:00.000Z');
  });

  it('still takes the previous month until 05:59 UTC on the 1st', () => {
    expect(at('2026-04-01T05:59:59.999Z')).toBe('2026-03-31T05:59:59.999Z');
    expect(at('2026-01-01T00:00:00.000Z')).toBe('2025-12-31T00:00:00.000Z');
  });

  it('closes the previous month at 06:00 UTC on the 1st', () => {
    expect(at('2026-04-01T06:00:00.000Z')).toBe('2026-04-01T00:00:00.000Z');
    expect(at('2026-04-01T23:59:00.000Z')).toBe('2026-04-01T00:00:00.000Z');
    expect(at('2026-03-01T06:00:00.000Z')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('makes the host pick no slot of a closing month it could not send in time', () => {
    const limits = awsMarketplaceAdapter.limits as Parameters<typeof oldestSlotStart>[0];
    // 05:30 on the 1st: with the 1 h margin, the month closes before a slot of March could be sent.
    expect(oldestSlotStart(limits, new Date('2026-04-01T05:30:00.000Z')).toISOString()).toBe(
      '2026-04-01T00:00:00.000Z',
    );
    // 04:30: March is still open after the margin; the oldest slot still inside 24 h at 05:30 is 06:00.
    expect(oldestSlotStart(limits, new Date('2026-04-01T04:30:00.000Z')).toISOString()).toBe(
      '2026-03-31T06:00:00.000Z',
    );
    expect(oldestSlotStart(limits, new Date('2026-03-15T10:30:00.000Z')).toISOString()).toBe(
      '2026-03-14T12:00:00.000Z',
    );
  });
});
