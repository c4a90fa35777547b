/**
 * `GET /events?eventName=&ids=&pageSize=&nextToken=`: newest first **(chosen; m3ter's OpenAPI says
 * a list's first page "contains the newest objects chronologically" but documents no order for
 * events in particular)**. `eventName` may be repeated or comma-separated to select several names.
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import { sendExactJson } from '../http/exact-json-reply.js';
import { paginate, parsePageSize } from '../http/paging.js';
import { asQuery, list, single } from '../http/query.js';

export function registerEventRoutes(api: FastifyInstance, controller: EmulatorController): void {
  api.get('/events', { config: { m3terRoute: 'listEvents' } }, async (request, reply) => {
    const { orgId } = request.params as { orgId: string };
    const query = asQuery(request.query);
    const pageSize = parsePageSize(single(query, 'pageSize'));
    const names = list(query, 'eventName');
    const ids = list(query, 'ids');
    const events = controller.state.events
      .filter(
        (stored) =>
          stored.orgId === orgId &&
          (names === undefined || names.includes(stored.event.eventName)) &&
          (ids === undefined || ids.includes(stored.event.id)),
      )
      .sort((a, b) => b.sequence - a.sequence);
    const page = paginate(events, {
      pageSize,
      nextToken: single(query, 'nextToken'),
      keyOf: (stored) => stored.sequence,
      descending: true,
      scope: `events:${orgId}`,
    });
    return sendExactJson(reply, 200, {
      data: page.data.map((stored) => stored.event),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  });
}
