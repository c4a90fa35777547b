import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { guardJsonBody } from './http/body-guard.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandler } from './http/error-handler.js';
import { HttpError, validationFailed } from './http/errors.js';
import { registerLosslessJsonParser } from './http/json-body-parser.js';
import { authPlugin, requireHubAdmin } from './http/plugins/auth.plugin.js';
import { consoleDirectory, consolePlugin } from './http/plugins/console.plugin.js';
import { type MetricsOptions, metricsPlugin } from './http/plugins/metrics.plugin.js';
import { healthRoutes } from './http/routes/health.route.js';
import { V1_ROUTES } from './http/routes/index.js';
import { sourceWebhookRoutes } from './http/routes/source-webhook.route.js';
import type { HubServices } from './services.js';

export interface BuildAppOptions {
  services: HubServices;
  logger?: FastifyServerOptions['logger'];
  queueDepths?: MetricsOptions['queueDepths'];
  /** Extra routes mounted behind the hub-admin key (Bull Board). */
  adminPlugins?: ((app: FastifyInstance) => Promise<void>)[];
}

/** Paths and fields that must never reach a log line. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.body.clientSecret',
  '*.clientSecret',
  '*.secret',
  '*.key',
  '*.accessToken',
];

/**
 * Builds the HTTP app as a plugin tree; it does not listen. Routes use zod schemas for validation,
 * serialization and the OpenAPI document alike.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: services.env.HUB_BODY_LIMIT_BYTES,
    // Ids are up to 200 characters (the models say so); Fastify's default of 100 would answer 414.
    routerOptions: { maxParamLength: 300 },
    // What Fastify and Node answer before any route or error handler runs, in the contract's shape.
    frameworkErrors,
    clientErrorHandler,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerLosslessJsonParser(app);
  registerErrorHandler(app);
  app.addHook('onRequest', async (request) => {
    // A NUL in a path or query can't name anything stored (Postgres text has none).
    if (request.url.includes('%00') || request.url.includes('\u0000'))
      throw validationFailed('the URL contains a NUL character');
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Integration hub API',
        version: '1.0.0',
        description: 'Reports billing-platform bills to cloud marketplaces.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(authPlugin, { services });
  await app.register(metricsPlugin, {
    services,
    ...(options.queueDepths ? { queueDepths: options.queueDepths } : {}),
  });
  await app.register(healthRoutes, { services });
  // The operator's console: static files only; it talks to the /v1 API like any other client.
  await app.register(consolePlugin, { directory: consoleDirectory(services.env.HUB_CONSOLE_DIR) });

  // A billing platform's webhook: authenticated by its URL's token, not an API key; raw body.
  await app.register(sourceWebhookRoutes, { services });

  await app.register(async (v1) => {
    v1.addHook('onRequest', v1.authenticate);
    // Every stored body: no NUL characters or lone surrogates (Postgres refuses them), no absurd exponents.
    v1.addHook('preValidation', guardJsonBody);
    for (const routes of V1_ROUTES) await v1.register(routes, { services });
  });

  if (options.adminPlugins?.length) {
    await app.register(async (admin) => {
      admin.addHook('onRequest', async (request, reply) => {
        // Browsers get a login prompt (Basic, the admin key as password).
        reply.header('www-authenticate', 'Basic realm="integration hub admin"');
        await admin.authenticateBrowser(request);
        reply.removeHeader('www-authenticate');
        requireHubAdmin(request);
        refuseCrossSiteChange(request);
      });
      for (const plugin of options.adminPlugins ?? []) await plugin(admin);
    });
  }

  return app;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Basic credentials are replayed by the browser on any request to the host, so a change made with
 * them must come from a page of this origin. Bearer keys are attached on purpose and pass.
 */
function refuseCrossSiteChange(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method) || !/^Basic\s/i.test(request.headers.authorization ?? '')) return;
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const crossSite =
    site !== undefined ? site !== 'same-origin' : origin !== undefined && !isOriginOf(origin, request);
  if (crossSite)
    throw new HttpError(
      'FORBIDDEN',
      'a change to the queues must come from Bull Board itself, not another site',
    );
}

function isOriginOf(origin: string, request: FastifyRequest): boolean {
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
