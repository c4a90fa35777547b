import { randomBytes, randomUUID } from 'node:crypto';
import { type M3terEmulator, startM3terEmulator } from '@hub/m3ter-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type E2eHub, startE2eHub, type Tenant, waitFor } from '../support/e2e-hub.js';

/**
 * m3ter as the source, end to end: the real m3ter source plugin against the m3ter emulator over
 * HTTP (OAuth tokens, events newest first, bills with paged line items, accounts, external
 * mappings, signed outgoing webhooks), the hub listening for those webhooks, and the Azure emulator
 * as the destination. No test calls POST /v1/bills or PUT /v1/accounts: bills flow in by themselves.
 */
let m3ter: M3terEmulator;
let e2e: E2eHub;

beforeAll(async () => {
  m3ter = await startM3terEmulator({ rateLimitPerSecond: 50 });
  e2e = await startE2eHub({ listen: true, env: { M3TER_API_URL: m3ter.url } });
});
afterEach(() => {
  m3ter?.setFaults({});
});
afterAll(async () => {
  await e2e?.close();
  await m3ter?.close();
});

interface M3terSource {
  id: string;
  orgId: string;
  webhookUrl: string;
  webhookSecret: string;
}

/** An m3ter organization with a service user, and a source on it for the tenant's organization. */
async function m3terSourceFor(t: Tenant, options: { schedule?: number } = {}): Promise<M3terSource> {
  const orgId = randomUUID();
  const accessKeyId = `svc-${randomBytes(4).toString('hex')}`;
  const apiSecret = randomBytes(16).toString('hex');
  const webhookSecret = randomBytes(16).toString('hex');
  m3ter.seedOrganization({ orgId });
  m3ter.seedServiceUser({ orgId, accessKeyId, apiSecret });
  const res = await t.call('POST', '/v1/sources', {
    type: 'M3TER',
    name: `m3ter-${randomUUID().slice(0, 6)}`,
    settings: { organizationId: orgId },
    credential: { accessKeyId, apiSecret },
    schedule: options.schedule ?? 3600,
    webhookSecret,
  });
  if (res.statusCode !== 201) throw new Error(`source: ${res.statusCode} ${res.body}`);
  const created = res.json();
  expect(JSON.stringify(created)).not.toContain(apiSecret);
  await waitFor(
    async () => (await t.call('GET', `/v1/sources/${created.id}`)).json().cursor !== null,
    'the first sync to start the change feed',
  );
  // ... and to finish: a test's own syncs then never race the first one for the same work.
  await waitFor(async () => {
    const syncs = (await t.call('GET', `/v1/sources/${created.id}/syncs?pageSize=200`)).json().data;
    return (
      syncs.length > 0 && syncs.every((s: { status: string }) => !['QUEUED', 'RUNNING'].includes(s.status))
    );
  }, 'the first sync to finish');
  // The answer names the host the request came to (here an in-process call): the hub's real address
  // with the URL's path and token is what the billing platform is given.
  const url = new URL(created.webhookUrl);
  const webhookUrl = new URL(`${url.pathname}${url.search}`, e2e.hub.address!).href;
  return { id: created.id, orgId, webhookUrl, webhookSecret };
}

/** An account at m3ter mapped (in the hub) to the tenant's subscription. */
function m3terAccount(source: M3terSource, t: Tenant, customFields: Record<string, string> = {}) {
  return m3ter.createAccount({
    orgId: source.orgId,
    id: t.accountId,
    name: 'Acme',
    code: 'acme',
    customFields,
  });
}

const usageLines = (...subtotals: string[]) =>
  subtotals.map((subtotal, i) => ({ lineItemType: 'USAGE', productId: `prod-${i + 1}`, subtotal }));

async function sync(t: Tenant, source: M3terSource) {
  const res = await t.call('POST', `/v1/sources/${source.id}/sync`);
  expect(res.statusCode, res.body).toBe(202);
  const syncId = res.json().id;
  return waitFor(
    async () => {
      const current = (await t.call('GET', `/v1/sources/${source.id}/syncs/${syncId}`)).json();
      return ['COMPLETE', 'ERROR', 'AUTH_FAILED'].includes(current.status) ? current : undefined;
    },
    `sync ${syncId}`,
    30_000,
  );
}

async function runsOf(t: Tenant, billId: string): Promise<Record<string, any>[]> {
  return (await t.call('GET', `/v1/integration-runs?entityType=Bill&entityId=${billId}`)).json().data;
}

async function settled(t: Tenant, billId: string, version: number) {
  const run = await waitFor(
    async () => (await runsOf(t, billId)).find((r) => r.billVersion === version),
    `a run of ${billId} v${version}`,
    30_000,
  );
  return t.waitForRun(run.id, ['COMPLETE', 'ERROR', 'SKIPPED'], 30_000);
}

