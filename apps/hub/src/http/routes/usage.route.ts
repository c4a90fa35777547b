import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UsageEventRow } from '../../db/database.js';
import {
  listBillIdsOfEvents,
  listUsageEvents,
  USAGE_EVENT_STATUSES,
} from '../../repositories/usage.repository.js';
import { readUuidCursor } from '../../services/list-page.service.js';
import { RESOLUTIONS, resolveUsageEvent } from '../../services/resolve-usage-event.service.js';
import { buildUsageReport } from '../../services/usage-report.service.js';
import type { HubServices } from '../../services.js';
import { ZQueryText } from '../body-guard.js';
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

const ZUsageEventResponse = z.object({
  id: z.string(),
  integrationConfigId: z.string(),
  destination: z.string(),
  resourceId: z.string(),
  dimension: z.string(),
  planId: z.string().nullable(),
  quantity: z.string().describe('decimal'),
  effectiveStartTime: ZTimestamp.nullable(),
  status: z.string().describe(USAGE_EVENT_STATUSES.join(' | ')),
  usageEventId: z.string().nullable().describe("The destination's receipt for the event"),
  error: z.unknown().describe("The destination's error as recorded, or null"),
  attempts: z.number().int(),
  billIds: z.array(z.string()).describe('The bills whose usage this event carries'),
  dtCreated: ZTimestamp,
  dtUpdated: ZTimestamp,
});

const toUsageEventResponse = (
  row: UsageEventRow,
  billIds: string[],
): z.output<typeof ZUsageEventResponse> => ({
  id: row.id,
  integrationConfigId: row.integration_config_id,
  destination: row.destination,
  resourceId: row.resource_id,
  dimension: row.dimension,
  planId: row.plan_id,
  quantity: row.quantity,
  effectiveStartTime: iso(row.effective_start_time),
  status: row.status,
  usageEventId: row.receipt_id,
  error: row.error ?? null,
  attempts: row.attempts,
  billIds,
  dtCreated: iso(row.dt_created),
  dtUpdated: iso(row.dt_updated),
});

const ZUsageEventsQuery = ZPageQuery.extend({
  billId: ZQueryText.optional(),
  integrationConfigId: ZQueryText.optional(),
  status: z.enum(USAGE_EVENT_STATUSES).optional(),
  accountId: ZQueryText.optional().describe('events carrying usage of bills of this account'),
  resourceId: ZQueryText.optional().describe("the destination's customer / resource id, exactly"),
  dimension: ZQueryText.optional(),
  effectiveFrom: ZQueryTime.optional().describe('events whose effectiveStartTime is at or after this time'),
  effectiveTo: ZQueryTime.optional().describe('events whose effectiveStartTime is before this time'),
});

const ZUsageReportResponse = z.object({
  data: z.array(
    z.object({
      accountId: z.string(),
      billId: z.string(),
      externalSystem: z.string().describe("The destination's display name without ' Marketplace'"),
      reportedUsage: z
        .record(z.string(), z.record(z.string(), z.string()))
        .describe('dimension → effectiveStartTime (ISO) → accepted quantity (decimal string)'),
      credits: z.record(z.string(), z.string()).describe('dimension → credit held (decimal string)'),
    }),
  ),
});

export const usageRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.get(
    '/v1/usage-events',
    {
      schema: {
        tags: ['usage'],
        summary: 'List usage events sent (or to be sent) to destinations, newest first',
        querystring: ZUsageEventsQuery,
        response: { 200: listOf(ZUsageEventResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.auth;
      const { pageSize, nextToken, ...filter } = request.query;
      checkTimeRange(filter.effectiveFrom, filter.effectiveTo, ['effectiveFrom', 'effectiveTo']);
      const rows = await listUsageEvents(services.db, orgId, filter, {
        after: readUuidCursor(nextToken),
        limit: pageSize + 1,
      });
      const page = toPage(rows, pageSize, (row) => ({ t: row.dt_created.toISOString(), id: row.id }));
      const billIds = await listBillIdsOfEvents(
        services.db,
        orgId,
        page.data.map((row) => row.id),
      );
      return {
        data: page.data.map((row) => toUsageEventResponse(row, billIds.get(row.id) ?? [])),
        nextToken: page.nextToken,
      };
    },
  );

  app.post(
    '/v1/usage-events/:id/resolve',
    {
      schema: {
        tags: ['usage'],
        summary: "Decide an UNCLEAR event: the destination's delivery could be neither confirmed nor denied",
        description:
          'RECORDED: the destination holds it (ACCEPTED). NOT_RECORDED: it does not (re-sent in a current ' +
          'hour). READ_BACK: ask the destination again. 409 unless the event is UNCLEAR.',
        params: ZIdParams,
        body: z.object({ resolution: z.enum(RESOLUTIONS) }).strict(),
        response: { 200: ZUsageEventResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.auth;
      const row = await resolveUsageEvent(services, orgId, request.params.id, request.body.resolution);
      const billIds = await listBillIdsOfEvents(services.db, orgId, [row.id]);
      return toUsageEventResponse(row, billIds.get(row.id) ?? []);
    },
  );

  app.get(
    '/v1/usage-report',
    {
      schema: {
        tags: ['usage'],
        summary: 'Accepted usage and credits per bill',
        description:
          'One row per (bill, destination) the bill was run through. Usage comes from ACCEPTED events; a ' +
          "merged event counts for each bill by its own share. A bill's credits are what its lowered " +
          'versions over-reported and is still unspent in its (resource, dimension) pool.',
        querystring: z.object({ billId: ZQueryText.optional(), accountId: ZQueryText.optional() }),
        response: { 200: ZUsageReportResponse, ...errorResponses },
      },
    },
    async (request) => ({ data: await buildUsageReport(services, request.auth.orgId, request.query) }),
  );
};
