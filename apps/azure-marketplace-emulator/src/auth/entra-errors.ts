/**
 * Error bodies in Microsoft Entra's token-endpoint format, so MSAL surfaces `errorCode` and
 * `errorMessage` exactly as it would against login.microsoftonline.com.
 */
import { randomUUID } from 'node:crypto';

export interface EntraError {
  readonly status: 400 | 401;
  readonly body: {
    error: string;
    error_description: string;
    error_codes: number[];
    timestamp: string;
    trace_id: string;
    correlation_id: string;
    error_uri: string;
  };
}

/** Entra's `timestamp` format: `2024-05-01 10:00:00Z`. */
function entraTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

export function entraError(options: {
  status: 400 | 401;
  error: string;
  code: number;
  description: string;
  now: Date;
  baseUrl: string;
  correlationId: string | undefined;
}): EntraError {
  const traceId = randomUUID();
  const correlationId = options.correlationId ?? randomUUID();
  const timestamp = entraTimestamp(options.now);
  return {
    status: options.status,
    body: {
      error: options.error,
      error_description: `AADSTS${options.code}: ${options.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [options.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${options.baseUrl}/error?code=${options.code}`,
    },
  };
}
