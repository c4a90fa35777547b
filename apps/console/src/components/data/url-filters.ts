/**
 * Filters live in the URL query string, so a filtered view can be linked and reloaded. Empty values
 * are left out; `nextToken` (the page) is dropped whenever a filter changes.
 */

export type Filters<K extends string> = Record<K, string>;

/** The named filters from a query string; missing ones are ''. */
export function readFilters<K extends string>(params: URLSearchParams, keys: readonly K[]): Filters<K> {
  const result = {} as Filters<K>;
  for (const key of keys) result[key] = params.get(key)?.trim() ?? '';
  return result;
}

/** A query string of the non-empty values, in the order given. */
export function filtersToSearch(values: Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    const trimmed = value?.trim();
    if (trimmed) params.set(key, trimmed);
  }
  return params;
}

/** The non-empty filters as an API query object (openapi-fetch leaves undefined values out). */
export function toQuery<K extends string>(filters: Filters<K>): Partial<Record<K, string>> {
  const query: Partial<Record<K, string>> = {};
  for (const key of Object.keys(filters) as K[]) {
    if (filters[key]) query[key] = filters[key];
  }
  return query;
}
