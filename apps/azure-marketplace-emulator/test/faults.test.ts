import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKETPLACE_SCOPE } from '../src/index.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  callApi,
  type Harness,
  postBatch,
  postForm,
  startHarness,
  TENANT_ID,
  usageEvent,
} from './helpers.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function putFaults(harness: Harness, config: unknown) {
  const response = await fetch(`${harness.emulator.url}/admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(config),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('fault injection', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.emulator.close();
  });

  it('429 with Retry-After and the request ids, nothing processed', async () => {
    await putFaults(harness, { rate429: 1, retryAfterSeconds: 7 });
    const response = await postBatch(harness, [usageEvent()]);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('x-ms-requestid')).toMatch(GUID);
    expect(response.json).toMatchObject({ statusCode: 429 });
    expect(harness.emulator.events()).toHaveLength(0);
    expect(harness.emulator.stats().faultsInjected.status429).toBe(1);
  });

  it('500 and 503 (503 with Retry-After)', async () => {
    harness.emulator.setFaults({ rate500: 1 });
    const internal = await postBatch(harness, [usageEvent()]);
    expect(internal.status).toBe(500);
    expect(internal.json).toMatchObject({ error: { code: 'InternalServerError' } });
    harness.emulator.setFaults({ rate503: 1, retryAfterSeconds: 2 });
    const unavailable = await callApi(harness, 'POST', '/usageEvent', { body: usageEvent() });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('2');
    expect(harness.emulator.events()).toHaveLength(0);
    expect(harness.emulator.stats().faultsInjected).toMatchObject({ status500: 1, status503: 1 });
  });

  it('adds latency', async () => {
    harness.emulator.setFaults({ latencyMs: 150 });
    const started = performance.now();
    const response = await postBatch(harness, [usageEvent()]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect(harness.emulator.stats().faultsInjected.latency).toBe(1);
  });

  it('drops the connection before processing: nothing recorded', async () => {
    harness.emulator.setFaults({ dropConnectionRate: 1 });
    await expect(postBatch(harness, [usageEvent()])).rejects.toThrow();
    expect(harness.emulator.events()).toHaveLength(0);
    expect(harness.emulator.stats().faultsInjected.dropConnection).toBe(1);
    harness.emulator.setFaults({});
    expect((await postBatch(harness, [usageEvent()])).json.result[0]?.status).toBe('Accepted');
  });

  it('loses the response after recording: the retry is a Duplicate of the lost event', async () => {
    harness.emulator.setFaults({ lostResponseRate: 1 });
    await expect(postBatch(harness, [usageEvent({ quantity: 12.5 })])).rejects.toThrow();
    const recorded = harness.emulator.events();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.quantity).toBe('12.5');
    expect(harness.emulator.stats().faultsInjected.lostResponse).toBe(1);

    harness.emulator.setFaults({});
    const retry = await postBatch(harness, [usageEvent({ quantity: 12.5 })]);
    const item = retry.json.result[0]!;
    expect(item.status).toBe('Duplicate');
    expect(item.error?.additionalInfo?.acceptedMessage).toMatchObject({
      usageEventId: recorded[0]!.usageEventId,
      quantity: 12.5,
    });
  });

  it('the token route is spared by default and faulted when listed', async () => {
    const token = () =>
      postForm(`${harness.emulator.url}/${TENANT_ID}/oauth2/v2.0/token`, {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scope: MARKETPLACE_SCOPE,
      });
    harness.emulator.setFaults({ rate503: 1 });
    expect((await token()).status).toBe(200);
    harness.emulator.setFaults({ rate503: 1, routes: ['token'] });
    expect((await token()).status).toBe(503);
    expect((await postBatch(harness, [usageEvent()])).status).toBe(200);
  });

  it('is deterministic for a given seed', async () => {
    const statuses = async (seed: number) => {
      harness.emulator.reset();
      harness.emulator.seedCredential({
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      });
      harness.emulator.setFaults({ rate429: 0.3, rate500: 0.2, rate503: 0.1, seed });
      const seen: number[] = [];
      for (let i = 0; i < 30; i++) {
        seen.push((await callApi(harness, 'GET', '/saas/subscriptions', { token: 'x' })).status);
      }
      return seen;
    };
    const first = await statuses(42);
    const again = await statuses(42);
    const other = await statuses(43);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // 403 = no fault (the token is bogus), so every outcome shows up in 30 draws.
    expect(new Set(first)).toEqual(new Set([403, 429, 500, 503]));
  });

  it('PUT /admin/faults replaces the config; GET returns it; invalid configs are 400', async () => {
    const put = await putFaults(harness, { rate429: 0.25, latencyMs: 5, routes: ['batchUsageEvent'] });
    expect(put.status).toBe(200);
    const current = (await (await fetch(`${harness.emulator.url}/admin/faults`)).json()) as Record<
      string,
      unknown
    >;
    expect(current).toEqual({
      rate429: 0.25,
      rate500: 0,
      rate503: 0,
      dropConnectionRate: 0,
      lostResponseRate: 0,
      latencyMs: 5,
      retryAfterSeconds: 1,
      readBackLagSeconds: 0,
      routes: ['batchUsageEvent'],
    });
    expect((await putFaults(harness, { rate429: 0.7, rate500: 0.7 })).status).toBe(400);
    expect((await putFaults(harness, { rate429: 2 })).status).toBe(400);
    expect((await putFaults(harness, { routes: ['nope'] })).status).toBe(400);
    expect((await putFaults(harness, { surprise: true })).status).toBe(400);
  });
});
