import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Runtime } from '../bootstrap.js';
import { JOB_CATALOG, type JobName, type JobPayload } from '../queue/catalog.js';
import type { HubQueues } from '../queue/queues.js';
import { createWorkerConnection } from '../queue/redis-connections.js';
import { DestinationClients } from './destination-clients.js';
import { createMailer } from './mailer.js';
import { processBill } from './process-bill.handler.js';
import { sweepStuckWork } from './recovery-sweep.js';
import { sendNotification } from './send-notification.handler.js';
import { reconcileSourceSchedules } from './source-schedules.js';
import { submitUsage } from './submit-usage.handler.js';
import { syncSource } from './sync-source.handler.js';

export interface WorkerLogger {
  info(obj: object, message: string): void;
  warn(obj: object, message: string): void;
  error(obj: object, message: string): void;
}

/**
 * The worker role: one BullMQ Worker per queue on its own blocking connection, payloads re-validated
 * when taken, failed jobs kept. Handlers are idempotent; Postgres decides what is owed.
 */
export async function startWorkers(context: {
  runtime: Runtime;
  redisUrl: string;
  queues: HubQueues;
  queuePrefix?: string;
  log?: WorkerLogger;
}): Promise<() => Promise<void>> {
  const { services } = context.runtime;
  const log: WorkerLogger = context.log ?? { info: () => {}, warn: () => {}, error: () => {} };
  const clients = new DestinationClients(services);
  const mailer = createMailer({
    smtpUrl: services.env.SMTP_URL,
    from: services.env.HUB_MAIL_FROM,
    log: (m) => log.info({}, m),
  });

  const submitting = new Map<string, { again: boolean }>();

  const parse = <K extends JobName>(name: K, job: Job) => {
    const parsed = JOB_CATALOG[name].schema.safeParse(job.data);
    // A payload that does not validate will never succeed: fail it without retries, keep it for inspection.
    if (!parsed.success) throw new UnrecoverableError(`invalid ${name} payload: ${parsed.error.message}`);
    return parsed.data as never;
  };

  const jobHandlers: Record<JobName, (job: Job) => Promise<unknown>> = {
    'bill.process.v1': async (job) => {
      const { runId } = parse('bill.process.v1', job) as { runId: string };
      return processBill(services, runId);
    },
    'usage.submit.v1': async (job) => {
      const payload = parse('usage.submit.v1', job) as { orgId: string; credentialId: string };
      // One pass per credential at a time in this process: a job arriving while one runs asks it for
      // another pass instead of sending its own small batches beside it, so bills that finish
      // together share batches. (Other processes submit beside it safely: events are leased.)
      const running = submitting.get(payload.credentialId);
      if (running) {
        running.again = true;
        return { coalesced: true };
      }
      const mine = { again: false };
      submitting.set(payload.credentialId, mine);
      let result: Awaited<ReturnType<typeof submitUsage>>;
      let sent = 0;
      let accepted = 0;
      try {
        do {
          mine.again = false;
          result = await submitUsage(services, clients, payload);
          sent += result.sent;
          accepted += result.accepted;
          // Another job asked for a pass meanwhile, or this one stopped with work left: go again.
        } while (mine.again || result.more);
      } finally {
        submitting.delete(payload.credentialId);
      }
      if (result.nextRunAt) {
        const at = result.nextRunAt.getTime();
        await context.queues.get('usage.submit.v1')?.add(
          'usage.submit.v1',
          { ...payload, trigger: `at-${at}` },
          {
            jobId: JOB_CATALOG['usage.submit.v1'].jobId({
              credentialId: payload.credentialId,
              trigger: `at-${at}`,
            }),
            // Both times are the hub's clock (services.now), which tests may shift.
            delay: Math.max(0, at - services.now().getTime()),
          },
        );
      }
      return {
        sent,
        accepted,
        nextRunAt: result.nextRunAt?.toISOString() ?? null,
      };
    },
    'source.sync.v1': async (job) => {
      const payload = parse('source.sync.v1', job) as JobPayload<'source.sync.v1'>;
      const result = await syncSource(services, payload.sourceId, payload.trigger);
      const queue = context.queues.get('source.sync.v1');
      if (queue && result.outcome !== 'BUSY') {
        // The schedule follows the source's row (enabled, every schedule_seconds, or none).
        await reconcileSourceSchedules(services, queue, payload.sourceId);
      }
      if (queue && result.nextRunAt) {
        // Bills waiting out a backoff, or a source that asked to be called later: a sync then.
        const at = Math.max(result.nextRunAt.getTime(), services.now().getTime());
        const retry = { sourceId: payload.sourceId, trigger: 'RETRY' as const, slot: `at-${at}` };
        await queue.add('source.sync.v1', retry, {
          jobId: JOB_CATALOG['source.sync.v1'].jobId(retry),
          delay: Math.max(0, at - services.now().getTime()),
        });
      }
      return { ...result, nextRunAt: result.nextRunAt?.toISOString() ?? null };
    },
    'notification.send.v1': async (job) => {
      const { eventId } = parse('notification.send.v1', job) as { eventId: string };
      return sendNotification(services, mailer, eventId);
    },
  };

  // A handler's transaction may have written outbox rows (a submission after a run, a mail after an
  // event): wake this process's relay at once instead of waiting for its next poll.
  const handlers = Object.fromEntries(
    Object.entries(jobHandlers).map(([name, handler]) => [
      name,
      async (job: Job) => {
        try {
          return await handler(job);
        } finally {
          services.notifyOutbox();
        }
      },
    ]),
  ) as Record<JobName, (job: Job) => Promise<unknown>>;

  const workers: Worker[] = [];
  for (const [name, queue] of context.queues) {
    const worker = new Worker(queue.name, handlers[name], {
      connection: createWorkerConnection(context.redisUrl),
      prefix: context.queuePrefix ?? 'hub',
      concurrency: services.env.WORKER_CONCURRENCY,
      autorun: true,
    });
    worker.on('error', (error) => log.warn({ err: error, queue: queue.name }, 'worker connection error'));
    worker.on('failed', (job, error) =>
      log.warn({ err: error, jobId: job?.id, queue: queue.name }, 'job failed'),
    );
    workers.push(worker);
  }

  const sourceSyncQueue = context.queues.get('source.sync.v1');
  // The sources' schedules follow PostgreSQL from the start (a source enabled while no worker ran).
  if (sourceSyncQueue) {
    await reconcileSourceSchedules(services, sourceSyncQueue).catch((error) =>
      log.warn({ err: error }, 'reconciling the source schedules failed; the sweep tries again'),
    );
  }
  const sweep = setInterval(() => {
    sweepStuckWork(services, sourceSyncQueue ? { sourceSyncQueue } : {}).catch((error) =>
      log.warn({ err: error }, 'recovery sweep failed'),
    );
  }, services.env.HUB_SWEEP_INTERVAL_MS);
  sweep.unref();

  return async () => {
    clearInterval(sweep);
    await Promise.all(workers.map((worker) => worker.close()));
    await Promise.all(workers.map((worker) => worker.disconnect()));
    await clients.closeAll();
    mailer.close();
  };
}
