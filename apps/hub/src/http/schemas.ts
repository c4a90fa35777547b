import { z } from 'zod';
import { validationFailed } from './errors.js';

/** Shared response pieces, so the OpenAPI document and the serializer agree. */
export const ZErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const ZIdParams = z.object({ id: z.string().min(1).max(200) });

export const errorResponses = {
  400: ZErrorResponse,
  401: ZErrorResponse,
  403: ZErrorResponse,
  404: ZErrorResponse,
  409: ZErrorResponse,
} as const;

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextToken: z.string().nullable() });
}

/** Dates leave the API as ISO-8601 UTC strings (route mappers call `iso`). */
export const ZTimestamp = z.string().describe('ISO-8601 UTC timestamp');

export function iso(date: Date): string;
export function iso(date: Date | null): string | null;
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * A time in a query string: ISO-8601 with a zone (`2026-11-25T10:00:00Z`, `…+01:00`) or a date
 * (`2026-11-25`, midnight UTC). Anything else is a 400 naming the parameter.
 */
export const ZQueryTime = z
  .string()
  .max(40, 'must be an ISO-8601 time such as 2026-11-25T10:00:00Z')
  .refine(
    (text) => ISO_TIME.test(text) && !Number.isNaN(Date.parse(text)),
    'must be an ISO-8601 time with a zone, such as 2026-11-25T10:00:00Z, or a date such as 2026-11-25',
  )
  .transform((text) => new Date(text));

/** A time range `from`–`to` (to exclusive) that can hold nothing is a mistake: 400 naming `to`. */
export function checkTimeRange(from: Date | undefined, to: Date | undefined, names: [string, string]): void {
  if (from !== undefined && to !== undefined && to.getTime() <= from.getTime()) {
    throw validationFailed(`invalid querystring: ${names[1]}: must be later than ${names[0]}`, [
      { path: `querystring.${names[1]}`, message: `must be later than ${names[0]}` },
    ]);
  }
}
