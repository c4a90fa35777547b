import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, readAllPages, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let otherKey: string;

const paths = (res: { json(): { error: { details?: { path: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.path).sort();

const accountMapping = (overrides: Record<string, unknown> = {}) => ({
  m3terEntity: 'Account',
  m3terId: 'acc-1',
  externalSystem: 'AzureMarketplace',
  externalTable: 'Subscription',
  externalId: randomUUID(),
  ...overrides,
});

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

async function createIntegration(key?: string) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/integrations',
    key,
    payload: {
      name: 'azure',
      destination: 'AZURE_MARKETPLACE',
      configData: { marketplaceBillDimension: 'd' },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function createMapping(payload: Record<string, unknown>, key?: string) {
  const res = await hub.call({ method: 'POST', url: '/v1/external-mappings', payload, key });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string } & Record<string, unknown>;
}

describe('POST /v1/external-mappings', () => {
  it('an Azure subscription id must be a GUID: anything else is a 400 naming externalId', async () => {
    for (const externalId of [
      'sub-1',
      '{8d3c2f8e-0000-4000-8000-000000000001}',
      '8d3c2f8e000040008000000000000001',
    ]) {
      const res = await hub.call({
        method: 'POST',
        url: '/v1/external-mappings',
        payload: accountMapping({ m3terId: 'acc-guid', externalId }),
      });
      expect(res.statusCode, externalId).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(paths(res)).toEqual(['externalId']);
    }
  });

  it('stores a subscription id lower-cased; two that differ only in case are the same mapping (409)', async () => {
    const upper = randomUUID().toUpperCase();
    const created = await createMapping(accountMapping({ m3terId: 'acc-case', externalId: upper }));
    expect(created.externalId).toBe(upper.toLowerCase());
    const again = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: accountMapping({ m3terId: 'acc-case', externalId: upper.toLowerCase() }),
    });
    expect(again.statusCode).toBe(409);
    // Dimension ids are the destination's names, kept as given.
    const dimension = await createMapping({
      m3terEntity: 'Product',
      m3terId: 'p-case',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Dimension',
      externalId: 'Dim-Mixed',
    });
    expect(dimension.externalId).toBe('Dim-Mixed');
  });

  it('creates unlinked and linked mappings', async () => {
    const subscription = randomUUID();
    const res = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: accountMapping({
        m3terId: 'acc-create',
        externalId: subscription,
        metadata: { planId: 'gold' },
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      m3terEntity: 'Account',
      m3terId: 'acc-create',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Subscription',
      externalId: subscription,
      integrationConfigId: null,
      metadata: { planId: 'gold' },
      dtCreated: expect.stringMatching(/Z$/),
    });
    const integrationId = await createIntegration();
    const linked = await createMapping({
      m3terEntity: 'Product',
      m3terId: 'prod-1',
      externalSystem: 'AzureMarketplace',
      externalTable: 'Dimension',
      externalId: 'emails',
      integrationConfigId: integrationId,
    });
    expect(linked).toMatchObject({ integrationConfigId: integrationId, metadata: null });
  });

  it('a duplicate key → 409; the same key linked to an integration is another key', async () => {
    const body = accountMapping({ m3terId: 'acc-dup' });
    await createMapping(body);
    const dup = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: { ...body, externalId: randomUUID() },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('acc-dup') });

    const integrationId = await createIntegration();
    await createMapping({ ...body, integrationConfigId: integrationId });
    const linkedDup = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: { ...body, integrationConfigId: integrationId },
    });
    expect(linkedDup.statusCode).toBe(409);

    // Keys are per organization.
    const elsewhere = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: body,
      key: otherKey,
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('names each bad field', async () => {
    const res = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: { m3terEntity: 'Customer', m3terId: '', externalSystem: 'AzureMarketplace', externalId: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual(['externalId', 'externalTable', 'm3terEntity', 'm3terId']);
    const metadata = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: accountMapping({ metadata: 'gold' }),
    });
    expect(paths(metadata)).toEqual(['metadata']);
  });

  it('refuses a system or table the destinations do not read (400)', async () => {
    const system = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: accountMapping({ externalSystem: 'Azure' }),
    });
    expect(system.statusCode).toBe(400);
    expect(system.json().error.details).toEqual([
      { path: 'externalSystem', message: expect.stringContaining('AzureMarketplace') },
    ]);
    const table = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: accountMapping({ externalTable: 'Dimension' }),
    });
    expect(table.statusCode).toBe(400);
    expect(table.json().error.details).toEqual([
      { path: 'externalTable', message: expect.stringContaining('Subscription') },
    ]);
    const product = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: accountMapping({ m3terEntity: 'Aggregation' }),
    });
    expect(paths(product)).toEqual(['externalTable']);
  });

  it('an integrationConfigId of another org, unknown or malformed → 404 naming it', async () => {
    const foreignIntegration = await createIntegration(otherKey);
    for (const integrationConfigId of [foreignIntegration, randomUUID(), 'not-a-uuid']) {
      const res = await hub.call({
        method: 'POST',
        url: '/v1/external-mappings',
        payload: accountMapping({ integrationConfigId }),
      });
      expect(res.statusCode, integrationConfigId).toBe(404);
      expect(res.json().error).toMatchObject({
        code: 'NOT_FOUND',
        details: [{ path: 'integrationConfigId', message: expect.any(String) }],
      });
    }
    // A deleted integration is gone too.
    const deleted = await createIntegration();
    await hub.call({ method: 'DELETE', url: `/v1/integrations/${deleted}` });
    const res = await hub.call({
      method: 'POST',
      url: '/v1/external-mappings',
      payload: accountMapping({ integrationConfigId: deleted }),
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('GET and DELETE /v1/external-mappings/{id}', () => {
  it('reads, deletes (204) and then 404s; other orgs and malformed ids get 404', async () => {
    const created = await createMapping(accountMapping({ m3terId: 'acc-read' }));
    const read = await hub.call({ method: 'GET', url: `/v1/external-mappings/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);
    for (const method of ['GET', 'DELETE'] as const) {
      expect(
        (await hub.call({ method, url: `/v1/external-mappings/${created.id}`, key: otherKey })).statusCode,
      ).toBe(404);
      expect((await hub.call({ method, url: '/v1/external-mappings/123' })).statusCode).toBe(404);
      expect((await hub.call({ method, url: `/v1/external-mappings/${randomUUID()}` })).statusCode).toBe(404);
    }
    const del = await hub.call({ method: 'DELETE', url: `/v1/external-mappings/${created.id}` });
    expect(del.statusCode).toBe(204);
    expect((await hub.call({ method: 'GET', url: `/v1/external-mappings/${created.id}` })).statusCode).toBe(
      404,
    );
    expect(
      (await hub.call({ method: 'DELETE', url: `/v1/external-mappings/${created.id}` })).statusCode,
    ).toBe(404);
    // The key is free again.
    await createMapping(accountMapping({ m3terId: 'acc-read' }));
  });
});

describe('GET /v1/external-mappings', () => {
  it('filters by entity, id, system and integration; pages through all once', async () => {
    const org = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: 'paging', name: 'p' },
    });
    const key = org.json().key as string;
    const integrationId = await createIntegration(key);
    const accounts = new Set<string>();
    for (let i = 0; i < 7; i++)
      accounts.add((await createMapping(accountMapping({ m3terId: `a${i}` }), key)).id);
    const product = await createMapping(
      {
        m3terEntity: 'Product',
        m3terId: 'p1',
        externalSystem: 'AzureMarketplace',
        externalTable: 'Dimension',
        externalId: 'dim',
        integrationConfigId: integrationId,
      },
      key,
    );

    const { ids: seen, pages } = await readAllPages(hub, {
      url: '/v1/external-mappings',
      query: { pageSize: '3', m3terEntity: 'Account' },
      key,
    });
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(accounts);

    const list = async (query: Record<string, string>) => {
      const res = await hub.call({ method: 'GET', url: '/v1/external-mappings', query, key });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { id: string }[]).map((m) => m.id);
    };
    expect(await list({ m3terEntity: 'Account', m3terId: 'a3' })).toHaveLength(1);
    expect(await list({ externalSystem: 'AzureMarketplace' })).toHaveLength(8);
    expect(await list({ externalSystem: 'Other' })).toEqual([]);
    expect(await list({ integrationConfigId: integrationId })).toEqual([product.id]);
    expect(await list({ integrationConfigId: 'not-a-uuid' })).toEqual([]);
    expect(await list({})).toHaveLength(8);

    const foreign = await hub.call({ method: 'GET', url: '/v1/external-mappings', key: otherKey });
    const foreignIds = (foreign.json().data as { id: string }[]).map((m) => m.id);
    expect(foreignIds.filter((id) => accounts.has(id))).toEqual([]);

    const bad = await hub.call({
      method: 'GET',
      url: '/v1/external-mappings',
      query: { m3terEntity: 'Customer', pageSize: '0' },
      key,
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(['querystring.m3terEntity', 'querystring.pageSize']);
    const badToken = await hub.call({
      method: 'GET',
      url: '/v1/external-mappings',
      query: { nextToken: 'bm9wZQ' },
      key,
    });
    expect(badToken.statusCode).toBe(400);
  });
});

describe('GET /v1/integrations/{id}/external-mappings', () => {
  it('lists only the mappings linked to that integration; 404 for other orgs and unknown ids', async () => {
    const integrationId = await createIntegration();
    const otherIntegration = await createIntegration();
    const linked = new Set<string>();
    for (let i = 0; i < 3; i++) {
      linked.add(
        (await createMapping(accountMapping({ m3terId: `linked-${i}`, integrationConfigId: integrationId })))
          .id,
      );
    }
    await createMapping(accountMapping({ m3terId: 'linked-0', integrationConfigId: otherIntegration }));
    await createMapping(accountMapping({ m3terId: 'linked-0' }));

    const first = await hub.call({
      method: 'GET',
      url: `/v1/integrations/${integrationId}/external-mappings`,
      query: { pageSize: '2' },
    });
    expect(first.statusCode).toBe(200);
    const second = await hub.call({
      method: 'GET',
      url: `/v1/integrations/${integrationId}/external-mappings`,
      query: { pageSize: '2', nextToken: first.json().nextToken },
    });
    const ids = [...first.json().data, ...second.json().data].map((m: { id: string }) => m.id);
    expect(second.json().nextToken).toBeNull();
    expect(ids).toHaveLength(3);
    expect(new Set(ids)).toEqual(linked);

    for (const [url, key] of [
      [`/v1/integrations/${integrationId}/external-mappings`, otherKey],
      [`/v1/integrations/${randomUUID()}/external-mappings`, undefined],
      ['/v1/integrations/abc/external-mappings', undefined],
    ] as const) {
      const res = await hub.call({ method: 'GET', url, key });
      expect(res.statusCode, url).toBe(404);
    }
  });
});

describe('auth and docs', () => {
  it('every mapping route needs a key (401)', async () => {
    const id = randomUUID();
    for (const [method, url] of [
      ['POST', '/v1/external-mappings'],
      ['GET', '/v1/external-mappings'],
      ['GET', `/v1/external-mappings/${id}`],
      ['DELETE', `/v1/external-mappings/${id}`],
      ['GET', `/v1/integrations/${id}/external-mappings`],
    ] as const) {
      const res = await hub.call({ method, url, key: null });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('describes the routes in the OpenAPI document', async () => {
    const docs = (await hub.call({ method: 'GET', url: '/docs/json', key: null })).json();
    expect(docs.paths['/v1/external-mappings'].post.tags).toEqual(['external mappings']);
    expect(docs.paths['/v1/external-mappings'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['m3terEntity', 'm3terId', 'externalSystem', 'integrationConfigId', 'pageSize']),
    );
    expect(docs.paths['/v1/external-mappings/{id}'].delete).toBeDefined();
    expect(docs.paths['/v1/integrations/{id}/external-mappings'].get).toBeDefined();
  });
});
