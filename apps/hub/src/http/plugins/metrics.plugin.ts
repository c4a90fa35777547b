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
 * Prometheus metrics at /metrics. HTTP metrics are counted as requests finish; the business
 * gauges (runs by status, destination outcomes, quantities reported, queue depths) are read from
 * Postgres and Redis when scraped, so every process reports the same truth.
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

    new Gauge({
      name: 'hub_runs',
      help: 'Integration runs by status',
      labelNames: ['status'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await services.db
          .selectFrom('integration_runs')
          .select(['status', sql<string>`count(*)`.as('count')])
          .groupBy('status')
          .execute();
        for (const row of rows) this.set({ status: row.status }, Number(row.count));
      },
    });
    new Gauge({
      name: 'hub_destination_events',
      help: 'Usage events sent to destinations, by destination and outcome status',
      labelNames: ['destination', 'status'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await services.db
          .selectFrom('usage_events')
          .select(['destination', 'status', sql<string>`count(*)`.as('count')])
          .groupBy(['destination', 'status'])
          .execute();
        for (const row of rows)
          this.set({ destination: row.destination, status: row.status }, Number(row.count));
      },
    });
    new Gauge({
      name: 'hub_quantity_reported',
      help: 'Quantity accepted by destinations, by destination and dimension',
      labelNames: ['destination', 'dimension'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await services.db
          .selectFrom('usage_events')
          .select(['destination', 'dimension', sql<string>`sum(quantity)`.as('total')])
          .where('status', '=', 'ACCEPTED')
          .groupBy(['destination', 'dimension'])
          .execute();
        // A gauge is a float by nature; this is an operator's view, never a billing figure.
        for (const row of rows)
          this.set({ destination: row.destination, dimension: row.dimension }, Number(row.total));
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
