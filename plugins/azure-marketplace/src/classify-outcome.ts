import { type EventOutcome, Money, type UsageEvent } from '@hub/core';
import {
  type AzureError,
  type BatchResultItem,
  quantityText,
  type UsageEventMessage,
  ZAzureError,
  ZBatchResponse,
  ZUsageEventMessage,
} from './azure-responses.js';
import { sameUtcHour } from './azure-time.js';
import { parseRetryAfter } from './retry-after.js';

/**
 * Turns Azure's answers into the hub's closed set of outcome codes. Pure: no I/O, no clock but the
 * one passed in (for `Retry-After` dates). The rules follow spec/azure.md and domain.md "Submitting
 * to Azure"; where Microsoft is silent the choice that can never lose or double-bill usage wins:
 * an answer we cannot read is RETRYABLE, because a retry of the same event is always safe (Azure
 * answers `Duplicate` with the event it holds, which we then recognise as ours).
 */

/** What came back for one HTTP call, as the metering client hands it over. */
export type AzureAnswer =
  | {
      kind: 'http';
      status: number;
      /** Lower-case header names. */
      headers: Readonly<Record<string, string>>;
      /** The body parsed losslessly, or undefined when it was not JSON. */
      body: unknown;
    }
  /** No HTTP answer: refused or dropped connection, timeout. Azure may or may not have recorded it. */
  | { kind: 'transport'; code: string; message: string }
  /** No token, so nothing was sent. */
  | { kind: 'token'; failure: TokenFailure };

/** Why a token could not be had (see token-errors.ts). */
export interface TokenFailure {
  /** `AADSTS7000215` when Entra said why, else MSAL's code (`invalid_client`, `network_error`). */
  code: string;
  message: string;
  /** True when the token endpoint was unreachable or overloaded rather than refusing the credential. */
  transient: boolean;
  retryAfterMs: number | null;
}

/** Per-event statuses that are final: the operator must fix data or configuration. */
const REJECTED_STATUSES = new Set([
  'ResourceNotFound',
  'ResourceNotActive',
  'InvalidDimension',
  'InvalidQuantity',
  'BadArgument',
]);

/** Microsoft's descriptions of the statuses (metering docs' table), used when a body carries no message. */
const STATUS_DESCRIPTIONS: Record<string, string> = {
  Expired: 'Expired usage.',
  Duplicate: 'Duplicate usage provided.',
  Error: 'Error code.',
  ResourceNotFound: 'The usage resource provided is invalid.',
  ResourceNotAuthorized: 'You are not authorized to provide usage for this resource.',
  ResourceNotActive: 'The resource is suspended or was never activated.',
  InvalidDimension: 'The dimension for which the usage is passed is invalid for this offer/plan.',
  InvalidQuantity: 'The quantity passed is lower or equal to 0.',
  BadArgument: 'The input is missing or malformed.',
};

/** Microsoft's own words from an error envelope: the details (the specific reasons) before the generic message. */
export function azureErrorMessage(error: AzureError | null | undefined): string | null {
  if (!error) return null;
  const details = (error.details ?? [])
    .map((detail) => detail.message?.trim())
    .filter((message): message is string => !!message);
  if (details.length > 0) return details.join(' ');
  return error.message?.trim() || null;
}

/** Microsoft reports an out-of-window `effectiveStartTime` as BadArgument targeting that field. */
export function targetsEffectiveStartTime(error: AzureError | null | undefined): boolean {
  return (error?.details ?? []).some((detail) => detail.target?.toLowerCase() === 'effectivestarttime');
}

function decimalOrNull(text: string | null): InstanceType<typeof Money> | null {
  if (text === null) return null;
  try {
    return new Money(text.trim());
  } catch {
    return null;
  }
}

/**
 * Azure types quantity as a double, so it may echo 9.123456789012346 as 9.1234567890123461: two
 * quantities that are the same double are the same quantity to Azure. Exact decimal equality is
 * checked first; the double comparison only widens it for digits beyond a double's precision.
 */
