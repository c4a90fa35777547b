/**
 * m3ter events (`EventResponse`): every change the emulator makes to an account or a bill is
 * recorded as `{id, eventName, eventTime, dtActioned: null, m3terEvent: {eventData: {newDto, oldDto}}}`
 * (created: newDto; updated: newDto and oldDto; deleted: oldDto).
 */
import { newId } from '../random/ids.js';
import { type EmulatorState, type M3terEventRecord, nextSequence } from '../state/emulator-state.js';

export type EventData = M3terEventRecord['m3terEvent']['eventData'];

/** How operations report a change; the controller records it and triggers the webhook. */
export type EventEmitter = (orgId: string, eventName: string, eventData: EventData) => M3terEventRecord;

export const BILL_EVENT_NAMES = [
  'billing.bill.created',
  'billing.bill.updated',
  'billing.bill.deleted',
] as const;

export function recordEvent(
  state: EmulatorState,
  orgId: string,
  eventName: string,
  eventData: EventData,
  now: Date,
): M3terEventRecord {
  const event: M3terEventRecord = {
    id: newId(),
    eventName,
    eventTime: now.toISOString(),
    dtActioned: null,
    m3terEvent: { eventData: structuredClone(eventData) },
  };
  state.events.push({ orgId, sequence: nextSequence(state), event });
  return event;
}

/** An organization's events, newest first. **(chosen)** */
export function eventsOf(state: EmulatorState, orgId: string): M3terEventRecord[] {
  return state.events
    .filter((stored) => stored.orgId === orgId)
    .sort((a, b) => b.sequence - a.sequence)
    .map((stored) => structuredClone(stored.event));
}
