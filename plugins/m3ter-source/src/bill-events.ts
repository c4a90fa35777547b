import { BILL_EVENT_NAMES, type BillEventName } from './constants.js';

/** An id we are prepared to put in a URL path: printable, no slashes or whitespace, bounded. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export function isSafeId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_ID.test(value);
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function isBillEventName(value: unknown): value is BillEventName {
  return typeof value === 'string' && (BILL_EVENT_NAMES as readonly string[]).includes(value);
}

/**
 * The bill ids an m3ter event names: `m3terEvent.eventData.newDto.id` and `oldDto.id` (a deleted
 * bill's event may carry only the old one). Nothing else in the event is read.
 */
export function billIdsOfEvent(event: unknown): string[] {
  const eventData = record(record(record(event)?.['m3terEvent'])?.['eventData']);
  const ids: string[] = [];
  for (const key of ['newDto', 'oldDto']) {
    const id = record(eventData?.[key])?.['id'];
    if (isSafeId(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** An event as the change listing needs it; null when it lacks an id, a name or a readable time. */
export interface BillEvent {
  id: string;
  eventName: BillEventName;
  eventTime: string;
  /** `eventTime` in epoch milliseconds. */
  ms: number;
  billId: string | null;
}

export function readBillEvent(raw: unknown, expectedName: BillEventName): BillEvent | null {
  const event = record(raw);
  if (!event) return null;
  const { id, eventName, eventTime } = event;
  if (typeof id !== 'string' || id === '' || typeof eventTime !== 'string') return null;
  const name = typeof eventName === 'string' ? eventName : expectedName;
  if (!isBillEventName(name)) return null;
  const ms = Date.parse(eventTime);
  if (Number.isNaN(ms)) return null;
  return { id, eventName: name, eventTime, ms, billId: billIdsOfEvent(event)[0] ?? null };
}
