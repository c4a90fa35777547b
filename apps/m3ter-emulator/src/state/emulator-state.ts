/**
 * The emulator's in-memory store: organizations, service users, tokens, accounts, bills, events,
 * external mappings and webhook settings, plus the counters `stats()` reports. Money is held as
 * decimal strings; every entity remembers its insertion sequence so lists page newest first.
 */
import type { EmulatorRouteId } from '../routes/route-ids.js';

export type BillStatus = 'PENDING' | 'APPROVED';
export type BillingFrequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'ANNUALLY' | 'AD_HOC' | 'MIXED';

export interface Organization {
  orgId: string;
}

export interface ServiceUser {
  orgId: string;
  accessKeyId: string;
  apiSecret: string;
}

export interface IssuedToken {
  accessToken: string;
  orgId: string;
  accessKeyId: string;
  issuedAt: Date;
  expiresAt: Date;
}

export interface Address {
  addressLine1?: string;
  addressLine2?: string;
  addressLine3?: string;
  addressLine4?: string;
  locality?: string;
  region?: string;
  postCode?: string;
  country?: string;
}

export interface Account {
  orgId: string;
  id: string;
  version: number;
  name: string;
  code: string;
  emailAddress?: string;
  address?: Address;
  currency?: string;
  parentAccountId?: string;
  purchaseOrderNumber?: string;
  customFields: Record<string, string | number>;
  dtCreated: string;
  dtLastModified: string;
  createdBy: string;
  lastModifiedBy: string;
  sequence: number;
}

/** A bill line item; amounts are decimal strings (written as exact JSON numbers). */
export interface LineItem {
  id: string;
  lineItemType: string;
  description?: string;
  productId?: string;
  productName?: string;
  productCode?: string;
  accountingProductId?: string;
  aggregationId?: string;
  compoundAggregationId?: string;
  meterId?: string;
  planId?: string;
  pricingId?: string;
  commitmentId?: string;
  contractId?: string;
  quantity?: string;
  units?: string;
  unit?: string;
  averageUnitPrice?: string;
  subtotal: string;
  currency: string;
  conversionRate?: string;
  convertedSubtotal?: string;
  servicePeriodStartDate?: string;
  servicePeriodEndDate?: string;
  sequenceNumber: number;
}

export interface Bill {
  orgId: string;
  id: string;
  version: number;
  accountId: string;
  accountCode: string;
  status: BillStatus;
  locked: boolean;
  billDate: string;
  dueDate: string;
  startDate: string;
  endDate: string;
  billingFrequency: BillingFrequency;
  billFrequencyInterval: number;
  timezone: string;
  currency: string;
  purchaseOrderNumber?: string;
  lineItems: LineItem[];
  dtCreated: string;
  dtLastModified: string;
  lastCalculatedDate: string;
  dtApproved?: string;
  createdBy: string;
  lastModifiedBy: string;
  sequence: number;
}

/** m3ter's EventResponse; `m3terEvent.eventData` carries the entity before/after the change. */
export interface M3terEventRecord {
  id: string;
  eventName: string;
  eventTime: string;
  dtActioned: null;
  m3terEvent: { eventData: { newDto?: Record<string, unknown>; oldDto?: Record<string, unknown> } };
}

export interface StoredEvent {
  orgId: string;
  sequence: number;
  event: M3terEventRecord;
}

export interface ExternalMapping {
  orgId: string;
  id: string;
  version: number;
  m3terEntity: string;
  m3terId: string;
  externalSystem: string;
  externalTable: string;
  externalId: string;
  integrationConfigId?: string;
  dtCreated: string;
  dtLastModified: string;
  createdBy: string;
  lastModifiedBy: string;
  sequence: number;
}

export interface WebhookSettings {
  orgId: string;
  url: string;
  apiKey?: string;
  secret?: string;
}

export interface WebhookDelivery {
  orgId: string;
  eventId: string;
  eventName: string;
  url: string;
  /** HTTP status of the receiver's answer; absent when the request itself failed. */
  status?: number;
  ok: boolean;
  error?: string;
}

export type FaultKind =
  | 'status429'
  | 'status500'
  | 'status502'
  | 'dropConnection'
  | 'latency'
  | 'versionChange';

export interface EmulatorStats {
  calls: Record<EmulatorRouteId, number>;
  tokensIssued: number;
  faultsInjected: Record<FaultKind, number>;
  rateLimited: number;
  webhooks: { sent: number; failed: number; deliveries: WebhookDelivery[] };
}

export interface EmulatorState {
  organizations: Map<string, Organization>;
  /** Keyed by accessKeyId. */
  serviceUsers: Map<string, ServiceUser>;
  tokens: Map<string, IssuedToken>;
  /** Keyed by `${orgId}/${id}`. */
  accounts: Map<string, Account>;
  bills: Map<string, Bill>;
  externalMappings: Map<string, ExternalMapping>;
  events: StoredEvent[];
  webhooks: Map<string, WebhookSettings>;
  stats: EmulatorStats;
  nextSequence: number;
}

export function entityKey(orgId: string, id: string): string {
  return `${orgId}/${id}`;
}

function emptyStats(): EmulatorStats {
  return {
    calls: {
      token: 0,
      listBills: 0,
      getBill: 0,
      listLineItems: 0,
      getAccount: 0,
      listEvents: 0,
      listExternalMappings: 0,
    },
    tokensIssued: 0,
    faultsInjected: {
      status429: 0,
      status500: 0,
      status502: 0,
      dropConnection: 0,
      latency: 0,
      versionChange: 0,
    },
    rateLimited: 0,
    webhooks: { sent: 0, failed: 0, deliveries: [] },
  };
}

export function createEmulatorState(): EmulatorState {
  return {
    organizations: new Map(),
    serviceUsers: new Map(),
    tokens: new Map(),
    accounts: new Map(),
    bills: new Map(),
    externalMappings: new Map(),
    events: [],
    webhooks: new Map(),
    stats: emptyStats(),
    nextSequence: 1,
  };
}

export function clearEmulatorState(state: EmulatorState): void {
  Object.assign(state, createEmulatorState());
}

export function nextSequence(state: EmulatorState): number {
  return state.nextSequence++;
}
