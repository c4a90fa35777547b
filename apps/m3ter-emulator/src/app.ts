/**
 * Assembles the Fastify app: the OAuth token endpoint at `/oauth/token`, m3ter's Config API under
 * `/organizations/:orgId`, the test-tool admin API under `/admin`, and `/health`.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { EmulatorController, type EmulatorControllerOptions } from './emulator-controller.js';
import { registerFaultHooks } from './faults/fault-hooks.js';
import { MESSAGES, sendM3terError } from './http/m3ter-errors.js';
import { QueryError } from './http/paging.js';
import { registerAccountRoutes } from './routes/accounts.route.js';
import { adminRoutes } from './routes/admin.route.js';
import { registerBillRoutes } from './routes/bills.route.js';
import { registerEventRoutes } from './routes/events.route.js';
import { registerExternalMappingRoutes } from './routes/external-mappings.route.js';
import { requireOrganizationToken } from './routes/organization-access.js';
// Brings the route-config augmentation into every compilation that includes this file.
import type {} from './routes/route-config.js';
import { registerTokenRoute } from './routes/token.route.js';

export interface BuildM3terEmulatorAppOptions extends EmulatorControllerOptions {
  /** Fastify request logging. Default: off (it is a test tool; logs would drown test output). */
  logger?: boolean;
  /** Share state with an existing controller (the library's `M3terEmulator` does this). */
  controller?: EmulatorController;
}

/** The un-listened Fastify app, for `app.inject` tests or embedding. */
export function buildM3terEmulatorApp(options: BuildM3terEmulatorAppOptions = {}): FastifyInstance {
  const controller = options.controller ?? new EmulatorController(options);
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    keepAliveTimeout: 30_000,
  });
  app.register(formbody);

  // m3ter's `{message}` body for anything that goes wrong on its routes (bad query, bad JSON, bugs).
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof QueryError) return sendM3terError(reply, 400, error.message);
    const statusCode = (error as { statusCode?: number }).statusCode ?? 500;
    return sendM3terError(
      reply,
      statusCode,
      statusCode >= 500 ? MESSAGES.internalError : (error as Error).message,
    );
  });

  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions.config.m3terRoute;
    if (route !== undefined) controller.state.stats.calls[route]++;
  });
  registerFaultHooks(app, controller);

  registerTokenRoute(app, controller);
  app.register(
    async (api) => {
      requireOrganizationToken(api, controller);
      registerBillRoutes(api, controller);
      registerAccountRoutes(api, controller);
      registerEventRoutes(api, controller);
      registerExternalMappingRoutes(api, controller);
    },
    { prefix: '/organizations/:orgId' },
  );
  app.register(adminRoutes, { prefix: '/admin', controller });
  app.get('/health', async () => ({ status: 'ok' }));

  return app;
}
