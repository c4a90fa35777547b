import { z } from 'zod';

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
