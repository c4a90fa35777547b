import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKey, revokeApiKey } from '../../repositories/api-keys.repository.js';
import type { HubServices } from '../../services.js';
import { conflict, HttpError, notFound } from '../errors.js';
import { requireAdmin } from '../plugins/auth.plugin.js';
import { errorResponses } from '../schemas.js';

const ZCreateApiKey = z.object({
  orgId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 letters, digits, ".", "_" or "-"'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  admin: z.boolean().default(false),
});

export const apiKeysRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.post(
    '/v1/api-keys',
    {
      schema: {
        tags: ['auth'],
        summary:
          'Create an API key (admin keys only: the hub admin for any organization, an org admin for its own); the key is shown once',
        body: ZCreateApiKey,
        response: {
          201: z.object({
            id: z.string(),
            orgId: z.string(),
            name: z.string(),
            admin: z.boolean(),
            key: z.string(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { auth } = request;
      if (!auth.hubAdmin && request.body.orgId !== auth.orgId) {
        const message = `must be "${auth.orgId}", the organization of this key`;
        throw new HttpError(
          'FORBIDDEN',
          `an org admin key creates keys for its own organization only: orgId ${message}`,
          [{ path: 'orgId', message }],
        );
      }
      const created = await createApiKey(services.db, request.body);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/v1/api-keys/:id',
    {
      schema: {
        tags: ['auth'],
        summary:
          "Revoke an API key (admin keys only: the hub admin any key, an org admin its own organization's); it stops working at once",
        params: z.object({ id: z.uuid('must be an API key id (a UUID)') }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      const { auth } = request;
      const outcome = await revokeApiKey(services.db, request.params.id, auth.hubAdmin ? null : auth.orgId);
      // Another organization's key is "not found", so ids can't be probed across organizations.
      if (outcome === 'not-found') throw notFound('API key', request.params.id);
      if (outcome === 'hub-admin')
        throw conflict(
          'the hub-admin key is configured at start-up (HUB_BOOTSTRAP_API_KEY) and cannot be revoked here',
        );
      app.forgetApiKey(request.params.id);
      return reply.status(204).send(null);
    },
  );
};
