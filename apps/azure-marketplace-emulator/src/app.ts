/**
 * Assembles the Fastify app: Entra token + discovery at the root, Microsoft's marketplace API
 * under `/api`, the test-tool admin API under `/admin`.
 */
// Brings the route-config augmentation into every compilation that includes this file (consumers
// compile these sources under the @hub/source condition).

import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { EmulatorController, type EmulatorControllerOptions } from './emulator-controller.js';
import { registerFaultHooks } from './faults/fault-hooks.js';
import { registerLosslessJsonParser } from './http/json-body.js';
import { echoRequestIds } from './http/request-ids.js';
import { adminRoutes } from './routes/admin.route.js';
import { registerBatchUsageEventRoute } from './routes/batch-usage-event.route.js';
import { registerOpenIdConfigurationRoutes } from './routes/openid-configuration.route.js';
import type {} from './routes/route-config.js';
import { MARKETPLACE_API_ROUTE_IDS } from './routes/route-ids.js';
import { registerSaasSubscriptionRoutes } from './routes/saas-subscriptions.route.js';
import { registerTokenRoutes } from './routes/token.route.js';
import { registerUsageEventRoute } from './routes/usage-event.route.js';
import { registerUsageEventsRoute } from './routes/usage-events.route.js';
import { countStat } from './state/emulator-state.js';

export interface BuildEmulatorAppOptions extends EmulatorControllerOptions {
  /** Fastify request logging. Default: off (it is a test tool; logs would drown test output). */
  logger?: boolean;
  /** Share state with an existing controller (the library's `Emulator` does this). */
  controller?: EmulatorController;
}

/** The un-listened Fastify app, for `app.inject` tests or embedding. */
export function buildEmulatorApp(options: BuildEmulatorAppOptions = {}): FastifyInstance {
  const controller = options.controller ?? new EmulatorController(options);
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true },
    // Many small batches in benchmarks: keep idle sockets for reuse like a real front door.
    keepAliveTimeout: 30_000,
  });

  registerLosslessJsonParser(app);
  app.register(formbody);

  // Hook order matters: count the call, stamp request ids, then maybe inject a fault, so even a
  // faulted answer carries the ids.
  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.config.emulatorRoute;
    if (route === undefined) return;
    countStat(controller.state.stats.routes, `${request.method} ${request.routeOptions.url}`);
    if (MARKETPLACE_API_ROUTE_IDS.includes(route)) echoRequestIds(request, reply);
  });
  registerFaultHooks(app, controller);

  registerTokenRoutes(app, controller);
  registerOpenIdConfigurationRoutes(app, controller);
  app.register(
    async (api) => {
      registerBatchUsageEventRoute(api, controller);
      registerUsageEventRoute(api, controller);
      registerUsageEventsRoute(api, controller);
      registerSaasSubscriptionRoutes(api, controller);
    },
    { prefix: '/api' },
  );
  app.register(adminRoutes, { prefix: '/admin', controller });
  app.get('/health', async () => ({ status: 'ok' }));

  return app;
}
