import {
  type ConfigData,
  LINE_ITEM_TYPES,
  MAPPING_ENTITIES,
  OVER_REPORT_POLICIES,
  SPLIT_MODES,
} from '@hub/core';
import { z } from 'zod';
import type { AdapterRegistry } from '../../plugins/load-plugins.js';
import type { PublicCredential } from '../../repositories/credentials.repository.js';
import type { StoredExternalMapping } from '../../repositories/external-mappings.repository.js';
import { isUuid, type StoredIntegration } from '../../repositories/integrations.repository.js';
import type { LatestRun } from '../../repositories/runs.repository.js';
import { validationFailed } from '../errors.js';
import { type Cursor, decodeCursor } from '../pagination.js';
import { iso, ZTimestamp } from '../schemas.js';

/**
 * Response schemas and row → response mappers of the integration resources (credentials,
 * integrations, external mappings), shared by their routes so the OpenAPI document and the
 * serializer agree.
 */

// ---------------------------------------------------------------------------------------------
// Credentials

/** The non-secret fields each destination's credential carries, for the OpenAPI description. */
export function describeCredentialFields(adapters: AdapterRegistry): string {
  const parts: string[] = [];
  for (const adapter of adapters.values()) {
    const schema = adapter.credential.schema;
    const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
    const secret = new Set<string>(adapter.credential.secretFields);
    const open = shape.filter((key) => !secret.has(key));
    parts.push(`${adapter.id}: ${open.join(', ') || '(none)'}; write-only: ${[...secret].join(', ')}`);
  }
  return parts.join(' | ');
}

export function credentialResponseSchema(adapters: AdapterRegistry) {
  return z
    .object({
      id: z.string(),
      name: z.string(),
      destination: z.string(),
      dtCreated: ZTimestamp,
      dtLastModified: ZTimestamp,
    })
    .loose()
    .describe(
      `A stored credential with its destination's non-secret fields at the top level; secret fields ` +
        `are never returned (${describeCredentialFields(adapters)}).`,
    );
}

/**
 * The credential as the API shows it. `fields` never holds secrets (they are sealed apart on
 * write); the adapter's secret field names are dropped again anyway, in case a row was written by
 * something else.
 */
export function toCredentialResponse(credential: PublicCredential, adapters: AdapterRegistry) {
  const secret = new Set<string>(adapters.get(credential.destination)?.credential.secretFields ?? []);
  const fields = Object.fromEntries(Object.entries(credential.fields).filter(([key]) => !secret.has(key)));
  return {
    ...fields,
    id: credential.id,
    name: credential.name,
    destination: credential.destination,
    dtCreated: iso(credential.dtCreated),
    dtLastModified: iso(credential.dtLastModified),
  };
}

export const ZVerifyResponse = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);

// ---------------------------------------------------------------------------------------------
// Integrations

export const INTEGRATION_STATUSES = ['NOT_CONNECTED', 'CONNECTED'] as const;

/**
 * `configData` as stored, every default filled in. Responses are encoded (not parsed) by the zod
 * serializer, so this is core's output shape without its one-way transforms. `satisfies` fails the
 * build when core adds a key this schema does not name; `.loose()` passes it through meanwhile.
 */
export const ZConfigDataResponse = z
  .object({
    sendBillOnApprovalOnly: z.boolean(),
    useExternalMappingAccountCode: z.boolean(),
    excludedLineItemTypes: z.array(z.enum(LINE_ITEM_TYPES)),
    accountFilter: z.string().nullable(),
    enforceExternalMappingsForConfig: z.boolean(),
    excludedProductIds: z.array(z.string()),
    excludedAggregationIds: z.array(z.string()),
    splitUsageLineItems: z.enum(SPLIT_MODES),
    marketplaceBillDimension: z.string().nullable(),
    unitPrice: z.string().describe('decimal string, e.g. "0.01"'),
    currency: z.string(),
    quantityDecimalPlaces: z.number().int(),
    overReportPolicy: z.enum(OVER_REPORT_POLICIES),
  })
  .loose() satisfies z.ZodType<Record<keyof ConfigData, unknown>>;

