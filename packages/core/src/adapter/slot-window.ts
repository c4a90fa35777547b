import type { AdapterLimits } from './marketplace-adapter.js';

/** Default margin kept inside the window for queueing and retries. */
export const DEFAULT_SLOT_MARGIN_MS = 2 * 3_600_000;

/** Start of the slot holding `time`. */
export function slotStartOf(time: Date, slotLengthMs: number): Date {
  return new Date(Math.floor(time.getTime() / slotLengthMs) * slotLengthMs);
}

/**
 * The oldest slot the host may choose for a new event at `now`: whole slots back from the current
 * one, as far as the window minus the margin allows (Azure: 24 h − 2 h = 22 slots back), and never
 * before what the destination will still accept once the margin has passed (`acceptedFrom(now +
 * margin)`, rounded up to a slot start: AWS's month-end cutoff).
 *
 * @example
 * ```ts
 * oldestSlotStart({ acceptanceWindowMs: 24 * HOUR_MS, slotLengthMs: HOUR_MS }, new Date('2026-03-01T05:30:00Z'));
 * // 2026-02-28T07:00:00Z (22 slots back from 05:00)
 * ```
 */
export function oldestSlotStart(
  limits: Pick<AdapterLimits, 'acceptanceWindowMs' | 'acceptedFrom' | 'slotMarginMs'> & {
    slotLengthMs: number;
  },
  now: Date,
): Date {
  const slot = limits.slotLengthMs;
  const margin = limits.slotMarginMs ?? DEFAULT_SLOT_MARGIN_MS;
  const newest = slotStartOf(now, slot).getTime();
  const slotsBack = Math.max(0, Math.floor((limits.acceptanceWindowMs - margin) / slot));
  let oldest = newest - slotsBack * slot;
  if (limits.acceptedFrom) {
    const earliest = limits.acceptedFrom(new Date(now.getTime() + margin)).getTime();
    const firstWhole = Math.ceil(earliest / slot) * slot;
    oldest = Math.max(oldest, Math.min(firstWhole, newest));
  }
  return new Date(oldest);
}
