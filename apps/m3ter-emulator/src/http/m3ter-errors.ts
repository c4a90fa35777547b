/**
 * m3ter's error body: the OpenAPI document's shared `Error` response is `{ "message": string }`.
 * The message texts below are **(chosen)**: m3ter's documented examples are screenshots.
 */
import type { FastifyReply } from 'fastify';

export interface M3terErrorBody {
  message: string;
}

export function sendM3terError(reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply
    .code(statusCode)
    .type('application/json; charset=utf-8')
    .send({ message } satisfies M3terErrorBody);
}

export const MESSAGES = {
  badCredentials: 'Bad credentials',
  unsupportedGrant: 'Unsupported grant type: the only grant type supported is client_credentials',
  tokenMissing: 'Access denied: a Bearer token is required',
  tokenExpired: 'Access denied: the Bearer token has expired',
  tokenInvalid: 'Access denied: the Bearer token is not valid',
  otherOrganization: 'Access denied: the Bearer token does not grant access to this organization',
  tooManyRequests: 'Too Many Requests',
  internalError: 'Internal Server Error',
  badGateway: 'Bad Gateway',
  notFound: (entity: string, id: string) => `${entity} not found for id: ${id}`,
} as const;
