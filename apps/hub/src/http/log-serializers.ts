import type { FastifyRequest } from 'fastify';

/** Query parameters whose values are credentials (a source webhook's token). */
const SECRET_QUERY = /([?&](?:token)=)[^&#]*/gi;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[REDACTED]');
}

/** Fastify's request log fields, with secrets in the URL redacted. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
  };
}
