import type { AdapterClientContext, ReadBackQuery, UsageEvent } from '@hub/core';
import { MockAgent, type MockPool, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureMarketplaceClient } from '../../src/azure-marketplace-client.js';
import type { AzureCredential } from '../../src/credential.js';
import { usageEvent } from '../support/events.js';

/**
 * HTTP-parsing edge cases the emulator would not produce (malformed JSON, a proxy's HTML page),
 * on undici's MockAgent. Everything Azure-shaped is tested against the emulator instead.
 */

const TENANT = '0f8fad5b-d9cb-469f-a165-70867728950e';
const CLIENT = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const SECRET = 'mock-secret~value';
const LOGIN = 'http://login.test';
const API = 'http://api.test';
const TOKEN_PATH = `/${TENANT}/oauth2/v2.0/token`;
// MSAL appends `?client-request-id=…` to the token endpoint.
const tokenPath = (path: string) => path.split('?')[0] === TOKEN_PATH;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const context: AdapterClientContext<AzureCredential> = {
  credential: { tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET },
  endpoints: { apiUrl: `${API}/api`, loginUrl: LOGIN },
  now: () => new Date('2026-11-25T10:30:00Z'),
};

let agent: MockAgent;
let login: MockPool;
let api: MockPool;
let client: AzureMarketplaceClient;
let tokensIssued: number;

function replyToken(pool: MockPool, times = 1): void {
  pool
    .intercept({ path: tokenPath, method: 'POST' })
    .reply(
      200,
      () => ({
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: `tok-${++tokensIssued}`,
      }),
      { headers: { 'content-type': 'application/json' } },
    )
    .times(times);
}

const batchPath = (path: string) => path.startsWith('/api/batchUsageEvent?api-version=2018-08-31');
const event = (overrides: Partial<UsageEvent> = {}) =>
  usageEvent({ effectiveStartTime: '2026-11-25T10:00:00Z', ...overrides });

beforeEach(() => {
  tokensIssued = 0;
  agent = new MockAgent();
  agent.disableNetConnect();
  login = agent.get(LOGIN);
  api = agent.get(API);
  client = new AzureMarketplaceClient(context, { dispatcher: agent });
});

afterEach(async () => {
  await client.close();
  await agent.close();
});

