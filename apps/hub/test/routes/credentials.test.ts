import { randomUUID } from 'node:crypto';
import { type Emulator, startEmulator } from '@hub/azure-marketplace-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, readAllPages, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let emulator: Emulator;
let otherKey: string;

const tenantId = randomUUID();
const clientId = randomUUID();
const clientSecret = 'S3cr3t~emulator-secret-value-1234567890';

const body = (overrides: Record<string, unknown> = {}) => ({
  name: 'Azure prod',
  destination: 'AZURE_MARKETPLACE',
  tenantId,
  clientId,
  clientSecret,
  ...overrides,
});

const paths = (res: { json(): { error: { details?: { path: string }[] } } }) =>
  (res.json().error.details ?? []).map((d) => d.path).sort();

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.seedCredential({ tenantId, clientId, clientSecret });
  hub = await createTestHub({
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
  });
  const other = await hub.call({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { orgId: 'other-org', name: 'o' },
  });
  otherKey = other.json().key;
});
afterAll(async () => {
  await hub?.close();
  await emulator?.close();
});

async function create(overrides: Record<string, unknown> = {}, key?: string) {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/integration-credentials',
    payload: body(overrides),
    key,
  });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.body).not.toContain(clientSecret);
  return res.json() as { id: string; name: string };
}

