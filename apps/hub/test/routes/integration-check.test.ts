import { randomUUID } from 'node:crypto';
import { type Emulator, startEmulator } from '@hub/azure-marketplace-emulator';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let emulator: Emulator;

const tenantId = randomUUID();
const clientId = randomUUID();
const clientSecret = 'check-test-secret~0123456789abcdefghij';

interface Check {
  name: string;
  ok: boolean;
  status: 'PASS' | 'FAIL' | 'SKIP';
  message: string;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read into details freely
  details: Record<string, any>;
}
interface Report {
  ok: boolean;
  integrationId: string;
  version: number;
  checks: Check[];
}

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.seedCredential({ tenantId, clientId, clientSecret });
  hub = await createTestHub({
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
  });
});
afterAll(async () => {
  await hub?.close();
  await emulator?.close();
});

/** A fresh organization per scenario: its accounts and unlinked mappings are its own. */
async function newOrg() {
  const created = await hub.call({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { orgId: `org-${randomUUID()}`, name: 'check' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const key = created.json().key as string;
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    hub.call({ method, url, key, ...(payload ? { payload } : {}) });
  const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await call(method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  return {
    key,
    call,
    async credential(secret = clientSecret): Promise<string> {
      const body = await ok('POST', '/v1/integration-credentials', {
        name: 'azure',
        destination: 'AZURE_MARKETPLACE',
        tenantId,
        clientId,
        clientSecret: secret,
      });
      return body.id;
    },
    async integration(
      body: Record<string, unknown> = {},
      credentialId: string | null = null,
    ): Promise<{ id: string; version: number; warnings: { name: string; message: string }[] }> {
      const created = await ok('POST', '/v1/integrations', {
        name: 'azure',
        destination: 'AZURE_MARKETPLACE',
        configData: { marketplaceBillDimension: 'usage' },
        ...body,
      });
      if (credentialId) {
        await ok('PUT', `/v1/integrations/${created.id}/credential`, { credentialId });
      }
      return created;
    },
    async account(id: string, extra: Record<string, unknown> = {}) {
      await ok('PUT', `/v1/accounts/${id}`, { name: id, code: `code-${id}`, ...extra });
    },
    async mapAccount(account: string, subscription: string, extra: Record<string, unknown> = {}) {
      return ok('POST', '/v1/external-mappings', {
        m3terEntity: 'Account',
        m3terId: account,
        externalSystem: 'AzureMarketplace',
        externalTable: 'Subscription',
        externalId: subscription,
        ...extra,
      });
    },
    async mapDimension(
      entity: string,
      m3terId: string,
      dimension: string,
      extra: Record<string, unknown> = {},
    ) {
      return ok('POST', '/v1/external-mappings', {
        m3terEntity: entity,
        m3terId,
        externalSystem: 'AzureMarketplace',
        externalTable: 'Dimension',
        externalId: dimension,
        ...extra,
      });
    },
    async check(id: string): Promise<Report> {
      const res = await call('POST', `/v1/integrations/${id}/check`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
  };
}

function subscription(
  options: {
    planId?: string;
    status?: 'Subscribed' | 'Suspended' | 'Unsubscribed' | 'PendingFulfillmentStart';
    dimensions?: { id: string; pricePerUnit?: string; currency?: string; includedQuantity?: string }[];
  } = {},
): string {
  const id = randomUUID();
  emulator.seedSubscription({
    id,
    planId: options.planId ?? 'gold',
    status: options.status ?? 'Subscribed',
    dimensions: options.dimensions ?? [{ id: 'usage', pricePerUnit: '0.01', currency: 'USD' }],
  });
  return id;
}

const byName = (report: Report, name: string): Check => {
  const check = report.checks.find((c) => c.name === name);
  expect(check, `check ${name} in ${JSON.stringify(report.checks.map((c) => c.name))}`).toBeDefined();
  return check!;
};

/** A correctly set up ITEM_PER_BILL integration: credential, one known account mapped to a Subscribed subscription. */
async function readyScenario(
  options: {
    dimensions?: { id: string; pricePerUnit?: string; currency?: string; includedQuantity?: string }[];
    configData?: Record<string, unknown>;
    status?: 'Subscribed' | 'Suspended';
  } = {},
) {
  const org = await newOrg();
  const credentialId = await org.credential();
  const sub = subscription({
    ...(options.dimensions ? { dimensions: options.dimensions } : {}),
    ...(options.status ? { status: options.status } : {}),
  });
  await org.account('acc-1', { customFields: { country: 'UK' } });
  const integration = await org.integration(
    { configData: { marketplaceBillDimension: 'usage', ...options.configData } },
    credentialId,
  );
  await org.mapAccount('acc-1', sub, { integrationConfigId: integration.id });
  return { org, credentialId, sub, integration };
}

describe('POST /v1/integrations/{id}/check', () => {
  it('passes every check for an integration set up as the guide says (prices compared as decimals)', async () => {
    const { org, integration, sub } = await readyScenario({
      dimensions: [{ id: 'usage', pricePerUnit: '0.010', currency: 'USD' }],
      configData: { accountFilter: 'customFields.country == UK' },
    });
    const report = await org.check(integration.id);
    expect(report.ok, JSON.stringify(report, null, 2)).toBe(true);
    expect(report).toMatchObject({ integrationId: integration.id, version: integration.version + 1 });
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ['credential', 'PASS'],
      ['accountMappings', 'PASS'],
      ['dimensionMappings', 'PASS'],
      ['subscriptions', 'PASS'],
      ['planDimensions', 'PASS'],
      ['dimensionPrices', 'PASS'],
      ['allowedAccounts', 'PASS'],
      ['accountFilter', 'PASS'],
    ]);
    expect(byName(report, 'credential').details.credential).toEqual({
      id: expect.any(String),
      name: 'azure',
      tenantId,
      clientId,
    });
    expect(JSON.stringify(report)).not.toContain(clientSecret);
    expect(byName(report, 'subscriptions').details.subscriptions).toEqual([
      expect.objectContaining({
        account: 'acc-1',
        subscriptionId: sub,
        status: 'Subscribed',
        planId: 'gold',
        ok: true,
      }),
    ]);
    expect(byName(report, 'subscriptions').message).toContain('gold');
    expect(byName(report, 'dimensionPrices').details.plans[0].dimensions).toEqual([
      { id: 'usage', pricePerUnit: '0.01', currency: 'USD', includedUnits: '0', ok: true },
    ]);
  });

  describe('credential', () => {
    it('fails with the AADSTS reason when the secret is wrong, and skips what needs a token', async () => {
      const org = await newOrg();
      const wrong = await org.credential('not-the-secret-at-all-0123456789');
      const sub = subscription();
      const integration = await org.integration({}, wrong);
      await org.mapAccount('acc-1', sub);
      const report = await org.check(integration.id);
      expect(report.ok).toBe(false);
      const credential = byName(report, 'credential');
      expect(credential).toMatchObject({ ok: false, status: 'FAIL', details: { code: 'AADSTS7000215' } });
      expect(credential.message).toContain('AADSTS7000215');
      expect(credential.message).toContain('client secret');
      expect(JSON.stringify(report)).not.toContain('not-the-secret-at-all-0123456789');
      for (const name of ['subscriptions', 'planDimensions', 'dimensionPrices']) {
        expect(byName(report, name)).toMatchObject({
          status: 'SKIP',
          message: expect.stringContaining('no token'),
        });
      }
    });

    it('fails when no credential is connected', async () => {
      const org = await newOrg();
      const integration = await org.integration();
      const credential = byName(await org.check(integration.id), 'credential');
      expect(credential).toMatchObject({ ok: false, status: 'FAIL', details: { credentialId: null } });
      expect(credential.message).toContain('no credential is connected');
    });
  });

  describe('subscriptions', () => {
    it('fails for a Suspended subscription, naming its status', async () => {
      const { org, integration, sub } = await readyScenario({ status: 'Suspended' });
      const report = await org.check(integration.id);
      const check = byName(report, 'subscriptions');
      expect(check).toMatchObject({ ok: false, status: 'FAIL' });
      expect(check.message).toContain(`subscription ${sub} (account acc-1) is Suspended, not Subscribed`);
      expect(check.details.subscriptions[0]).toMatchObject({ status: 'Suspended', ok: false });
      // No Subscribed subscription: nothing to read a plan from.
      expect(byName(report, 'planDimensions').status).toBe('SKIP');
      expect(report.ok).toBe(false);
    });

    it('fails for a subscription Azure does not know', async () => {
      const org = await newOrg();
      const credentialId = await org.credential();
      const integration = await org.integration({}, credentialId);
      const unknown = randomUUID();
      await org.mapAccount('acc-1', unknown);
      const check = byName(await org.check(integration.id), 'subscriptions');
      expect(check).toMatchObject({ ok: false, status: 'FAIL' });
      expect(check.message).toContain(`subscription ${unknown} (account acc-1) was not found`);
    });

    it('fails when the mapping names another plan than the subscription is on', async () => {
      const org = await newOrg();
      const credentialId = await org.credential();
      const integration = await org.integration({}, credentialId);
      const sub = subscription({ planId: 'gold' });
      await org.mapAccount('acc-1', sub, { metadata: { planId: 'silver' } });
      const check = byName(await org.check(integration.id), 'subscriptions');
      expect(check.status).toBe('FAIL');
      expect(check.message).toContain('says planId silver');
      expect(check.message).toContain('is on plan gold');
    });

    it('checks only the mappings the integration can use (linking rules, deny list)', async () => {
      const org = await newOrg();
      const credentialId = await org.credential();
      const integration = await org.integration({ restrictedAccountIds: ['acc-denied'] }, credentialId);
      const other = await org.integration();
      const good = subscription();
      // Another integration's linked mapping, and a denied account's: neither is looked at.
      await org.mapAccount('acc-1', good);
      await org.mapAccount('acc-2', randomUUID(), { integrationConfigId: other.id });
      await org.mapAccount('acc-denied', subscription({ status: 'Suspended' }));
      const report = await org.check(integration.id);
      const check = byName(report, 'subscriptions');
      expect(check.status, check.message).toBe('PASS');
      expect(check.details.subscriptions.map((s: { account: string }) => s.account)).toEqual(['acc-1']);

      // With enforceExternalMappingsForConfig, the unlinked one no longer counts.
      const enforced = await org.integration(
        { configData: { marketplaceBillDimension: 'usage', enforceExternalMappingsForConfig: true } },
        credentialId,
      );
      const mappings = byName(await org.check(enforced.id), 'accountMappings');
      expect(mappings).toMatchObject({ status: 'FAIL' });
      expect(mappings.message).toContain('enforceExternalMappingsForConfig is on');
    });
  });

  describe('plan dimensions and prices', () => {
    it('fails when a mapped dimension is missing from the plan, naming it and its mapping', async () => {
      const org = await newOrg();
      const credentialId = await org.credential();
      const sub = subscription({ dimensions: [{ id: 'emails', pricePerUnit: '0.01' }] });
      const integration = await org.integration(
        { configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT', excludedProductIds: ['prod-old'] } },
        credentialId,
      );
      await org.mapAccount('acc-1', sub);
      await org.mapDimension('Product', 'prod-email', 'emails');
      await org.mapDimension('Product', 'prod-sms', 'texts', { integrationConfigId: integration.id });
      // Excluded products are never reported, so their dimension does not matter.
      await org.mapDimension('Product', 'prod-old', 'legacy');
      const report = await org.check(integration.id);
      expect(byName(report, 'dimensionMappings')).toMatchObject({
        status: 'PASS',
        details: { dimensions: [{ dimension: 'emails' }, { dimension: 'texts' }] },
      });
      const check = byName(report, 'planDimensions');
      expect(check).toMatchObject({ ok: false, status: 'FAIL' });
      expect(check.message).toContain('plan gold');
      expect(check.message).toContain('has no dimension texts (from Product prod-sms)');
      expect(check.message).toContain('InvalidDimension');
      expect(check.message).not.toContain('legacy');
      expect(check.details.plans[0]).toMatchObject({ planId: 'gold', missing: ['texts'] });
      // The dimension that exists is priced right.
      expect(byName(report, 'dimensionPrices').status).toBe('PASS');
    });

    it('passes for aggregation mappings whose dimensions all exist', async () => {
      const org = await newOrg();
      const credentialId = await org.credential();
      const sub = subscription({
        dimensions: [
          { id: 'api-calls', pricePerUnit: '0.01' },
          { id: 'storage', pricePerUnit: '0.01' },
        ],
      });
      const integration = await org.integration(
        { configData: { splitUsageLineItems: 'ITEM_PER_AGGREGATION' } },
        credentialId,
      );
      await org.mapAccount('acc-1', sub);
      await org.mapDimension('Aggregation', 'agg-1', 'api-calls');
      await org.mapDimension('CompoundAggregation', 'cagg-1', 'storage');
      await org.mapDimension('Product', 'prod-1', 'not-used-in-this-mode');
      const report = await org.check(integration.id);
      expect(byName(report, 'planDimensions')).toMatchObject({ status: 'PASS' });
      expect(byName(report, 'planDimensions').message).toContain('api-calls, storage');
      expect(byName(report, 'dimensionPrices')).toMatchObject({ status: 'PASS' });
    });

    it('fails for a wrongly priced dimension, saying by how much customers would be mis-billed', async () => {
      const { org, integration } = await readyScenario({
        dimensions: [{ id: 'usage', pricePerUnit: '0.02', currency: 'USD' }],
      });
      const report = await org.check(integration.id);
      const check = byName(report, 'dimensionPrices');
      expect(check).toMatchObject({ ok: false, status: 'FAIL' });
      expect(check.message).toContain('dimension usage of plan gold');
      expect(check.message).toContain('is priced 0.02 USD per unit');
      expect(check.message).toContain('unitPrice 0.01 USD');
      expect(check.message).toContain('2×');
      expect(byName(report, 'planDimensions').status).toBe('PASS');
      expect(report.ok).toBe(false);
    });

    it('fails for a dimension priced in another currency', async () => {
      const { org, integration } = await readyScenario({
        dimensions: [{ id: 'usage', pricePerUnit: '0.01', currency: 'EUR' }],
      });
      const check = byName(await org.check(integration.id), 'dimensionPrices');
      expect(check.status).toBe('FAIL');
      expect(check.message).toContain("is priced in EUR, but the integration's currency is USD");
    });

    it("passes for the integration's own unitPrice and currency", async () => {
      const { org, integration } = await readyScenario({
        dimensions: [{ id: 'usage', pricePerUnit: '0.0050', currency: 'EUR' }],
        configData: { unitPrice: '0.005', currency: 'eur' },
      });
      const check = byName(await org.check(integration.id), 'dimensionPrices');
      expect(check.status, check.message).toBe('PASS');
      expect(check.message).toContain('0.005 EUR');
    });

    it('fails for a dimension with units included in the base price', async () => {
      const { org, integration } = await readyScenario({
        dimensions: [{ id: 'usage', pricePerUnit: '0.01', includedQuantity: '1000' }],
      });
      const check = byName(await org.check(integration.id), 'dimensionPrices');
      expect(check.status).toBe('FAIL');
      expect(check.message).toContain('includes 1000 units');
    });
  });

  describe('accounts', () => {
    it('fails for allowed accounts without an Account mapping, and passes once mapped', async () => {
      const org = await newOrg();
      const credentialId = await org.credential();
      const sub = subscription();
      const integration = await org.integration(
        { accountIds: ['acc-1', 'acc-2', 'acc-3'], restrictedAccountIds: ['acc-3'] },
        credentialId,
      );
      await org.mapAccount('acc-1', sub);
      const check = byName(await org.check(integration.id), 'allowedAccounts');
      expect(check).toMatchObject({ ok: false, status: 'FAIL', details: { withoutMapping: ['acc-2'] } });
      expect(check.message).toContain(
        '1 account this integration may bill has no Account → Subscription mapping',
      );
      expect(check.message).toContain('acc-2');
      expect(check.message).not.toContain('acc-3');

      await org.mapAccount('acc-2', sub);
      expect(byName(await org.check(integration.id), 'allowedAccounts')).toMatchObject({ status: 'PASS' });
    });

    it('with an empty allow list, checks the known accounts (by code when so configured)', async () => {
      const org = await newOrg();
      const credentialId = await org.credential();
      const sub = subscription();
      await org.account('acc-1');
      await org.account('acc-2');
      const integration = await org.integration(
        { configData: { marketplaceBillDimension: 'usage', useExternalMappingAccountCode: true } },
        credentialId,
      );
      await org.mapAccount('code-acc-1', sub);
      const check = byName(await org.check(integration.id), 'allowedAccounts');
      expect(check).toMatchObject({
        status: 'FAIL',
        details: { source: 'knownAccounts', withoutMapping: ['acc-2'] },
      });
      expect(check.message).toContain('by account code');
    });

    it('fails for an account filter no known account satisfies', async () => {
      const { org, integration } = await readyScenario({
        configData: { accountFilter: 'address.country == US' },
      });
      const report = await org.check(integration.id);
      const check = byName(report, 'accountFilter');
      expect(check).toMatchObject({ ok: false, status: 'FAIL', details: { knownAccounts: 1, matching: 0 } });
      expect(check.message).toContain('"address.country == US" matches none of the 1 known account');
      expect(check.message).toContain('SKIPPED / ACCOUNT_FILTER');
      expect(report.ok).toBe(false);
    });
  });

  it('writes nothing to the database', async () => {
    const { org, integration } = await readyScenario({
      dimensions: [{ id: 'usage', pricePerUnit: '0.02' }],
    });
    const { db } = hub.runtime.services;
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
    const counts = async () => {
      const out: Record<string, number> = {};
      for (const { table_name } of tables.rows) {
        const row = await sql<{
          n: string;
        }>`select count(*)::text as n from ${sql.table(table_name)}`.execute(db);
        out[table_name] = Number(row.rows[0]!.n);
      }
      return out;
    };
    const readIntegration = async () =>
      db.selectFrom('integrations').selectAll().where('id', '=', integration.id).executeTakeFirstOrThrow();
    const before = await counts();
    const rowBefore = await readIntegration();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['integrations', 'external_mappings', 'events']),
    );
    await org.check(integration.id);
    expect(await counts()).toEqual(before);
    expect(await readIntegration()).toEqual(rowBefore);
  });

  it('caches what Azure said: a second check within the cache time calls nothing', async () => {
    const { org, integration } = await readyScenario();
    const first = await org.check(integration.id);
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const stats = emulator.stats();
    const second = await org.check(integration.id);
    expect(emulator.stats()).toEqual(stats);
    expect(second.checks).toEqual(first.checks);

    // Past the cache time, Azure is asked again.
    const services = hub.runtime.services;
    const realNow = services.now;
    services.now = () => new Date(realNow().getTime() + 31_000);
    try {
      await org.check(integration.id);
    } finally {
      services.now = realNow;
    }
    const after = emulator.stats();
    expect(after.tokenRequests.issued).toBeGreaterThan(stats.tokenRequests.issued);
    expect(after.routes).not.toEqual(stats.routes);
  });

  it('answers 404 for unknown, malformed and other-org ids, 401 without a key', async () => {
    const org = await newOrg();
    const other = await newOrg();
    const integration = await org.integration();
    for (const [id, caller] of [
      [integration.id, other],
      [randomUUID(), org],
      ['not-a-uuid', org],
    ] as const) {
      const res = await caller.call('POST', `/v1/integrations/${id}/check`);
      expect(res.statusCode, id).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const anonymous = await hub.call({
      method: 'POST',
      url: `/v1/integrations/${integration.id}/check`,
      key: null,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('is described in the OpenAPI document', async () => {
    const docs = (await hub.call({ method: 'GET', url: '/docs/json', key: null })).json();
    const check = docs.paths['/v1/integrations/{id}/check'].post;
    expect(check.tags).toEqual(['integrations']);
    const schema = check.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['ok', 'checks']));
  });
});
