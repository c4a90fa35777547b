/**
 * Applies the rules to one event and, when it passes, records it: the shared core of the single
 * and batch routes. Events of one batch are processed in order, so the second event for a slot in
 * the same batch is a Duplicate of the first, as on Azure.
 */
import { randomUUID } from 'node:crypto';
import { resourceUriOf } from '../marketplace/usage-event-responses.js';
import { countStat, type RecordedUsageEvent, usageSlotKey } from '../state/emulator-state.js';
import { formatMessageTime } from '../time/utc-time.js';
import {
  type UsageEventRulesContext,
  type UsageEventVerdict,
  validateUsageEvent,
} from './validate-usage-event.js';

export type UsageEventOutcome =
  | { readonly kind: 'accepted'; readonly record: RecordedUsageEvent }
  | Exclude<UsageEventVerdict, { kind: 'valid' }>;

export interface UsageEventRequestMeta {
  readonly requestId: string;
  readonly correlationId: string;
  readonly route: RecordedUsageEvent['route'];
}

export function processUsageEvent(
  input: unknown,
  context: UsageEventRulesContext,
  meta: UsageEventRequestMeta,
): UsageEventOutcome {
  const verdict = validateUsageEvent(input, context);
  const { stats } = context.state;
  if (verdict.kind === 'duplicate') {
    countStat(stats.eventStatuses, 'Duplicate');
    return verdict;
  }
  if (verdict.kind === 'rejected') {
    countStat(stats.eventStatuses, verdict.status);
    return verdict;
  }
  const { event } = verdict;
  const record: RecordedUsageEvent = {
    usageEventId: randomUUID(),
    resourceId: event.resourceId,
    resourceUri: resourceUriOf(event.subscription),
    dimension: event.dimension,
    planId: event.planId,
    quantity: event.quantity,
    effectiveStartTime: event.effectiveStartTime,
    effectiveHour: event.hour.toISOString(),
    messageTime: formatMessageTime(context.now),
    tenantId: context.token.tenantId,
    clientId: context.token.clientId,
    requestId: meta.requestId,
    correlationId: meta.correlationId,
    route: meta.route,
  };
  context.state.events.push(record);
  context.state.eventsBySlot.set(usageSlotKey(event.resourceId, event.dimension, event.hour), record);
  countStat(stats.eventStatuses, 'Accepted');
  return { kind: 'accepted', record };
}
