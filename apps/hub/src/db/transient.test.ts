import { startPostgres } from '@hub/test-services';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from './connect.js';
import { isTransientDatabaseError, retryTransient } from './transient.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isTransientDatabaseError', () => {
  it('knows a restart, a refused connection and a dropped one', () => {
    expect(isTransientDatabaseError(withCode('terminating connection', '57P01'))).toBe(true);
    expect(isTransientDatabaseError(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isTransientDatabaseError(withCode('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe(true);
    expect(isTransientDatabaseError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientDatabaseError(new AggregateError([withCode('x', 'ECONNREFUSED')], ''))).toBe(true);
  });

  it('leaves statement errors alone', () => {
    expect(isTransientDatabaseError(withCode('duplicate key', '23505'))).toBe(false);
    expect(isTransientDatabaseError(withCode('syntax error', '42601'))).toBe(false);
    expect(isTransientDatabaseError('Connection terminated')).toBe(false);
  });
});

describe('retryTransient', () => {
  const noSleep = async () => {};

  it('repeats work through transient failures', async () => {
    let calls = 0;
    const result = await retryTransient(
      async () => {
        calls++;
        if (calls < 3) throw withCode('refused', 'ECONNREFUSED');
        return 'done';
      },
      { sleep: noSleep },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives a statement error back at once', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw withCode('duplicate key', '23505');
        },
        { sleep: noSleep },
      ),
    ).rejects.toThrow('duplicate key');
    expect(calls).toBe(1);
  });

  it('gives up after its budget', async () => {
    await expect(
      retryTransient(
        async () => {
          throw withCode('refused', 'ECONNREFUSED');
        },
        { budgetMs: 0, sleep: noSleep },
      ),
    ).rejects.toThrow('refused');
  });

  it('rides out a real PostgreSQL restart, even with a transaction open across it', async () => {
    const server = await startPostgres({ durable: true });
    const handle = await connectDatabase({ url: server.url, poolSize: 2 });
    try {
      await sql`create table t (id int primary key)`.execute(handle.db);
      // A transaction holds a checked-out client while the server goes away: the process must
      // survive the client's 'error' event, and the transaction must fail rather than hang.
      const open = handle.db.transaction().execute(async (trx) => {
        await sql`insert into t values (1)`.execute(trx);
        await server.restart();
        await sql`insert into t values (2)`.execute(trx);
      });
      await expect(open).rejects.toThrow();
      const rows = await retryTransient(async () => {
        await sql`insert into t values (3) on conflict do nothing`.execute(handle.db);
        return (await sql<{ id: number }>`select id from t order by id`.execute(handle.db)).rows;
      });
      expect(rows.map((r) => r.id)).toEqual([3]);
    } finally {
      await handle.close();
      await server.stop();
    }
  }, 60_000);
});
