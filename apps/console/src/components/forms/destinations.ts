import { useQuery } from '@tanstack/react-query';
import { looseGet } from './loose-api.js';

/** One destination as `GET /v1/destinations` describes it: the console names no destination itself. */
export interface Destination {
  id: string;
  displayName: string;
  externalSystem: string;
  credential: { fields: CredentialField[] };
  mappings: {
    account: { externalTable: string; description: string; metadataFields: MetadataField[] };
    dimension: { externalTable: string; description: string };
  };
  limits: {
    fractionalQuantities: boolean;
    maxQuantityDecimalPlaces: number;
    maxBatchSize?: number;
    maxEventQuantity?: string | null;
    [key: string]: unknown;
  };
  prerequisites: boolean;
}

export interface CredentialField {
  name: string;
  label: string;
  description: string | null;
  secret: boolean;
  required: boolean;
}

export interface MetadataField {
  name: string;
  label: string;
  description: string | null;
  required: boolean;
}

export const destinationsQuery = {
  queryKey: ['destinations'],
  queryFn: async () => (await looseGet<{ data: Destination[] }>('/v1/destinations')).data,
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
