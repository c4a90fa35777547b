const BASE_BACKOFF_MS = 1_000;
/** The longest a retry waits: far inside every destination's acceptance window (hours). */
export const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Exponential backoff with jitter over its upper half, never sooner than the destination's
 * `Retry-After` and never later than the backoff ceiling: a huge or malformed header (86400, 400
 * digits, NaN) must neither push a retry past the destination's acceptance window nor yield an
 * invalid date that would abort recording the rest of a batch. Always a finite whole number of ms.
 */
export function retryDelayMs(
  attempts: number,
  retryAfterMs: number | null | undefined,
  random = Math.random,
): number {
  const exponent = Number.isFinite(attempts) ? Math.max(0, Math.min(attempts - 1, 30)) : 30;
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** exponent);
  const jittered = exponential / 2 + Math.min(1, Math.max(0, random())) * (exponential / 2);
  // +Infinity is what a number too long to read says: "a long time", so the ceiling. NaN says nothing.
  const honoured = typeof retryAfterMs === 'number' && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.round(Math.min(MAX_BACKOFF_MS, Math.max(jittered, honoured)));
}
