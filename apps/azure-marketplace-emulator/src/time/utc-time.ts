/**
 * Time helpers that never consult the host's time zone.
 *
 * Azure sends and echoes times both with and without a zone (`2021-12-14T01:00:00` and
 * `2023-05-15T00:00:00Z` in real traffic). A zone-less time is UTC there, whereas `Date.parse` would
 * read it as local time, so times are parsed by hand here and compared as instants.
 */

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Parses an ISO-8601 date or date-time; a missing zone means UTC. Returns `undefined` for anything
 * that is not a real calendar instant (e.g. `2021-02-30`), so callers can answer `BadArgument`.
 */
export function parseUtcTime(text: string): Date | undefined {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', , sign, offH, offM] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  // .NET writes seven fractional digits; milliseconds are all a Date can hold.
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  let epoch = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(epoch);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined; // rolled over (not a real date), or a year below 100 that Date.UTC remaps
  }
  if (sign) {
    const offsetMinutes = Number(offH) * 60 + Number(offM);
    if (offsetMinutes > 14 * 60) return undefined;
    epoch -= (sign === '-' ? -1 : 1) * offsetMinutes * 60 * 1000;
  }
  return new Date(epoch);
}

/** Start of the UTC hour that contains `date`: the slot Azure deduplicates on. */
export function floorToUtcHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

/** Start of the UTC day that contains `date`: the row key of the usage read-back API. */
export function floorToUtcDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR_MS);
}

/** `2021-12-14T20:29:42.0177668Z`: the seven-digit form Microsoft uses for `messageTime`. */
export function formatMessageTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** `2020-11-30T00:00:00Z`: whole-second UTC form used for days and term dates. */
export function formatUtcSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
