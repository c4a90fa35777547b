import type { BillChange, ChangePage } from '@hub/core';
import { z } from 'zod';
import { type BillEvent, readBillEvent } from './bill-events.js';
import { BILL_EVENT_NAMES, type BillEventName } from './constants.js';
import type { ApiFailure } from './m3ter-api.js';

/*
 * The change cursor.
 *
 * m3ter lists events newest first and has no "since" filter, so the only way to find what happened
 * after a point is to page from the newest event down until that point. One stream per bill event
 * name (`eventName` takes one value); each stream keeps its own position, so the three lists never
 * need to agree on anything.
 *
 * A stream's position (`floor`) is the eventTime of the newest event delivered (`at`) and the ids
 * of the events delivered at exactly that time (`ids`). An event is new when its time is later than
 * `at`, or equal to it and its id is not in `ids`: events sharing a timestamp are neither skipped
 * (one at the same millisecond that shows up later is still new) nor repeated. Paging stops at the
 * first event older than `at`.
 *
 * Steady state: a stream reads at most `maxPagesPerStream` pages. When it reaches its floor (or the
 * end of the list) it knows every new event; all streams' new events are merged oldest first and at
 * most `maxChanges` are returned. Each stream's floor moves to the newest of its events returned,
 * so what was cut off comes first next time (`more: true`). This is exact and in order.
 *
 * Catch-up: when a stream has more new events than its page budget (a long outage), it cannot find
 * its oldest new event without reading everything newer, every call. Instead it delivers the pages
 * it read (newest events first, oldest first within the call) and keeps in the cursor the
 * `nextToken` to resume from, the floor it is working down to, and the `top` (the newest event it
 * saw) that becomes the floor once the scan reaches the old floor. Across calls a backlog thus
 * arrives newest chunk first (harmless: each change only tells the host which bill to fetch again,
 * and it fetches the bill as it is now), every event exactly once, and the cost stays linear. If
 * m3ter ever refuses a stored `nextToken`, the scan restarts from the newest event: events may be
 * delivered twice, never lost. Events newer than `top` that arrive during the catch-up are found
 * by the steady scan afterwards.
 */

const ZPosition = z.object({ at: z.string().nullable(), ids: z.array(z.string()).max(10_000) });
const ZStream = ZPosition.extend({ scan: z.object({ token: z.string(), top: ZPosition }).optional() });
const ZCursor = z.object({
  v: z.literal(1),
  streams: z.object({
    'billing.bill.created': ZStream,
    'billing.bill.updated': ZStream,
    'billing.bill.deleted': ZStream,
  }),
});

export type StreamPosition = z.output<typeof ZPosition>;
export type StreamState = z.output<typeof ZStream>;
export type CursorState = z.output<typeof ZCursor>;

export function encodeCursor(state: CursorState): string {
  return JSON.stringify(state);
}

