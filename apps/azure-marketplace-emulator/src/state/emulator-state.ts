/**
 * The emulator's whole in-memory store. Everything a client can observe lives here, so `reset`
 * is a matter of emptying these collections.
 */

export const SUBSCRIPTION_STATUSES = [
  'NotStarted',
  'PendingFulfillmentStart',
  'Subscribed',
  'Suspended',
  'Unsubscribed',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Per-event statuses of the batch API (`StatusEnum` in meteringapi.v1.json). */
export const USAGE_EVENT_STATUSES = [
  'Accepted',
  'Expired',
  'Duplicate',
  'Error',
  'ResourceNotFound',
  'ResourceNotAuthorized',
  'ResourceNotActive',
  'InvalidDimension',
  'InvalidQuantity',
  'BadArgument',
] as const;
export type UsageEventStatus = (typeof USAGE_EVENT_STATUSES)[number];

/** An Entra app registration's client secret, as a publisher configures it in Partner Center. */
export interface SeededCredential {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** An access token this emulator issued; opaque to clients, looked up on every metering call. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

export interface AadIdentity {
  readonly emailId: string;
  readonly objectId: string;
  readonly tenantId: string;
  readonly puid: string;
}

export interface PlanDimension {
  readonly id: string;
  readonly displayName: string;
  readonly unitOfMeasure: string;
  readonly currency: string;
  /** Exact decimal string, e.g. `0.005`. */
  readonly pricePerUnit: string;
  /** Units included in the base fee per term; Microsoft serializes it as a string. */
  readonly includedQuantity: string;
}

export interface SubscriptionPlan {
  readonly planId: string;
  readonly displayName: string;
  readonly description: string;
  readonly isPricePerSeat: boolean;
  readonly isPrivate: boolean;
  readonly termUnit: string;
  readonly currency: string;
  /** Recurring (flat-rate) price for the term, exact decimal string. */
  readonly price: string;
  readonly dimensions: readonly PlanDimension[];
}

export interface MarketplaceSubscription {
  readonly id: string;
  name: string;
  publisherId: string;
  offerId: string;
  offerName: string;
  planId: string;
  quantity: number;
  status: SubscriptionStatus;
  /** When set, only tokens issued to this client may meter or read the subscription. */
  publisherClientId: string | undefined;
  /** When set, only tokens issued in this tenant may meter or read the subscription. */
  publisherTenantId: string | undefined;
  azureSubscriptionId: string;
  beneficiary: AadIdentity;
  purchaser: AadIdentity;
  term: { termUnit: string; startDate: Date; endDate: Date };
  autoRenew: boolean;
  isTest: boolean;
  isFreeTrial: boolean;
  sessionMode: 'None' | 'DryRun';
  sandboxType: 'None' | 'Csp';
  created: Date;
  plans: SubscriptionPlan[];
}

/** One usage event Azure accepted: the record a Duplicate answer points back to. */
export interface RecordedUsageEvent {
  readonly usageEventId: string;
  readonly resourceId: string;
  readonly resourceUri: string;
  readonly dimension: string;
  readonly planId: string;
  /** Exact canonical decimal string of the quantity sent. */
  readonly quantity: string;
  /** As the client sent it: Azure echoes the text, zone or not. */
  readonly effectiveStartTime: string;
  /** The UTC hour slot (ISO) the event occupies. */
  readonly effectiveHour: string;
  readonly messageTime: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly requestId: string;
  readonly correlationId: string;
  readonly route: 'batchUsageEvent' | 'usageEvent';
}

export const FAULT_KINDS = [
  'latency',
  'dropConnection',
  'status429',
  'status500',
  'status503',
  'lostResponse',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface EmulatorStats {
  /** Requests per route, keyed `METHOD /path` with the route pattern. */
  routes: Record<string, number>;
  /** How many batch requests carried N events, keyed by N (as received, including rejected sizes). */
  batchSizes: Record<string, number>;
  tokenRequests: { issued: number; rejected: number };
  /** Per-event outcomes across the single and batch routes. */
  eventStatuses: Partial<Record<UsageEventStatus, number>>;
  faultsInjected: Record<FaultKind, number>;
}

export interface EmulatorState {
  /** Keyed by `credentialKey(tenantId, clientId)`. */
  readonly credentials: Map<string, SeededCredential>;
  /** Keyed by lower-case subscription id (GUIDs compare case-insensitively). */
  readonly subscriptions: Map<string, MarketplaceSubscription>;
  readonly tokens: Map<string, IssuedToken>;
  /** Accepted events in arrival order. */
  readonly events: RecordedUsageEvent[];
  /** Accepted events by `usageSlotKey(...)`: first write wins. */
  readonly eventsBySlot: Map<string, RecordedUsageEvent>;
  stats: EmulatorStats;
}

export function credentialKey(tenantId: string, clientId: string): string {
  return `${tenantId.toLowerCase()}\u0000${clientId.toLowerCase()}`;
}

/**
 * Azure keeps one event per (resource, dimension, UTC hour). planId is not part of the key: the
 * docs say "per resource and dimension" (research notes §1.4).
 */
export function usageSlotKey(resourceId: string, dimension: string, hour: Date): string {
  return `${resourceId.toLowerCase()}\u0000${dimension}\u0000${hour.toISOString()}`;
}

export function emptyStats(): EmulatorStats {
  return {
    routes: {},
    batchSizes: {},
    tokenRequests: { issued: 0, rejected: 0 },
    eventStatuses: {},
    faultsInjected: {
      latency: 0,
      dropConnection: 0,
      status429: 0,
      status500: 0,
      status503: 0,
      lostResponse: 0,
    },
  };
}

export function createEmulatorState(): EmulatorState {
  return {
    credentials: new Map(),
    subscriptions: new Map(),
    tokens: new Map(),
    events: [],
    eventsBySlot: new Map(),
    stats: emptyStats(),
  };
}

/** Empties every collection in place, so references held by callers stay valid. */
export function clearEmulatorState(state: EmulatorState): void {
  state.credentials.clear();
  state.subscriptions.clear();
  state.tokens.clear();
  state.events.length = 0;
  state.eventsBySlot.clear();
  state.stats = emptyStats();
}

export function countStat(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}
