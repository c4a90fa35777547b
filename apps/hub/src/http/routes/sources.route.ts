import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SourceRegistry } from '../../plugins/load-plugins.js';
import {
  findSync,
  listSyncExchanges,
  listSyncs,
  type StoredSync,
} from '../../repositories/source-syncs.repository.js';
import { findSource, listSources, type StoredSource } from '../../repositories/sources.repository.js';
import {
  createSource,
  DEFAULT_SCHEDULE_SECONDS,
  MIN_SCHEDULE_SECONDS,
  removeSource,
  replaceSource,
  requestSync,
  rotateWebhookToken,
  sourceBodyIssues,
  verifySource,
  webhookPath,
} from '../../services/sources.service.js';
import type { HubServices } from '../../services.js';
import { notFound } from '../errors.js';
import { toPage, ZPageQuery } from '../pagination.js';
import { errorResponses, iso, listOf, ZIdParams, ZTimestamp } from '../schemas.js';
import { decodeUuidCursor, ZVerifyResponse } from './integration-responses.js';
import { toExchangeResponse, ZExchangeResponse } from './runs.route.js';

const TAGS = ['sources'];
const MAX_SCHEDULE_SECONDS = 7 * 24 * 3600;

const ZSourceFields = z.object({
  type: z.string().trim().min(1, 'must not be empty').max(100).describe('a loaded source plugin id'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  settings: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("the source's settings, checked by the source plugin's settings schema"),
  schedule: z
    .number({ error: 'must be a whole number of seconds' })
    .int('must be a whole number of seconds')
    .min(MIN_SCHEDULE_SECONDS, `must be at least ${MIN_SCHEDULE_SECONDS} seconds`)
    .max(MAX_SCHEDULE_SECONDS, `must be at most ${MAX_SCHEDULE_SECONDS} seconds`)
    .optional()
    .describe(`seconds between scheduled syncs (default ${DEFAULT_SCHEDULE_SECONDS})`),
  enabled: z.boolean().optional(),
  notificationEmails: z
    .array(z.email('must be an email address').max(320))
    .max(50)
    .optional()
    .describe("mailed when the source's credential is refused or it disables itself"),
  webhookSecret: z
    .string()
    .min(1, 'must not be empty')
    .max(1000)
    .nullish()
    .describe('write-only: the secret the billing platform signs its webhooks with (null clears it)'),
});

/** Adds the source plugin's rules (loaded type, settings, credential) so one 400 lists every issue. */
function withSourceRules<T extends z.ZodType<{ type: string; settings: unknown; credential?: unknown }>>(
  schema: T,
  sources: SourceRegistry,
  credentialRequired: boolean,
) {
  return schema.superRefine((body, ctx) => {
    if (typeof body?.type !== 'string' || body.type.trim() === '') return;
    const checked = sourceBodyIssues(sources, body, { credentialRequired });
    if (checked.ok) return;
    for (const detail of checked.details) {
      ctx.addIssue({ code: 'custom', path: detail.path.split('.'), message: detail.message });
    }
  });
}

const ZSourceResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  type: z.string(),
  name: z.string(),
  settings: z.record(z.string(), z.unknown()),
  credential: z.record(z.string(), z.unknown()).describe('the non-secret fields only'),
  schedule: z.number().int().describe('seconds between scheduled syncs'),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  notificationEmails: z.array(z.string()),
  webhook: z.object({
    available: z.boolean().describe('false: this source type offers no webhook'),
    secretSet: z.boolean().describe('a signature secret is configured (never shown)'),
    signatureChecked: z
      .boolean()
      .describe('webhooks must carry a valid signature (a secret is set and the source can check it)'),
  }),
  cursor: z.string().nullable().describe("where the source's change feed continues (opaque)"),
  lastSyncAt: ZTimestamp.nullable(),
  dtCreated: ZTimestamp,
  dtLastModified: ZTimestamp,
});

const ZWithWebhookUrl = ZSourceResponse.extend({
  webhookUrl: z
    .string()
    .nullable()
    .describe('shown once: the URL the billing platform posts to (only its token hash is stored)'),
});

function toSourceResponse(source: StoredSource, sources: SourceRegistry): z.output<typeof ZSourceResponse> {
  const plugin = sources.get(source.type);
  return {
    id: source.id,
    version: source.version,
    type: source.type,
    name: source.name,
    settings: source.settings,
    credential: source.credential,
    schedule: source.scheduleSeconds,
    enabled: source.enabled,
    disabledReason: source.disabledReason,
    notificationEmails: source.notificationEmails,
    webhook: {
      available: Boolean(plugin?.webhookBillIds),
      secretSet: source.hasWebhookSecret,
      signatureChecked: source.hasWebhookSecret && Boolean(plugin?.verifyWebhookSignature),
    },
    cursor: source.cursor,
    lastSyncAt: iso(source.lastSyncAt),
    dtCreated: iso(source.dtCreated),
    dtLastModified: iso(source.dtLastModified),
  };
}

