import { randomUUID } from 'node:crypto';
import { formatIssues, type ValidationDetail, ZExternalMappingBody } from '@hub/core';
import type { Db } from '../db/database.js';
import { conflict, validationFailed } from '../http/errors.js';
import {
  isUniqueViolation,
  type StoredExternalMapping,
  toExternalMapping,
} from '../repositories/external-mappings.repository.js';
import { findIntegration } from '../repositories/integrations.repository.js';
import type { HubServices } from '../services.js';
import { checkDestinationRules, mappingTableIssues } from './external-mappings.service.js';

export const IMPORT_ACTIONS = ['CREATE', 'UPDATE', 'UNCHANGED', 'ERROR'] as const;
export type ImportAction = (typeof IMPORT_ACTIONS)[number];

export interface ImportRequest {
  dryRun: boolean;
  /** The default for rows that leave `integrationConfigId` out (an explicit `null` stays unlinked). */
  integrationConfigId?: string | null | undefined;
  rows: readonly unknown[];
}

export interface ImportRowResult {
  index: number;
  action: ImportAction;
  /** The mapping the row matched (UPDATE, UNCHANGED, or ERROR on a matched key) or made (applied CREATE). */
  mappingId: string | null;
  /** Why the row is an ERROR, paths inside the row (`externalId`, `metadata.licenseArn`). */
  errors: ValidationDetail[];
}

export interface ImportResult {
  dryRun: boolean;
  applied: boolean;
  summary: { create: number; update: number; unchanged: number; error: number };
  rows: ImportRowResult[];
}

/** A valid row, ready to store: the body with the default integration applied and its id normalized. */
interface ValidRow {
  index: number;
  mappingKey: string;
  value: {
    m3terEntity: string;
    m3terId: string;
    externalSystem: string;
    externalTable: string;
    externalId: string;
    integrationConfigId: string | null;
    metadata: Record<string, unknown> | null;
  };
  existing: StoredExternalMapping | null;
}

const UNLINKED = '(unlinked)';

/** The natural key of a mapping: what the unique index `external_mappings_key` makes unique per org. */
function keyOf(mapping: {
  externalSystem: string;
  externalTable: string;
  m3terEntity: string;
  m3terId: string;
  integrationConfigId: string | null;
}): string {
  return JSON.stringify([
    mapping.externalSystem,
    mapping.externalTable,
    mapping.m3terEntity,
    mapping.m3terId,
    mapping.integrationConfigId ?? UNLINKED,
  ]);
}

