import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HubServices } from '../../services.js';
import { accountFilterRoutes } from './account-filter.route.js';
import { accountsRoutes } from './accounts.route.js';
import { apiKeysRoutes } from './api-keys.route.js';
import { billsRoutes } from './bills.route.js';
import { credentialsRoutes } from './credentials.route.js';
import { destinationsRoutes } from './destinations.route.js';
import { eventsRoutes } from './events.route.js';
import { externalMappingsRoutes } from './external-mappings.route.js';
import { integrationCheckRoutes } from './integration-check.route.js';
import { integrationsRoutes } from './integrations.route.js';
import { previewRoutes } from './preview.route.js';
import { runsRoutes } from './runs.route.js';
import { sourcesRoutes } from './sources.route.js';
import { usageRoutes } from './usage.route.js';

/** Every authenticated /v1 route group, registered under the auth hook by app.ts. */
export const V1_ROUTES: FastifyPluginAsyncZod<{ services: HubServices }>[] = [
  apiKeysRoutes,
  accountsRoutes,
  accountFilterRoutes,
  billsRoutes,
  destinationsRoutes,
  credentialsRoutes,
  integrationsRoutes,
  integrationCheckRoutes,
  previewRoutes,
  externalMappingsRoutes,
  runsRoutes,
  usageRoutes,
  eventsRoutes,
  sourcesRoutes,
];
