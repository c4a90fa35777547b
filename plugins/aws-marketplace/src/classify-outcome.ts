import type { UsageRecord, UsageRecordResult } from '@aws-sdk/client-marketplace-metering';
import type { EventOutcome } from '@hub/core';
import { type PreparedRecord, recordKey } from './usage-record.js';

/** What one `BatchMeterUsage` call came to, before any splitting. */
export type CallAnswer =
  /** AWS answered record by record: one outcome per record of the call, in its order. */
  | { kind: 'records'; outcomes: EventOutcome[] }
  /** The same outcome for every record of the call (RETRYABLE or AUTH_FAILED). */
  | { kind: 'whole'; outcome: EventOutcome }
  /** `TimestampOutOfBoundsException`: nothing was recorded; some record is outside the window. */
  | { kind: 'out-of-bounds'; code: string; message: string }
  /** A client error that refuses the whole call for the sake of some record(s): split to find them. */
  | { kind: 'invalid'; code: string; message: string };

/** Refusals of the whole call caused by one or more of its records (research/widening.md §1.4). */
export const RECORD_ERROR_CODES = new Set([
  'InvalidCustomerIdentifierException',
  'InvalidLicenseException',
  'InvalidUsageDimensionException',
  'InvalidProductCodeException',
  'InvalidTagException',
  'InvalidUsageAllocationsException',
  'DisabledApiException',
  'ValidationException',
]);

/** The credential (or the identity behind it) was refused, by the metering service or by STS. */
export const AUTH_ERROR_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'AccessDeniedException',
  'ExpiredTokenException',
  // STS's words for the same things.
  'AccessDenied',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'RegionDisabledException',
  'CredentialsProviderError',
]);

/** Transient by AWS's definition: the same call may succeed later. */
export const RETRYABLE_ERROR_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'RequestTimeout',
]);

/** The credential could not be had: an STS refusal or no identity in the provider chain. */
export class CredentialSourceError extends Error {
  override readonly name = 'CredentialSourceError';
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number | null,
    /** STS could not be reached or failed on its side: try again later, the credential may be fine. */
    readonly transient = false,
  ) {
    super(message);
  }
}

/** An SDK error as the plugin reads it: AWS's code, its words, the HTTP status when one came. */
export interface ErrorFacts {
  code: string;
  message: string;
  status: number | null;
  /** True when the failure happened getting credentials (STS or the provider chain). */
  credential: boolean;
  /** For credential failures: STS unreachable or failing on its side (not a refusal). */
  transient?: boolean;
}

/** Reads the facts from whatever the SDK (or the network) threw. */
export function errorFacts(error: unknown): ErrorFacts {
  if (error instanceof CredentialSourceError) {
    return {
      code: error.code,
      message: error.message,
      status: error.httpStatus,
      credential: true,
      transient: error.transient,
    };
  }
  if (!(error instanceof Error))
    return { code: 'UnknownError', message: String(error), status: null, credential: false };
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  const status = typeof metadata?.httpStatusCode === 'number' ? metadata.httpStatusCode : null;
  // SDK errors are named after AWS's error code; Node's network errors carry theirs in `code`.
  const ownCode = (error as { code?: unknown }).code;
  const generic = error.name === 'Error' || error.name === 'TypeError';
  const code = generic && typeof ownCode === 'string' ? ownCode : error.name;
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error && cause.message && cause.message !== error.message ? ` (${cause.message})` : '';
  return {
    code,
    message: `${error.message || code}${causeText}`,
    status,
    credential: false,
  };
}

function words(code: string, message: string): string {
  return message.includes(code) ? message : `${code}: ${message}`;
}

