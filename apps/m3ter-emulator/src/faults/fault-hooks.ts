/**
 * The front door of every emulated route, as Fastify `onRequest` hooks in this order:
 *  1. the per-organization rate limit (429 + Retry-After, counted in `rateLimited`);
 *  2. injected faults: latency, then a dropped connection (socket destroyed, nothing processed) or
 *     an immediate 429 (with Retry-After) / 500 / 502 with m3ter's `{message}` body.
 * Authentication runs after these (in the organization routes), so a faulted call needs no token.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import { MESSAGES, sendM3terError } from '../http/m3ter-errors.js';
import type {} from '../routes/route-config.js';

/** Retry-After on a rate-limited call: the rest of the current second, rounded up. **(chosen)** */
const RATE_LIMIT_RETRY_AFTER_SECONDS = 1;

export function registerFaultHooks(app: FastifyInstance, controller: EmulatorController): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.config.m3terRoute;
    if (route === undefined) return;
    const orgId = (request.params as { orgId?: string } | undefined)?.orgId;
    if (orgId !== undefined && !controller.rateLimiter.tryAcquire(orgId)) {
      controller.state.stats.rateLimited++;
      reply.header('retry-after', String(RATE_LIMIT_RETRY_AFTER_SECONDS));
      return sendM3terError(reply, 429, MESSAGES.tooManyRequests);
    }

    const decision = controller.faultInjector.decide(route);
    if (!decision) return;
    const { faultsInjected } = controller.state.stats;
    if (decision.latencyMs > 0) {
      faultsInjected.latency++;
      await sleep(decision.latencyMs);
    }
    switch (decision.action) {
      case undefined:
        return;
      case 'dropConnection':
        faultsInjected.dropConnection++;
        reply.hijack(); // stops Fastify's lifecycle: no handler, no response
        request.raw.socket?.destroy();
        return;
      case 'status429':
        faultsInjected.status429++;
        reply.header('retry-after', String(controller.faults().retryAfterSeconds));
        return sendM3terError(reply, 429, MESSAGES.tooManyRequests);
      case 'status500':
        faultsInjected.status500++;
        return sendM3terError(reply, 500, MESSAGES.internalError);
      case 'status502':
        faultsInjected.status502++;
        return sendM3terError(reply, 502, MESSAGES.badGateway);
    }
  });
}
