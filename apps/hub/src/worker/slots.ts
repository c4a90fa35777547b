import { type AdapterLimits, oldestSlotStart } from '@hub/core';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** The destination's window rules, for a destination with slots. */
export type SlotLimits = Pick<AdapterLimits, 'acceptanceWindowMs' | 'acceptedFrom' | 'slotMarginMs'> & {
  slotLengthMs: number;
};

export function slotStart(time: Date, slotLengthMs: number): Date {
  return new Date(Math.floor(time.getTime() / slotLengthMs) * slotLengthMs);
}

/**
 * Reserves a free slot for an event: the current slot first, then back to the oldest one the
 * destination will still accept after the margin (core's `oldestSlotStart`: a 24 h window with a 2 h margin is 22 slots back),
 * newest first (domain.md "Hour slots"). The DB primary key makes the reservation atomic: two workers can
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
    limits: SlotLimits;
  },
): Promise<Date | null> {
  const slotLengthMs = input.limits.slotLengthMs;
  const newest = slotStart(input.now, slotLengthMs);
  const oldest = oldestSlotStart(input.limits, input.now);
  const taken = await db
    .selectFrom('usage_slots')
    .select('slot_start')
    .where('destination', '=', input.destination)
    .where('resource_id', '=', input.resourceId)
    .where('dimension', '=', input.dimension)
    .where('slot_start', '>=', oldest)
    .execute();
  const used = new Set(taken.map((row) => row.slot_start.getTime()));
  for (let slot = newest.getTime(); slot >= oldest.getTime(); slot -= slotLengthMs) {
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

/**
 * `reserveSlot` for many events in three statements: read the taken slots of every (resource,
 * dimension) involved, pick the newest free slot for each event in order, insert them all with the
 * same primary key guarding each one. An event whose pick lost a race with another sender falls back
 * to `reserveSlot`. Returns each event's slot, or null when its window is full.
 */
export async function reserveSlots(
  db: Db,
  input: {
    destination: string;
    events: readonly { id: string; resourceId: string; dimension: string }[];
    now: Date;
    limits: SlotLimits;
  },
): Promise<Map<string, Date | null>> {
  const result = new Map<string, Date | null>();
  if (input.events.length === 0) return result;
  const slotLengthMs = input.limits.slotLengthMs;
  const newest = slotStart(input.now, slotLengthMs).getTime();
  const oldest = oldestSlotStart(input.limits, input.now).getTime();
  const keyOf = (resourceId: string, dimension: string) => `${resourceId}\u0000${dimension}`;
  const taken = await db
    .selectFrom('usage_slots')
    .select(['resource_id', 'dimension', 'slot_start'])
    .where('destination', '=', input.destination)
    .where('resource_id', 'in', [...new Set(input.events.map((e) => e.resourceId))])
    .where('slot_start', '>=', new Date(oldest))
    .execute();
  const used = new Map<string, Set<number>>();
  for (const row of taken) {
    const key = keyOf(row.resource_id, row.dimension);
    if (!used.has(key)) used.set(key, new Set());
    used.get(key)!.add(row.slot_start.getTime());
  }
  const picks: { event: (typeof input.events)[number]; slot: number }[] = [];
  for (const event of input.events) {
    const key = keyOf(event.resourceId, event.dimension);
    if (!used.has(key)) used.set(key, new Set());
    const slots = used.get(key)!;
    let slot: number | null = null;
    for (let candidate = newest; candidate >= oldest; candidate -= slotLengthMs) {
      if (!slots.has(candidate)) {
        slot = candidate;
        break;
      }
    }
    if (slot === null) {
      result.set(event.id, null);
      continue;
    }
    slots.add(slot);
    picks.push({ event, slot });
  }
  if (picks.length > 0) {
    const inserted = await db
      .insertInto('usage_slots')
      .values(
        picks.map(({ event, slot }) => ({
          destination: input.destination,
          resource_id: event.resourceId,
          dimension: event.dimension,
          slot_start: new Date(slot),
          usage_event_id: event.id,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .returning(['usage_event_id', 'slot_start'])
      .execute();
    for (const row of inserted) result.set(row.usage_event_id, row.slot_start);
    for (const { event } of picks) {
      if (result.has(event.id)) continue;
      // Another sender took that slot between our read and our insert: pick again, one by one.
      result.set(
        event.id,
        await reserveSlot(db, {
          destination: input.destination,
          resourceId: event.resourceId,
          dimension: event.dimension,
          usageEventId: event.id,
          now: input.now,
          limits: input.limits,
        }),
      );
    }
  }
  return result;
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
