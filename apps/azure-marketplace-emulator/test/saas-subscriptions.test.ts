import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callApi,
  fetchToken,
  type Harness,
  OTHER_CLIENT_ID,
  OTHER_CLIENT_SECRET,
  SUBSCRIPTION_ID,
  startHarness,
  subscriptionSeed,
} from './helpers.js';

interface SubscriptionBody {
  id: string;
  saasSubscriptionStatus: string;
  planId: string;
  term: { termUnit: string; startDate?: string; endDate?: string };
  [key: string]: unknown;
}

describe('SaaS fulfillment subscriptions', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.emulator.close();
  });

  it('GET /saas/subscriptions/{id} returns the subscription', async () => {
    const response = await callApi<SubscriptionBody>(
      harness,
      'GET',
      `/saas/subscriptions/${SUBSCRIPTION_ID}`,
    );
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      id: SUBSCRIPTION_ID,
      offerId: 'contoso-offer',
      publisherId: 'emulator-publisher',
      planId: 'gold',
      quantity: 1,
      saasSubscriptionStatus: 'Subscribed',
      term: { termUnit: 'P1M', startDate: '2026-03-10T00:00:00Z', endDate: '2026-04-09T00:00:00Z' },
      isTest: false,
      sessionMode: 'None',
    });
    expect(response.headers.get('x-ms-requestid')).toBeTruthy();
  });

  it('term dates only for Subscribed and Suspended; status changes show', async () => {
    harness.emulator.updateSubscription(SUBSCRIPTION_ID, { status: 'PendingFulfillmentStart' });
    const pending = await callApi<SubscriptionBody>(harness, 'GET', `/saas/subscriptions/${SUBSCRIPTION_ID}`);
    expect(pending.json.saasSubscriptionStatus).toBe('PendingFulfillmentStart');
    expect(pending.json.term).toEqual({ termUnit: 'P1M' });
  });

  it('404 for an unknown id; 403 for another publisher’s subscription', async () => {
    const missing = await callApi(harness, 'GET', '/saas/subscriptions/11111111-2222-3333-4444-555555555555');
    expect(missing.status).toBe(404);
    const other = await fetchToken(harness.emulator.url, {
      clientId: OTHER_CLIENT_ID,
      clientSecret: OTHER_CLIENT_SECRET,
    });
    const forbidden = await callApi(harness, 'GET', `/saas/subscriptions/${SUBSCRIPTION_ID}`, {
      token: other,
    });
    expect(forbidden.status).toBe(403);
  });

  it('GET /saas/subscriptions lists the caller’s subscriptions with @nextLink null', async () => {
    const response = await callApi<{ subscriptions: SubscriptionBody[]; '@nextLink': string | null }>(
      harness,
      'GET',
      '/saas/subscriptions',
    );
    expect(response.status).toBe(200);
    expect(response.json.subscriptions.map((s) => s.id)).toEqual([SUBSCRIPTION_ID]);
    expect(response.json['@nextLink']).toBeNull();
    const withSlash = await callApi(harness, 'GET', '/saas/subscriptions/');
    expect(withSlash.status).toBe(200);
    const other = await fetchToken(harness.emulator.url, {
      clientId: OTHER_CLIENT_ID,
      clientSecret: OTHER_CLIENT_SECRET,
    });
    const otherList = await callApi<{ subscriptions: unknown[] }>(harness, 'GET', '/saas/subscriptions', {
      token: other,
    });
    expect(otherList.json.subscriptions).toEqual([]);
  });

  it('pages by 100 with @nextLink', async () => {
    for (let i = 0; i < 120; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      harness.emulator.seedSubscription(subscriptionSeed({ id }));
    }
    type Page = { subscriptions: SubscriptionBody[]; '@nextLink': string | null };
    const first = await callApi<Page>(harness, 'GET', '/saas/subscriptions');
    expect(first.json.subscriptions).toHaveLength(100);
    const next = first.json['@nextLink'];
    expect(next).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/api\/saas\/subscriptions\?continuationToken=100&api-version=2018-08-31$/,
    );
    const second = await fetch(next!, { headers: { authorization: `Bearer ${harness.token}` } });
    const page = (await second.json()) as Page;
    expect(page.subscriptions).toHaveLength(21);
    expect(page['@nextLink']).toBeNull();
  });

  it('listAvailablePlans returns plans with metering dimensions and exact prices', async () => {
    const response = await callApi<{
      plans: { planId: string; planComponents: { meteringDimensions: unknown[] } }[];
    }>(harness, 'GET', `/saas/subscriptions/${SUBSCRIPTION_ID}/listAvailablePlans`);
    expect(response.status).toBe(200);
    expect(response.json.plans.map((plan) => plan.planId)).toEqual(['gold', 'silver']);
    expect(response.json.plans[0]).toMatchObject({
      planId: 'gold',
      displayName: 'Gold',
      isPricePerSeat: false,
      planComponents: {
        recurrentBillingTerms: [
          {
            termUnit: 'P1M',
            meteredQuantityIncluded: [
              { dimensionId: 'email', units: '0' },
              { dimensionId: 'sms', units: '0' },
            ],
          },
        ],
        meteringDimensions: [
          {
            id: 'email',
            currency: 'USD',
            pricePerUnit: 0.005,
            unitOfMeasure: 'per email',
            displayName: 'Emails',
          },
          { id: 'sms', currency: 'USD', pricePerUnit: 0.01, unitOfMeasure: 'per sms', displayName: 'sms' },
        ],
      },
    });
    expect(response.text).toContain('"pricePerUnit":0.005');
    const filtered = await callApi<{ plans: unknown[] }>(
      harness,
      'GET',
      `/saas/subscriptions/${SUBSCRIPTION_ID}/listAvailablePlans`,
      { query: { planId: 'silver' } },
    );
    expect(filtered.json.plans).toHaveLength(1);
  });

  it('keeps long decimal prices digit for digit', async () => {
    harness.emulator.seedSubscription(
      subscriptionSeed({
        plans: [{ planId: 'gold', dimensions: [{ id: 'email', pricePerUnit: '0.000123456789123456789' }] }],
      }),
    );
    const response = await callApi(
      harness,
      'GET',
      `/saas/subscriptions/${SUBSCRIPTION_ID}/listAvailablePlans`,
    );
    expect(response.text).toContain('"pricePerUnit":0.000123456789123456789');
  });

  it('requires api-version and a token', async () => {
    expect((await callApi(harness, 'GET', '/saas/subscriptions', { apiVersion: null })).status).toBe(400);
    expect((await callApi(harness, 'GET', '/saas/subscriptions', { token: null })).status).toBe(403);
  });
});
