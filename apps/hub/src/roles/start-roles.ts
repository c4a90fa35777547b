import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Runtime } from '../bootstrap.js';
import { OutboxRelay } from '../queue/outbox-relay.js';
import { closeQueues, createQueues, type HubQueues, queueDepths } from '../queue/queues.js';
import { createProducerConnection } from '../queue/redis-connections.js';

export interface RunningHub {
  app: FastifyInstance | null;
  queues: HubQueues;
  relay: OutboxRelay;
  address: string | null;
  /** Graceful: stop taking requests, stop workers, flush the relay, close connections. */
  stop(): Promise<void>;
}

export interface StartRolesOptions {
  runtime: Runtime;
  redisUrl: string;
  role: 'api' | 'worker' | 'all';
  listen?: { host: string; port: number } | null;
  logger?: boolean | object;
  /** BullMQ key prefix (tests give each file its own). */
  queuePrefix?: string;
  /** Starts the worker role's BullMQ workers; returns a stop function. */
  startWorkers?: (context: {
    runtime: Runtime;
    redisUrl: string;
    queues: HubQueues;
    queuePrefix: string;
  }) => Promise<() => Promise<void>>;
}

/**
 * Starts the roles of one process. Every role runs an outbox relay (relays share the outbox through
 * SKIP LOCKED), so work committed by the API reaches the queues even if only workers are running.
 */
export async function startRoles(options: StartRolesOptions): Promise<RunningHub> {
  const { runtime } = options;
  const producer: Redis = createProducerConnection(options.redisUrl);
  const queues = createQueues(producer, options.queuePrefix);
  const relay = new OutboxRelay({
    db: runtime.services.db,
    queues,
    onError: (error) => (app?.log ?? console).warn({ err: error }, 'outbox relay pass failed; retrying'),
  });
  runtime.services.notifyOutbox = () => relay.notify();
  relay.start();

  let app: FastifyInstance | null = null;
  let address: string | null = null;
  if (options.role !== 'worker') {
    // Loaded only where the API runs: Fastify, its plugins, OpenAPI and Bull Board's UI are ~30 MB a
    // worker process has no use for.
    const [{ buildApp }, { bullBoardPlugin }] = await Promise.all([
      import('../app.js'),
      import('../http/plugins/bull-board.plugin.js'),
    ]);
    app = await buildApp({
      services: runtime.services,
      logger: options.logger ?? false,
      queueDepths: () => queueDepths(queues),
      adminPlugins: [bullBoardPlugin(queues)],
    });
    if (options.listen) address = await app.listen(options.listen);
    else await app.ready();
  }

  let stopWorkers: (() => Promise<void>) | null = null;
  if (options.role !== 'api' && options.startWorkers) {
    stopWorkers = await options.startWorkers({
      runtime,
      redisUrl: options.redisUrl,
      queues,
      queuePrefix: options.queuePrefix ?? 'hub',
    });
  }

  return {
    app,
    queues,
    relay,
    address,
    async stop() {
      await app?.close();
      await stopWorkers?.();
      await relay.stop();
      await closeQueues(queues);
      producer.disconnect();
      await runtime.close();
    },
  };
}
