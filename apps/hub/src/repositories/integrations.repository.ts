import { randomUUID } from 'node:crypto';
import { type ConfigData, type IntegrationConfig, type IntegrationConfigBody, ZConfigData } from '@hub/core';
import { sql } from 'kysely';
import type { Db, IntegrationRow } from '../db/database.js';

export interface StoredIntegration extends IntegrationConfig {
  orgId: string;
  version: number;
  disabledReason: string | null;
  consecutiveAuthFailures: number;
  consecutiveErrors: number;
  dtCreated: Date;
  dtLastModified: Date;
}

/** Row → domain. `config_data` was validated on write; parsing again fills defaults added since. */
export function toIntegration(row: IntegrationRow): StoredIntegration {
  return {
    id: row.id,
    orgId: row.org_id,
    version: row.version,
    name: row.name,
    destination: row.destination,
    entityType: row.entity_type as 'Bill',
    enabled: row.enabled,
    credentialId: row.credential_id,
    disabledReason: row.disabled_reason,
    accountIds: row.account_ids,
    restrictedAccountIds: row.restricted_account_ids,
    disabledNotificationEmails: row.disabled_notification_emails,
    configData: ZConfigData.parse(row.config_data) as ConfigData,
    consecutiveAuthFailures: row.consecutive_auth_failures,
    consecutiveErrors: row.consecutive_errors,
    dtCreated: row.dt_created,
    dtLastModified: row.dt_last_modified,
  };
}

const live = (db: Db, orgId: string) =>
  db.selectFrom('integrations').selectAll().where('org_id', '=', orgId).where('dt_deleted', 'is', null);

export async function findIntegration(db: Db, orgId: string, id: string): Promise<StoredIntegration | null> {
  if (!isUuid(id)) return null;
  const row = await live(db, orgId).where('id', '=', id).executeTakeFirst();
  return row ? toIntegration(row) : null;
}

