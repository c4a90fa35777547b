import { z } from 'zod';

/**
 * Every background job, in one place. Names are versioned: a changed payload gets a new name so
 * jobs already queued under the old one still validate. Payloads carry ids, never data or secrets.
 *
 * Queue names are wrapped in a Redis Cluster hash tag ({hub}) so each queue's keys share a slot.
 * DO NOT rename a queue without a migration plan: jobs waiting under the old name would be stranded.
 */
export const JOB_CATALOG = {
  'bill.process.v1': {
    queue: '{hub}-bill-process',
    schema: z.object({ runId: z.uuid(), dispatch: z.number().int().min(0).default(0) }),
    /**
     * One job per run dispatch: a re-post or a relay retry never queues a second one, while a run
     * parked (DISABLED, AWAITING_CREDENTIAL) and later replayed gets a fresh dispatch number.
     */
    jobId: (payload: { runId: string; dispatch?: number }) =>
      `bill.process.v1-${payload.runId}-${payload.dispatch ?? 0}`,
    attempts: 10,
    backoff: { type: 'exponential', delay: 1_000 },
  },
  'usage.submit.v1': {
    queue: '{hub}-usage-submit',
    schema: z.object({
      orgId: z.string().min(1),
      credentialId: z.uuid(),
      trigger: z.string().min(1).max(100),
    }),
    /**
     * Submission works per credential and is safe to run concurrently (events are leased), so each
     * trigger (a run, a retry time, an enable) gets its own job; the same trigger never queues twice.
     */
    jobId: (payload: { credentialId: string; trigger: string }) =>
      `usage.submit.v1-${payload.credentialId}-${payload.trigger}`,
    attempts: 1_000,
    backoff: { type: 'exponential', delay: 1_000 },
  },
  'notification.send.v1': {
    queue: '{hub}-notification-send',
    /** The event to mail about; recipients and text are read from the database when sending. */
    schema: z.object({ eventId: z.uuid() }),
    jobId: (payload: { eventId: string }) => `notification.send.v1-${payload.eventId}`,
    attempts: 20,
    backoff: { type: 'exponential', delay: 5_000 },
  },
  'source.sync.v1': {
    queue: '{hub}-source-sync',
    /** What to sync; what is owed (bills to fetch, requested backfills) is read from the database. */
    schema: z.object({
      sourceId: z.uuid(),
      trigger: z.enum(['SCHEDULE', 'MANUAL', 'WEBHOOK', 'BACKFILL', 'RETRY']),
      /** What made this request (a webhook, a sync request, a retry time): part of the job id. */
      slot: z.string().min(1).max(100),
    }),
    jobId: (payload: { sourceId: string; trigger: string; slot: string }) =>
      `source.sync.v1-${payload.sourceId}-${payload.trigger}-${payload.slot}`,
    /**
     * At most one sync of a source waits while one runs, whatever the number of triggers (a storm
     * of webhooks or schedules): BullMQ keeps the last request made while a sync is active and
     * drops the rest. Requests carry no data of their own, so none is lost by merging them.
     */
    deduplicationId: (payload: { sourceId: string }) => `source.sync.v1-${payload.sourceId}`,
    attempts: 20,
    backoff: { type: 'exponential', delay: 1_000 },
  },
} as const;

/** The deduplication id of a job, for the jobs that have one. */
export function deduplicationIdOf(name: JobName, payload: Record<string, unknown>): string | null {
  const definition = JOB_CATALOG[name] as { deduplicationId?: (payload: never) => string };
  return definition.deduplicationId ? definition.deduplicationId(payload as never) : null;
}

export type JobName = keyof typeof JOB_CATALOG;
/** What a producer passes (defaults may be left out). */
export type JobInput<K extends JobName> = z.input<(typeof JOB_CATALOG)[K]['schema']>;
/** What a handler receives, re-validated when the job is taken. */
export type JobPayload<K extends JobName> = z.output<(typeof JOB_CATALOG)[K]['schema']>;
