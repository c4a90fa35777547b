import { MAPPING_ENTITIES, ZExternalMappingBody } from '@hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  findExternalMapping,
  listExternalMappings,
} from '../../repositories/external-mappings.repository.js';
import { findIntegration } from '../../repositories/integrations.repository.js';
import { IMPORT_ACTIONS, importExternalMappings } from '../../services/external-mapping-import.service.js';
import { createExternalMapping, removeExternalMapping } from '../../services/external-mappings.service.js';
import type { HubServices } from '../../services.js';
import { notFound } from '../errors.js';
import { toPage, ZPageQuery } from '../pagination.js';
import { errorResponses, listOf, ZIdParams } from '../schemas.js';
import {
  decodeUuidCursor,
  toExternalMappingResponse,
  ZExternalMappingResponse,
} from './integration-responses.js';

const TAGS = ['external mappings'];

const ZFilterText = z.string().trim().min(1, 'must not be empty').max(500).optional();

const ZListQuery = ZPageQuery.extend({
  m3terEntity: z.enum(MAPPING_ENTITIES).optional(),
  m3terId: ZFilterText,
  externalSystem: ZFilterText,
  externalTable: ZFilterText,
  integrationConfigId: ZFilterText,
});

/** Most rows one import takes. */
export const MAX_IMPORT_ROWS = 5000;

const ZImportBody = z.object({
  dryRun: z.boolean({ error: 'must be true (only classify the rows) or false (apply them)' }),
  integrationConfigId: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(200)
    .nullish()
    .describe('the integration rows that leave integrationConfigId out are linked to (null: unlinked)'),
  rows: z
    .array(
      z
        .record(z.string(), z.unknown())
        .describe(
          'an external mapping as POST /v1/external-mappings takes it: m3terEntity, m3terId, externalSystem, externalTable, externalId, integrationConfigId?, metadata?; checked row by row',
        ),
    )
    .min(1, 'must have at least one row')
    .max(MAX_IMPORT_ROWS, `must have at most ${MAX_IMPORT_ROWS} rows`),
});

const ZImportResponse = z.object({
  dryRun: z.boolean(),
  applied: z.boolean().describe('true when the changes were made (dryRun false, no ERROR row)'),
  summary: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    error: z.number().int(),
  }),
  rows: z.array(
    z.object({
      index: z.number().int().describe('0-based position in the request’s rows'),
      action: z.enum(IMPORT_ACTIONS),
      mappingId: z
        .string()
        .nullable()
        .describe('the existing mapping the row matched, or the one an applied CREATE made'),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).describe('paths inside the row'),
    }),
  ),
});

const pageKey = (row: { dtCreated: Date; id: string }) => ({ t: row.dtCreated.toISOString(), id: row.id });

export const externalMappingsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (
  app,
  { services },
) => {
  app.post(
    '/v1/external-mappings',
    {
      schema: {
        tags: TAGS,
        summary: 'Create a mapping; a taken key → 409, an integrationConfigId not in the org → 404',
        body: ZExternalMappingBody,
        response: { 201: ZExternalMappingResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createExternalMapping(services, request.auth.orgId, request.body);
      return reply.status(201).send(toExternalMappingResponse(created));
    },
  );

  app.post(
    '/v1/external-mappings/import',
    {
      // Thousands of rows: more than the default body limit.
      bodyLimit: Math.max(services.env.HUB_BODY_LIMIT_BYTES, 10 * 1024 * 1024),
      schema: {
        tags: TAGS,
        summary:
          'Import mappings in bulk: each row classified CREATE, UPDATE, UNCHANGED or ERROR; applied all or nothing unless dryRun',
        body: ZImportBody,
        response: { 200: ZImportResponse, ...errorResponses },
      },
    },
    async (request) => importExternalMappings(services, request.auth.orgId, request.body),
  );

  app.get(
    '/v1/external-mappings',
    {
      schema: {
        tags: TAGS,
        summary: 'List mappings (oldest first), filtered by any of the query fields',
        querystring: ZListQuery,
        response: { 200: listOf(ZExternalMappingResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { pageSize, nextToken, ...filter } = request.query;
      const rows = await listExternalMappings(services.db, request.auth.orgId, {
        ...filter,
        after: decodeUuidCursor(nextToken),
        limit: pageSize + 1,
      });
      const page = toPage(rows, pageSize, pageKey);
      return { data: page.data.map(toExternalMappingResponse), nextToken: page.nextToken };
    },
  );

  app.get(
    '/v1/external-mappings/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Read a mapping',
        params: ZIdParams,
        response: { 200: ZExternalMappingResponse, ...errorResponses },
      },
    },
    async (request) => {
      const mapping = await findExternalMapping(services.db, request.auth.orgId, request.params.id);
      if (!mapping) throw notFound('external mapping', request.params.id);
      return toExternalMappingResponse(mapping);
    },
  );

  app.delete(
    '/v1/external-mappings/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a mapping',
        params: ZIdParams,
        response: { 204: z.null().describe('deleted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeExternalMapping(services, request.auth.orgId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/integrations/:id/external-mappings',
    {
      schema: {
        tags: TAGS,
        summary: 'The mappings linked to one integration',
        params: ZIdParams,
        querystring: ZPageQuery,
        response: { 200: listOf(ZExternalMappingResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.auth;
      const integration = await findIntegration(services.db, orgId, request.params.id);
      if (!integration) throw notFound('integration', request.params.id);
      const { pageSize, nextToken } = request.query;
      const rows = await listExternalMappings(services.db, orgId, {
        integrationConfigId: integration.id,
        after: decodeUuidCursor(nextToken),
        limit: pageSize + 1,
      });
      const page = toPage(rows, pageSize, pageKey);
      return { data: page.data.map(toExternalMappingResponse), nextToken: page.nextToken };
    },
  );
};
