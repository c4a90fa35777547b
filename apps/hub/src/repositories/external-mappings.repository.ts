import { randomUUID } from 'node:crypto';
import type { ExternalMapping, ExternalMappingBody } from '@hub/core';
import { sql } from 'kysely';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creation time at millisecond precision: the keyset cursor carries an ISO string (ms), while
 * Postgres keeps microseconds, so ordering and comparing on the truncated value keeps pages exact.
 */
const createdMs = sql<Date>`date_trunc('milliseconds', dt_created)`;

/** Thrown by `insertExternalMapping` when the mapping's key is already taken in the org. */
/**
 * Only the mappings one bill can use: its account (by id and by code) and the products and
 * aggregations its line items name. The bill path runs this per bill, so it must not read an org's
 * whole mapping table (thousands of subscriptions).
 */
export async function listMappingsForBill(
  db: Db,
  orgId: string,
  externalSystem: string,
  bill: BillMappingKeys,
  accountCode?: string | null,
): Promise<StoredExternalMapping[]> {
  const rows = await selectMappingsForBill(db, orgId, [externalSystem], bill, accountCode).execute();
  return rows.map(toExternalMapping);
}

/** What of a bill `listMappingsForBill` looks at. */
export interface BillMappingKeys {
  accountId: string;
  accountCode?: string | null | undefined;
  lineItems: readonly {
    productId?: string | null | undefined;
    accountingProductId?: string | null | undefined;
    aggregationId?: string | null | undefined;
    compoundAggregationId?: string | null | undefined;
  }[];
}

/**
 * `listMappingsForBill`'s query, not yet executed, for any of `externalSystems`: for callers that
 * fold it into a larger statement.
 */
export function selectMappingsForBill(
  db: Db,
  orgId: string,
  externalSystems: readonly string[],
  bill: BillMappingKeys,
  accountCode?: string | null,
) {
  const accounts = new Set<string>([bill.accountId]);
  if (bill.accountCode) accounts.add(bill.accountCode);
  if (accountCode) accounts.add(accountCode);
  const products = new Set<string>();
  const aggregations = new Set<string>();
  for (const line of bill.lineItems) {
    if (line.productId) products.add(line.productId);
    if (line.accountingProductId) products.add(line.accountingProductId);
    if (line.aggregationId) aggregations.add(line.aggregationId);
    if (line.compoundAggregationId) aggregations.add(line.compoundAggregationId);
  }
  return db
    .selectFrom('external_mappings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('external_system', 'in', [...externalSystems])
    .where((eb) => {
      const any = [eb.and([eb('m3ter_entity', '=', 'Account'), eb('m3ter_id', 'in', [...accounts])])];
      if (products.size > 0)
        any.push(eb.and([eb('m3ter_entity', '=', 'Product'), eb('m3ter_id', 'in', [...products])]));
      if (aggregations.size > 0) {
        any.push(
          eb.and([
            eb('m3ter_entity', 'in', ['Aggregation', 'CompoundAggregation']),
            eb('m3ter_id', 'in', [...aggregations]),
          ]),
        );
      }
      return eb.or(any);
    });
}

export class DuplicateMappingError extends Error {
  override readonly name = 'DuplicateMappingError';
}

/** Postgres `unique_violation`, from `pg` and PGlite alike. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function insertExternalMapping(
  db: Db,
  orgId: string,
  body: ExternalMappingBody,
): Promise<StoredExternalMapping> {
  try {
    const row = await db
      .insertInto('external_mappings')
      .values({
        id: randomUUID(),
        org_id: orgId,
        m3ter_entity: body.m3terEntity,
        m3ter_id: body.m3terId,
        external_system: body.externalSystem,
        external_table: body.externalTable,
        external_id: body.externalId,
        integration_config_id: body.integrationConfigId ?? null,
        metadata: body.metadata ? JSON.stringify(body.metadata) : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toExternalMapping(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DuplicateMappingError(
        `a ${body.m3terEntity} mapping for ${body.m3terId} in ${body.externalSystem}/${body.externalTable} ` +
          `${body.integrationConfigId ? `linked to integration ${body.integrationConfigId}` : '(unlinked)'} already exists`,
      );
    }
    throw error;
  }
}

export async function findExternalMapping(
  db: Db,
  orgId: string,
  id: string,
): Promise<StoredExternalMapping | null> {
  if (!UUID.test(id)) return null;
  const row = await db
    .selectFrom('external_mappings')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toExternalMapping(row) : null;
}

export interface ExternalMappingFilter {
  m3terEntity?: string | undefined;
  m3terId?: string | undefined;
  externalSystem?: string | undefined;
  externalTable?: string | undefined;
  integrationConfigId?: string | undefined;
  after?: { t: string; id: string } | null;
  limit: number;
}

export async function listExternalMappings(
  db: Db,
  orgId: string,
  filter: ExternalMappingFilter,
): Promise<StoredExternalMapping[]> {
  let query = db.selectFrom('external_mappings').selectAll().where('org_id', '=', orgId);
  if (filter.m3terEntity) query = query.where('m3ter_entity', '=', filter.m3terEntity);
  if (filter.m3terId) query = query.where('m3ter_id', '=', filter.m3terId);
  if (filter.externalSystem) query = query.where('external_system', '=', filter.externalSystem);
  if (filter.externalTable) query = query.where('external_table', '=', filter.externalTable);
  if (filter.integrationConfigId) {
    // Not a uuid: no mapping can be linked to it (and it must not reach the uuid column).
    if (!UUID.test(filter.integrationConfigId)) return [];
    query = query.where('integration_config_id', '=', filter.integrationConfigId);
  }
  if (filter.after) {
    const after = filter.after;
    if (!UUID.test(after.id)) return [];
    const t = new Date(after.t);
    query = query.where((eb) =>
      eb.or([eb(createdMs, '>', t), eb.and([eb(createdMs, '=', t), eb('id', '>', after.id)])]),
    );
  }
  const rows = await query.orderBy(createdMs).orderBy('id').limit(filter.limit).execute();
  return rows.map(toExternalMapping);
}

export async function deleteExternalMapping(db: Db, orgId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const result = await db
    .deleteFrom('external_mappings')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
