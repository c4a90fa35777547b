import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  fetchToken,
  type Harness,
  OTHER_CLIENT_ID,
  OTHER_CLIENT_SECRET,
  PLAN_ID,
  SUBSCRIPTION_ID,
  startHarness,
  usageEvent,
} from './helpers.js';

interface OkMessage {
  usageEventId: string;
  status: string;
  messageTime: string;
  resourceId: string;
  quantity: number;
  dimension: string;
  effectiveStartTime: string;
  planId: string;
}

describe('POST /api/usageEvent', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.emulator.close();
  });

  const post = (body: unknown, token?: string) =>
    callApi<Record<string, unknown>>(harness, 'POST', '/usageEvent', { body, ...(token ? { token } : {}) });

  it('200 with the accepted event', async () => {
    const response = await post(usageEvent({ quantity: 2.25 }));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      status: 'Accepted',
      messageTime: '2026-03-10T10:30:00.0000000Z',
      resourceId: SUBSCRIPTION_ID,
      quantity: 2.25,
      dimension: 'email',
      effectiveStartTime: '2026-03-10T10:00:00Z',
      planId: PLAN_ID,
    });
    expect(harness.emulator.events()).toMatchObject([{ quantity: '2.25', route: 'usageEvent' }]);
  });

  it('409 Conflict with additionalInfo.acceptedMessage for the same hour', async () => {
    const first = await post(usageEvent({ quantity: 5 }));
    const second = await post(usageEvent({ quantity: 9, effectiveStartTime: '2026-03-10T10:20:00Z' }));
    expect(second.status).toBe(409);
    const accepted = (second.json.additionalInfo as { acceptedMessage: OkMessage }).acceptedMessage;
    expect(accepted).toMatchObject({
      usageEventId: (first.json as unknown as OkMessage).usageEventId,
      status: 'Duplicate',
      quantity: 5,
      effectiveStartTime: '2026-03-10T10:00:00Z',
    });
    expect(second.json).toMatchObject({ message: 'This usage event already exist.', code: 'Conflict' });
    // Field order as in Microsoft's docs; some clients locate acceptedMessage by string search.
    expect(second.text.startsWith('{"additionalInfo":{"acceptedMessage":{"usageEventId":')).toBe(true);
    expect(second.text).toMatch(/\},"message":"This usage event already exist\.","code":"Conflict"\}$/);
  });

  it('400 for an expired event with Microsoft’s body', async () => {
    const response = await post(usageEvent({ effectiveStartTime: '2026-03-08T10:00:00Z' }));
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: 'BadArgument',
      target: 'usageEventRequest',
      message: 'One or more errors have occurred.',
      details: [
        {
          code: 'BadArgument',
          target: 'effectiveStartTime',
          message: 'The effective time provided is has expired or is in future.',
        },
      ],
    });
  });

  it.each([
    ['a missing resourceId', { resourceId: undefined }, 'ResourceId'],
    ['an unknown resource', { resourceId: '11111111-2222-3333-4444-555555555555' }, 'resourceId'],
    ['an unknown dimension', { dimension: 'nope' }, 'dimension'],
    ['a zero quantity', { quantity: 0 }, 'quantity'],
  ])('400 for %s', async (_name, overrides, target) => {
    const response = await post(JSON.parse(JSON.stringify({ ...usageEvent(), ...overrides })));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'BadArgument', details: [{ target }] });
  });

  it('400 "not in Subscribed status" for a suspended subscription', async () => {
    harness.emulator.updateSubscription(SUBSCRIPTION_ID, { status: 'Suspended' });
    const response = await post(usageEvent());
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      details: [{ message: 'SaaS subscription is not in Subscribed status.' }],
    });
  });

  it('403 for a token of another publisher app, and without a token', async () => {
    const other = await fetchToken(harness.emulator.url, {
      clientId: OTHER_CLIENT_ID,
      clientSecret: OTHER_CLIENT_SECRET,
    });
    const response = await post(usageEvent(), other);
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      message: 'Client is not authorized for this usage resource.',
      code: 'Forbidden',
    });
    const anonymous = await callApi(harness, 'POST', '/usageEvent', { body: usageEvent(), token: null });
    expect(anonymous.status).toBe(403);
  });

  it('400 for a body that is not JSON', async () => {
    const response = await callApi(harness, 'POST', '/usageEvent', { rawBody: '{"resourceId":' });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ code: 'BadArgument' });
  });

  it('single and batch share the hour slots', async () => {
    expect((await post(usageEvent())).status).toBe(200);
    const batch = await callApi<{ result: { status: string }[] }>(harness, 'POST', '/batchUsageEvent', {
      body: { request: [usageEvent()] },
    });
    expect(batch.json.result[0]?.status).toBe('Duplicate');
  });
});
