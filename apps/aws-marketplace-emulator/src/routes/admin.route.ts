/**
 * `/admin`: the test-tool side, not part of AWS. No auth: seed access keys, roles, products and
 * customers, change customers, inject faults, set the window, read back records and stats, reset.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AwsEmulatorController } from '../emulator-controller.js';
import type { AwsFaultConfigInput } from '../faults/fault-config.js';
import type { SeededAccessKey } from '../state/emulator-state.js';
import { EmulatorInputError } from '../state/seed-operations.js';
import type {
  AccessKeyInput,
  CustomerInput,
  CustomerPatch,
  ProductInput,
  RoleInput,
} from '../state/seed-schemas.js';

function body(request: FastifyRequest): unknown {
  return request.body ?? {};
}

/** Keys are listed without their secrets. */
function keyView(key: SeededAccessKey) {
  return {
    accessKeyId: key.accessKeyId,
    accountId: key.accountId,
    userName: key.userName,
    userId: key.userId,
  };
}

export async function adminRoutes(admin: FastifyInstance, options: { controller: AwsEmulatorController }) {
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

  admin.post('/access-keys', async (request, reply) =>
    reply.code(201).send(keyView(controller.seedAccessKey(body(request) as AccessKeyInput))),
  );
  admin.get('/access-keys', async () => [...controller.state.accessKeys.values()].map(keyView));

  admin.post('/roles', async (request, reply) =>
    reply.code(201).send(controller.seedRole(body(request) as RoleInput)),
  );
  admin.get('/roles', async () => [...controller.state.roles.values()]);

  admin.post('/products', async (request, reply) =>
    reply.code(201).send(controller.seedProduct(body(request) as ProductInput)),
  );
  admin.get('/products', async () => [...controller.state.products.values()]);

  admin.post('/customers', async (request, reply) =>
    reply.code(201).send(controller.seedCustomer(body(request) as CustomerInput)),
  );
  admin.get('/customers', async () => [...controller.state.customers.values()]);
  admin.patch('/customers/:productCode/:customerAwsAccountId', async (request) => {
    const key = request.params as { productCode: string; customerAwsAccountId: string };
    return controller.updateCustomer(key, body(request) as CustomerPatch);
  });

  admin.post('/load', async (request, reply) => {
    controller.loadSeedDocument(body(request));
    return reply.code(204).send();
  });

  admin.get('/faults', async () => controller.faults());
  admin.put('/faults', async (request) => controller.setFaults(body(request) as AwsFaultConfigInput));

  admin.get('/window', async () => ({ hours: controller.state.windowHours }));
  admin.put('/window', async (request) => {
    const hours = (body(request) as { hours?: unknown }).hours;
    controller.setWindowHours(hours as 6 | 24);
    return { hours: controller.state.windowHours };
  });

  admin.get('/records', async () => {
    const records = controller.records();
    return { count: records.length, records };
  });
  admin.get('/stats', async () => controller.stats());

  admin.post('/reset', async (_request, reply) => {
    controller.reset();
    return reply.code(204).send();
  });
}