export const ZIntegrationResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  destination: z.string(),
  entityType: z.string(),
  enabled: z.boolean(),
  status: z.enum(INTEGRATION_STATUSES).describe('CONNECTED when a credential is connected'),
  credentialId: z.string().nullable(),
  disabledReason: z.string().nullable(),
  accountIds: z.array(z.string()),
  restrictedAccountIds: z.array(z.string()),
  disabledNotificationEmails: z.array(z.string()),
  configData: ZConfigDataResponse.describe('the configuration with every default filled in'),
  consecutiveAuthFailures: z.number().int(),
  consecutiveErrors: z.number().int(),
  dtCreated: ZTimestamp,
  dtLastModified: ZTimestamp,
});

/** The integration's newest run, or null: what a list of integrations shows as its last activity. */
export const ZLastRun = z
  .object({ id: z.string(), status: z.string(), dtCreated: ZTimestamp })
  .nullable()
  .describe('the newest run of this integration (null: none yet)');

/** What reading an integration (one, or a page of them) answers: the integration and its newest run. */
export const ZIntegrationReadResponse = ZIntegrationResponse.extend({ lastRun: ZLastRun });

export function toLastRun(run: LatestRun | undefined): z.output<typeof ZLastRun> {
  return run ? { id: run.id, status: run.status, dtCreated: iso(run.dtCreated) } : null;
}

/** What a create or update answers: the integration plus the cheap prerequisite checks that failed. */
export const ZIntegrationSaveResponse = ZIntegrationResponse.extend({
  warnings: z
    .array(z.object({ name: z.string(), message: z.string() }))
    .describe(
      'prerequisites found missing without calling the destination (no credential, no usable mapping, ' +
        'allowed accounts without a mapping, an account filter matching no known account); the save is kept. ' +
        'POST /v1/integrations/{id}/check checks against the destination too',
    ),
});

export function toIntegrationResponse(integration: StoredIntegration) {
  return {
    id: integration.id,
    version: integration.version,
    name: integration.name,
    destination: integration.destination,
    entityType: integration.entityType,
    enabled: integration.enabled,
    status: integration.credentialId ? ('CONNECTED' as const) : ('NOT_CONNECTED' as const),
    credentialId: integration.credentialId,
    disabledReason: integration.disabledReason,
    accountIds: integration.accountIds,
    restrictedAccountIds: integration.restrictedAccountIds,
    disabledNotificationEmails: integration.disabledNotificationEmails,
    configData: {
      ...integration.configData,
      marketplaceBillDimension: integration.configData.marketplaceBillDimension ?? null,
    },
    consecutiveAuthFailures: integration.consecutiveAuthFailures,
    consecutiveErrors: integration.consecutiveErrors,
    dtCreated: iso(integration.dtCreated),
    dtLastModified: iso(integration.dtLastModified),
  };
}

// ---------------------------------------------------------------------------------------------
// External mappings

export const ZExternalMappingResponse = z.object({
  id: z.string(),
  m3terEntity: z.enum(MAPPING_ENTITIES),
  m3terId: z.string(),
  externalSystem: z.string(),
  externalTable: z.string(),
  externalId: z.string(),
  integrationConfigId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  dtCreated: ZTimestamp,
});

export function toExternalMappingResponse(mapping: StoredExternalMapping) {
  return {
    id: mapping.id,
    m3terEntity: mapping.m3terEntity,
    m3terId: mapping.m3terId,
    externalSystem: mapping.externalSystem,
    externalTable: mapping.externalTable,
    externalId: mapping.externalId,
    integrationConfigId: mapping.integrationConfigId ?? null,
    metadata: mapping.metadata ?? null,
    dtCreated: iso(mapping.dtCreated),
  };
}

// ---------------------------------------------------------------------------------------------
// Paging

const MIN_CURSOR_TIME = Date.UTC(1970, 0, 1);
const MAX_CURSOR_TIME = Date.UTC(9999, 11, 31);

/**
 * `decodeCursor` for tables keyed by (creation time, uuid). A token whose id is not a uuid, or whose
 * time Postgres could not hold, was not written by us (and must not reach SQL as a 500).
 */
export function decodeUuidCursor(token: string | undefined): Cursor | null {
  const cursor = decodeCursor(token);
  const time = cursor ? Date.parse(cursor.t) : 0;
  if (cursor && (!isUuid(cursor.id) || !(time >= MIN_CURSOR_TIME && time <= MAX_CURSOR_TIME))) {
    throw validationFailed('nextToken is not a token this API returned', [
      { path: 'nextToken', message: 'unknown token' },
    ]);
  }
  return cursor;
}