describe('POST /v1/integration-credentials', () => {
  it('stores the credential and answers without the secret; the column holds ciphertext only', async () => {
    const res = await hub.call({ method: 'POST', url: '/v1/integration-credentials', payload: body() });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain(clientSecret);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Azure prod',
      destination: 'AZURE_MARKETPLACE',
      tenantId,
      clientId,
      dtCreated: expect.stringMatching(/Z$/),
      dtLastModified: expect.stringMatching(/Z$/),
    });
    const row = await hub.runtime.services.db
      .selectFrom('integration_credentials')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    expect(row.secret_ciphertext).not.toContain(clientSecret);
    expect(row.secret_ciphertext).not.toContain(Buffer.from(clientSecret).toString('base64'));
    expect(JSON.stringify(row.public_data)).not.toContain(clientSecret);
    expect(row.org_id).toBe('default');
  });

  it('names each bad field: generic ones and the adapter’s in one 400, never echoing the secret', async () => {
    const res = await hub.call({
      method: 'POST',
      url: '/v1/integration-credentials',
      payload: body({ name: '', tenantId: 'not a tenant', clientId: 'nope', clientSecret: '' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(paths(res)).toEqual(['clientId', 'clientSecret', 'name', 'tenantId']);

    const missing = await hub.call({
      method: 'POST',
      url: '/v1/integration-credentials',
      payload: { name: 'x', destination: 'AZURE_MARKETPLACE' },
    });
    expect(missing.statusCode).toBe(400);
    expect(paths(missing)).toEqual(['clientId', 'clientSecret', 'tenantId']);

    const tooLong = 'x'.repeat(1025);
    const long = await hub.call({
      method: 'POST',
      url: '/v1/integration-credentials',
      payload: body({ clientSecret: tooLong }),
    });
    expect(long.statusCode).toBe(400);
    expect(paths(long)).toEqual(['clientSecret']);
    expect(long.body).not.toContain(tooLong);
  });

  it('refuses a destination that is not a registered adapter, naming destination', async () => {
    const res = await hub.call({
      method: 'POST',
      url: '/v1/integration-credentials',
      payload: body({ destination: 'GOOGLE_CLOUD_MARKETPLACE' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'destination', message: expect.stringContaining('AZURE_MARKETPLACE') },
    ]);
    const absent = await hub.call({
      method: 'POST',
      url: '/v1/integration-credentials',
      payload: { name: 'x', tenantId, clientId, clientSecret },
    });
    expect(absent.statusCode).toBe(400);
    expect(paths(absent)).toEqual(['destination']);
    expect(absent.body).not.toContain(clientSecret);
  });

  it('accepts a tenant domain in place of the tenant GUID', async () => {
    const created = await create({ tenantId: 'contoso.onmicrosoft.com' });
    expect(created).toMatchObject({ tenantId: 'contoso.onmicrosoft.com' });
  });
});

describe('GET /v1/integration-credentials', () => {
  it('reads one by id and 404s for unknown, malformed and other-org ids', async () => {
    const created = await create({ name: 'readable' });
    const read = await hub.call({ method: 'GET', url: `/v1/integration-credentials/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: created.id, name: 'readable', tenantId, clientId });
    expect(read.body).not.toContain(clientSecret);
    expect(read.json().clientSecret).toBeUndefined();

    for (const url of [
      `/v1/integration-credentials/${randomUUID()}`,
      '/v1/integration-credentials/not-a-uuid',
      "/v1/integration-credentials/'%3B drop table x",
    ]) {
      const res = await hub.call({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    const foreign = await hub.call({
      method: 'GET',
      url: `/v1/integration-credentials/${created.id}`,
      key: otherKey,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('pages through every credential once, following nextToken to the end', async () => {
    const org = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: 'paging', name: 'p' },
    });
    const key = org.json().key as string;
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await create({ name: `c${i}` }, key)).id);

    const { ids: seen, pages } = await readAllPages(
      hub,
      { url: '/v1/integration-credentials', query: { pageSize: '3' }, key },
      (res, page) => {
        expect(res.body).not.toContain(clientSecret);
        expect(page.length).toBeLessThanOrEqual(3);
      },
    );
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(ids);

    const all = await hub.call({ method: 'GET', url: '/v1/integration-credentials', key });
    expect(all.json().data).toHaveLength(7);
    expect(all.json().nextToken).toBeNull();

    // Another org sees none of them.
    const foreign = await hub.call({ method: 'GET', url: '/v1/integration-credentials', key: otherKey });
    expect(
      foreign
        .json()
        .data.map((c: { id: string }) => c.id)
        .filter((id: string) => ids.has(id)),
    ).toEqual([]);
  });

  it('validates pageSize and nextToken', async () => {
    for (const pageSize of ['0', '201', 'x']) {
      const res = await hub.call({ method: 'GET', url: '/v1/integration-credentials', query: { pageSize } });
      expect(res.statusCode, pageSize).toBe(400);
      expect(paths(res)).toEqual(['querystring.pageSize']);
    }
    const forged = Buffer.from(JSON.stringify({ t: new Date().toISOString(), id: "x' or 1=1" })).toString(
      'base64url',
    );
    const ancient = Buffer.from(
      JSON.stringify({ t: '-271821-04-20T00:00:00.000Z', id: randomUUID() }),
    ).toString('base64url');
    for (const nextToken of ['garbage', forged, ancient]) {
      const res = await hub.call({ method: 'GET', url: '/v1/integration-credentials', query: { nextToken } });
      expect(res.statusCode).toBe(400);
      expect(paths(res)).toEqual(['nextToken']);
    }
  });
});

describe('DELETE /v1/integration-credentials/{id}', () => {
  it('deletes (204), then 404s; other orgs and bad ids get 404', async () => {
    const created = await create({ name: 'to delete' });
    const foreign = await hub.call({
      method: 'DELETE',
      url: `/v1/integration-credentials/${created.id}`,
      key: otherKey,
    });
    expect(foreign.statusCode).toBe(404);
    const res = await hub.call({ method: 'DELETE', url: `/v1/integration-credentials/${created.id}` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(
      (await hub.call({ method: 'GET', url: `/v1/integration-credentials/${created.id}` })).statusCode,
    ).toBe(404);
    expect(
      (await hub.call({ method: 'DELETE', url: `/v1/integration-credentials/${created.id}` })).statusCode,
    ).toBe(404);
    expect((await hub.call({ method: 'DELETE', url: '/v1/integration-credentials/nope' })).statusCode).toBe(
      404,
    );
  });

  it('answers 409 while an integration is connected, 204 once it is disconnected or deleted', async () => {
    const credential = await create({ name: 'in use' });
    const integration = await hub.call({
      method: 'POST',
      url: '/v1/integrations',
      payload: {
        name: 'azure',
        destination: 'AZURE_MARKETPLACE',
        configData: { marketplaceBillDimension: 'usage' },
      },
    });
    expect(integration.statusCode).toBe(201);
    const integrationId = integration.json().id as string;
    const connect = await hub.call({
      method: 'PUT',
      url: `/v1/integrations/${integrationId}/credential`,
      payload: { credentialId: credential.id },
    });
    expect(connect.statusCode).toBe(200);

    const blocked = await hub.call({ method: 'DELETE', url: `/v1/integration-credentials/${credential.id}` });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(integrationId),
    });

    // A deleted integration keeps its credential reference; it no longer blocks the delete.
    expect((await hub.call({ method: 'DELETE', url: `/v1/integrations/${integrationId}` })).statusCode).toBe(
      204,
    );
    const res = await hub.call({ method: 'DELETE', url: `/v1/integration-credentials/${credential.id}` });
    expect(res.statusCode).toBe(204);
  });
});

describe('POST /v1/integration-credentials/{id}/verify', () => {
  it('gets a token from the (emulated) Entra endpoint: ok true', async () => {
    const created = await create({ name: 'good' });
    const res = await hub.call({ method: 'POST', url: `/v1/integration-credentials/${created.id}/verify` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(emulator.stats().tokenRequests.issued).toBeGreaterThan(0);
  });

  it('reports a wrong secret as ok false with the AADSTS error, without the secret', async () => {
    const wrongSecret = 'wrong-secret-value-that-must-not-leak';
    const created = await create({ name: 'bad secret', clientSecret: wrongSecret });
    const res = await hub.call({ method: 'POST', url: `/v1/integration-credentials/${created.id}/verify` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ok: false,
      error: { code: expect.any(String), message: expect.stringContaining('AADSTS') },
    });
    expect(JSON.stringify(res.json())).toContain('AADSTS7000215');
    expect(res.body).not.toContain(wrongSecret);
    expect(res.body).not.toContain(clientSecret);
  });

  it('reports an unknown client id as ok false', async () => {
    const created = await create({ name: 'unknown app', clientId: randomUUID() });
    const res = await hub.call({ method: 'POST', url: `/v1/integration-credentials/${created.id}/verify` });
    expect(res.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('AADSTS') } });
  });

  it('404s for unknown, malformed and other-org ids', async () => {
    const created = await create({ name: 'mine' });
    for (const [url, key] of [
      [`/v1/integration-credentials/${created.id}/verify`, otherKey],
      [`/v1/integration-credentials/${randomUUID()}/verify`, undefined],
      ['/v1/integration-credentials/123/verify', undefined],
    ] as const) {
      const res = await hub.call({ method: 'POST', url, key });
      expect(res.statusCode, url).toBe(404);
    }
  });
});

describe('auth and docs', () => {
  it('every credential route needs a key (401)', async () => {
    const id = randomUUID();
    for (const [method, url] of [
      ['POST', '/v1/integration-credentials'],
      ['GET', '/v1/integration-credentials'],
      ['GET', `/v1/integration-credentials/${id}`],
      ['DELETE', `/v1/integration-credentials/${id}`],
      ['POST', `/v1/integration-credentials/${id}/verify`],
    ] as const) {
      const res = await hub.call({ method, url, key: null, payload: method === 'POST' ? body() : undefined });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
    }
  });

  it('describes the routes in the OpenAPI document', async () => {
    const docs = (await hub.call({ method: 'GET', url: '/docs/json', key: null })).json();
    expect(docs.paths['/v1/integration-credentials'].post.tags).toEqual(['integration credentials']);
    expect(docs.paths['/v1/integration-credentials'].get).toBeDefined();
    expect(docs.paths['/v1/integration-credentials/{id}'].delete).toBeDefined();
    expect(docs.paths['/v1/integration-credentials/{id}/verify'].post.summary).toBeTruthy();
  });
});
