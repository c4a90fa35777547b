import { AsyncLocalStorage } from 'node:async_hooks';
import {
  AuthError,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import type { Exchange } from '@hub/core';
import type { Dispatcher } from 'undici';
import { redactForm, redactTokenResponse } from './exchange.js';
import { httpCall, recordBody } from './http-call.js';

/**
 * MSAL's HTTP, on the client's own undici dispatcher. MSAL's default client uses global fetch with
 * no timeout on the token POST, so a silent login endpoint could hang a submission for ever; here
 * the dispatcher's connect/headers/body timeouts apply, and token calls share the client's pool.
 *
 * Token calls are recorded as exchanges too (secret and tokens redacted): an AUTH_FAILED run then
 * shows Entra's own answer. `capture` collects the exchanges of one acquisition; AsyncLocalStorage
 * carries the collector through MSAL's awaits, so concurrent acquisitions never mix their records.
 */
export class MsalNetworkClient implements INetworkModule {
  readonly #recorder = new AsyncLocalStorage<Exchange[]>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly now: () => Date,
    private readonly secrets: () => readonly string[],
  ) {}

  /** Runs `action` and returns what it returned plus the token exchanges it made. */
  async capture<T>(action: () => Promise<T>): Promise<{ value: T; exchanges: Exchange[] }> {
    const exchanges: Exchange[] = [];
    try {
      const value = await this.#recorder.run(exchanges, action);
      return { value, exchanges };
    } catch (error) {
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), { exchanges });
    }
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.#send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.#send<T>('POST', url, options);
  }

  async #send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
  ): Promise<NetworkResponse<T>> {
    const body = method === 'POST' ? (options?.body ?? '') : undefined;
    const { result, exchange } = await httpCall({
      method,
      url,
      headers: options?.headers ?? {},
      body,
      dispatcher: this.dispatcher,
      recordedRequestBody: body === undefined ? null : redactForm(body),
      recordResponse: (text) => redactTokenResponse(recordBody(text)),
      secrets: this.secrets(),
      now: this.now,
    });
    this.#recorder.getStore()?.push(exchange);
    if (result.kind === 'transport') {
      // An AuthError passes through MSAL untouched; anything else would lose the reason.
      throw new AuthError('network_error', '', `${result.code}: ${result.message}`);
    }
    return {
      status: result.status,
      headers: result.headers,
      body: tokenBody(result.status, result.text) as T,
    };
  }
}

/**
 * MSAL reads the token answer as JSON and decides by its `error` field. A proxy's HTML page or an
 * empty 503 has neither, so it is turned into an OAuth-style error naming the status, which MSAL
 * then raises as a ServerError carrying that status (and token-errors.ts calls transient).
 */
function tokenBody(status: number, text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed;
  } catch {
    // not JSON: fall through
  }
  return {
    error: status >= 500 || status === 429 ? 'temporarily_unavailable' : 'invalid_response',
    error_description: `the token endpoint answered HTTP ${status} without a JSON body`,
  };
}