export function sameQuantity(ours: string, theirs: string | null): boolean {
  const a = decimalOrNull(ours);
  const b = decimalOrNull(theirs);
  if (a === null || b === null) return false;
  return a.eq(b) || Number(a.toString()) === Number(b.toString());
}

/** Same slot: resource (GUIDs compare case-insensitively), dimension, and UTC hour compared as instants. */
export function sameSlot(event: UsageEvent, message: UsageEventMessage): boolean {
  return (
    !!message.resourceId &&
    message.resourceId.toLowerCase() === event.resourceId.toLowerCase() &&
    message.dimension === event.dimension &&
    !!message.effectiveStartTime &&
    sameUtcHour(message.effectiveStartTime, event.effectiveStartTime)
  );
}

/**
 * Whether the event Azure already holds for a slot is this one: same slot and the same quantity.
 * That is how a lost answer is told apart from a slot someone else (another tool, an operator by
 * hand) used: only then is a `Duplicate` as good as `Accepted`.
 */
export function isOurEvent(event: UsageEvent, accepted: UsageEventMessage): boolean {
  return sameSlot(event, accepted) && sameQuantity(event.quantity, quantityText(accepted.quantity));
}

/** A `Duplicate` (batch item) or 409 (single event): ours when the accepted message is our event. */
export function classifyDuplicate(event: UsageEvent, error: AzureError | null | undefined): EventOutcome {
  const accepted = error?.additionalInfo?.acceptedMessage ?? null;
  if (accepted && isOurEvent(event, accepted)) {
    return {
      code: 'DUPLICATE_OURS',
      receiptId: accepted.usageEventId ?? null,
      destinationStatus: 'Duplicate',
      message: null,
    };
  }
  const held = accepted
    ? `Azure already holds quantity ${quantityText(accepted.quantity) ?? '?'} for ${accepted.dimension ?? '?'} at ${accepted.effectiveStartTime ?? '?'}${accepted.usageEventId ? ` (usageEventId ${accepted.usageEventId})` : ''}`
    : 'Azure sent no acceptedMessage to compare with';
  return {
    code: 'DUPLICATE_FOREIGN',
    receiptId: null,
    destinationStatus: 'Duplicate',
    message: `${error?.message?.trim() || 'This usage event already exist.'} ${held}.`,
  };
}

/** One entry of a batch response, already paired with the event it answers. */
export function classifyBatchItem(
  event: UsageEvent,
  item: BatchResultItem,
  retryAfterMs: number | null = null,
): EventOutcome {
  const status = item.status ?? '';
  const message = azureErrorMessage(item.error) ?? STATUS_DESCRIPTIONS[status] ?? null;
  if (status === 'Accepted') {
    const recorded = quantityText(item.quantity);
    const differs = recorded !== null && !sameQuantity(event.quantity, recorded);
    return {
      code: 'ACCEPTED',
      receiptId: item.usageEventId ?? null,
      destinationStatus: status,
      // Azure's echo is the record; a different number there is worth an operator's look.
      message: differs ? `Azure recorded quantity ${recorded} for ${event.quantity} sent` : null,
    };
  }
  if (status === 'Duplicate') return classifyDuplicate(event, item.error);
  if (status === 'Expired' || (status === 'BadArgument' && targetsEffectiveStartTime(item.error))) {
    return { code: 'EXPIRED', destinationStatus: status, message };
  }
  if (REJECTED_STATUSES.has(status)) return { code: 'REJECTED', destinationStatus: status, message };
  if (status === 'ResourceNotAuthorized') return { code: 'AUTH_FAILED', destinationStatus: status, message };
  // `Error` is Microsoft's transient answer; an unknown status word is treated the same way, since
  // retrying the same event is safe and giving it up would lose usage that can never be re-sent.
  return {
    code: 'RETRYABLE',
    destinationStatus: status || null,
    message:
      status === 'Error'
        ? (message ?? 'Azure answered Error')
        : `Azure answered an unknown status ${JSON.stringify(status)}${message ? `: ${message}` : ''}`,
    retryAfterMs,
  };
}

function retryAfterOf(answer: Extract<AzureAnswer, { kind: 'http' }>, now: Date): number | null {
  return parseRetryAfter(answer.headers['retry-after'], now);
}

