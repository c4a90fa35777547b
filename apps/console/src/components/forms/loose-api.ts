import { api, unwrap } from '../../api/client.js';

/**
 * Routes the hub is gaining while the console is built (`GET /v1/destinations`,
 * `POST /v1/account-filter/validate`, `POST /v1/external-mappings/import`) are not in the generated
 * types yet. They go through the same client (so the same auth and sign-out), typed by the caller.
 * Switch each caller to `api` once its route appears in src/api/hub-api.d.ts.
 */
type LooseResult = { data?: unknown; error?: unknown; response: Response };
interface LooseClient {
  GET(path: string, init?: { params?: { query?: Record<string, unknown> } }): Promise<LooseResult>;
  POST(path: string, init?: { body?: unknown }): Promise<LooseResult>;
}
const loose = api as unknown as LooseClient;

export async function looseGet<T>(path: string, query?: Record<string, unknown>): Promise<T> {
  return unwrap(await loose.GET(path, query ? { params: { query } } : undefined)) as T;
}

export async function loosePost<T>(path: string, body: unknown): Promise<T> {
  return unwrap(await loose.POST(path, { body })) as T;
}