/** JSON with sorted keys: metadata as it would be stored (decimal texts as strings), order-blind. */
function canonical(value: unknown): string {
  const plain = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((key) => [key, sort((v as Record<string, unknown>)[key])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(plain));
}

/**
 * Imports external mappings in bulk. Each row is checked exactly as `POST /v1/external-mappings`
 * checks one (the body schema, the destination's tables, a live integration of the org sending to
 * that system, the destination's id and metadata rules), matched to the org's mapping with the same
 * key (system, table, entity, id, linked integration) and classified: CREATE (no such mapping),
 * UPDATE (its `externalId` or `metadata` differ), UNCHANGED, or ERROR (a rule refused it, a
 * second row of the file has the same key, or the mapping is kept by a billing-platform source).
 *
 * `dryRun` changes nothing. Otherwise, when no row is an ERROR, every change is made in one
 * transaction, all or nothing; any ERROR → 400 naming `rows.<index>.<field>`, nothing written.
 */
export async function importExternalMappings(
  services: HubServices,
  orgId: string,
  request: ImportRequest,
): Promise<ImportResult> {
  if (request.dryRun) return (await classify(services, services.db, orgId, request)).result;
  try {
    return await services.db.transaction().execute(async (trx) => {
      const { result, valid } = await classify(services, trx, orgId, request);
      const failed = result.rows.filter((row) => row.action === 'ERROR');
      if (failed.length > 0) {
        const details = failed.flatMap((row) =>
          row.errors.map((error) => ({ path: `rows.${row.index}.${error.path}`, message: error.message })),
        );
        throw validationFailed(
          `${failed.length} of ${result.rows.length} rows cannot be imported (nothing was changed): ${details
            .slice(0, 5)
            .map((d) => `${d.path}: ${d.message}`)
            .join('; ')}${details.length > 5 ? '; …' : ''}`,
          details,
        );
      }
      await apply(trx, orgId, result, valid);
      return { ...result, applied: true };
    });
  } catch (error) {
    // Another writer took a key (or removed a mapping) between reading and writing.
    if (error instanceof MappingChangedError || isUniqueViolation(error)) {
      throw conflict(
        'a mapping of the import was created or changed meanwhile; nothing was imported, try again',
      );
    }
    throw error;
  }
}

async function classify(
  services: HubServices,
  db: Db,
  orgId: string,
  request: ImportRequest,
): Promise<{ result: ImportResult; valid: ValidRow[] }> {
  const results: ImportRowResult[] = [];
  const candidates: Omit<ValidRow, 'existing'>[] = [];

  for (const [index, raw] of request.rows.entries()) {
    const input =
      raw !== null &&
      typeof raw === 'object' &&
      !Array.isArray(raw) &&
      !Object.hasOwn(raw, 'integrationConfigId') &&
      request.integrationConfigId !== undefined
        ? { ...raw, integrationConfigId: request.integrationConfigId }
        : raw;
    const parsed = ZExternalMappingBody.safeParse(input);
    if (!parsed.success) {
      results.push({ index, action: 'ERROR', mappingId: null, errors: formatIssues(parsed.error) });
      continue;
    }
    const body = parsed.data;
    const errors = mappingTableIssues(services.adapters, body);
    const rules = errors.length === 0 ? checkDestinationRules(services.adapters, body) : null;
    if (rules?.externalIdIssue) errors.push(rules.externalIdIssue);
    if (rules) errors.push(...rules.metadataIssues);
    const value = {
      m3terEntity: body.m3terEntity,
      m3terId: body.m3terId,
      externalSystem: body.externalSystem,
      externalTable: body.externalTable,
      externalId: rules?.externalId ?? body.externalId,
      integrationConfigId: body.integrationConfigId ?? null,
      metadata: body.metadata ?? null,
    };
    results.push({ index, action: 'ERROR', mappingId: null, errors });
    candidates.push({ index, mappingKey: keyOf(value), value });
  }

  // The linked integrations, each looked up once: live, of this org, sending to the row's system.
  const integrationIds = new Set(
    candidates.map((row) => row.value.integrationConfigId).filter((id): id is string => id !== null),
  );
  const systems = new Map<string, string | null>();
  for (const id of integrationIds) {
    const integration = await findIntegration(db, orgId, id);
    systems.set(
      id,
      integration ? (services.adapters.get(integration.destination)?.externalSystem ?? '(none)') : null,
    );
  }

  const existing = await findByKeys(db, orgId, candidates);
  const seen = new Map<string, number>();
  const valid: ValidRow[] = [];
  for (const candidate of candidates) {
    const result = results[candidate.index]!;
    const { value } = candidate;
    if (value.integrationConfigId !== null) {
      const system = systems.get(value.integrationConfigId);
      if (system === null) {
        result.errors.push({
          path: 'integrationConfigId',
          message: 'no such integration in this organization',
        });
      } else if (system !== undefined && system !== value.externalSystem) {
        result.errors.push({
          path: 'externalSystem',
          message: `must be ${system} for integration ${value.integrationConfigId}`,
        });
      }
    }
    const first = seen.get(candidate.mappingKey);
    if (first === undefined) seen.set(candidate.mappingKey, candidate.index);
    else {
      result.errors.push({
        path: 'm3terId',
        message: `row ${first} has the same key (externalSystem, externalTable, m3terEntity, m3terId, integrationConfigId)`,
      });
    }
    const match = existing.get(candidate.mappingKey) ?? null;
    result.mappingId = match?.id ?? null;
    if (result.errors.length > 0) continue;
    if (match === null) {
      result.action = 'CREATE';
    } else if (
      match.externalId === value.externalId &&
      canonical(match.metadata) === canonical(value.metadata)
    ) {
      result.action = 'UNCHANGED';
    } else if (match.sourceId !== null) {
      result.errors.push({
        path: match.externalId === value.externalId ? 'metadata' : 'externalId',
        message:
          'this mapping is synced from a billing-platform source: change it there (the next sync would undo a change made here)',
      });
      continue;
    } else {
      result.action = 'UPDATE';
    }
    valid.push({ ...candidate, existing: match });
  }

  const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const row of results) {
    if (row.action === 'CREATE') summary.create++;
    else if (row.action === 'UPDATE') summary.update++;
    else if (row.action === 'UNCHANGED') summary.unchanged++;
    else summary.error++;
  }
  return { result: { dryRun: request.dryRun, applied: false, summary, rows: results }, valid };
}

