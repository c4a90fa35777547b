import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { HubServices } from '../../services.js';

export interface MetricsOptions {
  services: HubServices;
  /** Queue depths by queue and state, read at scrape time (absent when the app has no queues). */
  queueDepths?: () => Promise<{ queue: string; state: string; count: number }[]>;
}

/**
 * How long figures aggregated from Postgres are reused. They scan whole tables, and a scraper (or
 * several, or anyone: /metrics is open) must not be able to run that at will.
 */
export const DB_FIGURES_TTL_MS = 30_000;

interface DbFigures {
  runs: { status: string; count: number }[];
  events: { destination: string; status: string; count: number }[];
  reported: { destination: string; total: number }[];
}

/**
 * Prometheus metrics at /metrics. HTTP metrics are counted as requests finish; the business gauges
 * (runs by status, destination outcomes, quantities reported) are read from Postgres, at most once
 * per `DB_FIGURES_TTL_MS`, so every process reports the same truth; queue depths come from Redis.
 * Nothing here is labelled by organization or by anything an organization names (dimensions,
 * resources): the endpoint is unauthenticated, and per-organization figures are in its own API
 * (`/v1/usage-report`, `/v1/usage-events`, `/v1/integration-runs`).
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, { services, queueDepths }: MetricsOptions) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'hub_' });

    const requests = new Counter({
      name: 'hub_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'hub_http_request_duration_seconds',
      help: 'HTTP request latency by method and route',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });

    const readDbFigures = async (): Promise<DbFigures> => {
      const [runs, events] = await Promise.all([
        services.db
          .selectFrom('integration_runs')
          .select(['status', sql<string>`count(*)`.as('count')])
          .groupBy('status')
          .execute(),
        services.db
          .selectFrom('usage_events')
          .select([
            'destination',
            'status',
            sql<string>`count(*)`.as('count'),
            sql<string>`coalesce(sum(quantity), 0)`.as('total'),
          ])
          .groupBy(['destination', 'status'])
          .execute(),
      ]);
      return {
        runs: runs.map((row) => ({ status: row.status, count: Number(row.count) })),
        events: events.map((row) => ({
          destination: row.destination,
          status: row.status,
          count: Number(row.count),
        })),
        // A gauge is a float by nature; this is an operator's view, never a billing figure.
        reported: events
          .filter((row) => row.status === 'ACCEPTED')
          .map((row) => ({ destination: row.destination, total: Number(row.total) })),
      };
    };
    let cached: { figures: DbFigures; readAt: number } | null = null;
    let reading: Promise<DbFigures> | null = null;
    // Concurrent scrapes share one read; a failed read is not cached, so the next scrape retries.
    const dbFigures = (): Promise<DbFigures> => {
      if (cached && Date.now() - cached.readAt < DB_FIGURES_TTL_MS) return Promise.resolve(cached.figures);
      reading ??= readDbFigures()
        .then((figures) => {
          cached = { figures, readAt: Date.now() };
          return figures;
        })
        .finally(() => {
          reading = null;
        });
      return reading;
    };

    new Gauge({
      name: 'hub_runs',
      help: `Integration runs by status (read from Postgres at most every ${DB_FIGURES_TTL_MS / 1000} s)`,
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        const { runs } = await dbFigures();
        this.reset();
        for (const row of runs) this.set({ status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'hub_destination_events',
      help: `Usage events sent to destinations, by destination and outcome status (read from Postgres at most every ${DB_FIGURES_TTL_MS / 1000} s)`,
      labelNames: ['destination', 'status'],
      registers: [registry],
      async collect() {
        const { events } = await dbFigures();
        this.reset();
        for (const row of events) this.set({ destination: row.destination, status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'hub_quantity_reported',
      help: `Quantity accepted by destinations, all dimensions together (read from Postgres at most every ${DB_FIGURES_TTL_MS / 1000} s)`,
      labelNames: ['destination'],
      registers: [registry],
      async collect() {
        const { reported } = await dbFigures();
        this.reset();
        for (const row of reported) this.set({ destination: row.destination }, row.total);
      },
    });
    if (queueDepths) {
      new Gauge({
        name: 'hub_queue_jobs',
        help: 'Jobs per queue and state',
        labelNames: ['queue', 'state'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const { queue, state, count } of await queueDepths()) this.set({ queue, state }, count);
        },
      });
    }

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      reply.header('content-type', registry.contentType);
      return registry.metrics();
    });
  },
  { name: 'metrics' },
);
