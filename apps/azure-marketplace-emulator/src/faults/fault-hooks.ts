/**
 * Turns fault decisions into behaviour on the wire:
 *  - latency: wait, then carry on;
 *  - dropConnection: destroy the socket before the body is read: nothing is processed;
 *  - 429/500/503: answer at once (Retry-After on 429 and 503), nothing is processed;
 *  - lostResponse: let the route run and record, then destroy the socket instead of answering:
 *    the client cannot know the event landed, which is what exactly-once logic must survive.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import type {} from '../routes/route-config.js';

const pendingLostResponses = new WeakSet<FastifyRequest>();

function errorBody(status: 429 | 500 | 503, retryAfterSeconds: number) {
  switch (status) {
    // Azure API Management's throttling body; Microsoft documents no 429 for these APIs.
    case 429:
      return {
        statusCode: 429,
        message: `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.`,
      };
    // The fulfillment API's documented 500 envelope (FulfillmentInternalServerErrorResponse).
    case 500:
      return {
        error: { code: 'InternalServerError', message: 'An unexpected error occurred (injected fault).' },
      };
    case 503:
      return {
        error: {
          code: 'ServiceUnavailable',
          message: 'The service is temporarily unavailable (injected fault).',
        },
      };
  }
}

export function registerFaultHooks(app: FastifyInstance, controller: EmulatorController): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.config.emulatorRoute;
    if (route === undefined) return;
    const decision = controller.faultInjector.decide(route);
    if (!decision) return;
    const { faultsInjected } = controller.state.stats;
    if (decision.latencyMs > 0) {
      faultsInjected.latency++;
      await sleep(decision.latencyMs);
    }
    const retryAfter = controller.faults().retryAfterSeconds;
    const retryAfterHeader = controller.faults().retryAfterHeader ?? String(retryAfter);
    switch (decision.action) {
      case undefined:
        return;
      case 'dropConnection':
        faultsInjected.dropConnection++;
        reply.hijack(); // stops Fastify's lifecycle: no handler, no response
        request.raw.socket?.destroy();
        return;
      case 'lostResponse':
        pendingLostResponses.add(request);
        return;
      case 'status429':
        faultsInjected.status429++;
        return reply.code(429).header('retry-after', retryAfterHeader).send(errorBody(429, retryAfter));
      case 'status500':
        faultsInjected.status500++;
        return reply.code(500).send(errorBody(500, retryAfter));
      case 'status503':
        faultsInjected.status503++;
        return reply.code(503).header('retry-after', retryAfterHeader).send(errorBody(503, retryAfter));
    }
  });

  app.addHook('onSend', async (request, _reply, payload) => {
    if (pendingLostResponses.has(request)) {
      pendingLostResponses.delete(request);
      controller.state.stats.faultsInjected.lostResponse++;
      // The route has run and recorded; the answer never leaves.
      request.raw.socket?.destroy();
    }
    return payload;
  });
}
