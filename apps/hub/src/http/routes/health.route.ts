import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { HubServices } from '../../services.js';

async function probe(check: () => Promise<unknown>, timeoutMs = 2000): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Ready when Postgres and Redis answer; a 503 names what is failing',
        response: {
          200: z.object({ status: z.literal('ready') }),
          503: z.object({ status: z.literal('unavailable'), failing: z.record(z.string(), z.string()) }),
        },
      },
    },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        probe(() => sql`select 1`.execute(services.db)),
        probe(services.checkRedis),
      ]);
      const failing: Record<string, string> = {};
      if (postgres) failing.postgres = postgres;
      if (redis) failing.redis = redis;
      if (Object.keys(failing).length > 0)
        return reply.status(503).send({ status: 'unavailable' as const, failing });
      return { status: 'ready' as const };
    },
  );
};
