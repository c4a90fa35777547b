import type { Exchange } from '@hub/core';
import type { Dispatcher } from 'undici';
import { DEFAULT_TOKEN_LIFETIME_MS, TOKEN_RENEW_MARGIN_MS } from './constants.js';
import type { M3terCredential } from './credential.js';
import type { M3terEndpoints } from './endpoints.js';
import { redactSecretFields } from './exchange.js';
import { type HttpCallOutcome, httpCall, parseBody } from './http-call.js';
import type { RateLimiter } from './rate-limiter.js';
import { parseRetryAfter } from './retry-after.js';

/** How the client retries inside one logical call before it answers `RETRYABLE`. */
export interface RetryPolicy {
  /** Attempts for a 5xx, a 408 or a transport failure (the first included). */
  maxAttempts: number;
  /** Attempts for a 429: m3ter's per-organization limit clears within the second, so more are cheap. */
  maxThrottledAttempts: number;
  /** Exponential backoff when no `Retry-After` came: base × 2^n, at most `maxDelayMs`, jittered. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for inside the client: `RETRYABLE` with it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  maxThrottledAttempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 10_000,
};

export interface ApiFailure {
  ok: false;
  code: 'RETRYABLE' | 'AUTH_FAILED' | 'REJECTED';
  message: string;
  retryAfterMs?: number | null;
}

/** A 2xx (or a 404, which callers read as "no such thing") with its parsed body. */
export type ApiResult = { ok: true; status: number; body: unknown } | ApiFailure;

export interface M3terApiOptions {
  endpoints: M3terEndpoints;
  organizationId: string;
  credential: M3terCredential;
  dispatcher: Dispatcher;
  /** Wall clock: token expiry, exchange times. */
  now: () => Date;
  limiter: RateLimiter;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

interface CachedToken {
  value: string;
  /** Epoch ms at which to ask for a new one (some minutes before it expires). */
  renewAt: number;
}

type TokenAnswer = { ok: true; token: string } | ApiFailure;

/** The platform's own words from an error answer, for operators. */
export function platformMessage(status: number, text: string): string {
  const body = parseBody(text);
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    for (const key of ['error_description', 'message', 'error', 'errorMessage']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim() !== '') return `${status}: ${value.trim()}`;
    }
  }
  const plain = text.trim().replace(/\s+/g, ' ');
  return plain === '' ? `HTTP ${status}` : `${status}: ${plain.slice(0, 300)}`;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The m3ter Config API for one organization and Service User: OAuth2 client-credentials tokens
 * (cached, renewed before expiry, renewed once on a 403), the shared per-organization limiter,
 * and retries of 429/5xx/transport failures. Every HTTP call is pushed, redacted, onto the
 * caller's `exchanges`. Never throws for m3ter or network failures.
 */
export class M3terApi {
  #token: CachedToken | null = null;
  #pending: Promise<TokenAnswer> | null = null;
  readonly #issued = new Set<string>();
  readonly #basic: string;

  constructor(private readonly options: M3terApiOptions) {
    const { accessKeyId, apiSecret } = options.credential;
    this.#basic = Buffer.from(`${accessKeyId}:${apiSecret}`, 'utf8').toString('base64');
  }

