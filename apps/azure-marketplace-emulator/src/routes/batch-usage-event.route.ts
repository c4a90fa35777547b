/**
 * `POST /api/batchUsageEvent`: 1–25 events, one result per event, 200 even when events fail.
 * A batch that is not 1–25 events fails as a whole with 400 (OpenAPI minItems 1 / maxItems 25).
 */
import type { FastifyInstance } from 'fastify';
import { MAX_BATCH_SIZE } from '../constants.js';
import type { EmulatorController } from '../emulator-controller.js';
import { InvalidJsonBody, isRecord, sendExactJson } from '../http/json-body.js';
import { badArgument } from '../marketplace/error-bodies.js';
import { batchResultItem } from '../marketplace/usage-event-responses.js';
import { processUsageEvent } from '../rules/process-usage-event.js';
import { countStat } from '../state/emulator-state.js';
import { formatMessageTime } from '../time/utc-time.js';
import { authorizeMarketplaceCall, requestIdsOf } from './marketplace-access.js';

export function registerBatchUsageEventRoute(api: FastifyInstance, controller: EmulatorController): void {
  api.post('/batchUsageEvent', { config: { emulatorRoute: 'batchUsageEvent' } }, async (request, reply) => {
    const token = authorizeMarketplaceCall(controller, request, reply);
    if (!token) return reply;
    const { state } = controller;
    const body = request.body;
    const wholeBatchError = (message: string) =>
      sendExactJson(reply, 400, badArgument([{ target: 'request', message }], 'batchUsageEventRequest'));

    if (body instanceof InvalidJsonBody) return wholeBatchError(body.reason);
    const events = isRecord(body) ? body.request : undefined;
    if (!Array.isArray(events))
      return wholeBatchError('The request must contain a "request" array of usage events.');
    countStat(state.stats.batchSizes, String(events.length));
    if (events.length === 0) return wholeBatchError('The batch must contain at least one usage event.');
    if (events.length > MAX_BATCH_SIZE) {
      return wholeBatchError(`The batch contained more than ${MAX_BATCH_SIZE} usage events.`);
    }

    const now = controller.now();
    const messageTime = formatMessageTime(now);
    const meta = { ...requestIdsOf(reply), route: 'batchUsageEvent' as const };
    const result = events.map((event) =>
      batchResultItem(processUsageEvent(event, { state, token, now }, meta), messageTime),
    );
    return sendExactJson(reply, 200, { count: result.length, result });
  });
}
