/**
 * Conformance with Microsoft's real payloads and OpenAPI documents, read in place from the shared
 * fixtures folder (never copied into this repository). Skipped with a message when absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BatchItem,
  batchOne,
  callApi,
  fetchToken,
  type Harness,
  postBatch,
  SUBSCRIPTION_ID,
  startHarness,
  subscriptionSeed,
  usageEvent,
} from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/azure-marketplace/', import.meta.url));
const present = existsSync(`${FIXTURES}MarketplaceBatchResponseDTO.json`);
if (!present) console.warn(`conformance tests skipped: Microsoft fixtures not found at ${FIXTURES}`);

function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as T;
}

type Json = Record<string, unknown>;
const keys = (value: unknown) => Object.keys(value as Json).sort();
const without = (list: string[], ...names: string[]) => list.filter((key) => !names.includes(key));

interface OpenApi {
  components: { schemas: Record<string, { properties?: Record<string, unknown>; enum?: string[] }> };
}

function schemaProperties(document: OpenApi, name: string): string[] {
  return Object.keys(document.components.schemas[name]?.properties ?? {}).sort();
}

describe.skipIf(!present)('conformance with Microsoft payloads', () => {
  let harness: Harness;
  let realBatch: { count: number; result: Json[] };
  let metering: OpenApi;
  let saas: OpenApi;

  beforeAll(async () => {
    harness = await startHarness();
    realBatch = fixture('MarketplaceBatchResponseDTO.json');
    metering = fixture<OpenApi>('openapi/meteringapi.v1.json');
    saas = fixture<OpenApi>('openapi/saasapi.v2.json');
  });
  afterAll(async () => {
    await harness?.emulator.close();
  });

  const realItem = (status: string) => {
    const item = realBatch.result.find((candidate) => candidate.status === status);
    if (!item) throw new Error(`fixture has no ${status} item`);
    return item;
  };

  it('Accepted items have the keys of the real responses', async () => {
    const ours = await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T03:00:00Z' }));
    expect(keys(ours)).toEqual(keys(realItem('Accepted')));
    expect(keys(ours)).toEqual(keys(fixture('MarketplaceSuccessResponse.json')));
    expect(keys(ours)).toEqual(schemaProperties(metering, 'UsageEventOkResponse'));
  });

  it('Duplicate items match the real duplicate, acceptedMessage included', async () => {
    await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T04:00:00Z' }));
    const ours = await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T04:30:00Z' }));
    const real = fixture('MarketplaceErrorDuplicate.json') as Json & {
      error: Json & { additionalInfo: Json };
    };
    expect(keys(ours)).toEqual(keys(real));
    expect(keys(ours)).toEqual(keys(realItem('Duplicate')));
    expect(keys(ours.error)).toEqual(keys(real.error));
    expect(keys(ours.error?.additionalInfo?.acceptedMessage)).toEqual(
      keys(real.error.additionalInfo.acceptedMessage),
    );
    expect(keys(ours.error)).toEqual(schemaProperties(metering, 'UsageEventConflictResponse'));
  });

  it('ResourceNotFound matches the real error item exactly, apart from values', async () => {
    const real = fixture('MarketplaceGenericError.json') as Json & { error: Json };
    const ours = await batchOne(harness, usageEvent({ resourceId: 'fdc778a6-1281-40e4-cade-4a5fc11f5441' }));
    expect(keys(ours)).toEqual(keys(real));
    expect(ours.error).toEqual(real.error);
  });

  it.each([
    ['Expired', { effectiveStartTime: '2026-03-01T00:00:00Z' }],
    ['InvalidDimension', { dimension: 'not-exist' }],
  ])('%s matches the real item (its resourceUri belonged to a managed app)', async (status, overrides) => {
    const real = realItem(status) as Json & { error: Json };
    const ours = await batchOne(harness, usageEvent(overrides));
    expect(ours.status).toBe(status);
    expect(keys(ours)).toEqual(without(keys(real), 'resourceUri'));
    expect(ours.error).toEqual(real.error);
  });

  it('the single-event 400 for an expired event equals the real body', async () => {
    const response = await callApi(harness, 'POST', '/usageEvent', {
      body: usageEvent({ effectiveStartTime: '2026-03-10T11:00:00Z' }),
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual(fixture('MarketplaceExpiredErrorResponse.json'));
  });

  it('every status we return is in StatusEnum and batch bodies follow the schema', async () => {
    const statuses = metering.components.schemas.StatusEnum?.enum ?? [];
    const response = await postBatch(harness, [
      usageEvent({ effectiveStartTime: '2026-03-10T05:00:00Z' }),
      usageEvent({ effectiveStartTime: '2026-03-10T05:00:00Z' }),
      usageEvent({ quantity: -1 }),
      usageEvent({ planId: 'other' }),
    ]);
    expect(keys(response.json)).toEqual(schemaProperties(metering, 'BatchUsageEventOkResponse'));
    const allowed = schemaProperties(metering, 'UsageBatchEventOkMessage');
    for (const item of response.json.result as BatchItem[]) {
      expect(statuses).toContain(item.status);
      for (const key of Object.keys(item)) expect(allowed).toContain(key);
    }
  });

  it('the real batch request is accepted when it is inside the 24-hour window', async () => {
    const request = fixture<{ request: Json[] }>('MarketplaceBatchRequest.json');
    const first = request.request[0]!;
    harness.emulator.seedSubscription(
      subscriptionSeed({
        id: String(first.resourceId),
        planId: String(first.planId),
        plans: [{ planId: String(first.planId), dimensions: [{ id: String(first.dimension) }] }],
      }),
    );
    harness.clock.set('2021-12-14T10:00:00Z');
    try {
      const token = await fetchToken(harness.emulator.url);
      const response = await callApi<{ result: BatchItem[] }>(
        { emulator: harness.emulator, token },
        'POST',
        '/batchUsageEvent',
        {
          body: request,
        },
      );
      expect(response.json.result.map((item) => item.status)).toEqual(['Accepted', 'Accepted']);
      // Times come back as sent, zone-less included.
      expect(response.json.result.map((item) => item.effectiveStartTime)).toEqual([
        '2021-12-13T20:00:00',
        '2021-12-13T22:00:00',
      ]);
      const single = readFileSync(`${FIXTURES}MarketplaceRequest.json`, 'utf8'); // quantity 9.0000
      const accepted = await callApi({ emulator: harness.emulator, token }, 'POST', '/usageEvent', {
        rawBody: single,
      });
      expect(accepted.status).toBe(200);
      expect(accepted.text).toContain('"quantity":9,');
    } finally {
      harness.clock.set('2026-03-10T10:30:00Z');
      harness.emulator.seedSubscription(subscriptionSeed());
      harness.token = await fetchToken(harness.emulator.url);
    }
  });

  it('usageEvents rows have exactly the GetUsageEvent properties', async () => {
    await batchOne(harness, usageEvent({ effectiveStartTime: '2026-03-10T06:00:00Z' }));
    const response = await callApi<Json[]>(harness, 'GET', '/usageEvents', {
      query: { usageStartDate: '2026-03-09' },
    });
    expect(response.json.length).toBeGreaterThan(0);
    for (const row of response.json) expect(keys(row)).toEqual(schemaProperties(metering, 'GetUsageEvent'));
  });

  it('subscriptions and plans use only properties of saasapi.v2.json', async () => {
    const subscription = await callApi<Json>(harness, 'GET', `/saas/subscriptions/${SUBSCRIPTION_ID}`);
    const subscriptionProps = schemaProperties(saas, 'Subscription');
    for (const key of Object.keys(subscription.json)) expect(subscriptionProps).toContain(key);
    for (const key of [
      'id',
      'planId',
      'saasSubscriptionStatus',
      'term',
      'offerId',
      'publisherId',
      'quantity',
    ]) {
      expect(subscription.json).toHaveProperty(key);
    }
    const list = await callApi<Json>(harness, 'GET', '/saas/subscriptions');
    expect(keys(list.json)).toEqual(schemaProperties(saas, 'SubscriptionsResponse'));

    const plans = await callApi<{
      plans: (Json & { planComponents: { meteringDimensions: Json[]; recurrentBillingTerms: Json[] } })[];
    }>(harness, 'GET', `/saas/subscriptions/${SUBSCRIPTION_ID}/listAvailablePlans`);
    expect(keys(plans.json)).toEqual(schemaProperties(saas, 'SubscriptionPlans'));
    const planProps = schemaProperties(saas, 'Plan');
    for (const plan of plans.json.plans) {
      for (const key of Object.keys(plan)) expect(planProps).toContain(key);
      for (const dimension of plan.planComponents.meteringDimensions) {
        expect(keys(dimension)).toEqual(schemaProperties(saas, 'MeteringDimension'));
      }
      for (const term of plan.planComponents.recurrentBillingTerms) {
        expect(keys(term)).toEqual(schemaProperties(saas, 'RecurrentBillingTerm'));
      }
    }
  });
});
