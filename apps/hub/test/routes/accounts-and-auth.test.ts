import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

const account = {
  name: 'Acme Ltd',
  code: 'acme',
  currency: 'USD',
  address: { country: 'UK' },
  customFields: { tier: 3, rate: 0.1 },
};

describe('auth and tenancy', () => {
  it('refuses /v1 without a key or with a wrong one (401, contract error shape)', async () => {
    const none = await hub.call({ method: 'GET', url: '/v1/accounts/a1', key: null });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: expect.stringContaining('Bearer') },
    });
    const wrong = await hub.call({ method: 'GET', url: '/v1/accounts/a1', key: 'nope' });
    expect(wrong.statusCode).toBe(401);
    const malformed = await hub.call({
      method: 'GET',
      url: '/v1/accounts/a1',
      headers: { authorization: 'Basic abc' },
      key: null,
    });
    expect(malformed.statusCode).toBe(401);
    // A key that works as Bearer is still refused as HTTP Basic on /v1 (browsers replay Basic).
    await hub.call({ method: 'PUT', url: '/v1/accounts/a1', payload: account });
    expect((await hub.call({ method: 'GET', url: '/v1/accounts/a1' })).statusCode).toBe(200);
    const basic = await hub.call({
      method: 'GET',
      url: '/v1/accounts/a1',
      headers: { authorization: `Basic ${Buffer.from(`admin:${hub.adminKey}`).toString('base64')}` },
      key: null,
    });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().error.message).toMatch(/Basic.*\/admin/);
  });

  it('lets an admin key create keys, shown once; a non-admin key gets 403', async () => {
    const created = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: 'acme', name: 'ci' },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.any(String),
      orgId: 'acme',
      name: 'ci',
      admin: false,
      key: expect.stringMatching(/^hub_/),
    });
    const forbidden = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      key: body.key,
      payload: { orgId: 'x', name: 'y' },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().error.code).toBe('FORBIDDEN');
    const bad = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: 'bad org!', name: '' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['name', 'orgId']);
  });

  it("scopes accounts to the key's org: another org's id answers 404", async () => {
    await hub.call({ method: 'PUT', url: '/v1/accounts/shared-id', payload: account });
    const other = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      payload: { orgId: 'other-org', name: 'o' },
    });
    const otherKey = other.json().key as string;
    const read = await hub.call({ method: 'GET', url: '/v1/accounts/shared-id', key: otherKey });
    expect(read.statusCode).toBe(404);
    expect(read.json().error.code).toBe('NOT_FOUND');
  });
});

describe('accounts', () => {
  it('upserts and reads an account, keeping custom field decimals exact', async () => {
    const put = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/acc-1',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"Acme","code":"acme","customFields":{"rate":0.10000000000000000001,"tier":3}}',
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      id: 'acc-1',
      name: 'Acme',
      customFields: { rate: '0.10000000000000000001', tier: 3 },
    });
    const again = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/acc-1',
      payload: { ...account, name: 'Acme 2' },
    });
    expect(again.json()).toMatchObject({ name: 'Acme 2', address: { country: 'UK' } });
    const read = await hub.call({ method: 'GET', url: '/v1/accounts/acc-1' });
    expect(read.json()).toMatchObject({
      id: 'acc-1',
      name: 'Acme 2',
      dtCreated: expect.stringMatching(/Z$/),
    });
  });

  it('names the field of a bad account', async () => {
    const res = await hub.call({ method: 'PUT', url: '/v1/accounts/acc-2', payload: { name: '', code: 5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['name', 'code']),
    );
  });
});

describe('bad input never makes a 500', () => {
  it('malformed JSON is a 400', async () => {
    const res = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/x',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('a prototype-polluting key is a 400', async () => {
    const res = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/x',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"a","code":"b","__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
  });

  it('a body over 1 MiB is a 413', async () => {
    const res = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/x',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'a'.repeat(1_100_000), code: 'c' }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a wrong content type and an unknown route are 4xx in the error shape', async () => {
    const text = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/x',
      headers: { 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('VALIDATION_FAILED');
    const missing = await hub.call({ method: 'GET', url: '/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });
});

describe('operations', () => {
  it('healthz is open; readyz checks Postgres and Redis', async () => {
    expect((await hub.call({ method: 'GET', url: '/healthz', key: null })).json()).toEqual({ status: 'ok' });
    const ready = await hub.call({ method: 'GET', url: '/readyz', key: null });
    expect(ready.statusCode).toBe(200);
  });

  it('readyz names a failing dependency with 503', async () => {
    const broken = await createTestHub({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await broken.call({ method: 'GET', url: '/readyz', key: null });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', failing: { redis: expect.any(String) } });
      expect(ready.json().failing.postgres).toBeUndefined();
    } finally {
      await broken.close();
    }
  });

  it('serves the OpenAPI document and Prometheus metrics', async () => {
    const docs = await hub.call({ method: 'GET', url: '/docs/json', key: null });
    expect(docs.statusCode).toBe(200);
    expect(docs.json().paths['/v1/accounts/{id}']).toBeDefined();
    const metrics = await hub.call({ method: 'GET', url: '/metrics', key: null });
    expect(metrics.body).toContain('hub_http_requests_total');
    expect(metrics.body).toContain('hub_runs');
  });
});

describe('Bull Board behind the admin key', () => {
  it('asks browsers for the admin key, refuses non-admin keys, and serves the board to admins', async () => {
    const { startRoles } = await import('../../src/roles/start-roles.js');
    const { bootstrap } = await import('../../src/bootstrap.js');
    const { parseEnv } = await import('../../src/config/env.js');
    const { inject } = await import('vitest');
    const env = parseEnv({
      NODE_ENV: 'test',
      DATABASE_URL: hub.databaseUrl,
      REDIS_URL: inject('redisUrl'),
      HUB_BOOTSTRAP_API_KEY: hub.adminKey,
      HUB_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    const running = await startRoles({
      runtime: await bootstrap(env),
      redisUrl: inject('redisUrl'),
      role: 'api',
      listen: null,
    });
    try {
      const app = running.app!;
      const anonymous = await app.inject({ method: 'GET', url: '/admin/queues' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
      const user = (
        await hub.call({ method: 'POST', url: '/v1/api-keys', payload: { orgId: 'default', name: 'u' } })
      ).json().key;
      expect(
        (
          await app.inject({
            method: 'GET',
            url: '/admin/queues',
            headers: { authorization: `Bearer ${user}` },
          })
        ).statusCode,
      ).toBe(403);
      const basic = Buffer.from(`admin:${hub.adminKey}`).toString('base64');
      const board = await app.inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { authorization: `Basic ${basic}` },
      });
      expect(board.statusCode).toBe(200);
      expect(board.body).toContain('<html');
      const metrics = await app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toContain('hub_queue_jobs{queue="{hub}-bill-process"');
    } finally {
      await running.stop();
    }
  });
});

describe('ids and bodies Postgres could not store', () => {
  it('a NUL in a path, a long id, and a NUL in any body are 4xx in the error shape', async () => {
    const nul = await hub.call({ method: 'GET', url: '/v1/accounts/a%00b' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.code).toBe('VALIDATION_FAILED');
    const long = await hub.call({ method: 'GET', url: `/v1/accounts/${'x'.repeat(250)}` });
    expect([400, 404]).toContain(long.statusCode);
    expect(long.json().error).toBeDefined();
    const body = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/ok',
      payload: { name: 'a\u0000b', code: 'c' },
    });
    expect(body.statusCode).toBe(400);
    expect(body.json().error.details[0].path).toBe('name');
  });
});