/** The cursor's state, or null when the text is not a cursor this plugin wrote. */
export function decodeCursor(text: string): CursorState | null {
  try {
    const parsed = ZCursor.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** One page of a stream, newest first. */
export type EventPage = { ok: true; events: unknown[]; nextToken: string | null } | ApiFailure;
export type EventPageFetcher = (eventName: BillEventName, nextToken: string | null) => Promise<EventPage>;

export interface ChangeLimits {
  /** Most changes one call returns (catch-up chunks, `maxPagesPerStream` pages each, come whole). */
  maxChanges: number;
  /** Most pages one stream reads in one call. */
  maxPagesPerStream: number;
}

export const DEFAULT_CHANGE_LIMITS: ChangeLimits = { maxChanges: 1_000, maxPagesPerStream: 3 };

const KIND: Record<BillEventName, BillChange['kind']> = {
  'billing.bill.created': 'CREATED',
  'billing.bill.updated': 'UPDATED',
  'billing.bill.deleted': 'DELETED',
};
const RANK: Record<BillEventName, number> = {
  'billing.bill.created': 0,
  'billing.bill.updated': 1,
  'billing.bill.deleted': 2,
};

/** Oldest first; within one millisecond created before updated before deleted, then by id. */
export function compareEvents(a: BillEvent, b: BillEvent): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  if (a.eventName !== b.eventName) return RANK[a.eventName] - RANK[b.eventName];
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The position just after `events` (non-empty, one stream), continuing from `previous`. */
function positionAfter(previous: StreamPosition, events: readonly BillEvent[]): StreamPosition {
  let last = events[0]!;
  for (const event of events) if (compareEvents(event, last) > 0) last = event;
  const previousMs = previous.at === null ? null : Date.parse(previous.at);
  const ids = new Set(previousMs === last.ms ? previous.ids : []);
  for (const event of events) if (event.ms === last.ms) ids.add(event.id);
  return { at: last.eventTime, ids: [...ids] };
}

type StreamScan =
  | { kind: 'complete'; events: BillEvent[] }
  | { kind: 'chunk'; events: BillEvent[]; next: StreamState }
  | ApiFailure;

async function scanStream(
  name: BillEventName,
  state: StreamState,
  fetchPage: EventPageFetcher,
  maxPages: number,
): Promise<StreamScan> {
  const floorMs = state.at === null ? null : Date.parse(state.at);
  const floorIds = new Set(state.ids);
  let token = state.scan?.token ?? null;
  const found: BillEvent[] = [];
  const seen = new Set<string>();
  let reachedFloor = false;
  for (let pages = 0; pages < maxPages && !reachedFloor; pages += 1) {
    const page = await fetchPage(name, token);
    if (!page.ok) {
      // A stored nextToken m3ter no longer accepts: scan again from the newest event.
      if (state.scan && token === state.scan.token && page.code === 'REJECTED') {
        return scanStream(name, { at: state.at, ids: state.ids }, fetchPage, maxPages);
      }
      return page;
    }
    for (const raw of page.events) {
      const event = readBillEvent(raw, name);
      if (!event) continue;
      if (floorMs !== null && event.ms < floorMs) {
        reachedFloor = true;
        break;
      }
      // A list that ignored the eventName filter still orders by time; other names are not ours.
      if (event.eventName !== name) continue;
      if (floorMs !== null && event.ms === floorMs && floorIds.has(event.id)) continue;
      if (seen.has(event.id)) continue;
      seen.add(event.id);
      found.push(event);
    }
    token = page.nextToken;
    if (token === null) reachedFloor = true;
  }

  const floor: StreamPosition = { at: state.at, ids: state.ids };
  if (reachedFloor) {
    if (!state.scan) return { kind: 'complete', events: found };
    // The catch-up is done: the top it started from becomes the floor.
    const top = state.scan.top;
    return { kind: 'chunk', events: found, next: found.length ? mergeTop(top, found) : top };
  }
  // The page budget ran out above the floor: deliver what was read, continue from `token` next time.
  const top = state.scan
    ? mergeTop(state.scan.top, found)
    : found.length
      ? positionAfter(floor, found)
      : floor;
  return { kind: 'chunk', events: found, next: { ...floor, scan: { token: token!, top } } };
}

/** The catch-up's top, with any further events at its very timestamp added to its ids. */
function mergeTop(top: StreamPosition, events: readonly BillEvent[]): StreamPosition {
  if (top.at === null) return events.length ? positionAfter(top, events) : top;
  const topMs = Date.parse(top.at);
  const ids = new Set(top.ids);
  for (const event of events) if (event.ms === topMs) ids.add(event.id);
  return { at: top.at, ids: [...ids] };
}

function toChange(event: BillEvent): BillChange | null {
  if (event.billId === null) return null;
  return { kind: KIND[event.eventName], billId: event.billId, changeId: event.id, at: event.eventTime };
}

/** `cursor === null`: no changes, and a cursor at each stream's newest event ("from now on"). */
export async function initialCursor(
  fetchPage: EventPageFetcher,
): Promise<{ ok: true; cursor: string } | ApiFailure> {
  const streams = {} as CursorState['streams'];
  for (const name of BILL_EVENT_NAMES) {
    const page = await fetchPage(name, null);
    if (!page.ok) return page;
    const events = page.events
      .map((raw) => readBillEvent(raw, name))
      .filter((event): event is BillEvent => event !== null);
    streams[name] = events.length ? positionAfter({ at: null, ids: [] }, events) : { at: null, ids: [] };
  }
  return { ok: true, cursor: encodeCursor({ v: 1, streams }) };
}

/** Bill changes after `state` (see the comment at the top of this file). */
export async function changesAfter(
  state: CursorState,
  fetchPage: EventPageFetcher,
  limits: ChangeLimits = DEFAULT_CHANGE_LIMITS,
): Promise<{ ok: true; page: ChangePage } | ApiFailure> {
  const next = structuredClone(state.streams);
  const chunkEvents: BillEvent[] = [];
  const complete: { name: BillEventName; events: BillEvent[] }[] = [];
  let more = false;
  for (const name of BILL_EVENT_NAMES) {
    const scan = await scanStream(name, state.streams[name], fetchPage, limits.maxPagesPerStream);
    if (!('kind' in scan)) return scan;
    if (scan.kind === 'chunk') {
      chunkEvents.push(...scan.events);
      next[name] = scan.next;
      more = true;
    } else complete.push({ name, events: scan.events });
  }
  const candidates = complete.flatMap((stream) => stream.events).sort(compareEvents);
  const room = Math.max(0, limits.maxChanges - chunkEvents.length);
  const taken = candidates.slice(0, room);
  if (candidates.length > taken.length) more = true;
  for (const { name } of complete) {
    const mine = taken.filter((event) => event.eventName === name);
    if (mine.length) next[name] = positionAfter(state.streams[name], mine);
  }
  const changes = [...chunkEvents, ...taken]
    .sort(compareEvents)
    .map(toChange)
    .filter((change): change is BillChange => change !== null);
  return { ok: true, page: { changes, cursor: encodeCursor({ v: 1, streams: next }), more } };
}
