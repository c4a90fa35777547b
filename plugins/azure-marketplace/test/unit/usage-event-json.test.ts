import { describe, expect, it } from 'vitest';
import { quantityLiteral, writeBatchJson, writeUsageEventJson } from '../../src/usage-event-json.js';
import { usageEvent } from '../support/events.js';

describe('usage event JSON', () => {
  it('writes the quantity digits verbatim, never through a float', () => {
    const text = writeUsageEventJson(usageEvent({ quantity: '12.345678' }));
    expect(text).toContain('"quantity":12.345678,');
    // Digits a double cannot hold survive too.
    expect(writeUsageEventJson(usageEvent({ quantity: '9.1234567890123461' }))).toContain(
      '"quantity":9.1234567890123461,',
    );
    expect(writeUsageEventJson(usageEvent({ quantity: '12345678901234567890.5' }))).toContain(
      '"quantity":12345678901234567890.5,',
    );
  });

  it('normalises the literal without rounding', () => {
    expect(quantityLiteral('5.50')).toBe('5.5');
    expect(quantityLiteral('1e3')).toBe('1000');
    expect(quantityLiteral(' 0.000001 ')).toBe('0.000001');
    expect(quantityLiteral('-5')).toBe('-5');
  });

  it('refuses text that is not a decimal (a programming error, before any network)', () => {
    expect(() => quantityLiteral('12,5')).toThrow(RangeError);
    expect(() => quantityLiteral('NaN')).toThrow(RangeError);
    expect(() => quantityLiteral('')).toThrow(RangeError);
    expect(() => writeUsageEventJson(usageEvent({ effectiveStartTime: 'now' }))).toThrow(RangeError);
  });

  it('writes valid JSON with the SaaS fields only and the start time in UTC with Z', () => {
    const event = usageEvent({
      resourceId: 'fdc778a6-1281-40e4-cade-4a5fc11f5440',
      dimension: 'di"m',
      quantity: '50.5',
      effectiveStartTime: '2026-11-25T11:00:00+01:00',
      planId: 'gold',
    });
    expect(JSON.parse(writeUsageEventJson(event))).toEqual({
      resourceId: 'fdc778a6-1281-40e4-cade-4a5fc11f5440',
      quantity: 50.5,
      dimension: 'di"m',
      effectiveStartTime: '2026-11-25T10:00:00Z',
      planId: 'gold',
    });
  });

  it('leaves planId out when the host has none', () => {
    expect(JSON.parse(writeUsageEventJson(usageEvent({ planId: null })))).not.toHaveProperty('planId');
  });

  it('wraps a batch as { request: [...] }', () => {
    const text = writeBatchJson([usageEvent({ quantity: '1' }), usageEvent({ quantity: '2.25' })]);
    expect(text.startsWith('{"request":[{')).toBe(true);
    expect((JSON.parse(text) as { request: { quantity: number }[] }).request.map((e) => e.quantity)).toEqual([
      1, 2.25,
    ]);
  });
});
