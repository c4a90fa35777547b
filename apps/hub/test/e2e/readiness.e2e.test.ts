import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAlive, type PostgresServer, startPostgres } from '@hub/test-services';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { bootstrap, type Runtime } from '../../src/bootstrap.js';
import { parseEnv } from '../../src/config/env.js';
import { waitFor } from '../support/e2e-hub.js';

/**
 * http-api.md "Operations": `GET /readyz` → 200 when Postgres and Redis answer, else 503 naming
 * which. This file stops its database, so the hub runs on a PostgreSQL cluster of its own (not the
 * run's shared one, which every other test file uses).
 */
let postgres: PostgresServer;
let runtime: Runtime;
let app: FastifyInstance;
let adminKey: string;

beforeAll(async () => {
  postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase('hub_readiness');
  adminKey = `hub_ready_${randomBytes(12).toString('hex')}`;
  const env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: inject('redisUrl'),
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
  });
  runtime = await bootstrap(env, { migrate: true });
  app = await buildApp({ services: runtime.services });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await postgres?.stop();
});

const get = (url: string, key?: string): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'GET', url, ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}) });

/**
 * The postmaster of the cluster the hub uses: the parent of the hub's own backend. Checked to be
 * this file's server (its port on the command line), so nothing else is ever stopped.
 */
async function postmasterPid(): Promise<number> {
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(runtime.services.db);
  const stat = readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8');
  // "pid (comm) state ppid ...": comm may hold spaces, so read after its closing parenthesis.
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const cmdline = readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0');
  expect(cmdline[0]).toMatch(/postgres$/);
  expect(cmdline[cmdline.indexOf('-p') + 1]).toBe(String(postgres.port));
  return ppid;
}

/** `pg_ctl stop -m fast`: the server disconnects its clients and exits; its data stays. */
async function stopPostgres(): Promise<void> {
  const pid = await postmasterPid();
  process.kill(pid, 'SIGINT');
  await waitFor(() => !isAlive(pid), 'the PostgreSQL server to stop', 30_000);
}

describe('/readyz follows PostgreSQL', { timeout: 120_000 }, () => {
  it('503 naming postgres (and only postgres) while it is down; 200 again once it is back', async () => {
    const before = await get('/readyz');
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ status: 'ready' });
    expect((await get('/v1/integrations', adminKey)).statusCode).toBe(200);

    await stopPostgres();
    // Every probe while it is down says so: not only the first after the connections broke.
    for (let i = 0; i < 3; i++) {
      const down = await get('/readyz');
      expect(down.statusCode).toBe(503);
      const body = down.json();
      expect(body).toEqual({ status: 'unavailable', failing: { postgres: expect.any(String) } });
      expect(body.failing.postgres.length).toBeGreaterThan(0);
      expect(body.failing.redis).toBeUndefined();
    }
    // The process itself still runs.
    expect((await get('/healthz')).statusCode).toBe(200);

    await postgres.restart();
    // The pool drops its broken connections and opens new ones: ready again without a restart.
    const ready = await waitFor(
      async () => {
        const res = await get('/readyz');
        return res.statusCode === 200 ? res : undefined;
      },
      '/readyz to answer 200 after PostgreSQL came back',
      30_000,
    );
    expect(ready.json()).toEqual({ status: 'ready' });
    // And the API reads its data again (the admin key is checked against the database).
    expect((await get('/v1/integrations', adminKey)).statusCode).toBe(200);
  });
});