/**
 * Microsoft's envelope is `{ code, message, target, details }` at the top (metering) or under
 * `error` (fulfillment's 500 body, a batch item); gateways send `{ statusCode, message }`.
 */
function readError(body: unknown): AzureError | null {
  const parsed = ZAzureError.safeParse(body);
  if (!parsed.success) return null;
  if (parsed.data.code || parsed.data.message) return parsed.data;
  const nested = ZAzureError.safeParse((body as { error?: unknown }).error);
  return nested.success ? nested.data : parsed.data;
}

/** The bits of a body worth showing when it is not Microsoft's envelope (a proxy's page, say). */
function bodyHint(body: unknown): string {
  if (body === undefined || body === null) return '';
  const error = readError(body);
  const text = azureErrorMessage(error) ?? error?.code ?? null;
  return text ? `: ${text}` : '';
}

/**
 * An HTTP answer that is not a per-event result: it applies to every event sent in that call, so
 * it is applied to the single event (usageEvent) or to each event of a batch in turn.
 */
function classifyHttpFailure(
  event: UsageEvent,
  answer: Extract<AzureAnswer, { kind: 'http' }>,
  now: Date,
  batchSize: number,
): EventOutcome {
  const { status } = answer;
  const error = readError(answer.body);
  const message = azureErrorMessage(error);
  if (status === 400) {
    if (targetsEffectiveStartTime(error)) {
      return { code: 'EXPIRED', destinationStatus: error?.code ?? 'BadArgument', message };
    }
    // The single-event API answers an inactive subscription with a 400 and this sentence.
    const notSubscribed = /not in subscribed status/i.test(message ?? '');
    return {
      code: 'REJECTED',
      destinationStatus: notSubscribed ? 'ResourceNotActive' : (error?.code ?? 'BadRequest'),
      message: message ?? 'Azure refused the request as malformed (HTTP 400)',
    };
  }
  if (status === 401 || status === 403) {
    return {
      code: 'AUTH_FAILED',
      destinationStatus: error?.code ?? (status === 401 ? 'Unauthorized' : 'Forbidden'),
      message: `${message ?? 'Azure refused the token'} (HTTP ${status})`,
    };
  }
  if (status === 409) {
    // Documented for the single-event API. A batch-level 409 is not, so only the event it names is
    // judged; the others were not necessarily refused and are safe to send again.
    const accepted = error?.additionalInfo?.acceptedMessage ?? null;
    if (batchSize === 1 || (accepted && sameSlot(event, accepted))) return classifyDuplicate(event, error);
    return {
      code: 'RETRYABLE',
      destinationStatus: 'Conflict',
      message: 'the batch was refused with 409 for another event',
      retryAfterMs: retryAfterOf(answer, now),
    };
  }
  // 429, 5xx, 408 and anything undocumented: try again later. Rejecting on an unexpected status
  // (a proxy's 404 while apiUrl is misconfigured, say) would drop usage for good.
  const kind = status === 429 ? 'throttled' : status >= 500 ? 'server error' : 'unexpected status';
  return {
    code: 'RETRYABLE',
    destinationStatus: error?.code ?? `HTTP ${status}`,
    message: `Azure answered HTTP ${status} (${kind})${bodyHint(answer.body)}`,
    retryAfterMs: retryAfterOf(answer, now),
  };
}

/** Outcome when no HTTP answer came back, or no token could be had. */
function classifyNonHttp(answer: Exclude<AzureAnswer, { kind: 'http' }>): EventOutcome {
  if (answer.kind === 'transport') {
    return {
      code: 'RETRYABLE',
      destinationStatus: answer.code,
      message: `no answer from Azure (${answer.code}): ${answer.message}; the event may or may not be recorded, a retry will tell`,
      retryAfterMs: null,
    };
  }
  const { failure } = answer;
  return failure.transient
    ? {
        code: 'RETRYABLE',
        destinationStatus: failure.code,
        message: `could not get a token: ${failure.message}`,
        retryAfterMs: failure.retryAfterMs,
      }
    : { code: 'AUTH_FAILED', destinationStatus: failure.code, message: failure.message };
}

