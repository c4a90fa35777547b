import type { z } from 'zod';

export interface ValidationDetail {
  /** Dotted path of the offending field, e.g. `configData.marketplaceBillDimension`. */
  path: string;
  message: string;
}

/** Turns zod issues into `{ path, message }` details naming the field, for 400 responses. */
export function formatIssues(error: z.ZodError, prefix: (string | number)[] = []): ValidationDetail[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path].map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
