import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EVENT_NAMES, type HubEvent, listEvents } from '../../repositories/events.repository.js';
import { readUuidCursor } from '../../services/list-page.service.js';
import type { HubServices } from '../../services.js';
import { ZQueryText } from '../body-guard.js';
import { toPage, ZPageQuery } from '../pagination.js';
import { errorResponses, iso, listOf, ZTimestamp } from '../schemas.js';

const ZEventResponse = z.object({
  id: z.string(),
  eventName: z.string().describe(Object.values(EVENT_NAMES).join(' | ')),
  eventTime: ZTimestamp,
  integrationConfigId: z.string().nullable(),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
});

const toEventResponse = (event: HubEvent): z.output<typeof ZEventResponse> => ({
  id: event.id,
  eventName: event.eventName,
  eventTime: iso(event.eventTime),
  integrationConfigId: event.integrationConfigId,
  message: event.message,
  data: event.data,
});

const ZEventsQuery = ZPageQuery.extend({
  eventName: ZQueryText.optional(),
  integrationConfigId: ZQueryText.optional(),
});

export const eventsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.get(
    '/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'List operator events (errors and warnings), newest first',
        querystring: ZEventsQuery,
        response: { 200: listOf(ZEventResponse), ...errorResponses },
      },
    },
    async (request) => {
      const { pageSize, nextToken, ...filter } = request.query;
      const events = await listEvents(services.db, request.auth.orgId, filter, {
        after: readUuidCursor(nextToken),
        limit: pageSize + 1,
      });
      const page = toPage(events, pageSize, (event) => ({ t: event.eventTime.toISOString(), id: event.id }));
      return { data: page.data.map(toEventResponse), nextToken: page.nextToken };
    },
  );
};
