import { type Exchange, parseJsonLossless } from '@hub/core';
import { type Dispatcher, request } from 'undici';
import { redactHeaders, scrubExchange, truncateText } from './exchange.js';

export interface HttpCallInput {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  /** The request body as it may be stored (parsed, secrets already out). */
  recordedRequestBody: unknown;
  /** How the response text is stored; the default keeps JSON parsed and other text truncated. */
  recordResponse?: (text: string, contentType: string) => unknown;
  /** Values that must never appear in the record (client secret, access token). */
  secrets: readonly string[];
  now: () => Date;
}

export type HttpCallResult =
  | { kind: 'http'; status: number; headers: Record<string, string>; text: string }
  | { kind: 'transport'; code: string; message: string };

export interface HttpCallOutcome {
  result: HttpCallResult;
  exchange: Exchange;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** undici and Node name failures by `code`; the cause often holds the socket-level reason. */
export function describeTransportError(error: unknown): { code: string; message: string } {
  if (!(error instanceof Error)) return { code: 'UNKNOWN', message: String(error) };
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error && cause.message && cause.message !== error.message ? ` (${cause.message})` : '';
  const causeCode = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  return {
    code: typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : error.name,
    message: `${error.message}${causeText}`,
  };
}

/** JSON kept as structure (numbers as their exact text), anything else as truncated text. */
export function recordBody(text: string): unknown {
  if (text === '') return null;
  try {
    return parseJsonLossless(text);
  } catch {
    return truncateText(text);
  }
}

/**
 * One HTTP exchange on the client's pooled dispatcher, recorded whatever happens: a transport
 * failure is a result, not an exception, so callers can classify it.
 */
export async function httpCall(input: HttpCallInput): Promise<HttpCallOutcome> {
  const startedAt = input.now();
  const started = performance.now();
  let result: HttpCallResult;
  try {
    const response = await request(input.url, {
      method: input.method,
      headers: input.headers,
      body: input.body,
      dispatcher: input.dispatcher,
    });
    const text = await response.body.text();
    result = { kind: 'http', status: response.statusCode, headers: flattenHeaders(response.headers), text };
  } catch (error) {
    result = { kind: 'transport', ...describeTransportError(error) };
  }
  const sentHeaders = redactHeaders(input.headers);
  const receivedHeaders = result.kind === 'http' ? redactHeaders(result.headers) : {};
  const exchange: Exchange = {
    method: input.method,
    url: input.url,
    requestHeaders: sentHeaders,
    requestBody: input.recordedRequestBody,
    status: result.kind === 'http' ? result.status : null,
    responseHeaders: receivedHeaders,
    responseBody:
      result.kind === 'http'
        ? (input.recordResponse ?? recordBody)(result.text, receivedHeaders['content-type'] ?? '')
        : null,
    error: result.kind === 'transport' ? `${result.code}: ${result.message}` : null,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    // Azure echoes both ids; when it does not (or nothing came back), ours are what support can trace.
    requestId: receivedHeaders['x-ms-requestid'] ?? sentHeaders['x-ms-requestid'] ?? null,
    correlationId: receivedHeaders['x-ms-correlationid'] ?? sentHeaders['x-ms-correlationid'] ?? null,
  };
  return { result, exchange: scrubExchange(exchange, input.secrets) };
}
