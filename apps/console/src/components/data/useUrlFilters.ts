import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type Filters, filtersToSearch, readFilters } from './url-filters.js';

/**
 * The screen's filters and page token, kept in the URL. Setting filters starts again from the first
 * page; each change is a history entry, so the browser's Back returns to the previous view.
 */
export function useUrlFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys are a constant per screen; search stands for params
  const filters = useMemo(() => readFilters(new URLSearchParams(search), keys), [search]);
  const pageToken = params.get('nextToken') ?? '';

  const setFilters = useCallback(
    (values: Partial<Filters<K>>) => setParams(filtersToSearch(values as Record<string, string>)),
    [setParams],
  );
  const setPageToken = useCallback(
    (token: string) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (token) next.set('nextToken', token);
        else next.delete('nextToken');
        return next;
      }),
    [setParams],
  );
  return { filters, pageToken, setFilters, setPageToken, search };
}
