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
    schema: z.object({ runId: z.uuid() }),
    /** One job per run: a re-post or a relay retry never queues a second one. */
    jobId: (payload: { runId: string }) => `bill.process.v1-${payload.runId}`,
    attempts: 10,
    backoff: { type: 'exponential', delay: 1_000 },
  },
  'usage.submit.v1': {
    queue: '{hub}-usage-submit',
    schema: z.object({ orgId: z.string().min(1), credentialId: z.uuid() }),
    /** Submission is per credential; jobs for one credential coalesce while one is waiting. */
    jobId: (payload: { orgId: string; credentialId: string }) => `usage.submit.v1-${payload.credentialId}`,
    attempts: 1_000,
    backoff: { type: 'exponential', delay: 1_000 },
  },
} as const;

export type JobName = keyof typeof JOB_CATALOG;
export type JobPayload<K extends JobName> = z.output<(typeof JOB_CATALOG)[K]['schema']>;
