import { type Kysely, sql } from 'kysely';

/**
 * An event whose earlier attempt got no clear answer is never re-sent blindly in a new hour
 * (domain.md "Submitting"): the hub remembers when an attempt went unanswered and, when such an
 * event expires, asks the destination before re-slotting it.
 * - `sent_at`: when the latest attempt started (set at lease);
 * - `unclear_at`: when the latest attempt that got no clear answer started (a retryable outcome, or
 *   a lease that ran out with no outcome recorded); null while every attempt was answered clearly;
 * - `verify_started_at`: when the read-back of an expired, unclear event began (status VERIFYING),
 *   so it is parked for the operator (status UNCLEAR) when it cannot be settled in time;
 * - `read_back_failures`: read-back calls that failed; after a few the operator is asked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table usage_events add column sent_at timestamptz`.execute(db);
  await sql`alter table usage_events add column unclear_at timestamptz`.execute(db);
  await sql`alter table usage_events add column verify_started_at timestamptz`.execute(db);
  await sql`alter table usage_events add column read_back_failures integer not null default 0`.execute(db);
  // Events already sent more than once were sent without this record: treat them as in doubt.
  await sql`update usage_events set unclear_at = dt_updated where status = 'PENDING' and attempts > 1`.execute(
    db,
  );
  await sql`create index usage_events_verifying_idx on usage_events (credential_id, next_attempt_at) where status = 'VERIFYING'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists usage_events_verifying_idx`.execute(db);
  await sql`alter table usage_events drop column if exists read_back_failures`.execute(db);
  await sql`alter table usage_events drop column if exists verify_started_at`.execute(db);
  await sql`alter table usage_events drop column if exists unclear_at`.execute(db);
  await sql`alter table usage_events drop column if exists sent_at`.execute(db);
}
