import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type ApiKeyIdentity, findApiKeyByValue } from '../../repositories/api-keys.repository.js';
import type { HubServices } from '../../services.js';
import { HttpError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's API key; set on every /v1 route (and /admin) by the auth hook. */
    auth: ApiKeyIdentity;
  }
}

const CACHE_TTL_MS = 10_000;

/**
 * Bearer API keys. Every /v1 route needs one; the key decides the organization every query is
 * scoped to. Lookups are cached briefly so a busy ingest path does not hash-and-query per request.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, { services }: { services: HubServices }) => {
    const cache = new Map<string, { identity: ApiKeyIdentity | null; until: number }>();

    app.decorateRequest('auth', null as unknown as ApiKeyIdentity);

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const key = keyFromHeader(request.headers.authorization ?? '');
      if (!key) throw new HttpError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
      const now = Date.now();
      let entry = cache.get(key);
      if (!entry || entry.until < now) {
        entry = { identity: await findApiKeyByValue(services.db, key), until: now + CACHE_TTL_MS };
        if (cache.size > 10_000) cache.clear();
        cache.set(key, entry);
      }
      if (!entry.identity) throw new HttpError('UNAUTHORIZED', 'the API key is not valid');
      request.auth = entry.identity;
    });
  },
  { name: 'auth' },
);

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}

/**
 * `Bearer <key>`; also HTTP Basic with the key as the password, so a browser can open Bull Board
 * (it cannot send a bearer header for page assets).
 */
function keyFromHeader(header: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer?.[1]) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    return password || null;
  }
  return null;
}

export function requireAdmin(request: FastifyRequest): void {
  if (!request.auth.admin) throw new HttpError('FORBIDDEN', 'this needs an admin API key');
}
