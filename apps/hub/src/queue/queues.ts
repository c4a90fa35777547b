import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { JOB_CATALOG, type JobName } from './catalog.js';

export type HubQueues = Map<JobName, Queue>;

/** One BullMQ queue per job name; failed jobs are kept for inspection, completed ones trimmed. */
export function createQueues(connection: Redis, prefix = 'hub'): HubQueues {
  const queues: HubQueues = new Map();
  for (const [name, definition] of Object.entries(JOB_CATALOG) as [
    JobName,
    (typeof JOB_CATALOG)[JobName],
  ][]) {
    const queue = new Queue(definition.queue, {
      connection,
      prefix,
      defaultJobOptions: {
        attempts: definition.attempts,
        backoff: definition.backoff,
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    queue.on('error', () => {});
    queues.set(name, queue);
  }
  return queues;
}

export async function queueDepths(
  queues: HubQueues,
): Promise<{ queue: string; state: string; count: number }[]> {
  const out: { queue: string; state: string; count: number }[] = [];
  for (const queue of queues.values()) {
    const counts = await queue.getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
      'prioritized',
    );
    for (const [state, count] of Object.entries(counts)) out.push({ queue: queue.name, state, count });
  }
  return out;
}

export async function closeQueues(queues: HubQueues): Promise<void> {
  await Promise.all([...queues.values()].map((queue) => queue.close()));
}
