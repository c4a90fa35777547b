/** Shared set-up for the HTTP tests: a started emulator on a fixed clock, seeded with one publisher. */
import { type Emulator, MARKETPLACE_SCOPE, type SubscriptionInput, startEmulator } from '../src/index.js';

export const TENANT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
export const CLIENT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const CLIENT_SECRET = 'emulator-secret~value';
export const OTHER_CLIENT_ID = '16fd2706-8baf-433b-82eb-8c7fada847da';
export const OTHER_CLIENT_SECRET = 'other-secret';
export const SUBSCRIPTION_ID = 'fdc778a6-1281-40e4-cade-4a5fc11f5440';
export const PLAN_ID = 'gold';
export const API_VERSION = '2018-08-31';

/** 10:30 UTC: the current hour slot is 10:00–10:59, the window reaches back to 10:30 yesterday. */
export const START_TIME = '2026-03-10T10:30:00.000Z';

export class TestClock {
  current: Date;
  constructor(iso: string = START_TIME) {
    this.current = new Date(iso);
  }
  readonly now = (): Date => this.current;
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export function subscriptionSeed(overrides: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    id: SUBSCRIPTION_ID,
    planId: PLAN_ID,
    offerId: 'contoso-offer',
    publisherClientId: CLIENT_ID,
    publisherTenantId: TENANT_ID,
    plans: [
      {
        planId: PLAN_ID,
        displayName: 'Gold',
        dimensions: [
          { id: 'email', pricePerUnit: '0.005', displayName: 'Emails', unitOfMeasure: 'per email' },
          { id: 'sms', pricePerUnit: '0.01' },
        ],
      },
      { planId: 'silver', dimensions: [{ id: 'email', pricePerUnit: '0.01' }] },
    ],
    ...overrides,
  };
}

export interface Harness {
  emulator: Emulator;
  clock: TestClock;
  token: string;
}

/** Starts an emulator with two publisher apps in one tenant and one subscription owned by the first. */
export async function startHarness(options: { seed?: number } = {}): Promise<Harness> {
  const clock = new TestClock();
  const emulator = await startEmulator({ now: clock.now, ...options });
  emulator.seedCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  emulator.seedCredential({
    tenantId: TENANT_ID,
    clientId: OTHER_CLIENT_ID,
    clientSecret: OTHER_CLIENT_SECRET,
  });
  emulator.seedSubscription(subscriptionSeed());
  const token = await fetchToken(emulator.url);
  return { emulator, clock, token };
}

export async function fetchToken(
  url: string,
  credentials: { tenantId?: string; clientId?: string; clientSecret?: string } = {},
): Promise<string> {
  const response = await postForm(`${url}/${credentials.tenantId ?? TENANT_ID}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials',
    client_id: credentials.clientId ?? CLIENT_ID,
    client_secret: credentials.clientSecret ?? CLIENT_SECRET,
    scope: MARKETPLACE_SCOPE,
  });
  if (response.status !== 200)
    throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** Calls `${url}/api${path}` with api-version and the bearer token unless told otherwise. */
export async function callApi<T = unknown>(
  harness: Pick<Harness, 'emulator' | 'token'>,
  method: string,
  path: string,
  options: {
    body?: unknown;
    rawBody?: string;
    token?: string | null;
    apiVersion?: string | null;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const url = new URL(`${harness.emulator.url}/api${path}`);
  if (options.apiVersion !== null) url.searchParams.set('api-version', options.apiVersion ?? API_VERSION);
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? harness.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

export interface UsageEventBody {
  resourceId?: unknown;
  quantity?: unknown;
  dimension?: unknown;
  effectiveStartTime?: unknown;
  planId?: unknown;
  [key: string]: unknown;
}

export function usageEvent(overrides: UsageEventBody = {}): UsageEventBody {
  return {
    resourceId: SUBSCRIPTION_ID,
    quantity: 5,
    dimension: 'email',
    effectiveStartTime: '2026-03-10T10:00:00Z',
    planId: PLAN_ID,
    ...overrides,
  };
}

export interface BatchItem {
  usageEventId?: string;
  status: string;
  messageTime: string;
  resourceId?: string;
  resourceUri?: string;
  quantity?: number;
  dimension?: string;
  effectiveStartTime?: string;
  planId?: string;
  error?: {
    code: string;
    message: string;
    target?: string;
    details?: { code: string; target: string; message: string }[];
    additionalInfo?: { acceptedMessage: BatchItem };
  };
}

export interface BatchResponse {
  count: number;
  result: BatchItem[];
}

export async function postBatch(harness: Pick<Harness, 'emulator' | 'token'>, events: unknown[]) {
  return callApi<BatchResponse>(harness, 'POST', '/batchUsageEvent', { body: { request: events } });
}

/** Sends one event through the batch API and returns its result item. */
export async function batchOne(
  harness: Pick<Harness, 'emulator' | 'token'>,
  event: unknown,
): Promise<BatchItem> {
  const response = await postBatch(harness, [event]);
  if (response.status !== 200) throw new Error(`batch failed: ${response.status} ${response.text}`);
  const item = response.json.result[0];
  if (!item) throw new Error('empty result');
  return item;
}
