import type { z } from 'zod';
import type { MappingIndex, MappingTarget } from '../mappings/resolve-mappings.js';
import type { ConfigData } from '../model/integration-config.js';
import type { IncludedLineItem } from '../pipeline/line-item-filter.js';
import type { SplitResult } from '../pipeline/split.js';
import type { AdapterEnvironment } from './environment.js';
import type { PrerequisiteChecks } from './prerequisites.js';
import type { SubmitResultCode } from './result-codes.js';

/**
 * The contract between the hub and one marketplace destination (Azure, AWS, Google Cloud…).
 *
 * An adapter is a plain object (see `defineAdapter`), exported by a plugin package that the host
 * loads at start-up (`HUB_PLUGINS`). It reads no environment itself: it declares the variables it
 * needs (`environment`), the host parses them with its own, and everything the adapter needs at run
 * time (credential, endpoints, clock) is handed to `createClient`. It never touches the database or the queues; the host
 * keeps the ledger, hour slots, retries and the run record, and acts on the closed set of result
 * codes in `result-codes.ts`.
 *
 * @example
 * ```ts
 * export const exampleAdapter = defineAdapter({
 *   id: 'EXAMPLE_MARKETPLACE',
 *   displayName: 'Example Marketplace',
 *   externalSystem: 'ExampleMarketplace',
 *   credential: { schema: z.object({ apiKey: z.string().min(1) }), secretFields: ['apiKey'] },
 *   mappings: {
 *     account: { externalTable: 'Customer', description: 'account → customer id' },
 *     dimension: { externalTable: 'Dimension', description: 'product or aggregation → dimension' },
 *   },
 *   limits: { maxBatchSize: 25, acceptanceWindowMs: 6 * HOUR_MS, slotLengthMs: HOUR_MS,
 *             fractionalQuantities: false, maxQuantityDecimalPlaces: 0 },
 *   planUsage: (input) => splitIntoDimensions(input.included, input.config, input.mappings, input.dimensionTarget),
 *   createClient: (context) => new ExampleClient(context),
 * });
 * ```
 */
export interface MarketplaceAdapter<TCredential extends Record<string, unknown> = Record<string, unknown>> {
  /** Stable id, the value of an integration's `destination` (e.g. `AZURE_MARKETPLACE`). */
  readonly id: string;
  /** Human name for UIs and logs. */
  readonly displayName: string;
  /** The `externalSystem` of this destination's external mappings (e.g. `AzureMarketplace`). */
  readonly externalSystem: string;
  /**
   * The credential's destination-specific fields. `secretFields` are write-only for the host:
   * encrypted at rest, never returned by the API, never logged, never put in a job payload.
   */
  readonly credential: {
    readonly schema: z.ZodType<TCredential>;
    readonly secretFields: readonly (keyof TCredential & string)[];
  };
  /** The mapping tables the adapter needs, in its `externalSystem`. */
  readonly mappings: {
    /** Account → the destination's customer/resource id (Azure: SaaS subscription). */
    readonly account: AccountMappingSpec;
    /** Product / aggregation → the destination's dimension. */
    readonly dimension: MappingTableSpec;
  };
  /** What the destination enforces; the host schedules and batches by these. */
  readonly limits: AdapterLimits;
  /**
   * The environment variables the plugin reads (endpoints, default region), each with its zod
   * schema and default. The host parses them at start-up together with its own (one list of what
   * is wrong) and hands the values to `createClient` as `context.endpoints`. Optional: an adapter
   * with nothing to configure gets `{}`.
   */
  readonly environment?: AdapterEnvironment;
  /**
   * The destination's part of `POST /v1/integrations/{id}/check` (credential accepted, customers
   * able to take usage, dimensions and prices as the destination knows them). The host runs the
   * destination-independent checks itself (credential connected, mappings present, account lists
   * and filter). Optional: without it the host runs core's `standardPrerequisites` (a
   * `verifyCredential` call, and `describeResource` on every mapped resource when the client has it).
   */
  readonly prerequisites?: PrerequisiteChecks;
  /**
   * Checks an account mapping's `externalId` as a resource id of this destination and returns the
   * one form the host stores, compares and sends (Azure: a GUID, lower-cased). Pure, synchronous and
   * idempotent: a value it returned is returned unchanged when given back. On refusal, `message`
   * says what is wrong with the value (shown to whoever saves the mapping).
   *
   * Optional. The host never calls it directly but through core's `normalizeResourceId(adapter,
   * externalId)`, which refuses blank values and surrounding whitespace for every adapter, then
   * applies this rule, or, when absent, keeps the value unchanged.
   */
  normalizeResourceId?(externalId: string): ResourceIdResult;
  /**
   * Destination-specific rules over an integration's `configData`, run when it is saved (for example
   * a destination that only takes whole quantities refuses `quantityDecimalPlaces` > 0). Each issue
   * names the `configData` field.
   */
  validateConfig?(config: ConfigData): ConfigIssue[];
  /**
   * Splits a filtered bill into dimension amounts and target quantities. Pure and synchronous:
   * it runs in previews and on every bill. Most adapters delegate to core's `splitIntoDimensions`.
   */
  planUsage(input: PlanUsageInput): SplitResult;
  /** Builds a client for one credential; the host caches it per credential and closes it. */
  createClient(context: AdapterClientContext<TCredential>): MarketplaceClient;
}

