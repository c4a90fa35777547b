import { ZCredentialBody } from '@hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findCredential, listCredentials } from '../../repositories/credentials.repository.js';
import {
  checkCredentialBody,
  createCredential,
  removeCredential,
  verifyCredential,
} from '../../services/credentials.service.js';
import type { HubServices } from '../../services.js';
import { notFound } from '../errors.js';
import { toPage, ZPageQuery } from '../pagination.js';
import { errorResponses, listOf, ZIdParams } from '../schemas.js';
import {
  credentialResponseSchema,
  decodeUuidCursor,
  describeCredentialFields,
  toCredentialResponse,
  ZVerifyResponse,
} from './integration-responses.js';

const TAGS = ['integration credentials'];

/**
 * Destination credentials. The body's destination-specific fields are checked by the destination's
 * adapter; its secret fields are sealed at rest and never leave the hub again (no response, log
 * line or error message carries them).
 */
export const credentialsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (
  app,
  { services },
) => {
  const { adapters } = services;
  const ZCredentialResponse = credentialResponseSchema(adapters);

  // Generic fields by core's schema, the rest by the adapter's, all reported in one 400.
  const ZCreateCredential = ZCredentialBody.loose()
    .superRefine((body, ctx) => {
      // A missing or non-string destination is already reported by the generic schema.
      if (typeof body.destination !== 'string' || body.destination.trim() === '') return;
      const checked = checkCredentialBody(adapters, body);
      if (checked.ok) return;
      for (const detail of checked.details) {
        ctx.addIssue({ code: 'custom', path: detail.path.split('.'), message: detail.message });
      }
    })
    .describe(
      `name, destination and the destination's credential fields (${describeCredentialFields(adapters)})`,
    );

  app.post(
    '/v1/integration-credentials',
    {
      schema: {
        tags: TAGS,
        summary: 'Store a destination credential; its secret is write-only',
        body: ZCreateCredential,
        response: { 201: ZCredentialResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createCredential(services, request.auth.orgId, request.body);
      return reply.status(201).send(toCredentialResponse(created, adapters));
    },
  );

  app.get(
    '/v1/integration-credentials',
    {
      schema: {
        tags: TAGS,
        summary: 'List credentials (oldest first)',
        querystring: ZPageQuery.extend({ destination: z.string().trim().min(1).max(100).optional() }),
        response: { 200: listOf(ZCredentialResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { pageSize, nextToken, destination } = request.query;
      const rows = await listCredentials(services.db, request.auth.orgId, {
        after: decodeUuidCursor(nextToken),
        limit: pageSize + 1,
        destination,
      });
      const page = toPage(rows, pageSize, (row) => ({ t: row.dtCreated.toISOString(), id: row.id }));
      return { data: page.data.map((row) => toCredentialResponse(row, adapters)), nextToken: page.nextToken };
    },
  );

  app.get(
    '/v1/integration-credentials/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Read a credential (never its secret)',
        params: ZIdParams,
        response: { 200: ZCredentialResponse, ...errorResponses },
      },
    },
    async (request) => {
      const credential = await findCredential(services.db, request.auth.orgId, request.params.id);
      if (!credential) throw notFound('credential', request.params.id);
      return toCredentialResponse(credential, adapters);
    },
  );

  app.delete(
    '/v1/integration-credentials/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a credential; 409 while an integration is connected to it',
        params: ZIdParams,
        response: { 204: z.null().describe('deleted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeCredential(services, request.auth.orgId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/integration-credentials/:id/verify',
    {
      schema: {
        tags: TAGS,
        summary: 'Try the credential against its destination (a token, or the keys accepted)',
        params: ZIdParams,
        response: { 200: ZVerifyResponse, ...errorResponses },
      },
    },
    async (request) => verifyCredential(services, request.auth.orgId, request.params.id),
  );
};
