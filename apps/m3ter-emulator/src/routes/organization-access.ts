/**
 * The bearer check every `/organizations/{orgId}/…` call passes. m3ter answers **403** for a
 * missing, unknown or expired token and for a token of another organization (its docs: "403 -
 * Unauthorized Example … expired Bearer Token"); the message texts are **(chosen)**.
 */
import type { FastifyInstance } from 'fastify';
import { checkBearer } from '../auth/token-store.js';
import type { EmulatorController } from '../emulator-controller.js';
import { MESSAGES, sendM3terError } from '../http/m3ter-errors.js';

const REASON_MESSAGES = {
  missing: MESSAGES.tokenMissing,
  unknown: MESSAGES.tokenInvalid,
  expired: MESSAGES.tokenExpired,
  otherOrganization: MESSAGES.otherOrganization,
} as const;

export function requireOrganizationToken(scope: FastifyInstance, controller: EmulatorController): void {
  scope.addHook('onRequest', async (request, reply) => {
    const { orgId } = request.params as { orgId: string };
    const check = checkBearer(controller.state, request.headers.authorization, orgId, controller.now());
    if (!check.ok) return sendM3terError(reply, 403, REASON_MESSAGES[check.reason]);
  });
}