/** The org's mappings with any of the rows' keys, by key (one query; the key's parts filter it). */
async function findByKeys(
  db: Db,
  orgId: string,
  rows: readonly Omit<ValidRow, 'existing'>[],
): Promise<Map<string, StoredExternalMapping & { sourceId: string | null }>> {
  const found = new Map<string, StoredExternalMapping & { sourceId: string | null }>();
  const ids = [...new Set(rows.map((row) => row.value.m3terId))];
  const systems = [...new Set(rows.map((row) => row.value.externalSystem))];
  for (let at = 0; at < ids.length; at += 1000) {
    const stored = await db
      .selectFrom('external_mappings')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('external_system', 'in', systems)
      .where('m3ter_id', 'in', ids.slice(at, at + 1000))
      .execute();
    for (const row of stored) {
      const mapping = { ...toExternalMapping(row), sourceId: row.source_id };
      found.set(keyOf({ ...mapping, integrationConfigId: mapping.integrationConfigId ?? null }), mapping);
    }
  }
  return found;
}

async function apply(db: Db, orgId: string, result: ImportResult, valid: readonly ValidRow[]): Promise<void> {
  const creates = valid.filter((row) => result.rows[row.index]!.action === 'CREATE');
  for (let at = 0; at < creates.length; at += 500) {
    const chunk = creates.slice(at, at + 500);
    const ids = chunk.map(() => randomUUID());
    await db
      .insertInto('external_mappings')
      .values(
        chunk.map((row, i) => ({
          id: ids[i]!,
          org_id: orgId,
          m3ter_entity: row.value.m3terEntity,
          m3ter_id: row.value.m3terId,
          external_system: row.value.externalSystem,
          external_table: row.value.externalTable,
          external_id: row.value.externalId,
          integration_config_id: row.value.integrationConfigId,
          metadata: row.value.metadata ? JSON.stringify(row.value.metadata) : null,
        })),
      )
      .execute();
    chunk.forEach((row, i) => {
      result.rows[row.index]!.mappingId = ids[i]!;
    });
  }
  for (const row of valid) {
    if (result.rows[row.index]!.action !== 'UPDATE' || !row.existing) continue;
    const updated = await db
      .updateTable('external_mappings')
      .set({
        external_id: row.value.externalId,
        metadata: row.value.metadata ? JSON.stringify(row.value.metadata) : null,
      })
      .where('org_id', '=', orgId)
      .where('id', '=', row.existing.id)
      .where('source_id', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new MappingChangedError();
  }
}

/** A mapping the import meant to update was removed (or taken by a source) meanwhile. */
class MappingChangedError extends Error {
  override readonly name = 'MappingChangedError';
}
