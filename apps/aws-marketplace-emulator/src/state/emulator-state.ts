/**
 * The emulator's whole in-memory store. Everything a client can observe lives here, so `reset` is a
 * matter of emptying these collections.
 */

export const CUSTOMER_STATUSES = ['SUBSCRIBED', 'UNSUBSCRIBE_PENDING', 'UNSUBSCRIBED'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const RECORD_STATUSES = ['Success', 'DuplicateRecord', 'CustomerNotSubscribed'] as const;
export type UsageRecordStatus = (typeof RECORD_STATUSES)[number];

/** A long-term IAM user access key (`AKIA…`), the seller's or the hub's. */
export interface SeededAccessKey {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  /** IAM user name, for ARNs and AccessDenied messages. */
  readonly userName: string;
  /** Stable `AIDA…` id returned by GetCallerIdentity. */
  readonly userId: string;
}

export interface SeededRole {
  readonly roleArn: string;
  readonly accountId: string;
  readonly roleName: string;
  /** Stable `AROA…` id. */
  readonly roleId: string;
  readonly externalId: string | undefined;
  /** Accounts whose keys may assume the role; undefined = the account of any seeded key. */
  readonly trustedAccountIds: readonly string[] | undefined;
  readonly maxSessionDurationSeconds: number;
}

/** Temporary credentials issued by AssumeRole (`ASIA…`). */
export interface IssuedSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiresAt: Date;
  readonly roleArn: string;
  readonly roleSessionName: string;
  /** The role's account: the session acts as it. */
  readonly accountId: string;
}

export interface SeededProduct {
  readonly productCode: string;
  readonly dimensions: readonly string[];
  readonly sellerAccountId: string;
}

export interface SeededCustomer {
  readonly customerAwsAccountId: string;
  readonly productCode: string;
  licenseArn: string | undefined;
  readonly customerIdentifier: string | undefined;
  status: CustomerStatus;
  /** When the status last changed (emulator clock, ISO); starts the UNSUBSCRIBE_PENDING hour. */
  statusChangedAt: string;
}

export interface UsageAllocationRecord {
  AllocatedUsageQuantity: number;
  Tags?: Array<{ Key: string; Value: string }>;
}

/** One honoured usage record. */
export interface RecordedMeteringRecord {
  readonly meteringRecordId: string;
  readonly productCode: string;
  readonly customerAwsAccountId: string | null;
  readonly customerIdentifier: string | null;
  readonly licenseArn: string | null;
  readonly dimension: string;
  /** The record's Timestamp as sent, ISO 8601. */
  readonly timestamp: string;
  readonly quantity: number;
  readonly usageAllocations?: UsageAllocationRecord[];
  /** When the emulator honoured it (emulator clock, ISO). */
  readonly recordedAt: string;
  readonly callerAccountId: string;
  readonly region: string;
}

export type FaultKind =
  | 'latency'
  | 'dropConnection'
  | 'status500'
  | 'throttle'
  | 'lostResponse'
  | 'unprocessed'
  | 'failNext';

export interface AwsEmulatorStats {
  /** Calls per operation (`BatchMeterUsage`, `AssumeRole`, `GetCallerIdentity`, or `unknown`). */
  calls: Record<string, number>;
  /** Records per BatchMeterUsage call that passed authentication: size → number of calls. */
  batchSizes: Record<string, number>;
  /** Per-record outcomes of accepted calls; `Unprocessed` = returned in UnprocessedRecords. */
  results: Record<UsageRecordStatus | 'Unprocessed', number>;
  /** Error answers per `__type` / STS error code (auth, validation, faults, throttling). */
  exceptions: Record<string, number>;
  faultsInjected: Record<FaultKind, number>;
  /** Identical records answered Success with their earlier MeteringRecordId (not recorded again). */
  duplicatesAnswered: number;
  /** Calls refused by the rate limiter (not by fault injection). */
  throttled: number;
}

export interface AwsEmulatorState {
  readonly accessKeys: Map<string, SeededAccessKey>;
  readonly roles: Map<string, SeededRole>;
  readonly sessions: Map<string, IssuedSession>;
  readonly products: Map<string, SeededProduct>;
  /** Keyed by `customerKey(productCode, customerAwsAccountId)`. */
  readonly customers: Map<string, SeededCustomer>;
  readonly records: RecordedMeteringRecord[];
  /** First-quantity-wins index: `slotKey` → the honoured record. */
  readonly slots: Map<string, { record: RecordedMeteringRecord; allocationsKey: string }>;
  readonly stats: AwsEmulatorStats;
  windowHours: 6 | 24;
}

export function customerKey(productCode: string, customerAwsAccountId: string): string {
  return `${productCode}\u0000${customerAwsAccountId}`;
}

function emptyStats(): AwsEmulatorStats {
  return {
    calls: {},
    batchSizes: {},
    results: { Success: 0, DuplicateRecord: 0, CustomerNotSubscribed: 0, Unprocessed: 0 },
    exceptions: {},
    faultsInjected: {
      latency: 0,
      dropConnection: 0,
      status500: 0,
      throttle: 0,
      lostResponse: 0,
      unprocessed: 0,
      failNext: 0,
    },
    duplicatesAnswered: 0,
    throttled: 0,
  };
}

export function createEmulatorState(windowHours: 6 | 24): AwsEmulatorState {
  return {
    accessKeys: new Map(),
    roles: new Map(),
    sessions: new Map(),
    products: new Map(),
    customers: new Map(),
    records: [],
    slots: new Map(),
    stats: emptyStats(),
    windowHours,
  };
}

/** Empties every collection and zeroes the stats; the window goes back to `windowHours`. */
export function clearEmulatorState(state: AwsEmulatorState, windowHours: 6 | 24): void {
  state.accessKeys.clear();
  state.roles.clear();
  state.sessions.clear();
  state.products.clear();
  state.customers.clear();
  state.records.length = 0;
  state.slots.clear();
  Object.assign(state.stats, emptyStats());
  state.windowHours = windowHours;
}

export function countStat(counter: Record<string, number>, key: string, by = 1): void {
  counter[key] = (counter[key] ?? 0) + by;
}
