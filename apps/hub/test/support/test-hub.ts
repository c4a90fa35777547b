import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { bootstrap, type Runtime } from '../../src/bootstrap.js';
import { parseEnv } from '../../src/config/env.js';

export interface TestHub {
  app: FastifyInstance;
  runtime: Runtime;
  adminKey: string;
  databaseUrl: string;
  /** `app.inject` with the admin key (or `key`) as bearer. */
  call(options: InjectOptions & { key?: string | null }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh database cloned from the migrated template, on the run's PostgreSQL server. */
export async function createTestDatabase(): Promise<string> {
  const port = inject('postgresPort');
  const name = `t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE hub_template`);
  } finally {
    await client.end();
  }
  return `postgres://postgres@127.0.0.1:${port}/${name}`;
}

/** A hub API on its own database, with a known admin key, ready for `app.inject`. */
export async function createTestHub(envOverrides: Record<string, string> = {}): Promise<TestHub> {
  const databaseUrl = await createTestDatabase();
  const adminKey = `hub_test_admin_${randomBytes(12).toString('hex')}`;
  const env = parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL: inject('redisUrl'),
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    ...envOverrides,
  });
  const runtime = await bootstrap(env);
  const app = await buildApp({ services: runtime.services });
  await app.ready();
  return {
    app,
    runtime,
    adminKey,
    databaseUrl,
    call({ key, ...options }) {
      const headers = { ...(options.headers ?? {}) } as Record<string, string>;
      if (key !== null) headers.authorization = `Bearer ${key ?? adminKey}`;
      return app.inject({ ...options, headers });
    },
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}

/**
 * Follows `nextToken` from the first page of a list route to the last (at most 10 pages), each page
 * answering 200; returns the ids in the order seen and how many pages it took.
 */
export async function readAllPages(
  hub: TestHub,
  request: { url: string; query: Record<string, string>; key: string },
  onPage?: (res: LightMyRequestResponse, ids: string[]) => void,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let token: string | null = null;
  let pages = 0;
  do {
    const query = token ? { ...request.query, nextToken: token } : request.query;
    const res = await hub.call({ method: 'GET', url: request.url, query, key: request.key });
    expect(res.statusCode).toBe(200);
    const page = res.json() as { data: { id: string }[]; nextToken: string | null };
    const pageIds = page.data.map((item) => item.id);
    onPage?.(res, pageIds);
    ids.push(...pageIds);
    token = page.nextToken;
    pages++;
  } while (token && pages < 10);
  return { ids, pages };
}