export interface MappingTableSpec {
  /** The `externalTable` value (Azure: `Subscription`, `Dimension`). */
  readonly externalTable: string;
  readonly description: string;
}

export interface AccountMappingSpec extends MappingTableSpec {
  /**
   * The fields an account mapping's `metadata` may carry for this destination (Azure: `planId`;
   * AWS: `licenseArn` or `customerIdentifier`), for UIs that edit mappings: they show one input per
   * field, labelled and explained, without knowing the destination. Descriptive only: the rules are
   * `validateMetadata`'s. Optional: absent, the destination reads no metadata.
   */
  readonly metadataFields?: readonly MetadataFieldSpec[];
  /**
   * Checks an account mapping's `metadata` when it is saved (AWS: `licenseArn` well formed). Each
   * issue's path is inside `metadata` (e.g. `['licenseArn']`); the host answers 400 naming
   * `metadata.<path>`. Optional: absent, any metadata object is kept.
   */
  validateMetadata?(metadata: Readonly<Record<string, unknown>> | null): ConfigIssue[];
  /**
   * The value of `UsageEvent.planId` for usage of this account, from its mapping's metadata (Azure:
   * `metadata.planId`; AWS: `metadata.licenseArn`). Usage with different values never shares an
   * event. Optional: absent, events carry none (`null`), and the host asks `describeResource` for a
   * plan when the client has it.
   */
  eventPlanId?(metadata: Readonly<Record<string, unknown>> | null): string | null;
}

/** One field of an account mapping's `metadata`, as `AccountMappingSpec.metadataFields` lists it. */
export interface MetadataFieldSpec {
  /** The key inside `metadata`, e.g. `planId`. */
  readonly name: string;
  /** Short human label; default: made from `name` (`licenseArn` → "License ARN"). */
  readonly label?: string;
  /** What the value is and where the operator finds it. */
  readonly description?: string;
  /**
   * True when every account mapping must carry it. Fields of which one or another is needed (AWS:
   * `licenseArn` or `customerIdentifier`) are each `false`, their descriptions saying so. Default false.
   */
  readonly required?: boolean;
}

export interface AdapterLimits {
  /** Most events in one submission (Azure 25, AWS 25). */
  readonly maxBatchSize: number;
  /**
   * How far back an event's time may be and still be accepted (Azure 24 h, AWS 24 h, GCP 1 h).
   * Older slots are never chosen; an event the destination calls expired is re-slotted.
   */
  readonly acceptanceWindowMs: number;
  /**
   * The earliest event time the destination accepts at time `at`, when its rule is more than a
   * fixed window (AWS: 24 h back, and no usage of a month after 06:00 UTC on the 1st of the next).
   * The host asks it for `now + slotMarginMs`, so a chosen slot is still accepted after the margin
   * (see core's `oldestSlotStart`). Optional: absent, only the fixed count applies, whole slots
   * back from the current one as far as `acceptanceWindowMs - slotMarginMs` reaches (a 24 h window
   * with a 2 h margin: 22 slots; counted from the current slot's start, so up to one slot looser than
   * `at - acceptanceWindowMs` would be).
   */
  acceptedFrom?(at: Date): Date;
  /**
   * How far inside the window the host keeps the slots it picks, for queueing and retries
   * (Azure 2 h, AWS 1 h). Optional: default 2 h.
   */
  readonly slotMarginMs?: number;
  /**
   * Largest quantity one event may carry, decimal string (AWS: 2147483647, an int32). The host
   * splits larger usage over several events, each in its own slot. Optional: no limit.
   */
  readonly maxEventQuantity?: string;
  /**
   * Length of a destination slot: at most one event per (resource, dimension, slot). `null` when the
   * destination deduplicates by a caller-chosen id instead (GCP `operationId`); the host then uses
   * the event id as the idempotency key and any time inside the window.
   */
  readonly slotLengthMs: number | null;
  /** False when quantities must be whole numbers (AWS); the host then refuses decimal places > 0. */
  readonly fractionalQuantities: boolean;
  /** Most decimal places a quantity may carry. */
  readonly maxQuantityDecimalPlaces: number;
  /**
   * Events whose keys differ never share a submission (AWS: one product code per call). Absent:
   * any events of one credential may share a batch.
   */
  batchKey?(event: UsageEvent): string;
}

