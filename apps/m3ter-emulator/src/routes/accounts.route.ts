/** `GET /accounts/{id}`: AccountResponse with `customFields`, `address`, `code`, `name`. */
import type { FastifyInstance } from 'fastify';
import type { EmulatorController } from '../emulator-controller.js';
import { sendExactJson } from '../http/exact-json-reply.js';
import { MESSAGES, sendM3terError } from '../http/m3ter-errors.js';
import { accountBody } from '../m3ter/entity-responses.js';
import { entityKey } from '../state/emulator-state.js';

export function registerAccountRoutes(api: FastifyInstance, controller: EmulatorController): void {
  api.get('/accounts/:id', { config: { m3terRoute: 'getAccount' } }, async (request, reply) => {
    const { orgId, id } = request.params as { orgId: string; id: string };
    const account = controller.state.accounts.get(entityKey(orgId, id));
    if (!account) return sendM3terError(reply, 404, MESSAGES.notFound('Account', id));
    return sendExactJson(reply, 200, accountBody(account));
  });
}
