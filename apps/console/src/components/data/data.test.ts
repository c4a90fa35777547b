import { describe, expect, it } from 'vitest';
import { durationBetween, formatUtc, isoToLocalInput, localInputToIso } from './time.js';
import { filtersToSearch, readFilters, toQuery } from './url-filters.js';

describe('times', () => {
  it('round-trips a datetime-local value through ISO', () => {
    const iso = localInputToIso('2026-03-01T10:30');
    expect(iso).toMatch(/^2026-03-0[12]T\d\d:30:00\.000Z$/);
    expect(isoToLocalInput(iso)).toBe('2026-03-01T10:30');
  });
  it('gives empty for empty or nonsense', () => {
    expect(localInputToIso('')).toBe('');
    expect(localInputToIso('not a date')).toBe('');
    expect(isoToLocalInput('nope')).toBe('');
  });
  it('formats UTC and durations', () => {
    expect(formatUtc('2026-03-01T09:30:05.123Z')).toBe('2026-03-01 09:30:05 UTC');
    expect(formatUtc(null)).toBe('—');
    expect(durationBetween('2026-03-01T09:30:05.000Z', '2026-03-01T09:30:06.500Z')).toBe(1500);
    expect(durationBetween(null, '2026-03-01T09:30:06.500Z')).toBeNull();
  });
});

describe('URL filters', () => {
  it('reads named filters, missing as empty', () => {
    const params = new URLSearchParams('status=COMPLETE&entityId=%20b-1%20&other=x');
    expect(readFilters(params, ['status', 'entityId', 'accountId'])).toEqual({
      status: 'COMPLETE',
      entityId: 'b-1',
      accountId: '',
    });
  });
  it('writes only non-empty values', () => {
    expect(filtersToSearch({ a: '1', b: '', c: '  ', d: undefined, e: 'x y' }).toString()).toBe('a=1&e=x+y');
  });
  it('builds an API query of the set filters', () => {
    expect(toQuery({ status: '', entityId: 'b-1' })).toEqual({ entityId: 'b-1' });
  });
});

describe('status tones', () => {
  it('colours statuses and event names', async () => {
    const { badgeTone, isRunInFlight } = await import('./status.js');
    expect(badgeTone('COMPLETE')).toBe('ok');
    expect(badgeTone('ERROR')).toBe('error');
    expect(badgeTone('integration.missingaccountmapping.error')).toBe('error');
    expect(badgeTone('integration.late.warning')).toBe('warn');
    expect(badgeTone('SOMETHING_NEW')).toBe('neutral');
    expect(isRunInFlight('STARTED')).toBe(true);
    expect(isRunInFlight('COMPLETE')).toBe(false);
  });
});
