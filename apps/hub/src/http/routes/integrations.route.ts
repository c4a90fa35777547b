import { ZConfigData, ZIntegrationConfigBody } from '@hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdapterRegistry } from '../../plugins/load-plugins.js';
import { findIntegration, listIntegrations } from '../../repositories/integrations.repository.js';
import { latestRunsOf } from '../../repositories/runs.repository.js';
import { integrationWarnings } from '../../services/integration-checks.service.js';
import {
  connectCredential,
  createIntegration,
  disableIntegration,
  disconnectCredential,
  enableIntegration,
  integrationBodyIssues,
  removeIntegration,
  replaceIntegration,
} from '../../services/integrations.service.js';
import type { HubServices } from '../../services.js';
import { notFound } from '../errors.js';
import { toPage, ZPageQuery } from '../pagination.js';
import { errorResponses, listOf, ZIdParams } from '../schemas.js';
import {
  decodeUuidCursor,
  toIntegrationResponse,
  toLastRun,
  ZIntegrationReadResponse,
  ZIntegrationResponse,
  ZIntegrationSaveResponse,
} from './integration-responses.js';

const TAGS = ['integrations'];

/**
 * Adds the destination rules (registered adapter, its `validateConfig`, its quantity limits) to a
 * body schema, so one 400 lists core's and the destination's issues together. The service checks
 * them again for callers that are not HTTP.
 */
function withDestinationRules<T extends z.ZodType<{ destination: string; configData: unknown }>>(
  schema: T,
  adapters: AdapterRegistry,
) {
  return schema.superRefine((body, ctx) => {
    if (typeof body?.destination !== 'string' || body.destination.trim() === '') return;
    if (!adapters.has(body.destination)) {
      ctx.addIssue({
        code: 'custom',
        path: ['destination'],
        message: `must be one of the registered destinations: ${[...adapters.keys()].join(', ')}`,
      });
      return;
    }
    // Destination rules read a valid configData; an invalid one is already reported by core's schema.
    const config = ZConfigData.safeParse(body.configData);
    if (!config.success) return;
    for (const issue of integrationBodyIssues(adapters, body.destination, config.data)) {
      ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
    }
  });
}

export const integrationsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (
  app,
  { services },
) => {
  const { adapters } = services;
  const ZCreateBody = withDestinationRules(ZIntegrationConfigBody, adapters);
  const ZReplaceBody = withDestinationRules(
    ZIntegrationConfigBody.extend({
      enabled: z.boolean().optional().describe('omitted: keeps the current value'),
      version: z
        .number({ error: 'is required: the version this change is based on' })
        .int()
        .min(1)
        .describe('the version read; a stale one answers 409'),
    }),
    adapters,
  );

  app.post(
    '/v1/integrations',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an integration (not connected until a credential is connected)',
        body: ZCreateBody,
        response: { 201: ZIntegrationSaveResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createIntegration(services, request.auth.orgId, request.body);
      const warnings = await integrationWarnings(services, request.auth.orgId, created);
      return reply.status(201).send({ ...toIntegrationResponse(created), warnings });
    },
  );

  app.get(
    '/v1/integrations',
    {
      schema: {
        tags: TAGS,
        summary: 'List integrations (oldest first), optionally of one destination',
        querystring: ZPageQuery.extend({ destination: z.string().trim().min(1).max(100).optional() }),
        response: { 200: listOf(ZIntegrationReadResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { pageSize, nextToken, destination } = request.query;
      const rows = await listIntegrations(services.db, request.auth.orgId, {
        destination,
        after: decodeUuidCursor(nextToken),
        limit: pageSize + 1,
      });
      const page = toPage(rows, pageSize, (row) => ({ t: row.dtCreated.toISOString(), id: row.id }));
      const lastRuns = await latestRunsOf(
        services.db,
        request.auth.orgId,
        page.data.map((row) => row.id),
      );
      return {
        data: page.data.map((row) => ({
          ...toIntegrationResponse(row),
          lastRun: toLastRun(lastRuns.get(row.id)),
        })),
        nextToken: page.nextToken,
      };
    },
  );

  app.get(
    '/v1/integrations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Read an integration',
        params: ZIdParams,
        response: { 200: ZIntegrationReadResponse, ...errorResponses },
      },
    },
    async (request) => {
      const integration = await findIntegration(services.db, request.auth.orgId, request.params.id);
      if (!integration) throw notFound('integration', request.params.id);
      const lastRuns = await latestRunsOf(services.db, request.auth.orgId, [integration.id]);
      return { ...toIntegrationResponse(integration), lastRun: toLastRun(lastRuns.get(integration.id)) };
    },
  );

  app.put(
    '/v1/integrations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Replace an integration (full body plus the version read; stale version → 409)',
        params: ZIdParams,
        body: ZReplaceBody,
        response: { 200: ZIntegrationSaveResponse, ...errorResponses },
      },
    },
    async (request) => {
      const updated = await replaceIntegration(services, request.auth.orgId, request.params.id, request.body);
      const warnings = await integrationWarnings(services, request.auth.orgId, updated);
      return { ...toIntegrationResponse(updated), warnings };
    },
  );

  app.delete(
    '/v1/integrations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete an integration (its runs and usage stay readable)',
        params: ZIdParams,
        response: { 204: z.null().describe('deleted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeIntegration(services, request.auth.orgId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/v1/integrations/:id/credential',
    {
      schema: {
        tags: TAGS,
        summary: 'Connect or change the credential (same organization and destination)',
        params: ZIdParams,
        body: z.object({ credentialId: z.string().trim().min(1, 'must not be empty').max(200) }),
        response: { 200: ZIntegrationResponse, ...errorResponses },
      },
    },
    async (request) =>
      toIntegrationResponse(
        await connectCredential(services, request.auth.orgId, request.params.id, request.body.credentialId),
      ),
  );

  app.delete(
    '/v1/integrations/:id/credential',
    {
      schema: {
        tags: TAGS,
        summary: 'Disconnect the credential; new runs wait as AWAITING_CREDENTIAL',
        params: ZIdParams,
        response: { 200: ZIntegrationResponse, ...errorResponses },
      },
    },
    async (request) =>
      toIntegrationResponse(await disconnectCredential(services, request.auth.orgId, request.params.id)),
  );

  app.post(
    '/v1/integrations/:id/enable',
    {
      schema: {
        tags: TAGS,
        summary: 'Enable; clears the disabled reason and the consecutive failure counters',
        params: ZIdParams,
        response: { 200: ZIntegrationResponse, ...errorResponses },
      },
    },
    async (request) =>
      toIntegrationResponse(await enableIntegration(services, request.auth.orgId, request.params.id)),
  );

  app.post(
    '/v1/integrations/:id/disable',
    {
      schema: {
        tags: TAGS,
        summary: 'Disable; new runs park as DISABLED until it is enabled again',
        params: ZIdParams,
        body: z
          .object({ reason: z.string().trim().min(1, 'must not be empty').max(500).optional() })
          .nullish()
          .describe('optional: { reason } shown as disabledReason'),
        response: { 200: ZIntegrationResponse, ...errorResponses },
      },
    },
    async (request) =>
      toIntegrationResponse(
        await disableIntegration(
          services,
          request.auth.orgId,
          request.params.id,
          request.body?.reason ?? null,
        ),
      ),
  );
};
