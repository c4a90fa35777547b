import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** How far back a slot may be chosen: Azure takes 24 h; two hours of margin for queueing and retries. */
export const OLDEST_SLOT_HOURS = 22;

export function slotStart(time: Date, slotLengthMs: number): Date {
  return new Date(Math.floor(time.getTime() / slotLengthMs) * slotLengthMs);
}

/**
 * Reserves a free slot for an event: the current slot first, then back to 22 slots ago, newest
 * first (domain.md "Hour slots"). The DB primary key makes the reservation atomic: two workers can
 * never take the same (destination, resource, dimension, slot). Returns null when every slot in the
 * window is taken (the event waits for the next slot).
 */
export async function reserveSlot(
  db: Db,
  input: {
    destination: string;
    resourceId: string;
    dimension: string;
    usageEventId: string;
    now: Date;
    slotLengthMs: number;
  },
): Promise<Date | null> {
  const newest = slotStart(input.now, input.slotLengthMs);
  const oldest = new Date(newest.getTime() - OLDEST_SLOT_HOURS * input.slotLengthMs);
  const taken = await db
    .selectFrom('usage_slots')
    .select('slot_start')
    .where('destination', '=', input.destination)
    .where('resource_id', '=', input.resourceId)
    .where('dimension', '=', input.dimension)
    .where('slot_start', '>=', oldest)
    .execute();
  const used = new Set(taken.map((row) => row.slot_start.getTime()));
  for (let slot = newest.getTime(); slot >= oldest.getTime(); slot -= input.slotLengthMs) {
    if (used.has(slot)) continue;
    const inserted = await db
      .insertInto('usage_slots')
      .values({
        destination: input.destination,
        resource_id: input.resourceId,
        dimension: input.dimension,
        slot_start: new Date(slot),
        usage_event_id: input.usageEventId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('slot_start')
      .executeTakeFirst();
    if (inserted) return inserted.slot_start;
  }
  return null;
}

/** A slot the destination says someone else holds: keep it reserved forever, marked foreign. */
export async function markSlotForeign(
  db: Db,
  input: { destination: string; resourceId: string; dimension: string; slot: Date },
): Promise<void> {
  await db
    .updateTable('usage_slots')
    .set({ foreign_held: true })
    .where('destination', '=', input.destination)
    .where('resource_id', '=', input.resourceId)
    .where('dimension', '=', input.dimension)
    .where('slot_start', '=', input.slot)
    .execute();
}

export const NOW_SQL = sql`now()`;
