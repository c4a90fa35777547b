import { type ExternalMappingBody, normalizeResourceId, type ValidationDetail } from '@hub/core';
import { conflict, HttpError, notFound, validationFailed } from '../http/errors.js';
import type { AdapterRegistry } from '../plugins/load-plugins.js';
import {
  DuplicateMappingError,
  deleteExternalMapping,
  insertExternalMapping,
  type StoredExternalMapping,
} from '../repositories/external-mappings.repository.js';
import { findIntegration } from '../repositories/integrations.repository.js';
import type { HubServices } from '../services.js';

/**
 * Mappings only work when they name a table the destination's adapter reads, so a typo (an
 * `externalSystem` missing its "Marketplace", an account mapped in `Dimension`) is a 400 at save time instead of a
 * silent MISSING_ACCOUNT_MAPPING on every bill.
 */
export function mappingTableIssues(adapters: AdapterRegistry, body: ExternalMappingBody): ValidationDetail[] {
  const candidates = [...adapters.values()].filter((a) => a.externalSystem === body.externalSystem);
  if (candidates.length === 0) {
    const known = [...new Set([...adapters.values()].map((a) => a.externalSystem))];
    return [{ path: 'externalSystem', message: `must be one of: ${known.join(', ')}` }];
  }
  const kind = body.m3terEntity === 'Account' ? 'account' : 'dimension';
  const tables = [...new Set(candidates.map((a) => a.mappings[kind].externalTable))];
  if (!tables.includes(body.externalTable)) {
    return [
      {
        path: 'externalTable',
        message: `must be ${tables.join(' or ')} for ${body.m3terEntity} mappings in ${body.externalSystem}`,
      },
    ];
  }
  return [];
}

/**
 * Creates a mapping. A linked mapping's `integrationConfigId` must be a live integration of the org
 * (404 naming the field otherwise, as for any other org's id) whose destination uses this
 * `externalSystem` (400). A taken key → 409.
 */
export async function createExternalMapping(
  services: HubServices,
  orgId: string,
  body: ExternalMappingBody,
): Promise<StoredExternalMapping> {
  const issues = mappingTableIssues(services.adapters, body);
  if (issues.length > 0) {
    throw validationFailed(
      `invalid mapping: ${issues.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      issues,
    );
  }
  const integrationId = body.integrationConfigId ?? null;
  if (integrationId !== null) {
    const integration = await findIntegration(services.db, orgId, integrationId);
    if (!integration) {
      throw new HttpError('NOT_FOUND', `integration ${integrationId} not found`, [
        { path: 'integrationConfigId', message: 'no such integration in this organization' },
      ]);
    }
    const system = services.adapters.get(integration.destination)?.externalSystem;
    if (system !== body.externalSystem) {
      throw validationFailed(
        `integration ${integrationId} sends to ${integration.destination}, whose mappings are in ${system ?? '(none)'}`,
        [{ path: 'externalSystem', message: `must be ${system ?? '(none)'} for this integration` }],
      );
    }
  }
  try {
    return await insertExternalMapping(services.db, orgId, {
      ...body,
      externalId: normalizedExternalId(services.adapters, body),
    });
  } catch (error) {
    if (error instanceof DuplicateMappingError) throw conflict(error.message);
    throw error;
  }
}

/**
 * An account mapping's `externalId` in the destination's normal form (the adapter's `normalizeResourceId`), so
 * that ledger keys, hour slots and outcome matching see one spelling per resource, and two mappings
 * that differ only in case are the same mapping (409). A value the destination's rule refuses → 400
 * naming the field, as does metadata its `validateMetadata` refuses. Dimension ids are kept as given.
 */
function normalizedExternalId(adapters: AdapterRegistry, body: ExternalMappingBody): string {
  const checked = checkDestinationRules(adapters, body);
  if (checked.externalIdIssue) {
    throw validationFailed(`invalid mapping: externalId: ${checked.externalIdIssue.message}`, [
      checked.externalIdIssue,
    ]);
  }
  if (checked.metadataIssues.length > 0) {
    const details = checked.metadataIssues;
    throw validationFailed(
      `invalid mapping: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return checked.externalId;
}

/** What the destination's rules say of a mapping body (see `checkDestinationRules`). */
export interface DestinationRuleCheck {
  /** The `externalId` in the destination's normal form (as given when refused or not an account). */
  externalId: string;
  /** Why the destination refuses the `externalId` (path `externalId`), or null. */
  externalIdIssue: ValidationDetail | null;
  /** Why it refuses the metadata, paths `metadata.<field>`; checked only when the id is accepted. */
  metadataIssues: ValidationDetail[];
}

/**
 * The destination's rules for an account mapping, without throwing: its `externalId` normalized by
 * `normalizeResourceId`, and its metadata checked by `validateMetadata`. Dimension mappings pass as
 * given. Shared by the single create and the import, so both refuse exactly the same rows.
 */
export function checkDestinationRules(
  adapters: AdapterRegistry,
  body: ExternalMappingBody,
): DestinationRuleCheck {
  const result: DestinationRuleCheck = {
    externalId: body.externalId,
    externalIdIssue: null,
    metadataIssues: [],
  };
  if (body.m3terEntity !== 'Account') return result;
  for (const adapter of adapters.values()) {
    if (adapter.externalSystem !== body.externalSystem) continue;
    const checked = normalizeResourceId(adapter, result.externalId);
    if (!checked.ok) {
      result.externalIdIssue = { path: 'externalId', message: checked.message };
      return result;
    }
    result.externalId = checked.value;
    // The destination's rules for what an account mapping carries besides the id (a license, a plan).
    const issues = adapter.mappings.account.validateMetadata?.(body.metadata ?? null) ?? [];
    if (issues.length > 0) {
      result.metadataIssues = issues.map((issue) => ({
        path: ['metadata', ...issue.path].join('.'),
        message: issue.message,
      }));
      return result;
    }
  }
  return result;
}

export async function removeExternalMapping(services: HubServices, orgId: string, id: string): Promise<void> {
  if (!(await deleteExternalMapping(services.db, orgId, id))) throw notFound('external mapping', id);
}
