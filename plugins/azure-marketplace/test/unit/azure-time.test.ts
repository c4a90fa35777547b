import { describe, expect, it } from 'vitest';
import { formatAzureTime, parseAzureTime, sameUtcHour } from '../../src/azure-time.js';

describe('Azure times', () => {
  it('reads zone-less times as UTC, whatever the host zone', () => {
    expect(parseAzureTime('2021-12-14T01:00:00')).toBe(Date.UTC(2021, 11, 14, 1));
    expect(parseAzureTime('2021-12-14T01:00:00Z')).toBe(Date.UTC(2021, 11, 14, 1));
  });

  it('reads seven fractional digits and offsets', () => {
    expect(parseAzureTime('2021-12-14T20:29:42.0177668Z')).toBe(Date.UTC(2021, 11, 14, 20, 29, 42, 17));
    expect(parseAzureTime('2021-12-14T02:30:00+01:00')).toBe(Date.UTC(2021, 11, 14, 1, 30));
    expect(parseAzureTime('2021-12-14T00:30:00-0100')).toBe(Date.UTC(2021, 11, 14, 1, 30));
  });

  it('refuses what is not a calendar instant', () => {
    expect(parseAzureTime('2021-02-30T00:00:00')).toBeNull();
    expect(parseAzureTime('2021-12-14T24:00:00')).toBeNull();
    expect(parseAzureTime('yesterday')).toBeNull();
    expect(parseAzureTime('0001-01-01T00:00:00')).not.toBeNull();
  });

  it('compares hours as instants', () => {
    expect(sameUtcHour('2021-12-14T01:00:00', '2021-12-14T01:59:59.999Z')).toBe(true);
    expect(sameUtcHour('2021-12-14T01:00:00', '2021-12-14T02:00:00+01:00')).toBe(true);
    expect(sameUtcHour('2021-12-14T01:00:00', '2021-12-14T02:00:00Z')).toBe(false);
    expect(sameUtcHour('garbage', '2021-12-14T02:00:00Z')).toBe(false);
  });

  it('formats ISO-8601 UTC with Z and whole seconds', () => {
    expect(formatAzureTime(Date.UTC(2026, 10, 25, 10))).toBe('2026-11-25T10:00:00Z');
  });
});