const ZSyncError = z.object({
  code: z.string(),
  message: z.string(),
  billId: z.string().optional(),
  at: ZTimestamp,
});

const ZSyncResponse = z.object({
  id: z.string(),
  sourceId: z.string(),
  trigger: z.string().describe('SCHEDULE | MANUAL | WEBHOOK | BACKFILL | RETRY'),
  status: z.string().describe('QUEUED | RUNNING | COMPLETE | ERROR | AUTH_FAILED'),
  dtCreated: ZTimestamp,
  dtStarted: ZTimestamp.nullable(),
  dtFinished: ZTimestamp.nullable(),
  billsFetched: z.number().int(),
  billsIngested: z.number().int().describe('new bill versions stored'),
  billsSkipped: z.number().int().describe('bills that no longer exist, or versions already stored'),
  mappingsSynced: z.number().int(),
  errors: z.array(ZSyncError),
  cursorBefore: z.string().nullable(),
  cursorAfter: z.string().nullable(),
  backfill: z
    .object({ billDateStart: z.string(), billDateEnd: z.string(), status: z.string().optional() })
    .nullable(),
});

const toSyncResponse = (sync: StoredSync): z.output<typeof ZSyncResponse> => ({
  id: sync.id,
  sourceId: sync.sourceId,
  trigger: sync.trigger,
  status: sync.status,
  dtCreated: iso(sync.dtCreated),
  dtStarted: iso(sync.dtStarted),
  dtFinished: iso(sync.dtFinished),
  billsFetched: sync.billsFetched,
  billsIngested: sync.billsIngested,
  billsSkipped: sync.billsSkipped,
  mappingsSynced: sync.mappingsSynced,
  errors: sync.errors,
  cursorBefore: sync.cursorBefore,
  cursorAfter: sync.cursorAfter,
  backfill: sync.backfill,
});

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZDate = z
  .string()
  .regex(DATE, 'must be a date YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real date');

const ZSyncBody = z
  .object({
    billDateStart: ZDate.describe('backfill: bills dated from (inclusive)'),
    billDateEnd: ZDate.describe('backfill: bills dated until (exclusive)'),
    status: z.enum(['PENDING', 'APPROVED']).optional(),
  })
  .refine((body) => body.billDateStart < body.billDateEnd, {
    path: ['billDateEnd'],
    message: 'must be after billDateStart',
  })
  .nullish()
  .describe('optional: a backfill of the bills dated in [billDateStart, billDateEnd)');

const ZSyncParams = z.object({ id: z.string().min(1).max(200), syncId: z.string().min(1).max(200) });

/**
 * Bill sources: billing platforms the hub fetches bills from by itself. The source-specific fields
 * (settings, credential) are checked by the source plugin; the credential's secret fields and the
 * webhook secret are write-only, and the webhook URL's token is shown once.
 */
