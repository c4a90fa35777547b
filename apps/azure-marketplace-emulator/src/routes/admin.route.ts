/**
 * `/admin`: the test-tool side. No auth: seed credentials and subscriptions, change them, inject
 * faults, read back what was recorded, reset. Not part of Microsoft's API.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import type { FaultConfigInput } from '../faults/fault-config.js';
import { InvalidJsonBody, isRecord } from '../http/json-body.js';
import { subscriptionBody } from '../marketplace/subscription-responses.js';
import type { MarketplaceSubscription } from '../state/emulator-state.js';
import { EmulatorInputError } from '../state/seed-operations.js';
import type { CredentialInput, SubscriptionInput, SubscriptionPatch } from '../state/seed-schemas.js';

/** The fulfillment view plus what only the emulator knows (publisher app, plans with prices as strings). */
export function adminSubscriptionView(subscription: MarketplaceSubscription) {
  return {
    ...subscriptionBody(subscription),
    offerName: subscription.offerName,
    azureSubscriptionId: subscription.azureSubscriptionId,
    publisherClientId: subscription.publisherClientId ?? null,
    publisherTenantId: subscription.publisherTenantId ?? null,
    plans: subscription.plans,
  };
}

/** The JSON body, with a clear 400 for bodies that are not JSON. Zod schemas check the rest. */
function jsonBody(request: FastifyRequest): unknown {
  if (request.body instanceof InvalidJsonBody) throw new EmulatorInputError(request.body.reason);
  return request.body ?? {};
}

export async function adminRoutes(admin: FastifyInstance, options: { controller: EmulatorController }) {
  const { controller } = options;

  admin.setErrorHandler((error, _request, reply) => {
    if (error instanceof EmulatorInputError) {
      return reply
        .code(error.statusCode)
        .send({ error: error.statusCode === 404 ? 'Not Found' : 'Bad Request', message: error.message });
    }
    const statusCode = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(statusCode).send({ error: 'Error', message: (error as Error).message });
  });

  admin.post('/credentials', async (request, reply) => {
    const credential = controller.seedCredential(jsonBody(request) as CredentialInput);
    return reply.code(201).send({ tenantId: credential.tenantId, clientId: credential.clientId });
  });

  admin.get('/credentials', async () =>
    [...controller.state.credentials.values()].map(({ tenantId, clientId }) => ({ tenantId, clientId })),
  );

  admin.post('/subscriptions', async (request, reply) => {
    const subscription = controller.seedSubscription(jsonBody(request) as SubscriptionInput);
    return reply.code(201).send(adminSubscriptionView(subscription));
  });

  admin.get('/subscriptions', async () =>
    [...controller.state.subscriptions.values()].map(adminSubscriptionView),
  );

  admin.patch('/subscriptions/:id', async (request) => {
    const { id } = request.params as { id: string };
    return adminSubscriptionView(controller.updateSubscription(id, jsonBody(request) as SubscriptionPatch));
  });

  admin.post('/tokens/revoke', async (request) => {
    const body = jsonBody(request);
    const clientId = isRecord(body) && typeof body.clientId === 'string' ? body.clientId : undefined;
    return { revoked: controller.revokeTokens(clientId) };
  });

  admin.get('/events', async () => {
    const events = controller.events();
    return { count: events.length, events };
  });

  admin.get('/stats', async () => controller.stats());

  admin.get('/faults', async () => controller.faults());

  admin.put('/faults', async (request) => controller.setFaults(jsonBody(request) as FaultConfigInput));

  admin.post('/reset', async (_request, reply) => {
    controller.reset();
    return reply.code(204).send();
  });
}
