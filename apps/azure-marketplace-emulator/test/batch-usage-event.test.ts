import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  batchOne,
  callApi,
  fetchToken,
  type Harness,
  OTHER_CLIENT_ID,
  OTHER_CLIENT_SECRET,
  PLAN_ID,
  postBatch,
  SUBSCRIPTION_ID,
  startHarness,
  subscriptionSeed,
  usageEvent,
} from './helpers.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('POST /api/batchUsageEvent', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.emulator.close();
  });

  describe('whole-request checks', () => {
    it('403 without a token, with an unknown token, with a non-bearer scheme', async () => {
      const body = { request: [usageEvent()] };
      for (const token of [null, 'not-a-token']) {
        const response = await callApi(harness, 'POST', '/batchUsageEvent', { body, token });
        expect(response.status).toBe(403);
        expect(response.json).toEqual({
          message: "The authorization token isn't provided, is invalid or expired.",
          code: 'Forbidden',
        });
      }
      const basic = await callApi(harness, 'POST', '/batchUsageEvent', {
        body,
        token: null,
        headers: { authorization: `Basic ${harness.token}` },
      });
      expect(basic.status).toBe(403);
      expect(harness.emulator.events()).toHaveLength(0);
    });

    it('400 without api-version or with another version', async () => {
      for (const apiVersion of [null, '2022-01-01']) {
        const response = await callApi(harness, 'POST', '/batchUsageEvent', {
          body: { request: [usageEvent()] },
          apiVersion,
        });
        expect(response.status).toBe(400);
        expect(response.json).toMatchObject({ code: 'BadArgument', target: 'api-version' });
      }
    });

    it('400 for an empty batch and for 26 events, nothing recorded', async () => {
      const empty = await postBatch(harness, []);
      expect(empty.status).toBe(400);
      expect(empty.json).toMatchObject({
        code: 'BadArgument',
        details: [{ code: 'BadArgument', target: 'request' }],
      });

      const events = Array.from({ length: 26 }, (_, hour) =>
        usageEvent({ effectiveStartTime: `2026-03-09T${String(11 + (hour % 13)).padStart(2, '0')}:00:00Z` }),
      );
      const tooMany = await postBatch(harness, events);
      expect(tooMany.status).toBe(400);
      expect(JSON.stringify(tooMany.json)).toContain('more than 25 usage events');
      expect(harness.emulator.events()).toHaveLength(0);
    });

    it('400 for a body without a request array and for invalid JSON', async () => {
      const noArray = await callApi(harness, 'POST', '/batchUsageEvent', { body: { events: [] } });
      expect(noArray.status).toBe(400);
      const badJson = await callApi(harness, 'POST', '/batchUsageEvent', { rawBody: '{"request": [' });
      expect(badJson.status).toBe(400);
      expect(badJson.json).toMatchObject({ code: 'BadArgument' });
    });

    it('checks the token before the body', async () => {
      const response = await callApi(harness, 'POST', '/batchUsageEvent', {
        rawBody: 'nonsense',
        token: null,
      });
      expect(response.status).toBe(403);
    });

    it('accepts 25 events and counts batch sizes in stats', async () => {
      const events = Array.from({ length: 25 }, (_, i) =>
        usageEvent({
          dimension: i % 2 === 0 ? 'email' : 'sms',
          effectiveStartTime: new Date(Date.UTC(2026, 2, 9, 11 + Math.floor(i / 2))).toISOString(),
        }),
      );
      const full = await postBatch(harness, events);
      expect(full.status).toBe(200);
      expect(full.json.count).toBe(25);
      expect(full.json.result.every((item) => item.status === 'Accepted')).toBe(true);
      await postBatch(harness, [usageEvent()]);
      await postBatch(harness, []);
      const stats = harness.emulator.stats();
      expect(stats.batchSizes).toEqual({ '25': 1, '1': 1, '0': 1 });
      expect(stats.routes['POST /api/batchUsageEvent']).toBe(3);
      expect(stats.eventStatuses.Accepted).toBe(26);
    });
  });

  describe('headers', () => {
    it('echoes x-ms-requestid and x-ms-correlationid', async () => {
      const requestId = '6f1a9e38-1c1a-4c0e-9d2b-2f1d8e3f6a01';
      const correlationId = '0a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
      const response = await callApi(harness, 'POST', '/batchUsageEvent', {
        body: { request: [usageEvent()] },
        headers: { 'x-ms-requestid': requestId, 'x-ms-correlationid': correlationId },
      });
      expect(response.headers.get('x-ms-requestid')).toBe(requestId);
      expect(response.headers.get('x-ms-correlationid')).toBe(correlationId);
      expect(harness.emulator.events()[0]).toMatchObject({
        requestId,
        correlationId,
        route: 'batchUsageEvent',
      });
    });

    it('generates GUIDs when the client sends none, on errors too', async () => {
      const ok = await postBatch(harness, [usageEvent()]);
      expect(ok.headers.get('x-ms-requestid')).toMatch(GUID);
      expect(ok.headers.get('x-ms-correlationid')).toMatch(GUID);
      const forbidden = await callApi(harness, 'POST', '/batchUsageEvent', {
        body: { request: [] },
        token: null,
      });
      expect(forbidden.headers.get('x-ms-requestid')).toMatch(GUID);
    });
  });

  describe('per-event rules', () => {
    it('Accepted: echoes the event with a usageEventId and messageTime', async () => {
      const item = await batchOne(harness, usageEvent({ quantity: 50.5 }));
      expect(item).toMatchObject({
        status: 'Accepted',
        resourceId: SUBSCRIPTION_ID,
        quantity: 50.5,
        dimension: 'email',
        effectiveStartTime: '2026-03-10T10:00:00Z',
        planId: PLAN_ID,
      });
      expect(item.usageEventId).toMatch(GUID);
      expect(item.messageTime).toBe('2026-03-10T10:30:00.0000000Z');
      expect(item.resourceUri).toMatch(/^\/subscriptions\/.+\/providers\/Microsoft\.SaaS\/resources\//);
      expect(item.error).toBeUndefined();
      const [recorded] = harness.emulator.events();
      expect(recorded).toMatchObject({
        usageEventId: item.usageEventId,
        quantity: '50.5',
        effectiveHour: '2026-03-10T10:00:00.000Z',
      });
    });

    it('keeps every digit of a decimal quantity', async () => {
      const response = await callApi(harness, 'POST', '/batchUsageEvent', {
        rawBody: JSON.stringify({ request: [usageEvent({ quantity: 0 })] }).replace(
          '"quantity":0',
          '"quantity":9.12345678901234567890123',
        ),
      });
      expect(response.text).toContain('"quantity":9.12345678901234567890123');
      const trailingZeros = await callApi(harness, 'POST', '/batchUsageEvent', {
        rawBody: JSON.stringify({ request: [usageEvent({ quantity: 0, dimension: 'sms' })] }).replace(
          '"quantity":0',
          '"quantity":9.0000',
        ),
      });
      expect(trailingZeros.text).toContain('"quantity":9,');
      expect(harness.emulator.events().map((event) => event.quantity)).toEqual([
        '9.12345678901234567890123',
        '9',
      ]);
    });

    it('Duplicate: a second event in the same UTC hour carries the accepted one', async () => {
      const first = await batchOne(harness, usageEvent({ quantity: 5 }));
      const second = await batchOne(
        harness,
        usageEvent({ quantity: 9, effectiveStartTime: '2026-03-10T10:59:59Z' }),
      );
      expect(second.status).toBe('Duplicate');
      expect(second.quantity).toBe(9);
      expect(second.usageEventId).toBeUndefined();
      expect(second.error).toMatchObject({ code: 'Conflict', message: 'This usage event already exist.' });
      expect(second.error?.additionalInfo?.acceptedMessage).toEqual({
        usageEventId: first.usageEventId,
        status: 'Duplicate',
        messageTime: first.messageTime,
        resourceId: SUBSCRIPTION_ID,
        resourceUri: first.resourceUri,
        quantity: 5,
        dimension: 'email',
        effectiveStartTime: '2026-03-10T10:00:00Z',
        planId: PLAN_ID,
      });
      expect(harness.emulator.events()).toHaveLength(1);
    });

    it('Duplicate within one batch; other hours and other dimensions are separate slots', async () => {
      const response = await postBatch(harness, [
        usageEvent({ quantity: 1 }),
        usageEvent({ quantity: 2, effectiveStartTime: '2026-03-10T10:15:00Z' }),
        usageEvent({ quantity: 3, dimension: 'sms' }),
        usageEvent({ quantity: 4, effectiveStartTime: '2026-03-10T09:00:00Z' }),
        usageEvent({ quantity: 5, resourceId: SUBSCRIPTION_ID.toUpperCase() }),
      ]);
      expect(response.json.result.map((item) => item.status)).toEqual([
        'Accepted',
        'Duplicate',
        'Accepted',
        'Accepted',
        'Duplicate',
      ]);
    });

    it('Expired: older than 24 hours', async () => {
      const item = await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-09T10:29:59Z' }));
      expect(item.status).toBe('Expired');
      expect(item.error).toEqual({
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
      expect(
        (await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-09T10:30:00Z' }))).status,
      ).toBe('Accepted');
    });

    it('Expired: in the future beyond the current hour; later in the current hour is fine', async () => {
      expect(
        (await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T11:00:00Z' }))).status,
      ).toBe('Expired');
      expect(
        (await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T10:45:00Z' }))).status,
      ).toBe('Accepted');
    });

    it('reads zone-less times as UTC and honours offsets', async () => {
      // 12:00+02:00 is 10:00Z: the current hour.
      const offset = await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T12:00:00+02:00' }));
      expect(offset.status).toBe('Accepted');
      expect(offset.effectiveStartTime).toBe('2026-03-10T12:00:00+02:00');
      const zoneless = await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T10:05:00' }));
      expect(zoneless.status).toBe('Duplicate');
      const fraction = await batchOne(
        harness,
        usageEvent({ dimension: 'sms', effectiveStartTime: '2026-03-10T09:00:00.1234567Z' }),
      );
      expect(fraction.status).toBe('Accepted');
    });

    it('follows the injected clock', async () => {
      harness.clock.set('2026-03-12T00:10:00Z');
      harness.token = await fetchToken(harness.emulator.url); // the old one expired with the jump
      expect((await batchOne(harness, usageEvent())).status).toBe('Expired');
      expect(
        (await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-11T00:10:00Z' }))).status,
      ).toBe('Accepted');
    });

    it('ResourceNotFound for an unknown resourceId', async () => {
      const item = await batchOne(
        harness,
        usageEvent({ resourceId: '11111111-2222-3333-4444-555555555555' }),
      );
      expect(item.status).toBe('ResourceNotFound');
      expect(item.error?.details?.[0]).toEqual({
        code: 'BadArgument',
        target: 'resourceId',
        message: 'The resourceId value provided cannot be found or this resource is not active.',
      });
    });

    it.each(['Suspended', 'PendingFulfillmentStart', 'Unsubscribed'] as const)(
      'ResourceNotActive when the subscription is %s',
      async (status) => {
        harness.emulator.updateSubscription(SUBSCRIPTION_ID, { status });
        const item = await batchOne(harness, usageEvent());
        expect(item.status).toBe('ResourceNotActive');
        harness.emulator.updateSubscription(SUBSCRIPTION_ID, { status: 'Subscribed' });
        expect((await batchOne(harness, usageEvent())).status).toBe('Accepted');
      },
    );

    it('ResourceNotAuthorized for a token of another app registration', async () => {
      const otherToken = await fetchToken(harness.emulator.url, {
        clientId: OTHER_CLIENT_ID,
        clientSecret: OTHER_CLIENT_SECRET,
      });
      const item = await batchOne({ emulator: harness.emulator, token: otherToken }, usageEvent());
      expect(item.status).toBe('ResourceNotAuthorized');
      expect(item.error).toMatchObject({ code: 'Forbidden' });
      expect(harness.emulator.events()).toHaveLength(0);
    });

    it('a subscription without a publisher app accepts any token', async () => {
      const open = '9b2f0c1e-0000-4000-8000-000000000001';
      harness.emulator.seedSubscription(
        subscriptionSeed({ id: open, publisherClientId: undefined, publisherTenantId: undefined }),
      );
      const otherToken = await fetchToken(harness.emulator.url, {
        clientId: OTHER_CLIENT_ID,
        clientSecret: OTHER_CLIENT_SECRET,
      });
      const item = await batchOne(
        { emulator: harness.emulator, token: otherToken },
        usageEvent({ resourceId: open }),
      );
      expect(item.status).toBe('Accepted');
    });

    it('InvalidDimension for a dimension outside the current plan', async () => {
      const item = await batchOne(harness, usageEvent({ dimension: 'not-exist' }));
      expect(item.status).toBe('InvalidDimension');
      expect(item.error?.details?.[0]).toMatchObject({
        target: 'dimension',
        message: 'The payload dimension is invalid.',
      });
      // `sms` exists on gold but not on silver.
      harness.emulator.updateSubscription(SUBSCRIPTION_ID, { planId: 'silver' });
      expect((await batchOne(harness, usageEvent({ dimension: 'sms', planId: 'silver' }))).status).toBe(
        'InvalidDimension',
      );
    });

    it.each([
      ['zero', 0],
      ['negative', -1],
      ['a string', '5'],
      ['a boolean', true],
    ])('InvalidQuantity when the quantity is %s', async (_name, quantity) => {
      const item = await batchOne(harness, usageEvent({ quantity }));
      expect(item.status).toBe('InvalidQuantity');
      expect(item.quantity).toEqual(quantity);
    });

    it('InvalidQuantity beyond the range of a double', async () => {
      const response = await callApi(harness, 'POST', '/batchUsageEvent', {
        rawBody: JSON.stringify({ request: [usageEvent({ quantity: 0 })] }).replace(
          '"quantity":0',
          '"quantity":1e400',
        ),
      });
      expect((response.json as { result: { status: string }[] }).result[0]?.status).toBe('InvalidQuantity');
    });

    it.each([
      ['missing resourceId', { resourceId: undefined }, 'ResourceId'],
      ['missing dimension', { dimension: undefined }, 'Dimension'],
      ['missing planId', { planId: undefined }, 'PlanId'],
      ['missing effectiveStartTime', { effectiveStartTime: undefined }, 'EffectiveStartTime'],
      ['missing quantity', { quantity: undefined }, 'Quantity'],
      ['resourceId not a GUID', { resourceId: 'my-internal-id' }, 'resourceId'],
      ['effectiveStartTime not a date', { effectiveStartTime: 'yesterday' }, 'effectiveStartTime'],
      ['impossible date', { effectiveStartTime: '2026-02-30T10:00:00Z' }, 'effectiveStartTime'],
      ['dimension not a string', { dimension: 7 }, 'dimension'],
      ['resourceUri next to resourceId', { resourceUri: '/subscriptions/x' }, 'resourceUri'],
      ['planId not the subscription plan', { planId: 'silver' }, 'planId'],
    ])('BadArgument: %s', async (_name, overrides, target) => {
      const event = { ...usageEvent(), ...overrides };
      const item = await batchOne(harness, JSON.parse(JSON.stringify(event)));
      expect(item.status).toBe('BadArgument');
      expect(item.error?.code).toBe('BadArgument');
      expect(item.error?.details?.map((detail) => detail.target)).toContain(target);
    });

    it('BadArgument for an event that is not an object', async () => {
      const response = await postBatch(harness, ['text', null, 5]);
      expect(response.json.result.map((item) => item.status)).toEqual([
        'BadArgument',
        'BadArgument',
        'BadArgument',
      ]);
    });

    it('after a plan change the new planId is accepted and the old one is a BadArgument', async () => {
      harness.emulator.updateSubscription(SUBSCRIPTION_ID, { planId: 'silver' });
      expect((await batchOne(harness, usageEvent())).status).toBe('BadArgument');
      expect((await batchOne(harness, usageEvent({ planId: 'silver' }))).status).toBe('Accepted');
    });

    it('returns 200 with mixed results in request order', async () => {
      const response = await postBatch(harness, [
        usageEvent(),
        usageEvent({ dimension: 'nope' }),
        usageEvent({ quantity: 0 }),
        usageEvent({ effectiveStartTime: '2026-03-01T00:00:00Z' }),
      ]);
      expect(response.status).toBe(200);
      expect(response.json.count).toBe(4);
      expect(response.json.result.map((item) => item.status)).toEqual([
        'Accepted',
        'InvalidDimension',
        'InvalidQuantity',
        'Expired',
      ]);
      expect(harness.emulator.stats().eventStatuses).toEqual({
        Accepted: 1,
        InvalidDimension: 1,
        InvalidQuantity: 1,
        Expired: 1,
      });
    });
  });
});
