import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/hub-api.js';

/** One destination as `GET /v1/destinations` describes it: the console names no destination itself. */
export type Destination =
  paths['/v1/destinations']['get']['responses'][200]['content']['application/json']['data'][number];
export type CredentialField = Destination['credential']['fields'][number];
export type MetadataField = Destination['mappings']['account']['metadataFields'][number];

export const destinationsQuery = {
  queryKey: ['destinations'],
  queryFn: async () => unwrap(await api.GET('/v1/destinations')).data,
  staleTime: 5 * 60_000,
} as const;

/** The hub's destinations (they change only when the hub restarts with other plugins). */
export function useDestinations() {
  return useQuery(destinationsQuery);
}

/** The destination's display name, or its id while the list loads (or when it is no longer served). */
export function destinationName(destinations: Destination[] | undefined, id: string): string {
  return destinations?.find((destination) => destination.id === id)?.displayName ?? id;
}

/** Most decimal places a quantity may have at this destination. */
export function maxDecimalPlaces(destination: Destination | undefined): number {
  if (!destination) return 6;
  return destination.limits.fractionalQuantities ? destination.limits.maxQuantityDecimalPlaces : 0;
}
