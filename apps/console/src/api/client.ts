import createClient, { type Middleware } from 'openapi-fetch';
import { readApiKey, signOut } from '../auth/session.js';
import type { paths } from './hub-api.js';

/** The contract's error body: `{ error: { code, message, details } }` (http-api.md "Errors"). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

/** A 4xx/5xx from the hub, with the contract's code, message and per-field details. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }

  /** The message for one field (`configData.accountFilter`), if the hub named it. */
  detailFor(path: string): string | undefined {
    return this.details.find((detail) => detail.path === path)?.message;
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const key = readApiKey();
    if (key) request.headers.set('authorization', `Bearer ${key}`);
    return request;
  },
  onResponse({ response }) {
    // A wrong or revoked key: back to sign-in, with the reason shown there.
    if (response.status === 401) signOut('rejected');
    return response;
  },
};

/** The typed client for the hub's API, generated from its OpenAPI document (src/api/hub-api.d.ts). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/**
 * The data of an openapi-fetch result, or an ApiError carrying the hub's error body. Queries and
 * mutations throw it, so TanStack Query shows it as the error.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  const body = result.error as Partial<ApiErrorBody> | undefined;
  throw new ApiError(
    result.response.status,
    body?.error?.code ?? 'HTTP_' + result.response.status,
    body?.error?.message ?? `the hub answered ${result.response.status}`,
    body?.error?.details ?? [],
  );
}
