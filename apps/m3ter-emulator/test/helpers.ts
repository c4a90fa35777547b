/** Shared set-up: a started emulator on a fixed clock with one organization, service user and account. */
import { type M3terEmulator, type M3terEmulatorOptions, startM3terEmulator } from '../src/index.js';

export const ORG_ID = '396d788d-5174-4e8b-9d69-a41f4671fc33';
export const OTHER_ORG_ID = '11111111-2222-4333-8444-555555555555';
export const ACCESS_KEY_ID = 'emulator-access-key';
export const API_SECRET = 'emulator-api-secret';
export const OTHER_ACCESS_KEY_ID = 'other-access-key';
export const OTHER_API_SECRET = 'other-api-secret';
export const ACCOUNT_ID = 'a2ae2c31-e89e-4c12-b636-e59414901cff';
export const START_TIME = '2026-03-10T10:30:00.000Z';

export class TestClock {
  current: Date;
  constructor(iso: string = START_TIME) {
    this.current = new Date(iso);
  }
  readonly now = (): Date => this.current;
  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export interface Harness {
  emulator: M3terEmulator;
  clock: TestClock;
  token: string;
}

export async function startHarness(options: M3terEmulatorOptions = {}): Promise<Harness> {
  const clock = new TestClock();
  const emulator = await startM3terEmulator({ now: clock.now, rateLimitPerSecond: 0, ...options });
  emulator.seedOrganization({ orgId: ORG_ID });
  emulator.seedServiceUser({ orgId: ORG_ID, accessKeyId: ACCESS_KEY_ID, apiSecret: API_SECRET });
  emulator.seedServiceUser({
    orgId: OTHER_ORG_ID,
    accessKeyId: OTHER_ACCESS_KEY_ID,
    apiSecret: OTHER_API_SECRET,
  });
  emulator.createAccount({
    orgId: ORG_ID,
    id: ACCOUNT_ID,
    name: 'Acme Corp',
    code: 'acme',
    currency: 'USD',
    customFields: { region: 'emea', seats: 12 },
    address: { addressLine1: '1 Main St', locality: 'London', country: 'UK' },
  });
  const token = await fetchToken(emulator.url);
  return { emulator, clock, token };
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function fetchToken(url: string, id = ACCESS_KEY_ID, secret = API_SECRET): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(id, secret), 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials' }),
  });
  if (response.status !== 200)
    throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** GET `${url}/organizations/${orgId}${path}` with the harness token unless told otherwise. */
// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers loosely
export async function callApi<T = any>(
  harness: Pick<Harness, 'emulator' | 'token'>,
  path: string,
  options: { token?: string | null; orgId?: string; query?: Record<string, string | string[]> } = {},
): Promise<ApiResponse<T>> {
  const url = new URL(`${harness.emulator.url}/organizations/${options.orgId ?? ORG_ID}${path}`);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
  }
  const token = options.token === undefined ? harness.token : options.token;
  const response = await fetch(url, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json: json as T };
}

/** Reads every page of a list route. */
// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers loosely
export async function readAll<T = any>(
  harness: Pick<Harness, 'emulator' | 'token'>,
  path: string,
  query: Record<string, string | string[]> = {},
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const response = await callApi<{ data: T[]; nextToken?: string }>(harness, path, {
      query: { ...query, ...(nextToken ? { nextToken } : {}) },
    });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.text}`);
    items.push(...response.json.data);
    nextToken = response.json.nextToken;
    pages++;
  } while (nextToken);
  return { items, pages };
}

export function lineItems(count: number, subtotal: number | string = '1.25') {
  return Array.from({ length: count }, (_, index) => ({
    lineItemType: 'USAGE',
    productId: `product-${index}`,
    aggregationId: `aggregation-${index}`,
    quantity: index + 1,
    subtotal,
  }));
}
