/**
 * Cursor paging as m3ter does it: `pageSize` and an opaque `nextToken`; the answer is
 * `{ data, nextToken? }` with `nextToken` only when another page exists. The token encodes the
 * position after the last item served (by sort key, not by offset), so items added meanwhile do
 * not shift the next page.
 */
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../constants.js';

export class QueryError extends Error {}

export interface Page<T> {
  data: T[];
  nextToken?: string;
}

export function parsePageSize(
  raw: string | undefined,
  max = MAX_PAGE_SIZE,
  fallback = DEFAULT_PAGE_SIZE,
): number {
  if (raw === undefined || raw === '') return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new QueryError(`pageSize must be an integer from 1 to ${max}, got ${raw}`);
  }
  return size;
}

function encode(position: number, scope: string): string {
  return Buffer.from(JSON.stringify({ p: position, s: scope }), 'utf8').toString('base64url');
}

function decode(token: string, scope: string): number {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      p?: unknown;
      s?: unknown;
    };
    if (typeof value.p === 'number' && value.s === scope) return value.p;
  } catch {
    // falls through to the error below
  }
  throw new QueryError(`nextToken is not valid: ${token}`);
}

/**
 * One page of `items`, which must already be sorted by `keyOf` (descending when `descending`).
 * `scope` ties a token to the list it came from (a token for one bill's line items is refused for another).
 */
export function paginate<T>(
  items: readonly T[],
  options: {
    pageSize: number;
    nextToken: string | undefined;
    keyOf: (item: T) => number;
    descending: boolean;
    scope: string;
  },
): Page<T> {
  let start = 0;
  if (options.nextToken !== undefined && options.nextToken !== '') {
    const after = decode(options.nextToken, options.scope);
    start = items.findIndex((item) =>
      options.descending ? options.keyOf(item) < after : options.keyOf(item) > after,
    );
    if (start < 0) start = items.length;
  }
  const data = items.slice(start, start + options.pageSize);
  const last = data.at(-1);
  const more = start + options.pageSize < items.length;
  return more && last !== undefined
    ? { data, nextToken: encode(options.keyOf(last), options.scope) }
    : { data };
}
