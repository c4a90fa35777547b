import { z } from 'zod';

export const MAPPING_ENTITIES = ['Account', 'Product', 'Aggregation', 'CompoundAggregation'] as const;
export type MappingEntity = (typeof MAPPING_ENTITIES)[number];

/**
 * An external mapping: a billing-platform entity (`m3terEntity` + `m3terId`) mapped to an id in the
 * destination (`externalSystem` / `externalTable` / `externalId`). A mapping with
 * `integrationConfigId` is *linked* to one integration.
 */
export const ZExternalMappingBody = z.object({
  m3terEntity: z.enum(MAPPING_ENTITIES),
  m3terId: z.string().trim().min(1, 'must not be empty').max(200),
  externalSystem: z.string().trim().min(1, 'must not be empty').max(100),
  externalTable: z.string().trim().min(1, 'must not be empty').max(100),
  externalId: z.string().trim().min(1, 'must not be empty').max(500),
  integrationConfigId: z.string().trim().min(1).max(200).nullish(),
  metadata: z.record(z.string().max(200), z.unknown()).nullish(),
});
export type ExternalMappingBody = z.output<typeof ZExternalMappingBody>;

export interface ExternalMapping extends ExternalMappingBody {
  id: string;
}
