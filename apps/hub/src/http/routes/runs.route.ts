import { ENTITY_TYPES } from '@hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ExchangeRow, UsageEntryRow } from '../../db/database.js';
import {
  findRun,
  listRunExchanges,
  listRuns,
  RUN_STATUSES,
  type StoredRun,
} from '../../repositories/runs.repository.js';
import { listRunUsageEntries } from '../../repositories/usage.repository.js';
import { readUuidCursor } from '../../services/list-page.service.js';
import { replayRun } from '../../services/replay-run.service.js';
import type { HubServices } from '../../services.js';
import { ZQueryText } from '../body-guard.js';
import { notFound } from '../errors.js';
import { toPage, ZPageQuery } from '../pagination.js';
import {
  checkTimeRange,
  errorResponses,
  iso,
  listOf,
  ZIdParams,
  ZQueryTime,
  ZTimestamp,
} from '../schemas.js';

const ZDecimalString = z.string().describe('decimal');

export const ZRunResponse = z.object({
  id: z.string(),
  integrationConfigId: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  billVersion: z.number().int(),
  trigger: z.string().describe('INGEST | REPLAY'),
  replayOf: z.string().nullable(),
  status: z.string().describe(RUN_STATUSES.join(' | ')),
  reason: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  dtCreated: ZTimestamp,
  dtStarted: ZTimestamp.nullable(),
  dtCompleted: ZTimestamp.nullable(),
});

export const toRunResponse = (run: StoredRun): z.output<typeof ZRunResponse> => ({
  id: run.id,
  integrationConfigId: run.integrationConfigId,
  entityType: run.entityType,
  entityId: run.entityId,
  billVersion: run.billVersion,
  trigger: run.trigger,
  replayOf: run.replayOf,
  status: run.status,
  reason: run.reason,
  error:
    run.errorCode !== null || run.errorMessage !== null
      ? { code: run.errorCode ?? 'ERROR', message: run.errorMessage ?? '' }
      : null,
  dtCreated: iso(run.dtCreated),
  dtStarted: iso(run.dtStarted),
  dtCompleted: iso(run.dtCompleted),
});

const ZUsageEntryResponse = z.object({
  id: z.string(),
  billId: z.string(),
  billVersion: z.number().int(),
  resourceId: z.string(),
  dimension: z.string(),
  planId: z.string().nullable(),
  amount: ZDecimalString,
  target: ZDecimalString,
  reportedBefore: ZDecimalString,
  creditUsed: ZDecimalString,
  creditAdded: ZDecimalString,
  quantity: ZDecimalString,
  status: z.string(),
  usageEventId: z.string().nullable(),
  dtCreated: ZTimestamp,
});

const toUsageEntryResponse = (row: UsageEntryRow): z.output<typeof ZUsageEntryResponse> => ({
  id: row.id,
  billId: row.bill_id,
  billVersion: row.bill_version,
  resourceId: row.resource_id,
  dimension: row.dimension,
  planId: row.plan_id,
  amount: row.amount,
  target: row.target,
  reportedBefore: row.reported_before,
  creditUsed: row.credit_used,
  creditAdded: row.credit_added,
  quantity: row.quantity,
  status: row.status,
  usageEventId: row.usage_event_id,
  dtCreated: iso(row.dt_created),
});

export const ZExchangeResponse = z.object({
  id: z.string(),
  method: z.string(),
  url: z.string(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.unknown(),
  status: z.number().int().nullable(),
  responseHeaders: z.record(z.string(), z.string()),
  responseBody: z.unknown(),
  error: z.string().nullable(),
  requestId: z.string().nullable(),
  correlationId: z.string().nullable(),
  startedAt: ZTimestamp,
  durationMs: z.number().int(),
});

// Exchanges are redacted when recorded; this is a second line of defence on the way out.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const SECRET_KEY = /secret|password|token|assertion|authorization/i;
const SECRET_FORM_FIELD =
  /\b(client_secret|client_assertion|password|access_token|refresh_token|id_token)=[^&\s"]*/gi;
const REDACTED = '[REDACTED]';

function redactHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return result;
  for (const [name, value] of Object.entries(headers)) {
    result[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : String(value);
  }
  return result;
}

function redactBody(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(SECRET_FORM_FIELD, `$1=${REDACTED}`);
  if (depth > 50 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactBody(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_KEY.test(key) && item !== null ? REDACTED : redactBody(item, depth + 1),
    ]),
  );
}

export const toExchangeResponse = (row: ExchangeRow): z.output<typeof ZExchangeResponse> => ({
  id: row.id,
  method: row.method,
  url: row.url,
  requestHeaders: redactHeaders(row.request_headers),
  requestBody: redactBody(row.request_body) ?? null,
  status: row.status,
  responseHeaders: redactHeaders(row.response_headers),
  responseBody: redactBody(row.response_body) ?? null,
  error: row.error,
  requestId: row.request_id,
  correlationId: row.correlation_id,
  startedAt: iso(row.started_at),
  durationMs: row.duration_ms,
});

const ZRunDetailResponse = ZRunResponse.extend({
  detail: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe('What the run decided: excluded line items, plan, ledger decisions'),
  usage: z.array(ZUsageEntryResponse).describe('The usage entries (ledger) the run created'),
  exchanges: z.array(ZExchangeResponse).describe('Requests and responses with the destination, redacted'),
});

const ZRunsQuery = ZPageQuery.extend({
  entityType: z.enum(ENTITY_TYPES).optional(),
  entityId: ZQueryText.optional(),
  integrationConfigId: ZQueryText.optional(),
  status: z.enum(RUN_STATUSES).optional(),
  accountId: ZQueryText.optional().describe('runs of bills of this account'),
  createdFrom: ZQueryTime.optional().describe('runs created at or after this time'),
  createdTo: ZQueryTime.optional().describe('runs created before this time'),
});

export const runsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.get(
    '/v1/integration-runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'List integration runs, newest first',
        querystring: ZRunsQuery,
        response: { 200: listOf(ZRunResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { pageSize, nextToken, ...filter } = request.query;
      checkTimeRange(filter.createdFrom, filter.createdTo, ['createdFrom', 'createdTo']);
      const runs = await listRuns(services.db, request.auth.orgId, filter, {
        after: readUuidCursor(nextToken),
        limit: pageSize + 1,
      });
      const page = toPage(runs, pageSize, (run) => ({ t: run.dtCreated.toISOString(), id: run.id }));
      return { data: page.data.map(toRunResponse), nextToken: page.nextToken };
    },
  );

  app.get(
    '/v1/integration-runs/:id',
    {
      schema: {
        tags: ['runs'],
        summary: 'Read a run with its usage entries and exchanges',
        params: ZIdParams,
        response: { 200: ZRunDetailResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.auth;
      const run = await findRun(services.db, orgId, request.params.id);
      if (!run) throw notFound('integration run', request.params.id);
      const [usage, exchanges] = await Promise.all([
        listRunUsageEntries(services.db, orgId, run.id),
        listRunExchanges(services.db, orgId, run.id),
      ]);
      return {
        ...toRunResponse(run),
        detail: run.detail,
        usage: usage.map(toUsageEntryResponse),
        exchanges: exchanges.map(toExchangeResponse),
      };
    },
  );

  app.post(
    '/v1/integration-runs/:id/replay',
    {
      schema: {
        tags: ['runs'],
        summary: 'Replay a run: a new run for the same bill version',
        params: ZIdParams,
        response: { 202: ZRunResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const run = await replayRun(services, request.auth.orgId, request.params.id);
      reply.code(202);
      return toRunResponse(run);
    },
  );
};
