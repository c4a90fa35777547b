/**
 * `POST /oauth/token`: OAuth 2.0 client credentials with HTTP Basic `accessKeyId:apiSecret`; the body
 * `grant_type=client_credentials` may be a form (m3ter's cURL example) or JSON (the TS SDK).
 */
import type { FastifyInstance } from 'fastify';
import { issueToken, parseBasicAuth } from '../auth/token-store.js';
import type { EmulatorController } from '../emulator-controller.js';
import { MESSAGES, sendM3terError } from '../http/m3ter-errors.js';

export function registerTokenRoute(app: FastifyInstance, controller: EmulatorController): void {
  app.post('/oauth/token', { config: { m3terRoute: 'token' } }, async (request, reply) => {
    const credentials = parseBasicAuth(request.headers.authorization);
    const user = credentials ? controller.state.serviceUsers.get(credentials.id) : undefined;
    if (!credentials || !user || user.apiSecret !== credentials.secret) {
      reply.header('www-authenticate', 'Basic realm="m3ter"');
      return sendM3terError(reply, 401, MESSAGES.badCredentials);
    }
    const body = request.body as Record<string, unknown> | undefined;
    const grantType = typeof body === 'object' && body !== null ? body.grant_type : undefined;
    if (grantType !== 'client_credentials') return sendM3terError(reply, 400, MESSAGES.unsupportedGrant);
    const token = issueToken(controller.state, user, controller.now(), controller.tokenLifetimeSeconds);
    return reply.header('cache-control', 'no-store').send({
      access_token: token.accessToken,
      token_type: 'Bearer',
      expires_in: controller.tokenLifetimeSeconds,
    });
  });
}