  /** Everything that must never appear in a record. */
  secrets(): string[] {
    return [this.options.credential.apiSecret, this.#basic, ...this.#issued];
  }

  /** `${apiUrl}/organizations/{orgId}${path}?query`. */
  url(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const search = params.toString();
    const org = encodeURIComponent(this.options.organizationId);
    return `${this.options.endpoints.apiUrl}/organizations/${org}${path}${search ? `?${search}` : ''}`;
  }

  /**
   * A bearer token: the cached one while more than the renewal margin is left, else a new one.
   * Concurrent callers on a cold client share one token request (its exchanges go to the caller
   * that made it).
   */
  async token(exchanges: Exchange[], fresh = false): Promise<TokenAnswer> {
    const cached = this.#token;
    if (!fresh && cached && this.options.now().getTime() < cached.renewAt)
      return { ok: true, token: cached.value };
    if (this.#pending) return this.#pending;
    this.#pending = this.#requestToken(exchanges).finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #requestToken(exchanges: Exchange[]): Promise<TokenAnswer> {
    const body = 'grant_type=client_credentials';
    const outcome = await this.#withRetries(exchanges, () =>
      httpCall({
        method: 'POST',
        url: this.options.endpoints.tokenUrl,
        headers: {
          accept: 'application/json',
          authorization: `Basic ${this.#basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
        dispatcher: this.options.dispatcher,
        recordedRequestBody: { grant_type: 'client_credentials' },
        recordResponse: redactSecretFields,
        secrets: this.secrets(),
        now: this.options.now,
      }),
    );
    if (!outcome.ok) return outcome;
    const { status, text } = outcome;
    if (status >= 200 && status < 300) {
      const parsed = parseBody(text) as Record<string, unknown> | undefined;
      const value = parsed?.['access_token'];
      if (typeof value !== 'string' || value === '') {
        return {
          ok: false,
          code: 'RETRYABLE',
          message: 'the m3ter token endpoint answered without an access_token',
        };
      }
      this.#issued.add(value);
      const expiresIn = parsed?.['expires_in'];
      const lifetimeMs =
        typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
      // Renew with 5 minutes left, or half-way through a lifetime shorter than 10 minutes.
      const margin = Math.min(TOKEN_RENEW_MARGIN_MS, lifetimeMs / 2);
      this.#token = { value, renewAt: this.options.now().getTime() + lifetimeMs - margin };
      return { ok: true, token: value };
    }
    this.#token = null;
    // 400 invalid_client / 401 / 403: the Service User's key was refused.
    return {
      ok: false,
      code: status === 400 || status === 401 || status === 403 ? 'AUTH_FAILED' : 'REJECTED',
      message: `m3ter refused the credential (${platformMessage(status, text)})`
        .split(this.options.credential.apiSecret)
        .join('[REDACTED]'),
    };
  }

  /**
   * `GET` an organization path. A 403 (m3ter's answer to an expired or revoked token) renews the
   * token once and repeats the call once; a second 401/403 is `AUTH_FAILED`. 404 comes back as a
   * result (status 404); other 4xx are `REJECTED`.
   */
  async get(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    exchanges: Exchange[],
  ): Promise<ApiResult> {
    const url = this.url(path, query);
    let renewed = false;
    for (;;) {
      const token = await this.token(exchanges, renewed);
      if (!token.ok) return token;
      const outcome = await this.#withRetries(exchanges, () =>
        httpCall({
          method: 'GET',
          url,
          headers: { accept: 'application/json', authorization: `Bearer ${token.token}` },
          dispatcher: this.options.dispatcher,
          recordedRequestBody: null,
          secrets: this.secrets(),
          now: this.options.now,
        }),
      );
      if (!outcome.ok) return outcome;
      const { status, text } = outcome;
      if ((status === 401 || status === 403) && !renewed) {
        renewed = true;
        this.#token = null;
        continue;
      }
      if (status === 401 || status === 403) {
        return {
          ok: false,
          code: 'AUTH_FAILED',
          message: `m3ter refused the call (${platformMessage(status, text)})`,
        };
      }
      if (status === 404) return { ok: true, status, body: parseBody(text) };
      if (status >= 200 && status < 300) {
        const body = parseBody(text);
        if (body === undefined) {
          return { ok: false, code: 'RETRYABLE', message: `m3ter answered ${status} without a JSON body` };
        }
        return { ok: true, status, body };
      }
      return {
        ok: false,
        code: 'REJECTED',
        message: `m3ter refused ${path} (${platformMessage(status, text)})`,
      };
    }
  }

  /**
   * Sends through the limiter, retrying 429 (honouring Retry-After), 408, 5xx and transport
   * failures with bounded backoff. Any other answer comes back as it is.
   */
  async #withRetries(
    exchanges: Exchange[],
    send: () => Promise<HttpCallOutcome>,
  ): Promise<{ ok: true; status: number; headers: Record<string, string>; text: string } | ApiFailure> {
    const policy = this.options.retry;
    let failures = 0;
    let throttles = 0;
    for (;;) {
      await this.options.limiter.acquire();
      const { result, exchange } = await send();
      exchanges.push(exchange);
      if (result.kind === 'http' && !isRetryableStatus(result.status)) return { ok: true, ...result };
      let retryAfterMs: number | null = null;
      let message: string;
      let exhausted: boolean;
      if (result.kind === 'transport') {
        failures += 1;
        exhausted = failures >= policy.maxAttempts;
        message = `m3ter could not be reached (${result.code}: ${result.message})`;
      } else {
        retryAfterMs = parseRetryAfter(result.headers['retry-after'], this.options.now());
        if (result.status === 429) throttles += 1;
        else failures += 1;
        exhausted =
          result.status === 429 ? throttles >= policy.maxThrottledAttempts : failures >= policy.maxAttempts;
        message = `m3ter answered ${platformMessage(result.status, result.text)}`;
      }
      const attempts = failures + throttles;
      if (exhausted || (retryAfterMs !== null && retryAfterMs > policy.maxRetryAfterMs)) {
        return {
          ok: false,
          code: 'RETRYABLE',
          message: `${message} after ${attempts} attempt${attempts === 1 ? '' : 's'}`,
          retryAfterMs,
        };
      }
      const exponent = Math.max(0, attempts - 1);
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
      const waitMs = retryAfterMs ?? Math.round(backoff * (0.5 + 0.5 * this.options.random()));
      if (waitMs > 0) await this.options.sleep(waitMs);
    }
  }
}
