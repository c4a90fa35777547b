/**
 * `POST /api/usageEvent`: one event. Same rules as a batch item, mapped to HTTP statuses as the
 * docs list them: 200 accepted, 409 duplicate (body carries the accepted event), 403 when the
 * token's app does not own the resource, 400 for everything else (bad argument, expired, not found,
 * not active, invalid dimension or quantity).
 */
import type { FastifyInstance } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import { InvalidJsonBody, sendExactJson } from '../http/json-body.js';
import { badArgument, CLIENT_NOT_AUTHORIZED_MESSAGE, forbidden } from '../marketplace/error-bodies.js';
import { conflictBody, okMessage } from '../marketplace/usage-event-responses.js';
import { processUsageEvent } from '../rules/process-usage-event.js';
import { authorizeMarketplaceCall, requestIdsOf } from './marketplace-access.js';

export function registerUsageEventRoute(api: FastifyInstance, controller: EmulatorController): void {
  api.post('/usageEvent', { config: { emulatorRoute: 'usageEvent' } }, async (request, reply) => {
    const token = authorizeMarketplaceCall(controller, request, reply);
    if (!token) return reply;
    if (request.body instanceof InvalidJsonBody) {
      return sendExactJson(
        reply,
        400,
        badArgument([{ target: 'usageEventRequest', message: request.body.reason }]),
      );
    }
    const outcome = processUsageEvent(
      request.body,
      { state: controller.state, token, now: controller.now() },
      { ...requestIdsOf(reply), route: 'usageEvent' },
    );
    switch (outcome.kind) {
      case 'accepted':
        return sendExactJson(reply, 200, okMessage(outcome.record, 'Accepted'));
      case 'duplicate':
        return sendExactJson(reply, 409, conflictBody(outcome.accepted));
      case 'rejected':
        if (outcome.status === 'ResourceNotAuthorized') {
          return sendExactJson(reply, 403, forbidden(CLIENT_NOT_AUTHORIZED_MESSAGE));
        }
        return sendExactJson(reply, 400, outcome.error);
    }
  });
}
