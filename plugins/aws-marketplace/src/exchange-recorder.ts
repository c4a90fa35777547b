import { AsyncLocalStorage } from 'node:async_hooks';
import type { Exchange } from '@hub/core';
import { recordBody, redactHeaders, scrubExchange } from './exchange.js';

/** The raw HTTP request as the SDK's middleware stack sees it after signing. */
interface RawRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number | undefined;
  path: string;
  query?: Record<string, string | string[] | null | undefined> | undefined;
  headers: Record<string, string>;
  body?: unknown;
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | undefined>;
  body?: unknown;
}

type Handler = (args: { request: unknown }) => Promise<{ response: unknown; output?: unknown }>;

/** The shape of an SDK client's (or STS client's) middleware stack, as far as the recorder needs it. */
export interface MiddlewareStackLike {
  add(middleware: unknown, options: Record<string, unknown>): void;
}

/** An SDK plugin (`Pluggable`): what `client.middlewareStack.use` and `clientPlugins` take. */
export interface StackPlugin {
  applyToStack(stack: MiddlewareStackLike): void;
}

const decoder = new TextDecoder();

function isRawRequest(value: unknown): value is RawRequest {
  return (
    typeof value === 'object' &&
    value !== null &&
    'method' in value &&
    'hostname' in value &&
    'headers' in value
  );
}

function urlOf(request: RawRequest): string {
  const port = request.port ? `:${request.port}` : '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === null || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item);
  }
  const query = search.toString();
  return `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ''}`;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  return '[stream]';
}

async function readAll(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    chunks.push(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
  }
  return Buffer.concat(chunks);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? code : error.name}: ${error.message}`;
}

const NAME = 'hubExchangeRecorder';

/**
 * Records every HTTP exchange the SDK clients make (metering, and STS through the credential
 * provider) as a core `Exchange`, redacted: the SigV4 `Authorization`, the session token header,
 * and the secret and token of STS answers never reach the record. It sits innermost in the
 * middleware stack (after signing, before deserialising), reads the response body once and hands
 * the SDK a copy. Exchanges go to whichever `collect` call the request was made under.
 */
export class ExchangeRecorder {
  private readonly storage = new AsyncLocalStorage<Exchange[]>();

  constructor(
    private readonly now: () => Date,
    /** Values that must never appear in a record (known secrets, current session tokens). */
    private readonly secrets: () => readonly string[],
  ) {}

  /** Runs `work`, collecting the exchanges of every HTTP call it makes into `into`. */
  collect<T>(into: Exchange[], work: () => Promise<T>): Promise<T> {
    return this.storage.run(into, work);
  }

  /** Scrubs exchanges once more with the secrets known now (a session token learnt mid-call). */
  scrub(exchanges: readonly Exchange[]): Exchange[] {
    const secrets = this.secrets();
    return exchanges.map((exchange) => scrubExchange(exchange, secrets));
  }

  /** The SDK plugin adding the recorder to a client's stack; safe to apply more than once. */
  readonly plugin: StackPlugin = {
    applyToStack: (stack) => {
      stack.add(this.middleware, { step: 'deserialize', priority: 'low', name: NAME, override: true });
    },
  };

  private readonly middleware = (next: Handler) => async (args: { request: unknown }) => {
    const sink = this.storage.getStore();
    const request = args.request;
    if (!sink || !isRawRequest(request)) return next(args);
    const startedAt = this.now();
    const started = performance.now();
    const requestHeaders = redactHeaders(request.headers);
    const requestBody = recordBody(bodyText(request.body), requestHeaders['content-type'] ?? '');
    const base = {
      method: request.method,
      url: urlOf(request),
      requestHeaders,
      requestBody,
      startedAt: startedAt.toISOString(),
      correlationId: requestHeaders['amz-sdk-invocation-id'] ?? null,
    };
    let output: { response: unknown; output?: unknown };
    try {
      output = await next(args);
    } catch (error) {
      sink.push(
        scrubExchange(
          {
            ...base,
            status: null,
            responseHeaders: {},
            responseBody: null,
            error: describe(error),
            durationMs: Math.round(performance.now() - started),
            requestId: null,
          },
          this.secrets(),
        ),
      );
      throw error;
    }
    const response = output.response as RawResponse;
    let text = '';
    let readError: string | null = null;
    try {
      const bytes = await readAll(response.body);
      response.body = new Uint8Array(bytes);
      text = decoder.decode(bytes);
    } catch (error) {
      readError = describe(error);
      response.body = new Uint8Array();
    }
    const responseHeaders = redactHeaders(response.headers ?? {});
    sink.push(
      scrubExchange(
        {
          ...base,
          status: response.statusCode,
          responseHeaders,
          responseBody: recordBody(text, responseHeaders['content-type'] ?? ''),
          error: readError,
          durationMs: Math.round(performance.now() - started),
          requestId: responseHeaders['x-amzn-requestid'] ?? responseHeaders['x-amz-request-id'] ?? null,
        },
        this.secrets(),
      ),
    );
    if (readError !== null) throw new Error(`the response body could not be read (${readError})`);
    return output;
  };
}
