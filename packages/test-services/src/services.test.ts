import { Redis } from 'ioredis';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres, startRedis } from './index.js';

describe('test services', () => {
  it('starts a throwaway PostgreSQL cluster that answers queries, creates databases and stops', async () => {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase('t_one');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ sum: string }>(
        'select (0.1::numeric + 0.2::numeric)::text as sum',
      );
      expect(rows[0]?.sum).toBe('0.3');
      await client.end();
    } finally {
      await server.stop();
    }
    const after = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 500 });
    await expect(after.connect()).rejects.toThrow();
  }, 30_000);

  it('starts a private redis-server and stops it', async () => {
    const server = await startRedis();
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    client.disconnect();
    await server.stop();
  });
});
