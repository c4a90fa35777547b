import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db, OutboxTable } from '../db/database.js';
import { chunksForStatement } from '../db/statement-chunks.js';
import { JOB_CATALOG, type JobInput, type JobName } from '../queue/catalog.js';

/** One outbox row for a job: the payload validated (defaults filled), the job id derived from it. */
export function outboxRow<K extends JobName>(name: K, payload: JobInput<K>): Insertable<OutboxTable> {
  const definition = JOB_CATALOG[name];
  const parsed = definition.schema.parse(payload);
  return {
    id: randomUUID(),
    topic: name,
    job_id: definition.jobId(parsed as never),
    payload: JSON.stringify(parsed),
  };
}

/**
 * The insert of outbox rows, not yet executed: for callers that fold it into a larger statement
 * (a data-modifying CTE) of their transaction. `rows` must not be empty.
 */
export function insertOutboxRows(db: Db, rows: readonly Insertable<OutboxTable>[]) {
  return db.insertInto('outbox').values([...rows]);
}

/**
 * Writes many outbox rows inside the caller's transaction, with multi-row INSERTs sized to stay
 * under PostgreSQL's bind-parameter limit. `rows` may be empty.
 */
export async function insertOutboxRowsChunked(
  db: Db,
  rows: readonly Insertable<OutboxTable>[],
): Promise<void> {
  for (const chunk of chunksForStatement(rows, 4)) await insertOutboxRows(db, chunk).execute();
}

/**
 * Writes a job into the outbox inside the caller's transaction: the job exists exactly when the
 * state change that caused it committed. The relay moves it to the queue afterwards.
 */
export async function enqueueInTransaction<K extends JobName>(
  db: Db,
  name: K,
  payload: JobInput<K>,
): Promise<void> {
  await insertOutboxRows(db, [outboxRow(name, payload)]).execute();
}

export interface OutboxItem {
  id: string;
  topic: string;
  jobId: string;
  payload: Record<string, unknown>;
}

/** Claims undispatched rows (skipping rows another relay holds) for dispatch in this transaction. */
export async function claimOutbox(db: Db, limit: number): Promise<OutboxItem[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'topic', 'job_id', 'payload'])
    .where('dt_dispatched', 'is', null)
    .orderBy('dt_created')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((row) => ({ id: row.id, topic: row.topic, jobId: row.job_id, payload: row.payload }));
}

export async function markDispatched(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('outbox').set({ dt_dispatched: new Date() }).where('id', 'in', ids).execute();
}
