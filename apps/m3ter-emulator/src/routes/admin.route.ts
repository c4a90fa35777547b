/**
 * `/admin`: the test-tool side, mirroring the library methods. No auth, no faults, no rate limit.
 * Bodies and answers use the emulator's own shapes (amounts as decimal strings), not m3ter's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import type { FaultConfigInput } from '../faults/fault-config.js';
import { EmulatorInputError } from '../state/seed-operations.js';
import type {
  AccountInput,
  AccountPatch,
  BillInput,
  ExternalMappingInput,
  OrganizationInput,
  ServiceUserInput,
  WebhookInput,
} from '../state/seed-schemas.js';

function body(request: FastifyRequest): unknown {
  return request.body ?? {};
}

export async function adminRoutes(admin: FastifyInstance, options: { controller: EmulatorController }) {
  const { controller } = options;

  admin.setErrorHandler((error, _request, reply) => {
    if (error instanceof EmulatorInputError) {
      const label = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict' }[error.statusCode];
      return reply.code(error.statusCode).send({ error: label, message: error.message });
    }
    const statusCode = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(statusCode).send({ error: 'Error', message: (error as Error).message });
  });

  admin.post('/organizations', async (request, reply) => {
    controller.seedOrganization(body(request) as OrganizationInput);
    return reply.code(201).send(body(request));
  });
  admin.get('/organizations', async () => [...controller.state.organizations.values()]);

  admin.post('/service-users', async (request, reply) => {
    const user = controller.seedServiceUser(body(request) as ServiceUserInput);
    return reply.code(201).send({ orgId: user.orgId, accessKeyId: user.accessKeyId });
  });
  admin.get('/service-users', async () =>
    [...controller.state.serviceUsers.values()].map(({ orgId, accessKeyId }) => ({ orgId, accessKeyId })),
  );

  admin.post('/accounts', async (request, reply) =>
    reply.code(201).send(controller.createAccount(body(request) as AccountInput)),
  );
  admin.patch('/organizations/:orgId/accounts/:id', async (request) => {
    const { orgId, id } = request.params as { orgId: string; id: string };
    return controller.updateAccount(orgId, id, body(request) as AccountPatch);
  });

  admin.post('/bills', async (request, reply) =>
    reply.code(201).send(controller.createBill(body(request) as BillInput)),
  );
  admin.get('/organizations/:orgId/bills', async (request) => {
    const { orgId } = request.params as { orgId: string };
    return controller.bills(orgId);
  });
  admin.post('/organizations/:orgId/bills/:billId/approve', async (request) => {
    const { orgId, billId } = request.params as { orgId: string; billId: string };
    return controller.approveBill(orgId, billId);
  });
  admin.post('/organizations/:orgId/bills/:billId/regenerate', async (request) => {
    const { orgId, billId } = request.params as { orgId: string; billId: string };
    const input = body(request) as { lineItems?: unknown };
    if (!Array.isArray(input.lineItems)) throw new EmulatorInputError('body must be { "lineItems": [...] }');
    return controller.regenerateBill(orgId, billId, input.lineItems as BillInput['lineItems']);
  });
  admin.delete('/organizations/:orgId/bills/:billId', async (request, reply) => {
    const { orgId, billId } = request.params as { orgId: string; billId: string };
    controller.deleteBill(orgId, billId);
    return reply.code(204).send();
  });

  admin.get('/organizations/:orgId/events', async (request) => {
    const { orgId } = request.params as { orgId: string };
    return controller.events(orgId);
  });

  admin.post('/external-mappings', async (request, reply) =>
    reply.code(201).send(controller.createExternalMapping(body(request) as ExternalMappingInput)),
  );

  admin.put('/webhook', async (request) => {
    controller.setWebhook(body(request) as WebhookInput);
    return [...controller.state.webhooks.values()].map(({ orgId, url }) => ({ orgId, url }));
  });
  admin.delete('/webhook', async (_request, reply) => {
    controller.setWebhook(null);
    return reply.code(204).send();
  });

  admin.get('/faults', async () => controller.faults());
  admin.put('/faults', async (request) => controller.setFaults(body(request) as FaultConfigInput));

  admin.post('/tokens/expire', async () => ({ expired: controller.expireTokens() }));

  admin.get('/stats', async () => controller.stats());

  admin.post('/load', async (request, reply) => {
    controller.loadSeedDocument(body(request));
    return reply.code(204).send();
  });

  admin.post('/reset', async (_request, reply) => {
    controller.reset();
    return reply.code(204).send();
  });
}