describe('metering client over HTTP (MockAgent)', () => {
  it('sends the quantity digits verbatim with fresh request ids, and records a redacted exchange', async () => {
    replyToken(login);
    let sent: { body: string; headers: Record<string, string> } | undefined;
    api.intercept({ path: batchPath, method: 'POST' }).reply(
      200,
      (options) => {
        sent = { body: String(options.body), headers: options.headers as Record<string, string> };
        return '{"count":1,"result":[{"usageEventId":"u-1","status":"Accepted","resourceId":"fdc778a6-1281-40e4-cade-4a5fc11f5440","quantity":12.345678,"dimension":"datasourcecharge","effectiveStartTime":"2026-11-25T10:00:00","planId":"free_monthly_yearly"}]}';
      },
      { headers: { 'content-type': 'application/json', 'x-ms-requestid': 'azure-req-1' } },
    );

    const result = await client.submitBatch([event({ quantity: '12.345678' })]);

    expect(result.outcomes).toEqual([
      { code: 'ACCEPTED', receiptId: 'u-1', destinationStatus: 'Accepted', message: null },
    ]);
    expect(sent?.body).toContain('"quantity":12.345678,');
    expect(sent?.headers['authorization']).toBe('Bearer tok-1');
    expect(sent?.headers['x-ms-requestid']).toMatch(GUID);
    expect(sent?.headers['x-ms-correlationid']).toMatch(GUID);

    expect(result.exchanges.map((e) => [e.method, e.url.split('?')[0], e.status])).toEqual([
      ['POST', `${LOGIN}${TOKEN_PATH}`, 200],
      ['POST', `${API}/api/batchUsageEvent`, 200],
    ]);
    const [token, batch] = result.exchanges;
    expect(token?.requestBody).toMatchObject({
      client_id: CLIENT,
      client_secret: '[REDACTED]',
      grant_type: 'client_credentials',
    });
    expect(token?.responseBody).toMatchObject({ access_token: '[REDACTED]' });
    expect(batch?.requestHeaders['authorization']).toBe('Bearer [REDACTED]');
    // Azure's echo wins; our own correlation id stands when Azure does not echo one.
    expect(batch?.requestId).toBe('azure-req-1');
    expect(batch?.correlationId).toBe(sent?.headers['x-ms-correlationid']);
    const text = JSON.stringify(result.exchanges);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('tok-1');
    // The quantity is stored as its exact text, never a float.
    expect(JSON.stringify(batch?.requestBody)).toContain('"quantity":"12.345678"');
  });

  it('a 200 with malformed JSON → RETRYABLE (the event may be recorded), raw text kept', async () => {
    replyToken(login);
    api.intercept({ path: batchPath, method: 'POST' }).reply(200, '{"count":1,"result":[{"status":"Acc', {
      headers: { 'content-type': 'application/json' },
    });
    const result = await client.submitBatch([event()]);
    expect(result.outcomes[0]).toMatchObject({ code: 'RETRYABLE' });
    expect(result.outcomes[0]?.message).toContain('may or may not be recorded');
    expect(result.exchanges.at(-1)?.responseBody).toBe('{"count":1,"result":[{"status":"Acc');
  });

  it("a proxy's non-JSON 502 page → RETRYABLE naming the status", async () => {
    replyToken(login);
    const page = `<html><body><h1>502 Bad Gateway</h1>${'x'.repeat(10_000)}</body></html>`;
    api
      .intercept({ path: batchPath, method: 'POST' })
      .reply(502, page, { headers: { 'content-type': 'text/html' } });
    const result = await client.submitBatch([event(), event({ dimension: 'other' })]);
    expect(result.outcomes.map((o) => o.code)).toEqual(['RETRYABLE', 'RETRYABLE']);
    expect(result.outcomes[0]?.message).toContain('HTTP 502');
    const recorded = result.exchanges.at(-1)?.responseBody as string;
    expect(recorded.startsWith('<html>')).toBe(true);
    expect(recorded.length).toBeLessThan(5000);
  });

  it('an empty 503 with Retry-After → RETRYABLE with retryAfterMs', async () => {
    replyToken(login);
    api.intercept({ path: batchPath, method: 'POST' }).reply(503, '', { headers: { 'retry-after': '12' } });
    const result = await client.submitBatch([event()]);
    expect(result.outcomes[0]).toMatchObject({ code: 'RETRYABLE', retryAfterMs: 12_000 });
  });

  it('a socket error → RETRYABLE with the transport code; the exchange records the error', async () => {
    replyToken(login);
    api
      .intercept({ path: batchPath, method: 'POST' })
      .replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const result = await client.submitBatch([event()]);
    expect(result.outcomes[0]).toMatchObject({ code: 'RETRYABLE', destinationStatus: 'UND_ERR_SOCKET' });
    expect(result.exchanges.at(-1)).toMatchObject({
      status: null,
      error: expect.stringContaining('UND_ERR_SOCKET'),
    });
  });

  it('a cached token Azure refuses with 401 is replaced once, then the call succeeds', async () => {
    replyToken(login, 2);
    const seen: string[] = [];
    const accepted =
      '{"count":1,"result":[{"usageEventId":"u-2","status":"Accepted","resourceId":"fdc778a6-1281-40e4-cade-4a5fc11f5440","dimension":"datasourcecharge","effectiveStartTime":"2026-11-25T10:00:00Z","quantity":9}]}';
    api
      .intercept({ path: batchPath, method: 'POST' })
      .reply(200, accepted, { headers: { 'content-type': 'application/json' } });
    expect((await client.submitBatch([event()])).outcomes[0]?.code).toBe('ACCEPTED');

    api.intercept({ path: batchPath, method: 'POST' }).reply(401, (options) => {
      seen.push((options.headers as Record<string, string>)['authorization'] ?? '');
      return { code: 'Unauthorized', message: 'token revoked' };
    });
    api.intercept({ path: batchPath, method: 'POST' }).reply(
      200,
      (options) => {
        seen.push((options.headers as Record<string, string>)['authorization'] ?? '');
        return accepted;
      },
      { headers: { 'content-type': 'application/json' } },
    );
    const result = await client.submitBatch([event()]);
    expect(result.outcomes[0]).toMatchObject({ code: 'ACCEPTED', receiptId: 'u-2' });
    expect(seen).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(result.exchanges.map((e) => e.status)).toEqual([401, 200, 200]);
  });

  it('a 403 with a freshly issued token is final: AUTH_FAILED, no second try', async () => {
    replyToken(login);
    api
      .intercept({ path: batchPath, method: 'POST' })
      .reply(403, { message: 'Client is not authorized for this usage resource.', code: 'Forbidden' });
    const result = await client.submitBatch([event()]);
    expect(result.outcomes[0]).toMatchObject({
      code: 'AUTH_FAILED',
      message: 'Client is not authorized for this usage resource. (HTTP 403)',
    });
    expect(result.exchanges.map((e) => e.status)).toEqual([200, 403]);
  });

  it("the token endpoint's HTML 503 is transient → RETRYABLE, not AUTH_FAILED", async () => {
    login.intercept({ path: tokenPath, method: 'POST' }).reply(503, '<html>down</html>');
    const result = await client.submitBatch([event()]);
    expect(result.outcomes[0]?.code).toBe('RETRYABLE');
    expect(result.exchanges).toHaveLength(1);
    expect(result.exchanges[0]).toMatchObject({ status: 503, responseBody: '<html>down</html>' });
  });

  it('refuses 0 or 26 events with a RangeError before any network', async () => {
    await expect(client.submitBatch([])).rejects.toThrow(RangeError);
    await expect(client.submitBatch(Array.from({ length: 26 }, () => event()))).rejects.toThrow(RangeError);
    await expect(client.submitBatch([event({ quantity: 'twelve' })])).rejects.toThrow(RangeError);
    // disableNetConnect would have thrown on any request; nothing was asked of the mock either.
    expect(agent.pendingInterceptors()).toEqual([]);
  });

  it('describeResource reads planId and status; 404 is REJECTED', async () => {
    replyToken(login);
    api
      .intercept({
        path: (path) => path.startsWith('/api/saas/subscriptions/sub-1?api-version=2018-08-31'),
        method: 'GET',
      })
      .reply(200, { id: 'sub-1', planId: 'gold', saasSubscriptionStatus: 'Suspended' });
    api
      .intercept({ path: (path) => path.startsWith('/api/saas/subscriptions/sub-2?'), method: 'GET' })
      .reply(404, '');
    expect(await client.describeResource('sub-1')).toMatchObject({
      ok: true,
      planId: 'gold',
      active: false,
      status: 'Suspended',
    });
    expect(await client.describeResource('sub-2')).toMatchObject({ ok: false, code: 'REJECTED' });
  });

  it('close() is idempotent and leaves a dispatcher it was given open', async () => {
    await client.close();
    await client.close();
    api.intercept({ path: '/still-open', method: 'GET' }).reply(204, '');
    const response = await request(`${API}/still-open`, { dispatcher: agent });
    expect(response.statusCode).toBe(204);
    await response.body.dump();
  });
});

