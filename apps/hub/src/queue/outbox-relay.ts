import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { claimOutbox, markDispatched } from '../repositories/outbox.repository.js';
import { deduplicationIdOf, JOB_CATALOG, type JobName } from './catalog.js';
import type { HubQueues } from './queues.js';

export interface OutboxRelayOptions {
  db: Kysely<Database>;
  queues: HubQueues;
  batchSize?: number;
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Moves committed outbox rows into BullMQ. A row is marked dispatched in the same transaction that
 * claimed it, after the jobs were added: if Redis is down the transaction rolls back and the rows
 * wait; if the commit fails after the add, the next pass adds them again under the same job ids,
 * which BullMQ ignores (and the handlers are idempotent for the rare case the first job finished).
 * Several relays (one per process) share the work through SKIP LOCKED.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private pending = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Runs a pass now (called after a commit that wrote outbox rows). */
  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** One pass: dispatches up to a batch and says how many. */
  async dispatchOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    return this.options.db.transaction().execute(async (trx) => {
      const items = await claimOutbox(trx, batchSize);
      if (items.length === 0) return 0;
      const byName = new Map<JobName, typeof items>();
      for (const item of items) {
        const name = item.topic as JobName;
        if (!(name in JOB_CATALOG))
          throw new Error(`outbox row ${item.id} names an unknown job ${item.topic}`);
        byName.set(name, [...(byName.get(name) ?? []), item]);
      }
      for (const [name, group] of byName) {
        const queue = this.options.queues.get(name);
        if (!queue) throw new Error(`no queue for ${name}`);
        await queue.addBulk(
          group.map((item) => {
            const deduplication = deduplicationIdOf(name, item.payload);
            return {
              name,
              data: item.payload,
              opts: {
                jobId: item.jobId,
                ...(deduplication ? { deduplication: { id: deduplication, keepLastIfActive: true } } : {}),
              },
            };
          }),
        );
      }
      await markDispatched(
        trx,
        items.map((item) => item.id),
      );
      return items.length;
    });
  }

  private async run(): Promise<void> {
    const interval = this.options.pollIntervalMs ?? 1000;
    while (this.running) {
      this.pending = false;
      let dispatched = 0;
      try {
        dispatched = await this.dispatchOnce();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (!this.running) break;
      if (dispatched > 0 || this.pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
