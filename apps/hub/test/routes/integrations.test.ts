import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, readAllPages, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;

const paths = (res: { json(): { error: { details?: { path: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.path).sort();

const integrationBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Azure prod',
  destination: 'AZURE_MARKETPLACE',
  entityType: 'Bill',
  configData: { marketplaceBillDimension: 'usage' },
  ...overrides,
});

const credentialSecret = 'integration-test-client-secret-0123456789';

beforeAll(async () => {
  hub = await createTestHub();
  const other = await hub.call({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { orgId: 'other-org', name: 'o' },
  });
  otherKey = other.json().key;
});
afterAll(async () => hub?.close());

async function createIntegration(overrides: Record<string, unknown> = {}, key?: string) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/integrations',
    payload: integrationBody(overrides),
    key,
  });
  expect(res.statusCode, res.body).toBe(201);
  // `warnings` belong to the save's answer only; reads return the integration itself.
  const { warnings: _warnings, ...integration } = res.json();
  return integration as { id: string; version: number } & Record<string, unknown>;
}

async function createCredential(key?: string) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/integration-credentials',
    key,
    payload: {
      name: 'azure',
      destination: 'AZURE_MARKETPLACE',
      tenantId: randomUUID(),
      clientId: randomUUID(),
      clientSecret: credentialSecret,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function postInvalid(payload: unknown) {
  const res = await hub.call({ method: 'POST', url: '/v1/integrations', payload: payload as object });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.code).toBe('VALIDATION_FAILED');
  return res;
}