describe('readBackUsage over HTTP (MockAgent)', () => {
  const usagePath = (path: string) => path.startsWith('/api/usageEvents?');
  const doubt = event({ quantity: '12.5', effectiveStartTime: '2026-11-24T09:00:00Z' });
  const readBack = (overrides: Partial<ReadBackQuery> = {}): ReadBackQuery => ({
    event: doubt,
    knownRecorded: [{ effectiveStartTime: '2026-11-24T08:00:00Z', quantity: '1' }],
    unsettled: [],
    lastAttemptAt: null,
    ...overrides,
  });
  const row = (fields: Record<string, unknown> = {}) => ({
    usageDate: '2026-11-24T00:00:00Z',
    usageResourceId: doubt.resourceId.toUpperCase(),
    dimension: doubt.dimension,
    planId: 'free_monthly_yearly',
    planName: '',
    offerId: 'offer',
    offerName: '',
    offerType: 'SaaS',
    azureSubscriptionId: '12345678-9012-3456-7890-123456789012',
    reconStatus: 'Accepted',
    submittedQuantity: 13.5,
    processedQuantity: 13.5,
    submittedCount: 2,
    ...fields,
  });

  it("asks for the event's UTC day with a day's margin and its dimension; a redacted exchange", async () => {
    replyToken(login);
    let url = '';
    let authorization = '';
    api.intercept({ path: usagePath, method: 'GET' }).reply(
      200,
      (options) => {
        url = options.path;
        authorization = (options.headers as Record<string, string>)['authorization'] ?? '';
        return JSON.stringify([row()]);
      },
      { headers: { 'content-type': 'application/json' } },
    );

    const result = await client.readBackUsage(readBack());

    expect(result).toMatchObject({
      ok: true,
      recorded: { quantity: '12.5', receiptId: null, status: 'Accepted' },
    });
    const params = new URL(url, API).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      'api-version': '2018-08-31',
      usageStartDate: '2026-11-23T00:00:00Z',
      UsageEndDate: '2026-11-25T00:00:00Z',
      dimension: doubt.dimension,
    });
    expect(authorization).toBe('Bearer tok-1');
    expect(result.exchanges.map((e) => [e.method, e.url.split('?')[0], e.status])).toEqual([
      ['POST', `${LOGIN}${TOKEN_PATH}`, 200],
      ['GET', `${API}/api/usageEvents`, 200],
    ]);
    expect(result.exchanges[1]?.requestHeaders['authorization']).toBe('Bearer [REDACTED]');
    expect(result.exchanges[1]?.requestHeaders['x-ms-requestid']).toMatch(GUID);
    const text = JSON.stringify(result.exchanges);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('tok-1');
  });

  it('an empty or non-array 200 body is unreadable → RETRYABLE, never "not recorded"', async () => {
    replyToken(login);
    api.intercept({ path: usagePath, method: 'GET' }).reply(200, '');
    api
      .intercept({ path: usagePath, method: 'GET' })
      .reply(200, { value: [] }, { headers: { 'content-type': 'application/json' } });
    expect(await client.readBackUsage(readBack())).toMatchObject({ ok: false, code: 'RETRYABLE' });
    expect(await client.readBackUsage(readBack())).toMatchObject({ ok: false, code: 'RETRYABLE' });
  });

  it('403 → AUTH_FAILED; 500 → RETRYABLE; a dropped socket → RETRYABLE', async () => {
    replyToken(login, 2);
    api
      .intercept({ path: usagePath, method: 'GET' })
      .reply(403, { message: 'The authorization token is invalid.', code: 'Forbidden' });
    api.intercept({ path: usagePath, method: 'GET' }).reply(403, { code: 'Forbidden' });
    api
      .intercept({ path: usagePath, method: 'GET' })
      .reply(500, { error: { code: 'InternalServerError', message: 'boom' } });
    api
      .intercept({ path: usagePath, method: 'GET' })
      .replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    expect(await client.readBackUsage(readBack())).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
    // The second 403 meets a cached token, so it is retried once with a fresh one, which gets the 500.
    const failed = await client.readBackUsage(readBack());
    expect(failed).toMatchObject({ ok: false, code: 'RETRYABLE' });
    if (!failed.ok) expect(failed.message).toContain('HTTP 500');
    expect(await client.readBackUsage(readBack())).toMatchObject({ ok: false, code: 'RETRYABLE' });
  });

  it('too soon after the last unclear attempt → RETRYABLE with the wait, without a call', async () => {
    // now is 10:30; the default settle time is an hour.
    const result = await client.readBackUsage(readBack({ lastAttemptAt: '2026-11-25T10:00:00Z' }));
    expect(result).toMatchObject({ ok: false, code: 'RETRYABLE', retryAfterMs: 30 * 60_000, exchanges: [] });
    const custom = new AzureMarketplaceClient(context, { dispatcher: agent, readBackSettleMs: 10 * 60_000 });
    replyToken(login);
    api
      .intercept({ path: usagePath, method: 'GET' })
      .reply(200, [row({ submittedQuantity: 1, submittedCount: 1 })], {
        headers: { 'content-type': 'application/json' },
      });
    expect(await custom.readBackUsage(readBack({ lastAttemptAt: '2026-11-25T10:00:00Z' }))).toMatchObject({
      ok: true,
      recorded: null,
    });
    await custom.close();
  });

  it('a malformed query throws RangeError before any network', async () => {
    await expect(client.readBackUsage(readBack({ event: { ...doubt, quantity: '0' } }))).rejects.toThrow(
      RangeError,
    );
    await expect(client.readBackUsage(readBack({ lastAttemptAt: 'a while ago' }))).rejects.toThrow(
      RangeError,
    );
    expect(agent.pendingInterceptors()).toEqual([]);
  });
});
