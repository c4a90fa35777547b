import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HubServices } from '../../services.js';

export const integrationCheckRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (
  _app,
  _options,
) => {};