/** The answer to `POST /usageEvent` (one event). */
export function classifyUsageEventAnswer(event: UsageEvent, answer: AzureAnswer, now: Date): EventOutcome {
  if (answer.kind !== 'http') return classifyNonHttp(answer);
  if (answer.status === 200) {
    const parsed = ZUsageEventMessage.safeParse(answer.body);
    if (!parsed.success || !parsed.data.status) return unreadable(answer);
    return classifyBatchItem(event, { ...parsed.data, error: null }, retryAfterOf(answer, now));
  }
  return classifyHttpFailure(event, answer, now, 1);
}

function unreadable(answer: Extract<AzureAnswer, { kind: 'http' }>): EventOutcome {
  return {
    code: 'RETRYABLE',
    destinationStatus: `HTTP ${answer.status}`,
    message: `Azure answered HTTP ${answer.status} with a body that is not a usage result; the event may or may not be recorded, a retry will tell`,
    retryAfterMs: null,
  };
}

/**
 * Pairs result items with events. Microsoft does not promise that `result` keeps the request's
 * order, so an item is taken by position only when it names the same slot (or names none, as a
 * malformed event's echo may not), and otherwise found by its slot.
 */
export function pairResults(
  events: readonly UsageEvent[],
  items: readonly BatchResultItem[],
): (BatchResultItem | undefined)[] {
  const used = new Set<number>();
  const paired = events.map((event, index) => {
    const item = items[index];
    if (item && (sameSlot(event, item) || (!item.resourceId && !item.dimension))) {
      used.add(index);
      return item;
    }
    return undefined;
  });
  return paired.map((found, index) => {
    if (found) return found;
    const event = events[index]!;
    const at = items.findIndex((item, j) => !used.has(j) && sameSlot(event, item));
    if (at < 0) return undefined;
    used.add(at);
    return items[at];
  });
}

/** The answer to `POST /batchUsageEvent`: one outcome per event, in the events' order. */
export function classifyBatchAnswer(
  events: readonly UsageEvent[],
  answer: AzureAnswer,
  now: Date,
): EventOutcome[] {
  if (answer.kind !== 'http') return events.map(() => classifyNonHttp(answer));
  if (answer.status !== 200) {
    return events.map((event) => classifyHttpFailure(event, answer, now, events.length));
  }
  const parsed = ZBatchResponse.safeParse(answer.body);
  if (!parsed.success) return events.map(() => unreadable(answer));
  const retryAfterMs = retryAfterOf(answer, now);
  return pairResults(events, parsed.data.result).map((item, index) =>
    item
      ? classifyBatchItem(events[index]!, item, retryAfterMs)
      : {
          code: 'RETRYABLE',
          destinationStatus: null,
          message: 'Azure returned no result for this event; a retry will tell whether it was recorded',
          retryAfterMs,
        },
  );
}

/**
 * A fulfillment call (get subscription, list plans) that did not answer 200: what kind of problem
 * it is, in the same closed set, so `describeResource` speaks the host's language.
 */
export function classifyLookupFailure(
  answer: AzureAnswer,
  what: string,
): { code: 'REJECTED' | 'AUTH_FAILED' | 'RETRYABLE'; message: string } {
  if (answer.kind !== 'http') {
    const outcome = classifyNonHttp(answer);
    return {
      code: outcome.code === 'AUTH_FAILED' ? 'AUTH_FAILED' : 'RETRYABLE',
      message: outcome.message ?? 'no answer',
    };
  }
  const error = readError(answer.body);
  const said = azureErrorMessage(error);
  const status = answer.status;
  if (status === 404) return { code: 'REJECTED', message: said ?? `${what} not found (HTTP 404)` };
  if (status === 400)
    return { code: 'REJECTED', message: said ?? `Azure refused the ${what} request (HTTP 400)` };
  if (status === 401 || status === 403) {
    return { code: 'AUTH_FAILED', message: `${said ?? 'Azure refused the token'} (HTTP ${status})` };
  }
  return {
    code: 'RETRYABLE',
    message: `Azure answered HTTP ${status} for the ${what}${bodyHint(answer.body)}`,
  };
}
