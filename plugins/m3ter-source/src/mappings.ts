import { MAPPING_ENTITIES } from '@hub/core';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * An m3ter `ExternalMappingResponse` in core's `ZExternalMappingBody` shape, or null when it is not
 * one the hub can use (an m3ter entity other than Account, Product, Aggregation and
 * CompoundAggregation, or a field missing). m3ter's `integrationConfigId` names an m3ter
 * integration config, not a hub integration, so it is left out; the m3ter mapping id and that
 * value go to `metadata`.
 */
export function toHubMapping(raw: unknown): Record<string, unknown> | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const mapping = raw as Record<string, unknown>;
  const m3terEntity = text(mapping['m3terEntity']);
  if (!m3terEntity || !(MAPPING_ENTITIES as readonly string[]).includes(m3terEntity)) return null;
  const fields = {
    m3terId: text(mapping['m3terId']),
    externalSystem: text(mapping['externalSystem']),
    externalTable: text(mapping['externalTable']),
    externalId: text(mapping['externalId']),
  };
  if (Object.values(fields).some((value) => value === null)) return null;
  const metadata: Record<string, unknown> = { source: 'm3ter' };
  if (text(mapping['id'])) metadata['m3terMappingId'] = mapping['id'];
  if (text(mapping['integrationConfigId']))
    metadata['m3terIntegrationConfigId'] = mapping['integrationConfigId'];
  return { m3terEntity, ...fields, metadata };
}
