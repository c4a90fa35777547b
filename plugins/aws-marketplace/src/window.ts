import { HOUR_MS } from '@hub/core';

/** How far back AWS takes usage (the newest model; the older text said 6 h). */
export const AWS_ACCEPTANCE_WINDOW_MS = 24 * HOUR_MS;

/** How long after a month ends AWS still takes its usage: until 06:00 UTC on the 1st. */
export const AWS_MONTH_END_GRACE_MS = 6 * HOUR_MS;

/**
 * The earliest usage time AWS accepts at `at`: 24 hours back, except that from 06:00 UTC on the 1st
 * of a month no usage of the month before is taken any more.
 *
 * @example
 * ```ts
 * awsAcceptedFrom(new Date('2026-04-01T05:59:00Z')); // 2026-03-31T05:59:00Z (March still open)
 * awsAcceptedFrom(new Date('2026-04-01T06:00:00Z')); // 2026-04-01T00:00:00Z (March closed)
 * ```
 */
export function awsAcceptedFrom(at: Date): Date {
  const time = at.getTime();
  const monthStart = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  const back = time - AWS_ACCEPTANCE_WINDOW_MS;
  return new Date(time >= monthStart + AWS_MONTH_END_GRACE_MS ? Math.max(back, monthStart) : back);
}
