import type { ExternalMapping } from '@hub/core';
import type { Db, ExternalMappingRow } from '../db/database.js';

export interface StoredExternalMapping extends ExternalMapping {
  orgId: string;
  dtCreated: Date;
}

export function toExternalMapping(row: ExternalMappingRow): StoredExternalMapping {
  return {
    id: row.id,
    orgId: row.org_id,
    m3terEntity: row.m3ter_entity as ExternalMapping['m3terEntity'],
    m3terId: row.m3ter_id,
    externalSystem: row.external_system,
    externalTable: row.external_table,
    externalId: row.external_id,
    integrationConfigId: row.integration_config_id,
    metadata: row.metadata,
    dtCreated: row.dt_created,
  };
}

/** Every mapping of an org in one destination system, for building a core `MappingIndex`. */
export async function listMappingsForSystem(
  db: Db,
  orgId: string,
  externalSystem: string,
): Promise<StoredExternalMapping[]> {
  const rows = await db
    .selectFrom('external_mappings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('external_system', '=', externalSystem)
    .execute();
  return rows.map(toExternalMapping);
}