describe('POST /v1/integrations', () => {
  it('creates an integration, not connected, with every configData default filled in', async () => {
    const res = await hub.call({ method: 'POST', url: '/v1/integrations', payload: integrationBody() });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      version: 1,
      name: 'Azure prod',
      destination: 'AZURE_MARKETPLACE',
      entityType: 'Bill',
      enabled: true,
      status: 'NOT_CONNECTED',
      credentialId: null,
      disabledReason: null,
      accountIds: [],
      restrictedAccountIds: [],
      disabledNotificationEmails: [],
      configData: {
        sendBillOnApprovalOnly: false,
        useExternalMappingAccountCode: false,
        excludedLineItemTypes: [],
        accountFilter: null,
        enforceExternalMappingsForConfig: false,
        excludedProductIds: [],
        excludedAggregationIds: [],
        splitUsageLineItems: 'ITEM_PER_BILL',
        marketplaceBillDimension: 'usage',
        unitPrice: '0.01',
        currency: 'USD',
        quantityDecimalPlaces: 0,
        overReportPolicy: 'CARRY_FORWARD',
      },
      consecutiveAuthFailures: 0,
      consecutiveErrors: 0,
      dtCreated: expect.stringMatching(/Z$/),
      dtLastModified: expect.stringMatching(/Z$/),
      warnings: expect.any(Array),
    });
  });

  it('keeps given values, decimals exact, and the documented filter examples verbatim', async () => {
    const created = await createIntegration({
      enabled: false,
      accountIds: ['a1', 'a2'],
      restrictedAccountIds: ['a2'],
      disabledNotificationEmails: ['ops@example.com'],
      configData: {
        splitUsageLineItems: 'ITEM_PER_PRODUCT',
        sendBillOnApprovalOnly: true,
        excludedLineItemTypes: ['MINIMUM_SPEND', 'CREDIT_MEMO'],
        accountFilter: 'customFields != null AND customFields.country = = UK',
        unitPrice: '0.0125',
        currency: 'eur',
        quantityDecimalPlaces: 2,
        overReportPolicy: 'RECORD_ONLY',
      },
    });
    expect(created).toMatchObject({
      enabled: false,
      accountIds: ['a1', 'a2'],
      restrictedAccountIds: ['a2'],
      disabledNotificationEmails: ['ops@example.com'],
      configData: {
        splitUsageLineItems: 'ITEM_PER_PRODUCT',
        marketplaceBillDimension: null,
        excludedLineItemTypes: ['MINIMUM_SPEND', 'CREDIT_MEMO'],
        accountFilter: 'customFields != null AND customFields.country = = UK',
        unitPrice: '0.0125',
        currency: 'EUR',
        quantityDecimalPlaces: 2,
        overReportPolicy: 'RECORD_ONLY',
      },
    });
    // The JSON number is read losslessly (sent as raw JSON text).
    const raw = await hub.call({
      method: 'POST',
      url: '/v1/integrations',
      headers: { 'content-type': 'application/json' },
      payload:
        '{"name":"x","destination":"AZURE_MARKETPLACE","configData":{"marketplaceBillDimension":"d","unitPrice":0.0100000000000000000001,"accountFilter":"address.country == US"}}',
    });
    expect(raw.statusCode).toBe(201);
    expect(raw.json().configData).toMatchObject({
      unitPrice: '0.0100000000000000000001',
      accountFilter: 'address.country == US',
    });
  });

  it('ITEM_PER_BILL without marketplaceBillDimension → 400 naming configData.marketplaceBillDimension', async () => {
    const res = await postInvalid(integrationBody({ configData: {} }));
    expect(res.json().error.details).toEqual([
      { path: 'configData.marketplaceBillDimension', message: expect.stringContaining('ITEM_PER_BILL') },
    ]);
  });

  it('a bad accountFilter → 400 naming configData.accountFilter with the position', async () => {
    const res = await postInvalid(
      integrationBody({
        configData: { marketplaceBillDimension: 'd', accountFilter: 'address.country = US' },
      }),
    );
    expect(res.json().error.details).toEqual([
      { path: 'configData.accountFilter', message: expect.stringMatching(/position \d+/) },
    ]);
    const proto = await postInvalid(
      integrationBody({
        configData: { marketplaceBillDimension: 'd', accountFilter: 'constructor.name == x' },
      }),
    );
    expect(paths(proto)).toEqual(['configData.accountFilter']);
  });

  it('an unknown line item type → 400 naming its index', async () => {
    const res = await postInvalid(
      integrationBody({
        configData: { marketplaceBillDimension: 'd', excludedLineItemTypes: ['USAGE', 'NOT_A_TYPE'] },
      }),
    );
    expect(res.json().error.details).toEqual([
      { path: 'configData.excludedLineItemTypes.1', message: expect.stringContaining('NOT_A_TYPE') },
    ]);
  });

  it('an unknown destination → 400 naming destination', async () => {
    const res = await postInvalid(integrationBody({ destination: 'GOOGLE_CLOUD_MARKETPLACE' }));
    expect(res.json().error.details).toEqual([
      { path: 'destination', message: expect.stringContaining('AZURE_MARKETPLACE') },
    ]);
  });

  it("the adapter's validateConfig issues come back under configData", async () => {
    const res = await postInvalid(
      integrationBody({ configData: { marketplaceBillDimension: 'Emails sent' } }),
    );
    expect(res.json().error.details).toEqual([
      { path: 'configData.marketplaceBillDimension', message: expect.stringContaining('dimension id') },
    ]);
  });

  it('reports every bad field of core and the adapter in one 400', async () => {
    const res = await postInvalid({
      name: '',
      destination: 'AZURE_MARKETPLACE',
      entityType: 'Invoice',
      disabledNotificationEmails: ['not-an-email'],
      configData: {
        splitUsageLineItems: 'ITEM_PER_SOMETHING',
        unitPrice: '-1',
        quantityDecimalPlaces: 7,
        currency: 'dollars',
        surprise: true,
      },
    });
    expect(paths(res)).toEqual(
      expect.arrayContaining([
        'name',
        'entityType',
        'disabledNotificationEmails.0',
        'configData.splitUsageLineItems',
        'configData.unitPrice',
        'configData.quantityDecimalPlaces',
        'configData.currency',
      ]),
    );
    expect(res.json().error.message).toContain('configData.unitPrice');
    expect((await postInvalid({ name: 'x', destination: 'AZURE_MARKETPLACE' })).json().error.details).toEqual(
      [{ path: 'configData', message: expect.any(String) }],
    );
  });
});