export const sourcesRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  const { sources } = services;
  const ZCreateBody = withSourceRules(
    ZSourceFields.extend({
      credential: z
        .record(z.string(), z.unknown(), { error: 'is required: an object with the source credential' })
        .describe("the source's credential; its secret fields are write-only"),
    }),
    sources,
    true,
  );
  const ZReplaceBody = withSourceRules(
    ZSourceFields.extend({
      credential: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('omitted: keeps the stored credential; given: replaces it whole'),
      version: z
        .number({ error: 'is required: the version this change is based on' })
        .int()
        .min(1)
        .describe('the version read; a stale one answers 409'),
    }),
    sources,
    false,
  );
  const absolute = (request: { protocol: string; host: string }, path: string) =>
    `${request.protocol}://${request.host}${path}`;

  app.post(
    '/v1/sources',
    {
      schema: {
        tags: TAGS,
        summary: 'Configure a bill source; the answer shows the webhook URL once',
        body: ZCreateBody,
        response: { 201: ZWithWebhookUrl, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { source, webhookToken } = await createSource(services, request.auth.orgId, request.body);
      return reply.status(201).send({
        ...toSourceResponse(source, sources),
        webhookUrl: webhookToken ? absolute(request, webhookPath(source.id, webhookToken)) : null,
      });
    },
  );

  app.get(
    '/v1/sources',
    {
      schema: {
        tags: TAGS,
        summary: 'List sources (oldest first), optionally of one type',
        querystring: ZPageQuery.extend({ type: z.string().trim().min(1).max(100).optional() }),
        response: { 200: listOf(ZSourceResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { pageSize, nextToken, type } = request.query;
      const rows = await listSources(services.db, request.auth.orgId, {
        after: decodeUuidCursor(nextToken),
        limit: pageSize + 1,
        type,
      });
      const page = toPage(rows, pageSize, (row) => ({ t: row.dtCreated.toISOString(), id: row.id }));
      return { data: page.data.map((row) => toSourceResponse(row, sources)), nextToken: page.nextToken };
    },
  );

  app.get(
    '/v1/sources/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Read a source (never its secrets or webhook token)',
        params: ZIdParams,
        response: { 200: ZSourceResponse, ...errorResponses },
      },
    },
    async (request) => {
      const source = await findSource(services.db, request.auth.orgId, request.params.id);
      if (!source) throw notFound('source', request.params.id);
      return toSourceResponse(source, sources);
    },
  );

  app.put(
    '/v1/sources/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Replace a source (full body plus the version read; stale version → 409)',
        params: ZIdParams,
        body: ZReplaceBody,
        response: { 200: ZSourceResponse, ...errorResponses },
      },
    },
    async (request) =>
      toSourceResponse(
        await replaceSource(services, request.auth.orgId, request.params.id, request.body),
        sources,
      ),
  );

  app.delete(
    '/v1/sources/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Delete a source (its syncs stay readable; bills already ingested stay)',
        params: ZIdParams,
        response: { 204: z.null().describe('deleted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeSource(services, request.auth.orgId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/sources/:id/webhook-token',
    {
      schema: {
        tags: TAGS,
        summary: 'Rotate the webhook token: the old URL stops working, the new one is shown once',
        params: ZIdParams,
        response: { 200: ZWithWebhookUrl, ...errorResponses },
      },
    },
    async (request) => {
      const { source, webhookToken } = await rotateWebhookToken(
        services,
        request.auth.orgId,
        request.params.id,
      );
      return {
        ...toSourceResponse(source, sources),
        webhookUrl: absolute(request, webhookPath(source.id, webhookToken)),
      };
    },
  );

  app.post(
    '/v1/sources/:id/verify',
    {
      schema: {
        tags: TAGS,
        summary: 'Try the credential against the billing platform',
        params: ZIdParams,
        response: { 200: ZVerifyResponse, ...errorResponses },
      },
    },
    async (request) => verifySource(services, request.auth.orgId, request.params.id),
  );

  app.post(
    '/v1/sources/:id/sync',
    {
      schema: {
        tags: TAGS,
        summary: 'Sync now; with { billDateStart, billDateEnd, status? } also backfill those bills',
        params: ZIdParams,
        body: ZSyncBody,
        response: { 202: ZSyncResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body ?? null;
      const backfill = body
        ? {
            billDateStart: body.billDateStart,
            billDateEnd: body.billDateEnd,
            ...(body.status ? { status: body.status } : {}),
          }
        : null;
      const sync = await requestSync(services, request.auth.orgId, request.params.id, backfill);
      return reply.status(202).send(toSyncResponse(sync));
    },
  );

  app.get(
    '/v1/sources/:id/syncs',
    {
      schema: {
        tags: TAGS,
        summary: "A source's syncs, newest first",
        params: ZIdParams,
        querystring: ZPageQuery,
        response: { 200: listOf(ZSyncResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.auth;
      const source = await findSource(services.db, orgId, request.params.id);
      if (!source) throw notFound('source', request.params.id);
      const { pageSize, nextToken } = request.query;
      const rows = await listSyncs(services.db, orgId, source.id, {
        after: decodeUuidCursor(nextToken),
        limit: pageSize + 1,
      });
      const page = toPage(rows, pageSize, (row) => ({ t: row.dtCreated.toISOString(), id: row.id }));
      return { data: page.data.map(toSyncResponse), nextToken: page.nextToken };
    },
  );

  app.get(
    '/v1/sources/:id/syncs/:syncId',
    {
      schema: {
        tags: TAGS,
        summary: 'Read a sync with its exchanges with the billing platform (redacted)',
        params: ZSyncParams,
        response: {
          200: ZSyncResponse.extend({ exchanges: z.array(ZExchangeResponse) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id, syncId } = request.params;
      const sync = await findSync(services.db, request.auth.orgId, id, syncId);
      if (!sync) throw notFound('sync', syncId);
      const exchanges = await listSyncExchanges(services.db, sync.id);
      return { ...toSyncResponse(sync), exchanges: exchanges.map(toExchangeResponse) };
    },
  );
};
