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
 * API keys. Every /v1 route needs one as a bearer token; the key decides the organization every
 * query is scoped to. Lookups are cached briefly so a busy ingest path does not hash-and-query per
 * request.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, { services }: { services: HubServices }) => {
    const cache = new Map<string, { identity: ApiKeyIdentity | null; until: number }>();

    app.decorateRequest('auth', null as unknown as ApiKeyIdentity);

    const identify = async (request: FastifyRequest, key: string): Promise<void> => {
      const now = Date.now();
      let entry = cache.get(key);
      if (!entry || entry.until < now) {
        entry = { identity: await findApiKeyByValue(services.db, key), until: now + CACHE_TTL_MS };
        if (cache.size > 10_000) cache.clear();
        cache.set(key, entry);
      }
      if (!entry.identity) throw new HttpError('UNAUTHORIZED', 'the API key is not valid');
      request.auth = entry.identity;
    };

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const key = bearerKey(header);
      if (key) return identify(request, key);
      // A browser replays cached Basic credentials on any request to the host, cross-site ones
      // included; /v1 must never act on credentials the caller did not attach on purpose.
      if (/^Basic\s/i.test(header))
        throw new HttpError(
          'UNAUTHORIZED',
          'HTTP Basic is accepted under /admin only; /v1 needs Authorization: Bearer <key>',
        );
      throw new HttpError('UNAUTHORIZED', 'an API key is required: Authorization: Bearer <key>');
    });

    app.decorate('authenticateBrowser', async (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const key = bearerKey(header) ?? basicPassword(header);
      if (!key)
        throw new HttpError(
          'UNAUTHORIZED',
          'an API key is required: Authorization: Bearer <key>, or HTTP Basic with the key as password',
        );
      return identify(request, key);
    });

    // A revoked key stops working at once in this process; other API processes' caches forget it
    // within CACHE_TTL_MS.
    app.decorate('forgetApiKey', (id: string) => {
      for (const [key, entry] of cache) if (entry.identity?.id === id) cache.delete(key);
    });
  },
  { name: 'auth' },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Bearer only: the /v1 API. */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** Bearer, or HTTP Basic with the key as password, since a browser opening Bull Board can send nothing else. */
    authenticateBrowser: (request: FastifyRequest) => Promise<void>;
    /** Drops a revoked key (by id) from this process's lookup cache. */
    forgetApiKey: (id: string) => void;
  }
}

function bearerKey(header: string): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null;
}

function basicPassword(header: string): string | null {
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic?.[1]) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon === -1 ? '' : decoded.slice(colon + 1);
  return password || null;
}

/** An org admin or a hub admin. */
export function requireAdmin(request: FastifyRequest): void {
  if (!request.auth.admin) throw new HttpError('FORBIDDEN', 'this needs an admin API key');
}

/** The bootstrap key: it alone acts across organizations and on the queues. */
export function requireHubAdmin(request: FastifyRequest): void {
  if (!request.auth.hubAdmin) throw new HttpError('FORBIDDEN', 'this needs the hub admin API key');
}