describe('GET /v1/integrations', () => {
  it('reads by id; unknown, malformed and other-org ids answer 404', async () => {
    const created = await createIntegration({ name: 'readable' });
    const read = await hub.call({ method: 'GET', url: `/v1/integrations/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ ...created, lastRun: null });
    for (const [url, key] of [
      [`/v1/integrations/${created.id}`, otherKey],
      [`/v1/integrations/${randomUUID()}`, undefined],
      ['/v1/integrations/42', undefined],
    ] as const) {
      const res = await hub.call({ method: 'GET', url, key });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });

  it('pages through every integration once; filters by destination', async () => {
    const org = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: 'paging', name: 'p' },
    });
    const key = org.json().key as string;
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await createIntegration({ name: `i${i}` }, key)).id);

    const { ids: seen, pages } = await readAllPages(hub, {
      url: '/v1/integrations',
      query: { pageSize: '2', destination: 'AZURE_MARKETPLACE' },
      key,
    });
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(ids);

    const none = await hub.call({
      method: 'GET',
      url: '/v1/integrations',
      query: { destination: 'NOPE' },
      key,
    });
    expect(none.json()).toEqual({ data: [], nextToken: null });
    const foreign = await hub.call({ method: 'GET', url: '/v1/integrations', key: otherKey });
    expect(foreign.json().data.filter((i: { id: string }) => ids.has(i.id))).toEqual([]);

    const bad = await hub.call({ method: 'GET', url: '/v1/integrations', query: { pageSize: '500' }, key });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['querystring.pageSize']);
  });
});

describe('PUT /v1/integrations/{id}', () => {
  it('replaces the body when the version matches, bumping it; a stale version → 409', async () => {
    const created = await createIntegration();
    const put = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${created.id}`,
      payload: integrationBody({
        version: 1,
        name: 'renamed',
        accountIds: ['acc-1'],
        configData: { splitUsageLineItems: 'ITEM_PER_AGGREGATION', quantityDecimalPlaces: 3 },
      }),
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      id: created.id,
      version: 2,
      name: 'renamed',
      accountIds: ['acc-1'],
      configData: {
        splitUsageLineItems: 'ITEM_PER_AGGREGATION',
        quantityDecimalPlaces: 3,
        unitPrice: '0.01',
      },
    });
    expect(put.json().dtCreated).toBe(created.dtCreated);

    const stale = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${created.id}`,
      payload: integrationBody({ version: 1, name: 'lost update' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('version'),
    });
    const read = await hub.call({ method: 'GET', url: `/v1/integrations/${created.id}` });
    expect(read.json()).toMatchObject({ name: 'renamed', version: 2 });
  });

  it('needs the version (400) and validates the body like POST', async () => {
    const created = await createIntegration();
    const missing = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${created.id}`,
      payload: integrationBody(),
    });
    expect(missing.statusCode).toBe(400);
    expect(paths(missing)).toEqual(['version']);
    const bad = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${created.id}`,
      payload: integrationBody({ version: 1, configData: { marketplaceBillDimension: 'has spaces' } }),
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['configData.marketplaceBillDimension']);
    const noDimension = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${created.id}`,
      payload: integrationBody({ version: 1, configData: {} }),
    });
    expect(paths(noDimension)).toEqual(['configData.marketplaceBillDimension']);
  });

  it('keeps enabled when omitted; 404 for another org or an unknown id', async () => {
    const created = await createIntegration({ enabled: false });
    const put = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${created.id}`,
      payload: { ...integrationBody({ version: 1 }), enabled: undefined },
    });
    expect(put.json()).toMatchObject({ enabled: false, version: 2 });
    for (const [url, key] of [
      [`/v1/integrations/${created.id}`, otherKey],
      [`/v1/integrations/${randomUUID()}`, undefined],
      ['/v1/integrations/not-a-uuid', undefined],
    ] as const) {
      const res = await hub.call({ method: 'PUT', url, key, payload: integrationBody({ version: 2 }) });
      expect(res.statusCode, url).toBe(404);
    }
  });
});

describe('DELETE /v1/integrations/{id}', () => {
  it('deletes (204); it is gone from reads and lists; again → 404; other org → 404', async () => {
    const created = await createIntegration({ name: 'doomed' });
    expect(
      (await hub.call({ method: 'DELETE', url: `/v1/integrations/${created.id}`, key: otherKey })).statusCode,
    ).toBe(404);
    const res = await hub.call({ method: 'DELETE', url: `/v1/integrations/${created.id}` });
    expect(res.statusCode).toBe(204);
    expect((await hub.call({ method: 'GET', url: `/v1/integrations/${created.id}` })).statusCode).toBe(404);
    const list = await hub.call({ method: 'GET', url: '/v1/integrations', query: { pageSize: '200' } });
    expect(list.json().data.map((i: { id: string }) => i.id)).not.toContain(created.id);
    expect((await hub.call({ method: 'DELETE', url: `/v1/integrations/${created.id}` })).statusCode).toBe(
      404,
    );
    expect((await hub.call({ method: 'DELETE', url: '/v1/integrations/xyz' })).statusCode).toBe(404);
  });
});

/** Submission jobs the service queued for this integration's work (one per activation). */
async function activations(credentialId: string | null = null): Promise<number> {
  const rows = await hub.runtime.services.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'usage.submit.v1')
    .execute();
  return rows.filter((row) => {
    const payload = row.payload as { credentialId?: string; trigger?: string };
    return (
      payload.trigger?.startsWith('activate-') &&
      (credentialId === null || payload.credentialId === credentialId)
    );
  }).length;
}

describe('credential connection', () => {
  it('connects, changes and disconnects; status follows; connects queue the parked work', async () => {
    const before = await activations();
    const integration = await createIntegration();
    const first = await createCredential();
    const second = await createCredential();

    const connect = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${integration.id}/credential`,
      payload: { credentialId: first },
    });
    expect(connect.statusCode).toBe(200);
    expect(connect.json()).toMatchObject({ status: 'CONNECTED', credentialId: first, version: 2 });
    expect(connect.body).not.toContain(credentialSecret);
    expect(await activations(first)).toBe(1);

    const change = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${integration.id}/credential`,
      payload: { credentialId: second },
    });
    expect(change.json()).toMatchObject({ status: 'CONNECTED', credentialId: second, version: 3 });
    expect((await activations()) - before).toBe(2);

    const disconnect = await hub.call({
      method: 'DELETE',
      url: `/v1/integrations/${integration.id}/credential`,
    });
    expect(disconnect.statusCode).toBe(200);
    expect(disconnect.json()).toMatchObject({ status: 'NOT_CONNECTED', credentialId: null, version: 4 });
    const again = await hub.call({ method: 'DELETE', url: `/v1/integrations/${integration.id}/credential` });
    expect(again.json()).toMatchObject({ status: 'NOT_CONNECTED', version: 4 });
    expect((await activations()) - before).toBe(2);
  });

  it("another org's credential, an unknown one or a malformed id → 404 naming credentialId", async () => {
    const integration = await createIntegration();
    const foreignCredential = await createCredential(otherKey);
    for (const credentialId of [foreignCredential, randomUUID(), 'not-a-uuid']) {
      const res = await hub.call({
        method: 'PUT',
        url: `/v1/integrations/${integration.id}/credential`,
        payload: { credentialId },
      });
      expect(res.statusCode, credentialId).toBe(404);
      expect(res.json().error.details).toEqual([{ path: 'credentialId', message: expect.any(String) }]);
    }
    const empty = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${integration.id}/credential`,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(paths(empty)).toEqual(['credentialId']);
    const read = await hub.call({ method: 'GET', url: `/v1/integrations/${integration.id}` });
    expect(read.json()).toMatchObject({ status: 'NOT_CONNECTED', version: 1 });
  });

  it("another org's integration → 404 for connect and disconnect", async () => {
    const integration = await createIntegration();
    const credential = await createCredential(otherKey);
    const connect = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${integration.id}/credential`,
      key: otherKey,
      payload: { credentialId: credential },
    });
    expect(connect.statusCode).toBe(404);
    const disconnect = await hub.call({
      method: 'DELETE',
      url: `/v1/integrations/${integration.id}/credential`,
      key: otherKey,
    });
    expect(disconnect.statusCode).toBe(404);
  });

  it('a credential of another destination → 400 naming credentialId', async () => {
    const integration = await createIntegration();
    const id = randomUUID();
    await hub.runtime.services.db
      .insertInto('integration_credentials')
      .values({
        id,
        org_id: 'default',
        name: 'aws',
        destination: 'AWS_MARKETPLACE',
        public_data: '{}',
        secret_ciphertext: 'x',
        dt_last_modified: new Date(),
      })
      .execute();
    const res = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${integration.id}/credential`,
      payload: { credentialId: id },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['credentialId']);
  });
});

