import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildEmulatorApp,
  type Emulator,
  EmulatorController,
  EmulatorInputError,
  startEmulator,
} from '../src/index.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  fetchToken,
  postBatch,
  SUBSCRIPTION_ID,
  TENANT_ID,
  TestClock,
  usageEvent,
} from './helpers.js';

async function admin(emulator: Emulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulator.url}/admin${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('admin API over HTTP', () => {
  let emulator: Emulator;
  const clock = new TestClock();
  beforeEach(async () => {
    emulator = await startEmulator({ now: clock.now });
  });
  afterEach(async () => {
    await emulator.close();
  });

  it('seeds a credential and a subscription, meters, reads events and stats back, resets', async () => {
    expect(
      (
        await admin(emulator, 'POST', '/credentials', {
          tenantId: TENANT_ID,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
        })
      ).status,
    ).toBe(201);
    const created = await admin(emulator, 'POST', '/subscriptions', {
      id: SUBSCRIPTION_ID,
      planId: 'gold',
      publisherClientId: CLIENT_ID,
      dimensions: [{ id: 'email', pricePerUnit: '0.01', currency: 'USD' }],
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      id: SUBSCRIPTION_ID,
      saasSubscriptionStatus: 'Subscribed',
      publisherClientId: CLIENT_ID,
    });
    expect((await admin(emulator, 'GET', '/subscriptions')).json).toHaveLength(1);
    expect((await admin(emulator, 'GET', '/credentials')).json).toEqual([
      { tenantId: TENANT_ID, clientId: CLIENT_ID },
    ]);

    const token = await fetchToken(emulator.url);
    const batch = await postBatch({ emulator, token }, [usageEvent({ quantity: 0.75 })]);
    expect(batch.json.result[0]?.status).toBe('Accepted');

    const events = await admin(emulator, 'GET', '/events');
    expect(events.json).toMatchObject({
      count: 1,
      events: [
        {
          resourceId: SUBSCRIPTION_ID,
          dimension: 'email',
          quantity: '0.75',
          planId: 'gold',
          clientId: CLIENT_ID,
        },
      ],
    });
    const stats = await admin(emulator, 'GET', '/stats');
    expect(stats.json).toMatchObject({
      routes: { 'POST /:tenant/oauth2/v2.0/token': 1, 'POST /api/batchUsageEvent': 1 },
      batchSizes: { '1': 1 },
      tokenRequests: { issued: 1, rejected: 0 },
      eventStatuses: { Accepted: 1 },
    });

    const patched = await admin(emulator, 'PATCH', `/subscriptions/${SUBSCRIPTION_ID}`, {
      status: 'Suspended',
    });
    expect(patched.json).toMatchObject({ saasSubscriptionStatus: 'Suspended' });

    expect((await admin(emulator, 'POST', '/reset')).status).toBe(204);
    expect((await admin(emulator, 'GET', '/events')).json).toEqual({ count: 0, events: [] });
    expect((await admin(emulator, 'GET', '/subscriptions')).json).toEqual([]);
    expect(emulator.state.tokens.size).toBe(0);
  });

  it('rejects invalid bodies with 400 and unknown subscriptions with 404', async () => {
    const missingSecret = await admin(emulator, 'POST', '/credentials', { tenantId: 't', clientId: 'c' });
    expect(missingSecret.status).toBe(400);
    expect(String(missingSecret.json?.message)).toContain('clientSecret');
    expect((await admin(emulator, 'POST', '/subscriptions', { id: 'not-a-guid', planId: 'p' })).status).toBe(
      400,
    );
    expect(
      (
        await admin(emulator, 'POST', '/subscriptions', {
          id: SUBSCRIPTION_ID,
          planId: 'p',
          plans: [{ planId: 'q' }],
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await admin(emulator, 'POST', '/subscriptions', {
          id: SUBSCRIPTION_ID,
          planId: 'p',
          status: 'Active',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await admin(emulator, 'POST', '/subscriptions', {
          id: SUBSCRIPTION_ID,
          planId: 'p',
          dimensions: [{ id: 'd', pricePerUnit: 'cheap' }],
        })
      ).status,
    ).toBe(400);
    expect((await admin(emulator, 'POST', '/credentials', '{oops')).status).toBe(400);
    expect(
      (await admin(emulator, 'PATCH', `/subscriptions/${SUBSCRIPTION_ID}`, { status: 'Suspended' })).status,
    ).toBe(404);
    await admin(emulator, 'POST', '/subscriptions', { id: SUBSCRIPTION_ID, planId: 'p' });
    expect(
      (await admin(emulator, 'PATCH', `/subscriptions/${SUBSCRIPTION_ID}`, { planId: 'unknown' })).status,
    ).toBe(400);
  });
});

describe('library API', () => {
  it('seeds in process and throws EmulatorInputError on bad input', async () => {
    const emulator = await startEmulator();
    try {
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
      emulator.load({
        credentials: [{ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
        subscriptions: [{ id: SUBSCRIPTION_ID, planId: 'gold', dimensions: [{ id: 'email' }] }],
        faults: { latencyMs: 1 },
      });
      expect(emulator.state.subscriptions.size).toBe(1);
      expect(emulator.faults().latencyMs).toBe(1);
      expect(() => emulator.seedSubscription({ id: 'x', planId: 'gold' })).toThrow(EmulatorInputError);
      expect(() => emulator.updateSubscription(SUBSCRIPTION_ID, { status: 'Unsubscribed' })).not.toThrow();
      expect(emulator.state.subscriptions.get(SUBSCRIPTION_ID)?.status).toBe('Unsubscribed');
    } finally {
      await emulator.close();
    }
  });

  it('buildEmulatorApp works with app.inject and a shared controller', async () => {
    const clock = new TestClock();
    const controller = new EmulatorController({ now: clock.now });
    controller.seedCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    controller.seedSubscription({ id: SUBSCRIPTION_ID, planId: 'gold', dimensions: [{ id: 'email' }] });
    const app = buildEmulatorApp({ controller });
    try {
      const tokenResponse = await app.inject({
        method: 'POST',
        url: `/${TENANT_ID}/oauth2/v2.0/token`,
        payload: `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${encodeURIComponent(CLIENT_SECRET)}&scope=${encodeURIComponent('20e940b3-4c77-4b0b-9a53-9e16a1b010a7/.default')}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(tokenResponse.statusCode).toBe(200);
      const token = tokenResponse.json<{ access_token: string }>().access_token;
      const response = await app.inject({
        method: 'POST',
        url: '/api/usageEvent?api-version=2018-08-31',
        headers: { authorization: `Bearer ${token}` },
        payload: usageEvent(),
      });
      expect(response.statusCode).toBe(200);
      expect(controller.events()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('importing the package starts nothing', async () => {
    const before = process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length;
    await import('../src/index.js');
    expect(process.getActiveResourcesInfo().filter((kind) => kind === 'TCPServerWrap').length).toBe(before);
  });
});
