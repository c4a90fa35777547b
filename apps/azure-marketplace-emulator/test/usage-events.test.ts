import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  fetchToken,
  type Harness,
  OTHER_CLIENT_ID,
  OTHER_CLIENT_SECRET,
  postBatch,
  SUBSCRIPTION_ID,
  startHarness,
  subscriptionSeed,
  usageEvent,
} from './helpers.js';

interface UsageRow {
  usageDate: string;
  usageResourceId: string;
  dimension: string;
  planId: string;
  planName: string;
  offerId: string;
  offerName: string;
  offerType: string;
  azureSubscriptionId: string;
  reconStatus: string;
  submittedQuantity: number;
  processedQuantity: number;
  submittedCount: number;
}

const TEST_SUBSCRIPTION = 'a3bb189e-8bf9-3888-9912-ace4e6543002';

describe('GET /api/usageEvents', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
    harness.emulator.seedSubscription(
      subscriptionSeed({ id: TEST_SUBSCRIPTION, isTest: true, offerId: 'test-offer' }),
    );
    // Yesterday 11:00–23:00 and today 00:00–10:00, all within the 24-hour window of 10:30.
    const responses = await Promise.all([
      postBatch(harness, [
        usageEvent({ quantity: 0.1, effectiveStartTime: '2026-03-09T11:00:00Z' }),
        usageEvent({ quantity: 0.2, effectiveStartTime: '2026-03-09T23:00:00Z' }),
        usageEvent({ quantity: 1.5, dimension: 'sms', effectiveStartTime: '2026-03-09T12:00:00Z' }),
        usageEvent({ quantity: 7, effectiveStartTime: '2026-03-10T01:00:00Z' }),
        usageEvent({ quantity: 3, resourceId: TEST_SUBSCRIPTION }),
      ]),
    ]);
    expect(responses[0]!.json.result.every((item) => item.status === 'Accepted')).toBe(true);
  });
  afterEach(async () => {
    await harness.emulator.close();
  });

  const list = (query: Record<string, string>, token?: string) =>
    callApi<UsageRow[]>(harness, 'GET', '/usageEvents', { query, ...(token ? { token } : {}) });

  it('aggregates accepted usage per resource, dimension and UTC day with exact sums', async () => {
    const response = await list({ usageStartDate: '2026-03-09' });
    expect(response.status).toBe(200);
    const rows = response.json;
    expect(rows).toHaveLength(4);
    const email9 = rows.find((row) => row.usageDate === '2026-03-09T00:00:00Z' && row.dimension === 'email');
    expect(email9).toMatchObject({
      usageResourceId: SUBSCRIPTION_ID,
      planId: 'gold',
      planName: 'Gold',
      offerId: 'contoso-offer',
      offerType: 'SaaS',
      reconStatus: 'Accepted',
      submittedCount: 2,
    });
    // 0.1 + 0.2 summed as decimals, not doubles.
    expect(response.text).toContain('"submittedQuantity":0.3,"processedQuantity":0.3');
    const testRow = rows.find((row) => row.usageResourceId === TEST_SUBSCRIPTION);
    expect(testRow).toMatchObject({ reconStatus: 'TestHeaders', submittedQuantity: 3, processedQuantity: 0 });
  });

  it('filters by date range, dimension, plan, offer, recon status and Azure subscription', async () => {
    expect((await list({ usageStartDate: '2026-03-10' })).json).toHaveLength(2);
    expect((await list({ usageStartDate: '2026-03-09', UsageEndDate: '2026-03-09' })).json).toHaveLength(2);
    expect(
      (await list({ usageStartDate: '2026-03-09', usageEndDate: '2026-03-09T23:59' })).json,
    ).toHaveLength(2);
    expect((await list({ usageStartDate: '2026-03-09', dimension: 'sms' })).json).toHaveLength(1);
    expect((await list({ usageStartDate: '2026-03-09', planId: 'silver' })).json).toHaveLength(0);
    expect((await list({ usageStartDate: '2026-03-09', offerId: 'test-offer' })).json).toHaveLength(1);
    expect((await list({ usageStartDate: '2026-03-09', reconStatus: 'TestHeaders' })).json).toHaveLength(1);
    const azureSubscriptionId =
      harness.emulator.state.subscriptions.get(SUBSCRIPTION_ID)!.azureSubscriptionId;
    expect((await list({ usageStartDate: '2026-03-09', azureSubscriptionId })).json).toHaveLength(3);
  });

  it('400 without or with an invalid usageStartDate or reconStatus', async () => {
    expect((await list({})).status).toBe(400);
    expect((await list({ usageStartDate: 'last week' })).status).toBe(400);
    expect((await list({ usageStartDate: '2026-03-09', reconStatus: 'Whatever' })).status).toBe(400);
  });

  it('has no hour and no event id: the hours of one day are one row', async () => {
    // 01:00 (beforeEach) plus 02:00 and 03:00 today: one row of three events.
    await postBatch(harness, [
      usageEvent({ quantity: 0.25, effectiveStartTime: '2026-03-10T02:00:00Z' }),
      usageEvent({ quantity: 0.5, effectiveStartTime: '2026-03-10T03:59:59Z' }),
    ]);
    const rows = (await list({ usageStartDate: '2026-03-10T05:00', dimension: 'email' })).json;
    const today = rows.filter((row) => row.usageResourceId === SUBSCRIPTION_ID);
    expect(today).toHaveLength(1);
    expect(today[0]).toMatchObject({
      usageDate: '2026-03-10T00:00:00Z',
      submittedQuantity: 7.75,
      submittedCount: 3,
    });
    expect(Object.keys(today[0]!)).not.toContain('usageEventId');
    expect(Object.keys(today[0]!)).not.toContain('effectiveStartTime');
  });

  it('shows an event whose response was lost: it was recorded', async () => {
    harness.emulator.setFaults({ lostResponseRate: 1, routes: ['batchUsageEvent'] });
    await expect(
      postBatch(harness, [usageEvent({ quantity: 2, effectiveStartTime: '2026-03-10T04:00:00Z' })]),
    ).rejects.toThrow();
    const rows = (await list({ usageStartDate: '2026-03-10', dimension: 'email' })).json;
    expect(rows.find((row) => row.usageResourceId === SUBSCRIPTION_ID)).toMatchObject({
      submittedQuantity: 9,
      submittedCount: 2,
    });
  });

  it('fault injection can fail the read-back alone, with the usual fault bodies and request ids', async () => {
    harness.emulator.setFaults({ rate500: 1, routes: ['usageEvents'] });
    const failed = await list({ usageStartDate: '2026-03-09' });
    expect(failed.status).toBe(500);
    expect(failed.json).toMatchObject({ error: { code: 'InternalServerError' } });
    expect(failed.headers.get('x-ms-requestid')).toBeTruthy();
    const sent = await postBatch(harness, [usageEvent({ effectiveStartTime: '2026-03-10T05:00:00Z' })]);
    expect(sent.json.result[0]?.status).toBe('Accepted');
    expect(harness.emulator.stats().faultsInjected.status500).toBe(1);

    harness.emulator.setFaults({ rate503: 1, retryAfterSeconds: 3, routes: ['usageEvents'] });
    const unavailable = await list({ usageStartDate: '2026-03-09' });
    expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '3']);
  });

  it('readBackLagSeconds leaves out events accepted too recently, until the clock passes the lag', async () => {
    const count = async () =>
      (await list({ usageStartDate: '2026-03-09' })).json.reduce((sum, row) => sum + row.submittedCount, 0);
    expect(await count()).toBe(5);
    harness.emulator.setFaults({ readBackLagSeconds: 600 });
    expect(await count()).toBe(0);
    harness.clock.advanceSeconds(599);
    expect(await count()).toBe(0);
    harness.clock.advanceSeconds(1);
    expect(await count()).toBe(5);
    // Only when the read-back is a targeted route.
    harness.clock.set('2026-03-10T10:30:00.000Z');
    harness.emulator.setFaults({ readBackLagSeconds: 600, routes: ['batchUsageEvent'] });
    expect(await count()).toBe(5);
  });

  it('shows a publisher only its own resources', async () => {
    const other = await fetchToken(harness.emulator.url, {
      clientId: OTHER_CLIENT_ID,
      clientSecret: OTHER_CLIENT_SECRET,
    });
    expect((await list({ usageStartDate: '2026-03-09' }, other)).json).toEqual([]);
  });
});
