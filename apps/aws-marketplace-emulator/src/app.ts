/**
 * Assembles the Fastify app: the AWS front door at `POST /` (metering and STS), the test-tool admin
 * API under `/admin`, `GET /health`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { AwsEmulatorController, type AwsEmulatorControllerOptions } from './emulator-controller.js';
import { adminRoutes } from './routes/admin.route.js';
import { registerAwsApiRoute } from './routes/aws-api.route.js';

export interface BuildAwsEmulatorAppOptions extends AwsEmulatorControllerOptions {
  /** Fastify request logging. Default: off (it is a test tool; logs would drown test output). */
  logger?: boolean;
  /** Share state with an existing controller (the library's `AwsEmulator` does this). */
  controller?: AwsEmulatorController;
}

/** The un-listened Fastify app, for `app.inject` tests or embedding. */
export function buildAwsEmulatorApp(options: BuildAwsEmulatorAppOptions = {}): FastifyInstance {
  const controller = options.controller ?? new AwsEmulatorController(options);
  const app = Fastify({
    logger: options.logger ?? false,
    // Many small batches in benchmarks: keep idle sockets for reuse like a real front door.
    keepAliveTimeout: 30_000,
  });
  registerAwsApiRoute(app, controller);
  app.register(adminRoutes, { prefix: '/admin', controller });
  app.get('/health', async () => ({ status: 'ok' }));
  return app;
}
