import { z } from 'zod';
import { validationFailed } from './errors.js';

export const ZPageQuery = z.object({
  pageSize: z.coerce
    .number()
    .int()
    .min(1, 'must be from 1 to 200')
    .max(200, 'must be from 1 to 200')
    .default(50),
  nextToken: z.string().max(500).optional(),
});

/** A keyset cursor: the sort key of the last row of the previous page. Opaque to clients. */
export interface Cursor {
  t: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(token: string | undefined): Cursor | null {
  if (!token) return null;
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof value.t === 'string' && typeof value.id === 'string' && !Number.isNaN(Date.parse(value.t))) {
      return { t: value.t, id: value.id };
    }
  } catch {
    // fall through: a token we did not write
  }
  throw validationFailed('nextToken is not a token this API returned', [
    { path: 'nextToken', message: 'unknown token' },
  ]);
}

/** Cuts a fetched page (fetched with pageSize + 1 rows) and makes the next token. */
export function toPage<T>(
  rows: T[],
  pageSize: number,
  keyOf: (row: T) => Cursor,
): { data: T[]; nextToken: string | null } {
  if (rows.length <= pageSize) return { data: rows, nextToken: null };
  const data = rows.slice(0, pageSize);
  return { data, nextToken: encodeCursor(keyOf(data[data.length - 1]!)) };
}
