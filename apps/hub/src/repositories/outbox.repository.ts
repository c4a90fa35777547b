import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { JOB_CATALOG, type JobInput, type JobName } from '../queue/catalog.js';

/**
 * Writes a job into the outbox inside the caller's transaction: the job exists exactly when the
 * state change that caused it committed. The relay moves it to the queue afterwards.
 */
export async function enqueueInTransaction<K extends JobName>(
  db: Db,
  name: K,
  payload: JobInput<K>,
): Promise<void> {
  const definition = JOB_CATALOG[name];
  const parsed = definition.schema.parse(payload);
  await db
    .insertInto('outbox')
    .values({
      id: randomUUID(),
      topic: name,
      job_id: definition.jobId(parsed as never),
      payload: JSON.stringify(parsed),
    })
    .execute();
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