/** What a thrown call means for all of its records. */
export function classifyCallError(error: unknown): CallAnswer {
  const facts = errorFacts(error);
  const text = words(facts.code, facts.message);
  if (facts.credential && facts.transient) {
    return {
      kind: 'whole',
      outcome: {
        code: 'RETRYABLE',
        destinationStatus: facts.code,
        message: `AWS STS could not be asked for the role's session right now (${text})`,
        retryAfterMs: null,
      },
    };
  }
  if (facts.credential) {
    return {
      kind: 'whole',
      outcome: {
        code: 'AUTH_FAILED',
        destinationStatus: facts.code,
        message: `AWS STS refused the credential (${text})`,
        retryAfterMs: null,
      },
    };
  }
  if (AUTH_ERROR_CODES.has(facts.code)) {
    return {
      kind: 'whole',
      outcome: { code: 'AUTH_FAILED', destinationStatus: facts.code, message: text, retryAfterMs: null },
    };
  }
  if (facts.code === 'TimestampOutOfBoundsException')
    return { kind: 'out-of-bounds', code: facts.code, message: text };
  if (RECORD_ERROR_CODES.has(facts.code)) return { kind: 'invalid', code: facts.code, message: text };
  const retryable = (destinationStatus: string, message: string): CallAnswer => ({
    kind: 'whole',
    // AWS sends no Retry-After: the host's backoff decides.
    outcome: { code: 'RETRYABLE', destinationStatus, message, retryAfterMs: null },
  });
  if (RETRYABLE_ERROR_CODES.has(facts.code)) return retryable(facts.code, text);
  if (facts.status === 401 || facts.status === 403) {
    return {
      kind: 'whole',
      outcome: {
        code: 'AUTH_FAILED',
        destinationStatus: facts.code,
        message: `HTTP ${facts.status}: ${text}`,
        retryAfterMs: null,
      },
    };
  }
  if (facts.status !== null) {
    // 5xx, 429, or a client error AWS does not document for this call: nothing says it was
    // recorded or refused for good, and an identical resend is deduplicated, so send it again.
    return retryable(facts.code, `HTTP ${facts.status}: ${text}`);
  }
  // No HTTP answer: a dropped connection, a timeout, a lost response. AWS may have recorded the
  // call; the identical resend gets the same MeteringRecordId.
  return retryable(facts.code, `no answer from AWS (${text}); the identical records are sent again`);
}

const NOT_SUBSCRIBED =
  'CustomerNotSubscribed: AWS did not honour the record: the customer cannot use the product (the customer is unknown, has no active agreement or subscription for it, or the AWS account is suspended)';

const DUPLICATE =
  'DuplicateRecord: AWS already holds a record for this customer, dimension and hour with a different quantity; this one was not honoured';

function outcomeOfResult(result: UsageRecordResult): EventOutcome {
  switch (result.Status) {
    case 'Success':
      return { code: 'ACCEPTED', receiptId: result.MeteringRecordId ?? null, destinationStatus: 'Success' };
    case 'DuplicateRecord':
      return { code: 'DUPLICATE_FOREIGN', destinationStatus: 'DuplicateRecord', message: DUPLICATE };
    case 'CustomerNotSubscribed':
      return { code: 'REJECTED', destinationStatus: 'CustomerNotSubscribed', message: NOT_SUBSCRIBED };
    default:
      return {
        code: 'RETRYABLE',
        destinationStatus: String(result.Status ?? 'missing'),
        message: `AWS answered the record with status ${JSON.stringify(result.Status ?? null)}, which the plugin does not know; sent again`,
        retryAfterMs: null,
      };
  }
}

/**
 * Is `echo` (a record AWS returned) the record we sent? Same customer, dimension and hour; and when
 * AWS echoes a license ARN, the same license.
 */
function sameRecord(sent: PreparedRecord, echo: UsageRecord | undefined): boolean {
  if (!echo || recordKey(echo) !== sent.key) return false;
  return !echo.LicenseArn || echo.LicenseArn === sent.record.LicenseArn;
}

/**
 * AWS's per-record answer, matched back to the call's records by (customer, license, dimension,
 * hour), never by position. A record AWS lists as unprocessed, or does not mention at all, is
 * RETRYABLE (nothing says it was recorded; an identical resend is deduplicated).
 */
export function classifyResults(
  records: readonly PreparedRecord[],
  output: { Results?: UsageRecordResult[] | undefined; UnprocessedRecords?: UsageRecord[] | undefined },
): EventOutcome[] {
  const results = output.Results ?? [];
  const unprocessed = output.UnprocessedRecords ?? [];
  return records.map((sent) => {
    const result = results.find((candidate) => sameRecord(sent, candidate.UsageRecord));
    if (result) return outcomeOfResult(result);
    if (unprocessed.some((candidate) => sameRecord(sent, candidate))) {
      return {
        code: 'RETRYABLE',
        destinationStatus: 'UnprocessedRecords',
        message: 'AWS returned the record unprocessed (a service-side error that should be retried)',
        retryAfterMs: null,
      };
    }
    return {
      code: 'RETRYABLE',
      destinationStatus: 'NotInAnswer',
      message: "AWS's answer did not mention the record; sent again (an identical resend is deduplicated)",
      retryAfterMs: null,
    };
  });
}
