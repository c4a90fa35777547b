/**
 * Response bodies of the usage-event APIs, field for field as Microsoft writes them (docs examples
 * and the real responses in fixtures/azure-marketplace). Key order follows the docs: one widely
 * copied client (the SaaS Accelerator) finds `acceptedMessage` in a 409 body by searching for
 * `{"usageEventId"` … `},"message"`, so the order is kept exactly.
 */
import { type ExactNumber, exactNumber } from '@hub/emulator-kit';
import type { UsageEventOutcome } from '../rules/process-usage-event.js';
import type { UsageEventEcho } from '../rules/validate-usage-event.js';
import type {
  MarketplaceSubscription,
  RecordedUsageEvent,
  UsageEventStatus,
} from '../state/emulator-state.js';
import { DUPLICATE_MESSAGE, type MarketplaceBadRequest } from './error-bodies.js';

/** The ARM-style URI a real SaaS response carries next to resourceId. */
export function resourceUriOf(subscription: MarketplaceSubscription): string {
  return `/subscriptions/${subscription.azureSubscriptionId}/resourceGroups/marketplace-emulator/providers/Microsoft.SaaS/resources/${subscription.name}`;
}

export interface UsageEventOkMessage {
  usageEventId: string;
  status: 'Accepted' | 'Duplicate';
  messageTime: string;
  resourceId: string;
  resourceUri: string;
  quantity: ExactNumber;
  dimension: string;
  effectiveStartTime: string;
  planId: string;
}

/** `UsageEventOkResponse`: the 200 body, a batch item, or (status Duplicate) an acceptedMessage. */
export function okMessage(record: RecordedUsageEvent, status: 'Accepted' | 'Duplicate'): UsageEventOkMessage {
  return {
    usageEventId: record.usageEventId,
    status,
    messageTime: record.messageTime,
    resourceId: record.resourceId,
    resourceUri: record.resourceUri,
    quantity: exactNumber(record.quantity),
    dimension: record.dimension,
    effectiveStartTime: record.effectiveStartTime,
    planId: record.planId,
  };
}

/** `UsageEventConflictResponse`: the 409 body and the `error` of a Duplicate batch item. */
export function conflictBody(accepted: RecordedUsageEvent) {
  return {
    additionalInfo: { acceptedMessage: okMessage(accepted, 'Duplicate') },
    message: DUPLICATE_MESSAGE,
    code: 'Conflict',
  };
}

function echoFields(echo: UsageEventEcho): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if ('resourceId' in echo) fields.resourceId = echo.resourceId;
  if (echo.quantity)
    fields.quantity = 'exact' in echo.quantity ? exactNumber(echo.quantity.exact) : echo.quantity.raw;
  if ('dimension' in echo) fields.dimension = echo.dimension;
  if ('effectiveStartTime' in echo) fields.effectiveStartTime = echo.effectiveStartTime;
  if ('planId' in echo) fields.planId = echo.planId;
  return fields;
}

function failedItem(
  status: Exclude<UsageEventStatus, 'Accepted'>,
  messageTime: string,
  error: MarketplaceBadRequest | ReturnType<typeof conflictBody>,
  echo: UsageEventEcho,
): Record<string, unknown> {
  return { status, messageTime, error, ...echoFields(echo) };
}

/** One entry of the batch response's `result` array. */
export function batchResultItem(outcome: UsageEventOutcome, messageTime: string): Record<string, unknown> {
  switch (outcome.kind) {
    case 'accepted':
      return { ...okMessage(outcome.record, 'Accepted') };
    case 'duplicate':
      return failedItem('Duplicate', messageTime, conflictBody(outcome.accepted), outcome.echo);
    case 'rejected':
      return failedItem(outcome.status, messageTime, outcome.error, outcome.echo);
  }
}
