/**
 * The per-event rules of Microsoft's metering API, in the order the emulator applies them:
 *
 *  1. BadArgument           a field is missing, of the wrong type, or malformed (resourceId not a
 *                           GUID, effectiveStartTime not a date-time, resourceUri sent with resourceId)
 *  2. InvalidQuantity       quantity not a number, or ≤ 0
 *  3. Expired               effectiveStartTime more than 24 h before now, or after the current UTC hour
 *  4. ResourceNotFound      no subscription with that id
 *  5. ResourceNotAuthorized the token's tenant/client is not the subscription's publisher app
 *  6. ResourceNotActive     subscription status is not `Subscribed`
 *  7. BadArgument (planId)  planId differs from the subscription's current plan (chosen: docs silent)
 *  8. InvalidDimension      dimension is not a metering dimension of that plan
 *  9. Duplicate             an event is already accepted for (resourceId, dimension, UTC hour)
 *
 * Microsoft does not document the order; cheap payload checks first, then the resource, then the
 * dedupe store is what its answers suggest (a malformed event never reports Duplicate).
 */

import { tokenMayAccess } from '../auth/token-store.js';
import { USAGE_WINDOW_MS } from '../constants.js';
import { normalizeDecimal } from '../decimal/decimal-string.js';
import { numberSourceText } from '../json/lossless-json-parser.js';
import {
  badArgument,
  CLIENT_NOT_AUTHORIZED_MESSAGE,
  EXPIRED_MESSAGE,
  INVALID_DIMENSION_MESSAGE,
  type MarketplaceBadRequest,
  NOT_SUBSCRIBED_MESSAGE,
  RESOURCE_NOT_FOUND_MESSAGE,
} from '../marketplace/error-bodies.js';
import {
  type EmulatorState,
  type IssuedToken,
  type MarketplaceSubscription,
  type RecordedUsageEvent,
  type UsageEventStatus,
  usageSlotKey,
} from '../state/emulator-state.js';
import { currentPlan, findSubscription } from '../state/seed-operations.js';
import { GUID_PATTERN } from '../state/seed-schemas.js';
import { addHours, floorToUtcHour, parseUtcTime } from '../time/utc-time.js';

/** The event's fields as the client sent them, echoed back on failures (only those present). */
export interface UsageEventEcho {
  readonly resourceId?: unknown;
  /** Exact decimal text for JSON numbers; other JSON values as sent. */
  readonly quantity?: { readonly exact: string } | { readonly raw: unknown };
  readonly dimension?: unknown;
  readonly effectiveStartTime?: unknown;
  readonly planId?: unknown;
}

export interface ValidUsageEvent {
  readonly resourceId: string;
  readonly quantity: string;
  readonly dimension: string;
  readonly effectiveStartTime: string;
  readonly planId: string;
  readonly hour: Date;
  readonly subscription: MarketplaceSubscription;
}

export type UsageEventVerdict =
  | { readonly kind: 'valid'; readonly event: ValidUsageEvent; readonly echo: UsageEventEcho }
  | { readonly kind: 'duplicate'; readonly accepted: RecordedUsageEvent; readonly echo: UsageEventEcho }
  | {
      readonly kind: 'rejected';
      readonly status: Exclude<UsageEventStatus, 'Accepted' | 'Duplicate'>;
      readonly error: MarketplaceBadRequest;
      readonly echo: UsageEventEcho;
    };

export interface UsageEventRulesContext {
  readonly state: EmulatorState;
  readonly token: IssuedToken;
  readonly now: Date;
}

function echoOf(event: Record<string, unknown>): UsageEventEcho {
  const echo: {
    -readonly [K in keyof UsageEventEcho]: UsageEventEcho[K];
  } = {};
  if ('resourceId' in event) echo.resourceId = event.resourceId;
  if ('quantity' in event) {
    const text = typeof event.quantity === 'number' ? numberSourceText(event, 'quantity') : undefined;
    const exact = text === undefined ? undefined : normalizeDecimal(text);
    echo.quantity =
      exact !== undefined
        ? { exact }
        : typeof event.quantity === 'number' && Number.isFinite(event.quantity)
          ? { exact: String(event.quantity) }
          : { raw: event.quantity };
  }
  if ('dimension' in event) echo.dimension = event.dimension;
  if ('effectiveStartTime' in event) echo.effectiveStartTime = event.effectiveStartTime;
  if ('planId' in event) echo.planId = event.planId;
  return echo;
}

