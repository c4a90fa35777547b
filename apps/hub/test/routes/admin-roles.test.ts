import { randomBytes, randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { LightMyRequestResponse } from 'fastify';
import { Migrator } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { bootstrap } from '../../src/bootstrap.js';
import { parseEnv } from '../../src/config/env.js';
import { connectDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { findApiKeyByValue } from '../../src/repositories/api-keys.repository.js';
import { type RunningHub, startRoles } from '../../src/roles/start-roles.js';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
/** The API role with its queues, so Bull Board is mounted (on queues of this file's own prefix). */
let running: RunningHub;
let orgAdminKey: string;
let memberKey: string;

async function createKey(by: string, body: { orgId: string; name: string; admin?: boolean }) {
  return hub.call({ method: 'POST', url: '/v1/api-keys', key: by, payload: body });
}

const basic = (key: string) => `Basic ${Buffer.from(`admin:${key}`).toString('base64')}`;

function expectError(res: LightMyRequestResponse, status: number, code: string): void {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(body).toEqual({
    error: {
      code,
      message: expect.any(String),
      ...(body.error?.details ? { details: expect.any(Array) } : {}),
    },
  });
}

beforeAll(async () => {
  hub = await createTestHub();
  const env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: hub.databaseUrl,
    REDIS_URL: inject('redisUrl'),
    HUB_BOOTSTRAP_API_KEY: hub.adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  running = await startRoles({
    runtime: await bootstrap(env),
    redisUrl: inject('redisUrl'),
    role: 'api',
    listen: null,
    queuePrefix: `roles-${process.pid}-${Date.now().toString(36)}`,
  });
  const orgAdmin = await createKey(hub.adminKey, { orgId: 'acme', name: 'acme admin', admin: true });
  expect(orgAdmin.statusCode).toBe(201);
  orgAdminKey = orgAdmin.json().key;
  memberKey = (await createKey(hub.adminKey, { orgId: 'acme', name: 'acme ci' })).json().key;
});
afterAll(async () => {
  await running?.stop();
  await hub?.close();
});

describe('two admin roles', () => {
  it('the bootstrap key is a hub admin: it creates keys, admin or not, for any organization', async () => {
    for (const orgId of ['acme', 'globex', 'default']) {
      const created = await createKey(hub.adminKey, {
        orgId,
        name: `for ${orgId}`,
        admin: orgId === 'globex',
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ orgId, admin: orgId === 'globex' });
    }
    expect(await findApiKeyByValue(hub.runtime.services.db, hub.adminKey)).toMatchObject({
      orgId: 'default',
      admin: true,
      hubAdmin: true,
    });
  });

  it('an org admin creates keys for its own organization only; another orgId is a 403 naming the field', async () => {
    const own = await createKey(orgAdminKey, { orgId: 'acme', name: 'acme deploy' });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ orgId: 'acme', admin: false });

    for (const orgId of ['globex', 'default']) {
      const other = await createKey(orgAdminKey, { orgId, name: 'sneaky', admin: true });
      expectError(other, 403, 'FORBIDDEN');
      expect(other.json().error.message).toContain('orgId');
      expect(other.json().error.details).toEqual([
        { path: 'orgId', message: expect.stringContaining('acme') },
      ]);
    }
    const count = await hub.runtime.services.db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('name', '=', 'sneaky')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('an admin key an org admin creates is an org admin too: no way up to hub admin', async () => {
    const second = await createKey(orgAdminKey, { orgId: 'acme', name: 'acme admin 2', admin: true });
    expect(second.statusCode).toBe(201);
    const secondKey = second.json().key as string;
    expect(await findApiKeyByValue(hub.runtime.services.db, secondKey)).toMatchObject({
      admin: true,
      hubAdmin: false,
    });
    expectError(await createKey(secondKey, { orgId: 'globex', name: 'x' }), 403, 'FORBIDDEN');
    // Even a key the hub admin creates as admin for org `default` is only an org admin.
    const defaultAdmin = (
      await createKey(hub.adminKey, { orgId: 'default', name: 'bootstrap', admin: true })
    ).json().key as string;
    expectError(await createKey(defaultAdmin, { orgId: 'acme', name: 'x' }), 403, 'FORBIDDEN');
  });

  it('a key that is not an admin creates no keys, not even for its own organization', async () => {
    expectError(await createKey(memberKey, { orgId: 'acme', name: 'x' }), 403, 'FORBIDDEN');
  });
});

describe('existing keys keep working across the migration', () => {
  it('makes the bootstrap key a hub admin and every other admin key an org admin', async () => {
    const port = inject('postgresPort');
    const name = `roles_upgrade_${process.pid}_${Date.now().toString(36)}`;
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const databaseUrl = `postgres://postgres@127.0.0.1:${port}/${name}`;

    // The schema as it was before roles, with the rows the old code wrote.
    const handle = await connectDatabase({ url: databaseUrl, poolSize: 2 });
    const migrator = new Migrator({
      db: handle.db,
      provider: migrationProvider,
      migrationTableName: 'hub_migrations',
      migrationLockTableName: 'hub_migrations_lock',
    });
    const before = await migrator.migrateTo('2026-11-25T01-00_lookup-indexes');
    expect(before.error).toBeUndefined();
    const keys = {
      bootstrap: `hub_old_boot_${randomBytes(8).toString('hex')}`,
      admin: `hub_${randomBytes(8).toString('hex')}`,
      member: `hub_${randomBytes(8).toString('hex')}`,
    };
    await handle.db
      .insertInto('api_keys')
      .values([
        {
          id: randomUUID(),
          org_id: 'default',
          name: 'bootstrap',
          admin: true,
          key_hash: hashApiKey(keys.bootstrap),
        },
        { id: randomUUID(), org_id: 'acme', name: 'ops', admin: true, key_hash: hashApiKey(keys.admin) },
        { id: randomUUID(), org_id: 'acme', name: 'ci', admin: false, key_hash: hashApiKey(keys.member) },
      ])
      .execute();
    await migrateToLatest(handle.db);
    expect(await findApiKeyByValue(handle.db, keys.bootstrap)).toMatchObject({ admin: true, hubAdmin: true });
    expect(await findApiKeyByValue(handle.db, keys.admin)).toMatchObject({
      orgId: 'acme',
      admin: true,
      hubAdmin: false,
    });
    expect(await findApiKeyByValue(handle.db, keys.member)).toMatchObject({ admin: false, hubAdmin: false });
    await handle.close();

    // The hub starting on it again with the same bootstrap key adds no second row, and every key answers.
    const runtime = await bootstrap(
      parseEnv({
        NODE_ENV: 'test',
        DATABASE_URL: databaseUrl,
        REDIS_URL: inject('redisUrl'),
        HUB_BOOTSTRAP_API_KEY: keys.bootstrap,
        HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'silent',
      }),
    );
    const app = await buildApp({ services: runtime.services });
    try {
      const rows = await runtime.services.db.selectFrom('api_keys').select('name').execute();
      expect(rows).toHaveLength(3);
      const call = (key: string, orgId: string) =>
        app.inject({
          method: 'POST',
          url: '/v1/api-keys',
          headers: { authorization: `Bearer ${key}` },
          payload: { orgId, name: 'after upgrade' },
        });
      expect((await call(keys.bootstrap, 'globex')).statusCode).toBe(201);
      expect((await call(keys.admin, 'acme')).statusCode).toBe(201);
      expect((await call(keys.admin, 'globex')).statusCode).toBe(403);
      expect((await call(keys.member, 'acme')).statusCode).toBe(403);
    } finally {
      await app.close();
      await runtime.close();
    }
  });
});

describe('/v1 takes a bearer key only', () => {
  it('a valid key sent as HTTP Basic is a 401 on /v1, while the same key as Bearer is served', async () => {
    for (const key of [memberKey, orgAdminKey, hub.adminKey]) {
      const account = {
        method: 'PUT' as const,
        url: '/v1/accounts/basic-acc',
        payload: { name: 'A', code: 'a' },
      };
      expect((await hub.call({ ...account, key })).statusCode).toBe(200);
      expect((await hub.call({ method: 'GET', url: '/v1/accounts/basic-acc', key })).statusCode).toBe(200);
      for (const authorization of [basic(key), `basic ${Buffer.from(`:${key}`).toString('base64')}`]) {
        for (const request of [account, { method: 'GET' as const, url: '/v1/accounts/basic-acc' }]) {
          const viaBasic = await hub.call({ ...request, key: null, headers: { authorization } });
          expectError(viaBasic, 401, 'UNAUTHORIZED');
          expect(viaBasic.json().error.message).toMatch(/Basic.*\/admin/);
        }
      }
    }
    const create = await hub.call({
      method: 'POST',
      url: '/v1/api-keys',
      key: null,
      headers: { authorization: basic(hub.adminKey) },
      payload: { orgId: 'acme', name: 'from a browser' },
    });
    expectError(create, 401, 'UNAUTHORIZED');
  });
});

describe('Bull Board is the hub admin’s', () => {
  const queueName = '{hub}-bill-process';
  const pauseUrl = `/admin/queues/api/queues/${encodeURIComponent(queueName)}/pause`;
  const resumeUrl = `/admin/queues/api/queues/${encodeURIComponent(queueName)}/resume`;
  const queue = (): Queue => [...running.queues.values()].find((q) => q.name === queueName)!;
  const admin = (options: { method: 'GET' | 'PUT'; url: string; headers?: Record<string, string> }) =>
    running.app!.inject(options);

  it('its pages: 401 with a login prompt without a key, 403 for an org admin or a member, 200 for the hub admin', async () => {
    const anonymous = await admin({ method: 'GET', url: '/admin/queues' });
    expectError(anonymous, 401, 'UNAUTHORIZED');
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic/);
    for (const key of [orgAdminKey, memberKey]) {
      for (const authorization of [`Bearer ${key}`, basic(key)]) {
        const refused = await admin({ method: 'GET', url: '/admin/queues', headers: { authorization } });
        expectError(refused, 403, 'FORBIDDEN');
      }
    }
    const board = await admin({
      method: 'GET',
      url: '/admin/queues',
      headers: { authorization: basic(hub.adminKey) },
    });
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('<html');
    const api = await admin({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: basic(orgAdminKey) },
    });
    expectError(api, 403, 'FORBIDDEN');
  });

  it('its actions (PUT/POST/DELETE under /admin/queues/api) need the hub admin too', async () => {
    expect(await queue().isPaused()).toBe(false);
    expectError(await admin({ method: 'PUT', url: pauseUrl }), 401, 'UNAUTHORIZED');
    for (const key of [orgAdminKey, memberKey]) {
      for (const authorization of [`Bearer ${key}`, basic(key)]) {
        expectError(
          await admin({ method: 'PUT', url: pauseUrl, headers: { authorization } }),
          403,
          'FORBIDDEN',
        );
      }
    }
    expect(await queue().isPaused()).toBe(false);

    const paused = await admin({
      method: 'PUT',
      url: pauseUrl,
      headers: { authorization: `Bearer ${hub.adminKey}` },
    });
    expect(paused.statusCode, paused.body).toBeLessThan(300);
    expect(await queue().isPaused()).toBe(true);
    const resumed = await admin({
      method: 'PUT',
      url: resumeUrl,
      headers: { authorization: basic(hub.adminKey), 'sec-fetch-site': 'same-origin' },
    });
    expect(resumed.statusCode, resumed.body).toBeLessThan(300);
    expect(await queue().isPaused()).toBe(false);
  });

  it('a change made with browser (Basic) credentials must come from the board’s own origin', async () => {
    const host = 'hub.example:3000';
    const crossSite: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ];
    for (const headers of crossSite) {
      const res = await admin({
        method: 'PUT',
        url: pauseUrl,
        headers: { host, authorization: basic(hub.adminKey), ...headers },
      });
      expectError(res, 403, 'FORBIDDEN');
    }
    expect(await queue().isPaused()).toBe(false);
    // From the board's own page, or from a client that attaches its key on purpose.
    const sameOrigin = await admin({
      method: 'PUT',
      url: pauseUrl,
      headers: { host, authorization: basic(hub.adminKey), origin: `http://${host}` },
    });
    expect(sameOrigin.statusCode).toBeLessThan(300);
    const bearer = await admin({
      method: 'PUT',
      url: resumeUrl,
      headers: { host, authorization: `Bearer ${hub.adminKey}`, 'sec-fetch-site': 'cross-site' },
    });
    expect(bearer.statusCode).toBeLessThan(300);
    expect(await queue().isPaused()).toBe(false);
  });

  it('its errors have the contract’s shape: malformed or oversized bodies, unknown queues', async () => {
    const headers = { authorization: `Bearer ${hub.adminKey}`, 'content-type': 'application/json' };
    const addUrl = `/admin/queues/api/queues/${encodeURIComponent(queueName)}/add`;
    const malformed = await running.app!.inject({
      method: 'POST',
      url: addUrl,
      headers,
      payload: '{"name":',
    });
    expectError(malformed, 400, 'VALIDATION_FAILED');
    const huge = await running.app!.inject({
      method: 'POST',
      url: addUrl,
      headers,
      payload: JSON.stringify({ name: 'x', data: 'a'.repeat(1_100_000) }),
    });
    expectError(huge, 413, 'PAYLOAD_TOO_LARGE');
    const unknown = await running.app!.inject({
      method: 'PUT',
      url: '/admin/queues/api/queues/no-such-queue/pause',
      headers: { authorization: `Bearer ${hub.adminKey}` },
    });
    expect(unknown.statusCode).toBe(404);
    // Bull Board's UI reads its translation key; the contract's code and message sit beside it.
    expect(unknown.json().error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.any(String),
      key: expect.any(String),
    });
  });
});
