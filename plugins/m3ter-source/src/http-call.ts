import { type Exchange, parseJsonLossless } from '@hub/core';
import { type Dispatcher, request } from 'undici';
import { redactHeaders, scrubExchange, truncateText } from './exchange.js';

export interface HttpCallInput {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  dispatcher: Dispatcher;
  /** The request body as it may be stored (secrets already out). */
  recordedRequestBody: unknown;
  /** How a parsed JSON answer is stored (e.g. with the access token taken out). */
  recordResponse?: (parsed: unknown) => unknown;
  /** Values that must never appear in the record. */
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

/** Parses JSON losslessly (amounts keep every digit); undefined for an empty or non-JSON body. */
export function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseJsonLossless(text);
  } catch {
    return undefined;
  }
}

/**
 * One HTTP exchange, recorded whatever happens: a transport failure is a result, not an
 * exception, so the caller can retry or classify it.
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
  let responseBody: unknown = null;
  if (result.kind === 'http' && result.text !== '') {
    const parsed = parseBody(result.text);
    responseBody =
      parsed === undefined ? truncateText(result.text) : (input.recordResponse ?? ((x) => x))(parsed);
  }
  const exchange: Exchange = {
    method: input.method,
    url: input.url,
    requestHeaders: sentHeaders,
    requestBody: input.recordedRequestBody,
    status: result.kind === 'http' ? result.status : null,
    responseHeaders: receivedHeaders,
    responseBody,
    error: result.kind === 'transport' ? `${result.code}: ${result.message}` : null,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    // m3ter runs behind AWS API Gateway; whichever request id came back is what support can trace.
    requestId: receivedHeaders['x-amzn-requestid'] ?? receivedHeaders['x-request-id'] ?? null,
    correlationId: null,
  };
  return { result, exchange: scrubExchange(exchange, input.secrets) };
}
