import type { ValidationDetail } from '@hub/core';

export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** The contract's code for an HTTP status; a status it names no code for falls back by class. */
export function codeForStatus(status: number): ErrorCode {
  for (const [code, codeStatus] of Object.entries(ERROR_CODES) as [ErrorCode, number][]) {
    if (codeStatus === status) return code;
  }
  return status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED';
}

/** An error with its HTTP answer; the error handler turns it into `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ValidationDetail[] = [],
  ) {
    super(message);
    this.statusCode = ERROR_CODES[code];
  }
}

export const notFound = (what: string, id: string) => new HttpError('NOT_FOUND', `${what} ${id} not found`);
export const conflict = (message: string) => new HttpError('CONFLICT', message);
export const validationFailed = (message: string, details: ValidationDetail[] = []) =>
  new HttpError('VALIDATION_FAILED', message, details);

export interface ErrorBody {
  error: { code: string; message: string; details?: ValidationDetail[] };
}