describe('enable and disable', () => {
  it('disable takes an optional reason; enable clears it and resets the failure counters', async () => {
    const before = await activations();
    const integration = await createIntegration();

    const disabled = await hub.call({ method: 'POST', url: `/v1/integrations/${integration.id}/disable` });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ enabled: false, disabledReason: null, version: 2 });
    const withReason = await hub.call({
      method: 'POST',
      url: `/v1/integrations/${integration.id}/disable`,
      payload: { reason: 'maintenance' },
    });
    expect(withReason.json()).toMatchObject({ enabled: false, disabledReason: 'maintenance', version: 3 });
    expect((await activations()) - before).toBe(0);

    // As the worker leaves it after auto-disabling.
    await hub.runtime.services.db
      .updateTable('integrations')
      .set({ consecutive_auth_failures: 3, consecutive_errors: 2, disabled_reason: 'auth failed 3 times' })
      .where('id', '=', integration.id)
      .execute();
    const enabled = await hub.call({ method: 'POST', url: `/v1/integrations/${integration.id}/enable` });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({
      enabled: true,
      disabledReason: null,
      consecutiveAuthFailures: 0,
      consecutiveErrors: 0,
      version: 4,
    });
    // Not connected: there is nothing to send yet, so nothing is queued (the e2e tests cover replay).
    expect((await activations()) - before).toBe(0);

    const again = await hub.call({ method: 'POST', url: `/v1/integrations/${integration.id}/enable` });
    expect(again.json()).toMatchObject({ enabled: true, version: 4 });

    const badReason = await hub.call({
      method: 'POST',
      url: `/v1/integrations/${integration.id}/disable`,
      payload: { reason: '' },
    });
    expect(badReason.statusCode).toBe(400);
    expect(paths(badReason)).toEqual(['reason']);
  });

  it('re-enabling through PUT also clears the reason and counters', async () => {
    const integration = await createIntegration({ enabled: false });
    await hub.runtime.services.db
      .updateTable('integrations')
      .set({ consecutive_errors: 20, disabled_reason: '20 errors' })
      .where('id', '=', integration.id)
      .execute();
    const put = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${integration.id}`,
      payload: integrationBody({ version: 1, enabled: true }),
    });
    expect(put.json()).toMatchObject({ enabled: true, disabledReason: null, consecutiveErrors: 0 });
  });

  it("another org's or an unknown integration → 404", async () => {
    const integration = await createIntegration();
    for (const action of ['enable', 'disable']) {
      const foreign = await hub.call({
        method: 'POST',
        url: `/v1/integrations/${integration.id}/${action}`,
        key: otherKey,
      });
      expect(foreign.statusCode).toBe(404);
      const unknown = await hub.call({ method: 'POST', url: `/v1/integrations/${randomUUID()}/${action}` });
      expect(unknown.statusCode).toBe(404);
    }
  });
});

describe('auth and docs', () => {
  it('every integration route needs a key (401)', async () => {
    const id = randomUUID();
    for (const [method, url] of [
      ['POST', '/v1/integrations'],
      ['GET', '/v1/integrations'],
      ['GET', `/v1/integrations/${id}`],
      ['PUT', `/v1/integrations/${id}`],
      ['DELETE', `/v1/integrations/${id}`],
      ['PUT', `/v1/integrations/${id}/credential`],
      ['DELETE', `/v1/integrations/${id}/credential`],
      ['POST', `/v1/integrations/${id}/enable`],
      ['POST', `/v1/integrations/${id}/disable`],
    ] as const) {
      const res = await hub.call({ method, url, key: null });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('describes the routes and the response in the OpenAPI document', async () => {
    const docs = (await hub.call({ method: 'GET', url: '/docs/json', key: null })).json();
    const create = docs.paths['/v1/integrations'].post;
    expect(create.tags).toEqual(['integrations']);
    expect(create.requestBody.content['application/json'].schema.properties.configData).toBeDefined();
    expect(create.responses['201'].content['application/json'].schema.properties.status).toBeDefined();
    for (const path of [
      '/v1/integrations/{id}',
      '/v1/integrations/{id}/credential',
      '/v1/integrations/{id}/enable',
      '/v1/integrations/{id}/disable',
    ]) {
      expect(docs.paths[path], path).toBeDefined();
    }
  });
});

describe('warnings on save', () => {
  /** A fresh organization, so its accounts and mappings are only this test's. */
  async function org() {
    const res = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: `warn-${randomUUID()}`, name: 'w' },
    });
    return res.json().key as string;
  }
  const names = (res: { json(): { warnings: { name: string }[] } }) => res.json().warnings.map((w) => w.name);

  it('lists what is missing without refusing the save', async () => {
    const key = await org();
    await hub.call({ method: 'PUT', url: '/v1/accounts/acc-1', key, payload: { name: 'a', code: 'a' } });
    const res = await hub.call({
      method: 'POST',
      url: '/v1/integrations',
      key,
      payload: integrationBody({
        accountIds: ['acc-1', 'acc-2'],
        configData: { splitUsageLineItems: 'ITEM_PER_PRODUCT', accountFilter: 'address.country == US' },
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings).toEqual([
      { name: 'credential', message: expect.stringContaining('no credential is connected') },
      { name: 'accountMappings', message: expect.stringContaining('MISSING_ACCOUNT_MAPPING') },
      { name: 'dimensionMappings', message: expect.stringContaining('no Product → Dimension mapping') },
      { name: 'allowedAccounts', message: expect.stringContaining('acc-2') },
      { name: 'accountFilter', message: expect.stringContaining('matches none of the 1 known account') },
    ]);
    // Kept as saved.
    const read = await hub.call({ method: 'GET', url: `/v1/integrations/${res.json().id}`, key });
    expect(read.statusCode).toBe(200);
    expect(read.json()).not.toHaveProperty('warnings');
  });

  it('answers no warnings once the prerequisites are in place, and warns again on an update that breaks them', async () => {
    const key = await org();
    await hub.call({ method: 'PUT', url: '/v1/accounts/acc-1', key, payload: { name: 'a', code: 'a' } });
    const created = await hub.call({
      method: 'POST',
      url: '/v1/integrations',
      key,
      payload: integrationBody(),
    });
    const id = created.json().id as string;
    expect(names(created)).toEqual(['credential', 'accountMappings', 'allowedAccounts']);
    const credentialId = await createCredential(key);
    await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${id}/credential`,
      key,
      payload: { credentialId },
    });
    const mapping = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      key,
      payload: {
        m3terEntity: 'Account',
        m3terId: 'acc-1',
        externalSystem: 'AzureMarketplace',
        externalTable: 'Subscription',
        externalId: randomUUID(),
        integrationConfigId: id,
      },
    });
    expect(mapping.statusCode, mapping.body).toBe(201);

    const clean = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${id}`,
      key,
      payload: integrationBody({ version: 2, name: 'renamed' }),
    });
    expect(clean.statusCode, clean.body).toBe(200);
    expect(clean.json()).toMatchObject({ name: 'renamed', version: 3, warnings: [] });

    const broken = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${id}`,
      key,
      payload: integrationBody({
        version: 3,
        configData: { splitUsageLineItems: 'ITEM_PER_AGGREGATION', enforceExternalMappingsForConfig: true },
      }),
    });
    expect(broken.statusCode, broken.body).toBe(200);
    expect(broken.json().version).toBe(4);
    expect(broken.json().warnings).toEqual([
      { name: 'dimensionMappings', message: expect.stringContaining('ITEM_PER_AGGREGATION') },
    ]);
  });

  it('describes warnings in the OpenAPI document', async () => {
    const docs = (await hub.call({ method: 'GET', url: '/docs/json', key: null })).json();
    for (const [path, method, status] of [
      ['/v1/integrations', 'post', '201'],
      ['/v1/integrations/{id}', 'put', '200'],
    ] as const) {
      const schema = docs.paths[path][method].responses[status].content['application/json'].schema;
      expect(schema.properties.warnings, `${method} ${path}`).toBeDefined();
    }
  });
});
