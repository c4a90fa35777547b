/**
 * The checks every `/api` call passes before its own logic: api-version first (Azure's gateway
 * rejects an unknown version whatever the token), then the bearer token.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { tokenFromAuthorization } from '../auth/token-store.js';
import { MARKETPLACE_API_VERSION } from '../constants.js';
import type { EmulatorController } from '../emulator-controller.js';
import { queryParam, sendExactJson } from '../http/json-body.js';
import { badArgument, forbidden } from '../marketplace/error-bodies.js';
import type { IssuedToken } from '../state/emulator-state.js';

/** The 403 text Microsoft documents for a missing, invalid or expired token. */
const TOKEN_REJECTED_MESSAGE = "The authorization token isn't provided, is invalid or expired.";

/** Returns the caller's token, or sends the 400/403 answer and returns undefined. */
export function authorizeMarketplaceCall(
  controller: EmulatorController,
  request: FastifyRequest,
  reply: FastifyReply,
): IssuedToken | undefined {
  const apiVersion = queryParam(request.query, 'api-version');
  if (apiVersion !== MARKETPLACE_API_VERSION) {
    sendExactJson(
      reply,
      400,
      badArgument(
        [
          {
            target: 'api-version',
            message:
              apiVersion === undefined
                ? `The api-version query parameter is required. Use ${MARKETPLACE_API_VERSION}.`
                : `The api-version '${apiVersion}' is not supported. Use ${MARKETPLACE_API_VERSION}.`,
          },
        ],
        'api-version',
      ),
    );
    return undefined;
  }
  const token = tokenFromAuthorization(controller.state, request.headers.authorization, controller.now());
  if (!token) {
    sendExactJson(reply, 403, forbidden(TOKEN_REJECTED_MESSAGE));
    return undefined;
  }
  return token;
}

/** The ids the request-id hook put on the response (echoed or generated). */
export function requestIdsOf(reply: FastifyReply): { requestId: string; correlationId: string } {
  return {
    requestId: String(reply.getHeader('x-ms-requestid') ?? ''),
    correlationId: String(reply.getHeader('x-ms-correlationid') ?? ''),
  };
}
