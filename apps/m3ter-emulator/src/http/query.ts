/** Reading m3ter's query parameters: single values, repeatable/comma-separated lists, booleans. */
import { QueryError } from './paging.js';

type Query = Record<string, string | string[] | undefined>;

export function asQuery(query: unknown): Query {
  return (typeof query === 'object' && query !== null ? query : {}) as Query;
}

export function single(query: Query, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `?ids=a&ids=b` and `?ids=a,b` both give `['a', 'b']`; undefined when absent. */
export function list(query: Query, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  const values = (Array.isArray(value) ? value : [value])
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return values.length === 0 ? undefined : values;
}

export function bool(query: Query, name: string): boolean | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new QueryError(`${name} must be true or false, got ${value}`);
}

export function isoDate(query: Query, name: string): string | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new QueryError(`${name} must be an ISO 8601 date, got ${value}`);
  }
  return value.slice(0, 10);
}
