import { type CallResult, parseJsonLossless, type RecordedCall, recordCall } from '@hub/core';
import { type Dispatcher, request } from 'undici';
import { HEADER_REDACTION, truncateText } from './exchange.js';

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

export type HttpCallResult = CallResult;
export type HttpCallOutcome = RecordedCall;

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
    recordResponse: (text) => {
      const parsed = parseBody(text);
      return parsed === undefined ? truncateText(text) : (input.recordResponse ?? ((x) => x))(parsed);
    },
    secrets: input.secrets,
    // m3ter runs behind AWS API Gateway; whichever request id came back is what support can trace.
    ids: (_sent, received) => ({
      requestId: received['x-amzn-requestid'] ?? received['x-request-id'] ?? null,
      correlationId: null,
    }),
    now: input.now,
    clock: () => performance.now(),
  });
}
