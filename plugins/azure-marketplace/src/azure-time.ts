import { HOUR_MS } from '@hub/core';

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Reads a time the way Azure means it. Azure echoes times in its own format, often without a zone
 * (`2021-12-14T01:00:00`) and with seven fractional digits; a zone-less time is UTC there, whereas
 * `Date.parse` would read it in the host's zone. Returns epoch milliseconds, or null when the text
 * is not a real calendar instant.
 */
export function parseAzureTime(text: string): number | null {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, offH = '0', offM = '0'] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  // setUTCFullYear, unlike Date.UTC, leaves years 0–99 alone (.NET's empty time is 0001-01-01).
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second, millis);
  const epoch = check.getTime();
  // Date.UTC rolls 2021-02-30 over to March; a rolled date is not what Azure meant.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  if (!sign) return epoch;
  const offsetMs = (Number(offH) * 60 + Number(offM)) * 60_000;
  return sign === '+' ? epoch - offsetMs : epoch + offsetMs;
}

/** The UTC hour an instant falls in, as an hour count since the epoch. */
export function utcHourOf(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS);
}

/** True when both texts name instants in the same UTC hour (unreadable texts never match). */
export function sameUtcHour(a: string, b: string): boolean {
  const left = parseAzureTime(a);
  const right = parseAzureTime(b);
  return left !== null && right !== null && utcHourOf(left) === utcHourOf(right);
}

/** `2026-11-25T10:00:00Z`: ISO-8601 UTC with `Z`, whole seconds, the form Microsoft's docs recommend. */
export function formatAzureTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