export interface ConfigIssue {
  /** Path inside `configData`, e.g. `['quantityDecimalPlaces']`. */
  path: (string | number)[];
  message: string;
}

export interface PlanUsageInput {
  included: readonly IncludedLineItem[];
  config: ConfigData;
  /** The integration's mappings, with the linking rules applied. */
  mappings: MappingIndex;
  /** Where this adapter's dimension mappings live. */
  dimensionTarget: MappingTarget;
}

export interface AdapterClientContext<TCredential> {
  /** The decrypted credential. The client must never log it or put it in an exchange. */
  credential: TCredential;
  /** Base URLs the host configured (Azure: `apiUrl`, `loginUrl`); the adapter has defaults. */
  endpoints: Readonly<Record<string, string | undefined>>;
  /** The clock, injectable for tests. */
  now: () => Date;
}

/** One event as the host asks the destination to record it. */
export interface UsageEvent {
  /** The hub's id for the event (stable across retries). */
  id: string;
  /** Destination customer / resource (Azure: SaaS subscription id). */
  resourceId: string;
  dimension: string;
  /** Decimal string > 0. */
  quantity: string;
  /** Start of the event's slot, ISO-8601 UTC. */
  effectiveStartTime: string;
  /**
   * The destination's qualifier of the resource, from the account mapping's metadata through
   * `mappings.account.eventPlanId` (Azure: the plan; AWS: the license ARN), or from
   * `describeResource`. `null` when there is none.
   */
  planId?: string | null;
}

export interface EventOutcome {
  code: SubmitResultCode;
  /** The destination's receipt (Azure `usageEventId`) for ACCEPTED / DUPLICATE_OURS. */
  receiptId?: string | null;
  /** The destination's own status word (e.g. `ResourceNotActive`), for the record. */
  destinationStatus?: string | null;
  /** The destination's message, shown to the operator for REJECTED / AUTH_FAILED. */
  message?: string | null;
  /** Honour this before retrying (from `Retry-After`), for RETRYABLE. */
  retryAfterMs?: number | null;
}

/** One HTTP request/response with the destination, secrets and tokens redacted. */
export interface Exchange {
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  status: number | null;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  /** Transport failure, when there was no response. */
  error: string | null;
  startedAt: string;
  durationMs: number;
  requestId: string | null;
  correlationId: string | null;
}

export interface BatchSubmission {
  /** One outcome per submitted event, in the same order. */
  outcomes: EventOutcome[];
  exchanges: Exchange[];
}

export type VerifyResult = { ok: true } | { ok: false; error: { code: string; message: string } };

/** A client bound to one credential. */
export interface MarketplaceClient {
  /** Tries to authenticate; a clear error (Azure: the AADSTS code and text) when it can't. */
  verifyCredential(): Promise<VerifyResult>;
  /**
   * Submits at most `limits.maxBatchSize` events. Never throws for destination or network
   * failures: every event gets an outcome (transport failures are RETRYABLE for the whole batch).
   * Throws only for programming errors (for example a batch over the limit).
   */
  submitBatch(events: readonly UsageEvent[]): Promise<BatchSubmission>;
  /** The resource's plan and whether it accepts usage, where the destination can tell. */
  describeResource?(resourceId: string): Promise<ResourceDescription>;
  /**
   * Optional capability: asks the destination whether it holds an event whose earlier attempt got
   * no clear answer, once re-sending can no longer tell (see `ReadBackQuery`). Never throws for
   * destination or network failures, only for programming errors (a malformed query); every HTTP
   * call comes back in `exchanges`, redacted like `submitBatch`'s. Adapters whose destination offers no read-back leave it out; the host then
   * decides without one.
   */
  readBackUsage?(query: ReadBackQuery): Promise<ReadBackResult>;
  close(): Promise<void>;
}

/** A resource id checked by `normalizeResourceId`: its normal form, or what is wrong with it. */
export type ResourceIdResult = { ok: true; value: string } | { ok: false; message: string };

/** The part of an event a read-back compares: its slot and its quantity. */
export interface SlotQuantity {
  /** Start of the event's slot, ISO-8601 UTC (as in `UsageEvent.effectiveStartTime`). */
  effectiveStartTime: string;
  /** Decimal string > 0, as it was sent. */
  quantity: string;
}