function rejected(
  status: Exclude<UsageEventStatus, 'Accepted' | 'Duplicate'>,
  error: MarketplaceBadRequest,
  echo: UsageEventEcho,
): UsageEventVerdict {
  return { kind: 'rejected', status, error, echo };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Capitalised target for "is required" messages, as in the docs' sample (`"target": "ResourceId"`). */
function requiredDetail(field: string): { target: string; message: string } {
  return { target: field[0]!.toUpperCase() + field.slice(1), message: `The ${field} is required.` };
}

const TEXT_FIELDS = ['resourceId', 'dimension', 'planId', 'effectiveStartTime'] as const;

export function validateUsageEvent(input: unknown, context: UsageEventRulesContext): UsageEventVerdict {
  if (!isRecord(input)) {
    return rejected(
      'BadArgument',
      badArgument([{ target: 'usageEventRequest', message: 'The usage event must be a JSON object.' }]),
      {},
    );
  }
  const echo = echoOf(input);

  // 1. Shape.
  const details: { target: string; message: string }[] = [];
  for (const field of TEXT_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null || value === '') details.push(requiredDetail(field));
    else if (typeof value !== 'string')
      details.push({ target: field, message: `The ${field} value provided is invalid.` });
  }
  if (input.quantity === undefined || input.quantity === null) details.push(requiredDetail('quantity'));
  if (
    typeof input.resourceId === 'string' &&
    input.resourceId !== '' &&
    !GUID_PATTERN.test(input.resourceId)
  ) {
    details.push({ target: 'resourceId', message: 'The resourceId value provided is not a valid GUID.' });
  }
  if (input.resourceUri !== undefined) {
    // resourceUri identifies managed apps; SaaS events use resourceId, and never both (OpenAPI).
    details.push({ target: 'resourceUri', message: 'Only use resourceUri or resourceId, but never both.' });
  }
  let effectiveStart: Date | undefined;
  if (typeof input.effectiveStartTime === 'string' && input.effectiveStartTime !== '') {
    effectiveStart = parseUtcTime(input.effectiveStartTime);
    if (!effectiveStart) {
      details.push({
        target: 'effectiveStartTime',
        message: 'The effectiveStartTime value provided is not a valid date-time.',
      });
    }
  }
  if (details.length > 0 || !effectiveStart) return rejected('BadArgument', badArgument(details), echo);
  const resourceId = input.resourceId as string;
  const dimension = input.dimension as string;
  const planId = input.planId as string;
  const effectiveStartTime = input.effectiveStartTime as string;

  // 2. Quantity: a JSON number > 0 that fits a double (Azure's type). Strings are refused, not coerced.
  const quantity = echo.quantity && 'exact' in echo.quantity ? echo.quantity.exact : undefined;
  if (
    quantity === undefined ||
    typeof input.quantity !== 'number' ||
    !Number.isFinite(input.quantity) ||
    !(input.quantity > 0)
  ) {
    return rejected(
      'InvalidQuantity',
      badArgument([{ target: 'quantity', message: 'The quantity must be a number greater than 0.' }]),
      echo,
    );
  }

  // 3. The window: not older than 24 h, not later than the current UTC hour.
  const nowMs = context.now.getTime();
  const startMs = effectiveStart.getTime();
  if (startMs < nowMs - USAGE_WINDOW_MS || startMs >= addHours(floorToUtcHour(context.now), 1).getTime()) {
    return rejected(
      'Expired',
      badArgument([{ target: 'effectiveStartTime', message: EXPIRED_MESSAGE }]),
      echo,
    );
  }

  // 4–6. The resource.
  const subscription = findSubscription(context.state, resourceId);
  if (!subscription) {
    return rejected(
      'ResourceNotFound',
      badArgument([{ target: 'resourceId', message: RESOURCE_NOT_FOUND_MESSAGE }]),
      echo,
    );
  }
  if (!tokenMayAccess(context.token, subscription)) {
    return rejected(
      'ResourceNotAuthorized',
      badArgument(
        [{ target: 'resourceId', message: CLIENT_NOT_AUTHORIZED_MESSAGE }],
        'usageEventRequest',
        'Forbidden',
      ),
      echo,
    );
  }
  if (subscription.status !== 'Subscribed') {
    return rejected(
      'ResourceNotActive',
      badArgument([{ target: 'resourceId', message: NOT_SUBSCRIBED_MESSAGE }]),
      echo,
    );
  }

  // 7–8. Plan and dimension.
  if (planId !== subscription.planId) {
    return rejected(
      'BadArgument',
      badArgument([
        { target: 'planId', message: 'The planId provided does not match the plan of the subscription.' },
      ]),
      echo,
    );
  }
  const plan = currentPlan(subscription);
  if (!plan?.dimensions.some((candidate) => candidate.id === dimension)) {
    return rejected(
      'InvalidDimension',
      badArgument([{ target: 'dimension', message: INVALID_DIMENSION_MESSAGE }]),
      echo,
    );
  }

  // 9. One event per (resource, dimension, UTC hour); the first one stays.
  const hour = floorToUtcHour(effectiveStart);
  const accepted = context.state.eventsBySlot.get(usageSlotKey(resourceId, dimension, hour));
  if (accepted) return { kind: 'duplicate', accepted, echo };

  return {
    kind: 'valid',
    echo,
    event: { resourceId, quantity, dimension, effectiveStartTime, planId, hour, subscription },
  };
}