/** Locks the row for the rest of the transaction (worker state changes, optimistic updates). */
export async function findIntegrationForUpdate(
  db: Db,
  orgId: string,
  id: string,
): Promise<StoredIntegration | null> {
  if (!isUuid(id)) return null;
  const row = await live(db, orgId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? toIntegration(row) : null;
}

/** The integrations a bill is run through: every live Bill integration of the org. */
export async function listBillIntegrations(db: Db, orgId: string): Promise<StoredIntegration[]> {
  const rows = await live(db, orgId)
    .where('entity_type', '=', 'Bill')
    .orderBy('dt_created')
    .orderBy('id')
    .execute();
  return rows.map(toIntegration);
}

/** `listBillIntegrations`, ids only (ingest needs no more). */
export async function listBillIntegrationIds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('integrations')
    .select('id')
    .where('org_id', '=', orgId)
    .where('dt_deleted', 'is', null)
    .where('entity_type', '=', 'Bill')
    .orderBy('dt_created')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Creation time at millisecond precision: the keyset cursor carries an ISO string (ms), while
 * Postgres keeps microseconds, so ordering and comparing on the truncated value keeps pages exact.
 */
const createdMs = sql<Date>`date_trunc('milliseconds', dt_created)`;

export async function listIntegrations(
  db: Db,
  orgId: string,
  filter: { destination?: string | undefined; after?: { t: string; id: string } | null; limit: number },
): Promise<StoredIntegration[]> {
  let query = live(db, orgId);
  if (filter.destination) query = query.where('destination', '=', filter.destination);
  if (filter.after) {
    const after = filter.after;
    if (!isUuid(after.id)) return [];
    const t = new Date(after.t);
    query = query.where((eb) =>
      eb.or([eb(createdMs, '>', t), eb.and([eb(createdMs, '=', t), eb('id', '>', after.id)])]),
    );
  }
  const rows = await query.orderBy(createdMs).orderBy('id').limit(filter.limit).execute();
  return rows.map(toIntegration);
}

export async function insertIntegration(
  db: Db,
  orgId: string,
  body: IntegrationConfigBody,
): Promise<StoredIntegration> {
  const row = await db
    .insertInto('integrations')
    .values({
      id: randomUUID(),
      org_id: orgId,
      version: 1,
      name: body.name,
      destination: body.destination,
      entity_type: body.entityType,
      enabled: body.enabled,
      credential_id: null,
      disabled_reason: null,
      account_ids: JSON.stringify(body.accountIds),
      restricted_account_ids: JSON.stringify(body.restrictedAccountIds),
      disabled_notification_emails: JSON.stringify(body.disabledNotificationEmails),
      config_data: JSON.stringify(body.configData),
      dt_last_modified: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toIntegration(row);
}

/**
 * Applies a change only when the stored version is `expectedVersion` (optimistic concurrency),
 * bumping it. Returns null when the version moved on (the caller answers 409) or the row is gone.
 */
export async function updateIntegration(
  db: Db,
  orgId: string,
  id: string,
  expectedVersion: number,
  change: Partial<{
    body: IntegrationConfigBody;
    enabled: boolean;
    credentialId: string | null;
    disabledReason: string | null;
    consecutiveAuthFailures: number;
    consecutiveErrors: number;
  }>,
): Promise<StoredIntegration | null> {
  const set: Record<string, unknown> = { version: expectedVersion + 1, dt_last_modified: new Date() };
  if (change.body) {
    set.name = change.body.name;
    set.destination = change.body.destination;
    set.entity_type = change.body.entityType;
    set.enabled = change.body.enabled;
    set.account_ids = JSON.stringify(change.body.accountIds);
    set.restricted_account_ids = JSON.stringify(change.body.restrictedAccountIds);
    set.disabled_notification_emails = JSON.stringify(change.body.disabledNotificationEmails);
    set.config_data = JSON.stringify(change.body.configData);
  }
  if (change.enabled !== undefined) set.enabled = change.enabled;
  if (change.credentialId !== undefined) set.credential_id = change.credentialId;
  if (change.disabledReason !== undefined) set.disabled_reason = change.disabledReason;
  if (change.consecutiveAuthFailures !== undefined)
    set.consecutive_auth_failures = change.consecutiveAuthFailures;
  if (change.consecutiveErrors !== undefined) set.consecutive_errors = change.consecutiveErrors;
  if (!isUuid(id)) return null;
  const row = await db
    .updateTable('integrations')
    .set(set)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('dt_deleted', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? toIntegration(row) : null;
}

/** Soft delete: runs, usage and ledger rows keep pointing at it. */
export async function deleteIntegration(db: Db, orgId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db
    .updateTable('integrations')
    .set({ dt_deleted: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('dt_deleted', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countIntegrationsUsingCredential(
  db: Db,
  orgId: string,
  credentialId: string,
): Promise<number> {
  return (await listIntegrationIdsUsingCredential(db, orgId, credentialId)).length;
}

/** The live integrations connected to a credential (a credential in use cannot be deleted). */
export async function listIntegrationIdsUsingCredential(
  db: Db,
  orgId: string,
  credentialId: string,
): Promise<string[]> {
  if (!isUuid(credentialId)) return [];
  const rows = await db
    .selectFrom('integrations')
    .select('id')
    .where('org_id', '=', orgId)
    .where('credential_id', '=', credentialId)
    .where('dt_deleted', 'is', null)
    .orderBy('dt_created')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Soft-deleted integrations keep their `credential_id`, which references the credential: before the
 * credential row goes, they let go of it (their runs and usage rows keep their own credential id).
 */
export async function detachCredentialFromDeletedIntegrations(
  db: Db,
  orgId: string,
  credentialId: string,
): Promise<void> {
  if (!isUuid(credentialId)) return;
  await db
    .updateTable('integrations')
    .set({ credential_id: null })
    .where('org_id', '=', orgId)
    .where('credential_id', '=', credentialId)
    .where('dt_deleted', 'is not', null)
    .execute();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs in storage; anything else can't exist, and must not reach a uuid column as a 500. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