/**
 * The question `readBackUsage` answers: "does the destination hold `event`?", asked about an event
 * whose earlier attempt got no clear answer (a lost response, a 5xx, a timeout) and which can no
 * longer be settled by sending it again (the destination now calls it `EXPIRED`, or its slot has
 * left the window). The answer decides between "accepted after all" and "re-slot it".
 */
export interface ReadBackQuery {
  /** The event in doubt, exactly as it was last sent (same id, resource, dimension, slot, quantity). */
  event: UsageEvent;
  /**
   * Every event the hub holds as recorded by this destination (outcome `ACCEPTED` or
   * `DUPLICATE_OURS`) for the same resource and dimension, from any integration or credential,
   * whose slot starts within 24 hours either side of `event.effectiveStartTime`; never `event`
   * itself. More is harmless: an adapter counts only those inside the period its destination reads
   * back. Destinations that read back per event (or per slot) may ignore it; destinations that only
   * report totals (Azure: per UTC day) need it to tell this event's share from the rest.
   */
  knownRecorded: readonly SlotQuantity[];
  /**
   * The hub's other events for the same resource and dimension, in the same span, whose fate is
   * not known either (an unclear answer not settled yet, or a send in flight right now). Empty when
   * there are none. A totals-only destination cannot attribute usage between these and `event`; it
   * answers `REJECTED` rather than guess when they could explain the same total.
   */
  unsettled: readonly SlotQuantity[];
  /**
   * When the latest unclear attempt to send `event` started, ISO-8601; `null` when none is in doubt
   * (a contract test, say). A destination whose read-back lags behind its write side answers
   * `RETRYABLE`, with `retryAfterMs`, until that lag has passed, rather than report "nothing
   * recorded" too early.
   */
  lastAttemptAt: string | null;
}

/** What the destination holds for the event in doubt. */
export interface ReadBackRecord {
  /** The quantity recorded for it, decimal string. */
  quantity: string;
  /** The destination's receipt for it, when the read-back names one (Azure's does not: `null`). */
  receiptId: string | null;
  /** The destination's own status word(s) for the record (Azure: the day's `reconStatus`). */
  status: string;
}

/**
 * The answer of `readBackUsage`.
 *
 * - `ok: true, recorded: {…}`: the destination holds the event: the host treats it as accepted
 *   (like `DUPLICATE_OURS`) and never sends its quantity again.
 * - `ok: true, recorded: null`: the destination says nothing was recorded for the event: its
 *   quantity is still owed and the host re-slots it (like `EXPIRED`).
 * - `ok: false`: no answer that settles the question. `RETRYABLE`: ask again later (honour
 *   `retryAfterMs`); `AUTH_FAILED`: the credential was refused; `REJECTED`: the destination's answer
 *   cannot settle it (for example totals that the hub's own records cannot explain), so an operator
 *   must decide, with `message` giving the numbers. The host must neither accept nor re-send the
 *   event on `ok: false`.
 */
export type ReadBackResult =
  | {
      ok: true;
      recorded: ReadBackRecord | null;
      /** How the answer was reached, in words, for the run record (Azure: the day's totals compared). */
      basis: string;
      exchanges: Exchange[];
    }
  | {
      ok: false;
      code: Extract<SubmitResultCode, 'RETRYABLE' | 'AUTH_FAILED' | 'REJECTED'>;
      message: string;
      /** For `RETRYABLE`: wait at least this long before asking again. */
      retryAfterMs?: number | null;
      exchanges: Exchange[];
    };

export type ResourceDescription =
  | { ok: true; planId: string | null; active: boolean; status: string; exchanges: Exchange[] }
  | { ok: false; code: SubmitResultCode; message: string; exchanges: Exchange[] };

/** Marks what `defineAdapter` made, so the host's plugin loader can tell an adapter from any export. */
const ADAPTER_BRAND = Symbol.for('@hub/core/marketplace-adapter');

/**
 * Makes a plugin's adapter: keeps the credential type inferred and marks the object so the host's
 * plugin loader recognises it (a plugin package exports it as `default`, or as a named export).
 */
export function defineAdapter<TCredential extends Record<string, unknown>>(
  adapter: MarketplaceAdapter<TCredential>,
): MarketplaceAdapter<TCredential> {
  Object.defineProperty(adapter, ADAPTER_BRAND, { value: true, enumerable: false });
  return adapter;
}

/** True for an adapter made with `defineAdapter` (by any copy of this package). */
export function isMarketplaceAdapter(value: unknown): value is MarketplaceAdapter<Record<string, unknown>> {
  return (
    typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ADAPTER_BRAND] === true
  );
}

export const HOUR_MS = 3_600_000;
