import { type CallResult, parseJsonLossless, type RecordedCall, recordCall } from '@hub/core';
import { type Dispatcher, request } from 'undici';
import { HEADER_REDACTION, truncateText } from './exchange.js';

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

export type HttpCallResult = CallResult;
export type HttpCallOutcome = RecordedCall;

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
export function httpCall(input: HttpCallInput): Promise<HttpCallOutcome> {
  return recordCall({
    ...HEADER_REDACTION,
    method: input.method,
    url: input.url,
    headers: input.headers,
    send: async () => {
      const response = await request(input.url, {
        method: input.method,
        headers: input.headers,
        body: input.body,
        dispatcher: input.dispatcher,
      });
      return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
    },
    recordedRequestBody: input.recordedRequestBody,
    recordResponse: input.recordResponse ?? recordBody,
    secrets: input.secrets,
    // Azure echoes both ids; when it does not (or nothing came back), ours are what support can trace.
    ids: (sent, received) => ({
      requestId: received['x-ms-requestid'] ?? sent['x-ms-requestid'] ?? null,
      correlationId: received['x-ms-correlationid'] ?? sent['x-ms-correlationid'] ?? null,
    }),
    now: input.now,
    clock: () => performance.now(),
  });
}
