/**
 * BatchMeterUsage's acceptance window for a record's Timestamp (pure; the clock is an argument):
 *  - not `windowHours` (24, or the older 6) hours or more in the past;
 *  - usage of a month is refused from 06:00 UTC on day 1 of the next month;
 *  - (chosen) not more than 1 hour in the future.
 */
import { FUTURE_TOLERANCE_MS, MONTH_END_GRACE_HOURS } from '../constants.js';

export type TimestampProblem = 'tooOld' | 'previousMonthClosed' | 'inFuture';

const HOUR_MS = 3_600_000;

/** 06:00 UTC on day 1 of the month after `timestamp`'s month. */
export function monthCloseAfter(timestamp: Date): Date {
  return new Date(
    Date.UTC(timestamp.getUTCFullYear(), timestamp.getUTCMonth() + 1, 1, MONTH_END_GRACE_HOURS),
  );
}

export function timestampProblem(
  timestamp: Date,
  now: Date,
  windowHours: number,
): TimestampProblem | undefined {
  const age = now.getTime() - timestamp.getTime();
  if (age >= windowHours * HOUR_MS) return 'tooOld';
  if (now.getTime() >= monthCloseAfter(timestamp).getTime()) return 'previousMonthClosed';
  if (-age > FUTURE_TOLERANCE_MS) return 'inFuture';
  return undefined;
}

/** Start of the UTC hour: the time part of the first-quantity-wins key. */
export function floorToUtcHour(timestamp: Date): number {
  return Math.floor(timestamp.getTime() / HOUR_MS) * HOUR_MS;
}
