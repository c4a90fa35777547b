import type { ValidationDetail } from '@hub/core';

export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

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
