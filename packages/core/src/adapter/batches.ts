import type { AdapterLimits, UsageEvent } from './marketplace-adapter.js';

/**
 * Cuts events into submissions as the destination wants them: at most `maxBatchSize` each, and
 * never two events whose `batchKey` differs in one (AWS: one product code per call). Keeps the
 * events' order within each key; keys come in the order they first appear.
 *
 * @example
 * ```ts
 * for (const batch of batchEvents(events, adapter.limits)) await client.submitBatch(batch);
 * ```
 */
export function batchEvents<T extends UsageEvent>(
  events: readonly T[],
  limits: Pick<AdapterLimits, 'maxBatchSize' | 'batchKey'>,
): T[][] {
  const size = limits.maxBatchSize;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`maxBatchSize must be a positive integer, got ${size}`);
  const groups = new Map<string, T[]>();
  for (const event of events) {
    const key = limits.batchKey?.(event) ?? '';
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  const batches: T[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += size) batches.push(group.slice(i, i + size));
  }
  return batches;
}
