/**
 * SaaS fulfillment v2, the read side a metering client needs: list, get, listAvailablePlans.
 * A token sees only subscriptions of its own app registration (list filters them; get answers 403,
 * "an acquisition that does not belong to the current publisher").
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { tokenMayAccess } from '../auth/token-store.js';
import { MARKETPLACE_API_VERSION, SUBSCRIPTIONS_PAGE_SIZE } from '../constants.js';
import type { EmulatorController } from '../emulator-controller.js';
import { baseUrlOf, queryParam, sendExactJson } from '../http/json-body.js';
import { forbidden } from '../marketplace/error-bodies.js';
import { planBody, subscriptionBody } from '../marketplace/subscription-responses.js';
import type { IssuedToken, MarketplaceSubscription } from '../state/emulator-state.js';
import { findSubscription } from '../state/seed-operations.js';
import { authorizeMarketplaceCall } from './marketplace-access.js';

/** 404 body: the fulfillment API's `{ error: { code, message } }` envelope (docs give none for 404). */
function notFound(reply: FastifyReply, id: string): FastifyReply {
  return sendExactJson(reply, 404, {
    error: { code: 'EntityNotFound', message: `The SaaS subscription '${id}' was not found.` },
  });
}

function ownedSubscription(
  controller: EmulatorController,
  token: IssuedToken,
  id: string,
  reply: FastifyReply,
): MarketplaceSubscription | undefined {
  const subscription = findSubscription(controller.state, id);
  if (!subscription) {
    notFound(reply, id);
    return undefined;
  }
  if (!tokenMayAccess(token, subscription)) {
    sendExactJson(
      reply,
      403,
      forbidden(
        'The request is attempting to access a subscription that does not belong to the current publisher.',
      ),
    );
    return undefined;
  }
  return subscription;
}

export function registerSaasSubscriptionRoutes(api: FastifyInstance, controller: EmulatorController): void {
  api.get(
    '/saas/subscriptions',
    { config: { emulatorRoute: 'listSubscriptions' } },
    async (request, reply) => {
      const token = authorizeMarketplaceCall(controller, request, reply);
      if (!token) return reply;
      const visible = [...controller.state.subscriptions.values()].filter((s) => tokenMayAccess(token, s));
      // The continuation token is an offset; opaque to clients, as Microsoft's is.
      const offset = Number.parseInt(queryParam(request.query, 'continuationToken') ?? '0', 10) || 0;
      const page = visible.slice(offset, offset + SUBSCRIPTIONS_PAGE_SIZE);
      const next = offset + SUBSCRIPTIONS_PAGE_SIZE;
      const nextLink =
        next < visible.length
          ? `${baseUrlOf(request)}/api/saas/subscriptions?continuationToken=${next}&api-version=${MARKETPLACE_API_VERSION}`
          : null;
      return sendExactJson(reply, 200, { subscriptions: page.map(subscriptionBody), '@nextLink': nextLink });
    },
  );

  api.get(
    '/saas/subscriptions/:id',
    { config: { emulatorRoute: 'getSubscription' } },
    async (request, reply) => {
      const token = authorizeMarketplaceCall(controller, request, reply);
      if (!token) return reply;
      const { id } = request.params as { id: string };
      const subscription = ownedSubscription(controller, token, id, reply);
      if (!subscription) return reply;
      return sendExactJson(reply, 200, subscriptionBody(subscription));
    },
  );

  api.get(
    '/saas/subscriptions/:id/listAvailablePlans',
    { config: { emulatorRoute: 'listAvailablePlans' } },
    async (request, reply) => {
      const token = authorizeMarketplaceCall(controller, request, reply);
      if (!token) return reply;
      const { id } = request.params as { id: string };
      const subscription = ownedSubscription(controller, token, id, reply);
      if (!subscription) return reply;
      const planId = queryParam(request.query, 'planId');
      const plans = subscription.plans.filter((plan) => planId === undefined || plan.planId === planId);
      return sendExactJson(reply, 200, { plans: plans.map(planBody) });
    },
  );
}