describe('bills flow in from m3ter by themselves', { timeout: 90_000 }, () => {
  it('polling: a bill approved in m3ter reaches Azure once; a regeneration sends only the delta', async () => {
    const t = await e2e.setup();
    const source = await m3terSourceFor(t);
    m3terAccount(source, t);
    const bill = m3ter.createBill({
      orgId: source.orgId,
      accountId: t.accountId,
      status: 'PENDING',
      lineItems: usageLines('4.00'),
    });
    m3ter.approveBill(source.orgId, bill.id);
    const first = await sync(t, source);
    expect(first, JSON.stringify(first.errors)).toMatchObject({ status: 'COMPLETE' });
    const approved = m3ter.bills(source.orgId).find((b) => b.id === bill.id)!;
    expect((await settled(t, bill.id, approved.version)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '400' });

    m3ter.regenerateBill(source.orgId, bill.id, usageLines('4.00', '1.50'));
    await sync(t, source);
    expect((await settled(t, bill.id, approved.version + 1)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '550' });
    expect(
      t
        .received()
        .map((e) => e.quantity)
        .sort(),
    ).toEqual(['150', '400']);
  });

  it('the webhook (signed, a trigger only) and polling at once ingest the bill once', async () => {
    const t = await e2e.setup();
    const source = await m3terSourceFor(t);
    m3terAccount(source, t);
    m3ter.setWebhook({
      orgId: source.orgId,
      url: source.webhookUrl,
      apiKey: 'hub',
      secret: source.webhookSecret,
    });
    const bill = m3ter.createBill({
      orgId: source.orgId,
      accountId: t.accountId,
      status: 'APPROVED',
      lineItems: usageLines('2.25'),
    });
    await m3ter.webhooksSettled();
    const delivered = m3ter.stats().webhooks.deliveries.filter((d) => d.orgId === source.orgId);
    expect(
      delivered.map((d) => d.status),
      JSON.stringify(delivered),
    ).toContain(202);
    await sync(t, source);
    expect((await settled(t, bill.id, 1)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '225' });
    expect(t.received()).toHaveLength(1);
    expect(await runsOf(t, bill.id)).toHaveLength(1);

    // a webhook with a wrong signature is refused before anything is read from it
    m3ter.setWebhook({
      orgId: source.orgId,
      url: source.webhookUrl,
      apiKey: 'hub',
      secret: 'not-the-secret',
    });
    m3ter.createBill({
      orgId: source.orgId,
      accountId: t.accountId,
      status: 'APPROVED',
      lineItems: usageLines('9.00'),
    });
    await m3ter.webhooksSettled();
    const refused = m3ter
      .stats()
      .webhooks.deliveries.filter((d) => d.orgId === source.orgId)
      .at(-1);
    expect(refused?.status).toBe(401);
    m3ter.setWebhook(null as never);
  });

  it("the account's customFields from m3ter drive the account filter; mappings kept in m3ter are used", async () => {
    const t = await e2e.setup({
      mapAccount: false,
      configData: { marketplaceBillDimension: 'dim-bill', accountFilter: 'customFields.country == UK' },
    });
    const source = await m3terSourceFor(t);
    const uk = m3ter.createAccount({
      orgId: source.orgId,
      name: 'UK Ltd',
      code: 'uk',
      customFields: { country: 'UK' },
    });
    const us = m3ter.createAccount({
      orgId: source.orgId,
      name: 'US Inc',
      code: 'us',
      customFields: { country: 'US' },
    });
    // the Account → subscription mapping lives in m3ter, not in the hub
    m3ter.createExternalMapping({
      orgId: source.orgId,
      m3terEntity: 'Account',
      m3terId: uk.id,
      externalSystem: 'AzureMarketplace',
      externalTable: 'Subscription',
      externalId: t.subscriptionId,
    });
    const ukBill = m3ter.createBill({
      orgId: source.orgId,
      accountId: uk.id,
      status: 'APPROVED',
      lineItems: usageLines('3.00'),
    });
    const usBill = m3ter.createBill({
      orgId: source.orgId,
      accountId: us.id,
      status: 'APPROVED',
      lineItems: usageLines('5.00'),
    });
    const done = await sync(t, source);
    expect(done.mappingsSynced).toBeGreaterThanOrEqual(1);
    const ukRun = await settled(t, ukBill.id, 1);
    expect(ukRun.status, JSON.stringify([ukRun.reason, ukRun.error, done.errors])).toBe('COMPLETE');
    expect(await settled(t, usBill.id, 1)).toMatchObject({ status: 'SKIPPED', reason: 'ACCOUNT_FILTER' });
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '300' });
  });

  it('token expiry and a 429 storm lose nothing and duplicate nothing', async () => {
    const t = await e2e.setup();
    const source = await m3terSourceFor(t);
    m3terAccount(source, t);
    const ids = Array.from(
      { length: 6 },
      (_, i) =>
        m3ter.createBill({
          orgId: source.orgId,
          accountId: t.accountId,
          status: 'APPROVED',
          lineItems: usageLines(`${i + 1}.00`),
        }).id,
    );
    m3ter.expireTokens();
    m3ter.setFaults({ rate429: 0.5, retryAfterSeconds: 1 });
    await waitFor(
      async () => {
        await sync(t, source);
        const runs = await Promise.all(ids.map((id) => runsOf(t, id)));
        return runs.every((r) => r.length === 1);
      },
      'every bill to be ingested through the storm',
      60_000,
    );
    m3ter.setFaults({});
    for (const id of ids) expect((await settled(t, id, 1)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '2100' });
    expect(m3ter.stats().faultsInjected.status429).toBeGreaterThan(0);
    for (const id of ids) expect(await runsOf(t, id)).toHaveLength(1);
  });

  it('a source outage keeps the bills to fetch; they land once it is back', async () => {
    const t = await e2e.setup();
    const source = await m3terSourceFor(t);
    m3terAccount(source, t);
    const bill = m3ter.createBill({
      orgId: source.orgId,
      accountId: t.accountId,
      status: 'APPROVED',
      lineItems: usageLines('7.00'),
    });
    m3ter.setFaults({ rate500: 1 });
    const failed = await sync(t, source);
    expect(failed.status).not.toBe('COMPLETE');
    expect(await runsOf(t, bill.id)).toEqual([]);
    m3ter.setFaults({});
    await waitFor(
      async () => {
        await sync(t, source);
        return (await runsOf(t, bill.id)).length === 1;
      },
      'the bill to land after the outage',
      60_000,
    );
    expect((await settled(t, bill.id, 1)).status).toBe('COMPLETE');
    await t.submissionPass();
    expect(t.totals()).toEqual({ 'dim-bill': '700' });
  });
});
