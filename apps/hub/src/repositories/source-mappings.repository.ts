import { randomUUID } from 'node:crypto';
import type { ExternalMappingBody } from '@hub/core';
import type { Db } from '../db/database.js';

/** A mapping as a source holds it, parsed, with the source's own reference. */
export interface SourceMapping {
  ref: string;
  body: ExternalMappingBody;
}

export type MappingUpsert =
  | { outcome: 'inserted' | 'updated' | 'unchanged'; id: string }
  | { outcome: 'conflict'; id: string; heldBy: 'hub' | 'other-source' };

/**
 * Upserts one synced mapping by its key (core's mapping key). A mapping made in the hub (no source)
 * or synced from another source holds the key: it wins, nothing changes, and the caller reports it.
 */
export async function upsertSourceMapping(
  db: Db,
  input: { orgId: string; sourceId: string },
  mapping: SourceMapping,
): Promise<MappingUpsert> {
  const { body } = mapping;
  const integrationConfigId = body.integrationConfigId ?? null;
  const existing = await db
    .selectFrom('external_mappings')
    .selectAll()
    .where('org_id', '=', input.orgId)
    .where('external_system', '=', body.externalSystem)
    .where('external_table', '=', body.externalTable)
    .where('m3ter_entity', '=', body.m3terEntity)
    .where('m3ter_id', '=', body.m3terId)
    .where((eb) =>
      integrationConfigId === null
        ? eb('integration_config_id', 'is', null)
        : eb('integration_config_id', '=', integrationConfigId),
    )
    .forUpdate()
    .executeTakeFirst();
  const metadata = body.metadata ? JSON.stringify(body.metadata) : null;
  if (!existing) {
    const id = randomUUID();
    await db
      .insertInto('external_mappings')
      .values({
        id,
        org_id: input.orgId,
        m3ter_entity: body.m3terEntity,
        m3ter_id: body.m3terId,
        external_system: body.externalSystem,
        external_table: body.externalTable,
        external_id: body.externalId,
        integration_config_id: integrationConfigId,
        metadata,
        source_id: input.sourceId,
        source_ref: mapping.ref,
      })
      .execute();
    return { outcome: 'inserted', id };
  }
  if (existing.source_id !== input.sourceId) {
    return {
      outcome: 'conflict',
      id: existing.id,
      heldBy: existing.source_id === null ? 'hub' : 'other-source',
    };
  }
  const same =
    existing.external_id === body.externalId &&
    existing.source_ref === mapping.ref &&
    JSON.stringify(existing.metadata ?? null) === JSON.stringify(body.metadata ?? null);
  if (same) return { outcome: 'unchanged', id: existing.id };
  await db
    .updateTable('external_mappings')
    .set({ external_id: body.externalId, metadata, source_ref: mapping.ref })
    .where('id', '=', existing.id)
    .execute();
  return { outcome: 'updated', id: existing.id };
}

/** Removes the source's synced mappings that are not among `keep` (they disappeared at the source). */
export async function removeSourceMappingsExcept(
  db: Db,
  input: { orgId: string; sourceId: string; externalSystems: readonly string[] },
  keep: readonly string[],
): Promise<number> {
  if (input.externalSystems.length === 0) return 0;
  let query = db
    .deleteFrom('external_mappings')
    .where('org_id', '=', input.orgId)
    .where('source_id', '=', input.sourceId)
    .where('external_system', 'in', [...input.externalSystems]);
  if (keep.length > 0) query = query.where('id', 'not in', [...keep]);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
