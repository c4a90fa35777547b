import { z } from 'zod';

/**
 * The generic part of a stored destination credential. The destination-specific fields (for Azure:
 * tenantId, clientId, clientSecret) are described by each adapter's `credential` schema; the fields
 * the adapter lists as secret are write-only: encrypted at rest, never returned, never logged.
 */
export const ZCredentialBody = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  destination: z.string().trim().min(1).max(100),
});

/** Replaces every secret field with a marker, for anything that leaves the process (logs, APIs). */
export function redactSecrets<T extends Record<string, unknown>>(
  value: T,
  secretFields: readonly string[],
): T {
  const copy: Record<string, unknown> = { ...value };
  for (const field of secretFields) if (field in copy) copy[field] = '[REDACTED]';
  return copy as T;
}
