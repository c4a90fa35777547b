import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Db, SourceRow } from '../db/database.js';
import { isUuid } from './integrations.repository.js';

/** A source as the API may show it: no credential secret, no webhook token or secret. */
export interface StoredSource {
  id: string;
  orgId: string;
  version: number;
  type: string;
  name: string;
  settings: Record<string, unknown>;
  /** The credential's non-secret fields. */
  credential: Record<string, unknown>;
  scheduleSeconds: number;
  enabled: boolean;
  disabledReason: string | null;
  notificationEmails: string[];
  hasWebhookSecret: boolean;
  cursor: string | null;
  lastSyncAt: Date | null;
  dtCreated: Date;
  dtLastModified: Date;
}

export function toSource(row: SourceRow): StoredSource {
  return {
    id: row.id,
    orgId: row.org_id,
    version: row.version,
    type: row.type,
    name: row.name,
    settings: row.settings,
    credential: row.public_data,
    scheduleSeconds: row.schedule_seconds,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    notificationEmails: row.notification_emails,
    hasWebhookSecret: row.webhook_secret_ciphertext !== null,
    cursor: row.cursor,
    lastSyncAt: row.last_sync_at,
    dtCreated: row.dt_created,
    dtLastModified: row.dt_last_modified,
  };
}

/** A new webhook token (shown once) and the hash stored in its place. */
export function newWebhookToken(): { token: string; hash: string } {
  const token = `whk_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashWebhookToken(token) };
}

export function hashWebhookToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares a presented token with the stored hash in constant time (hash against hash). */
export function webhookTokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashWebhookToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Splits a validated credential into clear fields and sealed secret fields (bound to the row id). */
function sealCredential(
  box: SecretBox,
  id: string,
  values: Record<string, unknown>,
  secretFields: readonly string[],
): { public_data: string; secret_ciphertext: string } {
  const secrets: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (secretFields.includes(key)) secrets[key] = value;
    else fields[key] = value;
  }
  return { public_data: JSON.stringify(fields), secret_ciphertext: box.seal(JSON.stringify(secrets), id) };
}

/** The webhook secret is sealed with its own associated data, so it never opens as the credential. */
const webhookSecretAad = (id: string) => `${id}:webhook-secret`;

export interface SourceValues {
  type: string;
  name: string;
  settings: Record<string, unknown>;
  scheduleSeconds: number;
  enabled: boolean;
  notificationEmails: string[];
}

export async function insertSource(
  db: Db,
  box: SecretBox,
  input: SourceValues & {
    orgId: string;
    credential: Record<string, unknown>;
    secretFields: readonly string[];
    webhookSecret: string | null;
    webhookTokenHash: string;
  },
): Promise<StoredSource> {
  const id = randomUUID();
  const row = await db
    .insertInto('sources')
    .values({
      id,
      org_id: input.orgId,
      version: 1,
      type: input.type,
      name: input.name,
      settings: JSON.stringify(input.settings),
      ...sealCredential(box, id, input.credential, input.secretFields),
      webhook_token_hash: input.webhookTokenHash,
      webhook_secret_ciphertext: input.webhookSecret
        ? box.seal(input.webhookSecret, webhookSecretAad(id))
        : null,
      schedule_seconds: input.scheduleSeconds,
      enabled: input.enabled,
      notification_emails: JSON.stringify(input.notificationEmails),
      disabled_reason: null,
      cursor: null,
      sync_lease_until: null,
      dt_last_modified: new Date(),
      dt_deleted: null,
      last_sync_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSource(row);
}

export async function findSourceRow(db: Db, orgId: string, id: string): Promise<SourceRow | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom('sources')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('dt_deleted', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

export async function findSource(db: Db, orgId: string, id: string): Promise<StoredSource | null> {
  const row = await findSourceRow(db, orgId, id);
  return row ? toSource(row) : null;
}

/** By id alone (the webhook, the worker): the caller checks what it may see. */
export async function findSourceRowById(db: Db, id: string): Promise<SourceRow | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .selectFrom('sources')
    .selectAll()
    .where('id', '=', id)
    .where('dt_deleted', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

const createdMs = sql<Date>`date_trunc('milliseconds', dt_created)`;

export async function listSources(
  db: Db,
  orgId: string,
  page: { after: { t: string; id: string } | null; limit: number; type?: string | undefined },
): Promise<StoredSource[]> {
  let query = db
    .selectFrom('sources')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('dt_deleted', 'is', null);
  if (page.type) query = query.where('type', '=', page.type);
  if (page.after) {
    const after = page.after;
    if (!isUuid(after.id)) return [];
    const t = new Date(after.t);
    query = query.where((eb) =>
      eb.or([eb(createdMs, '>', t), eb.and([eb(createdMs, '=', t), eb('id', '>', after.id)])]),
    );
  }
  const rows = await query.orderBy(createdMs).orderBy('id').limit(page.limit).execute();
  return rows.map(toSource);
}

/**
 * Replaces a source's operator-set fields when its version is still `expectedVersion` (bumping it).
 * `credential` undefined keeps the stored one; `webhookSecret` undefined keeps it, null clears it.
 * Null when the version moved on or the source is gone.
 */
export async function updateSource(
  db: Db,
  box: SecretBox,
  orgId: string,
  id: string,
  expectedVersion: number,
  input: Omit<SourceValues, 'type'> & {
    credential?: { values: Record<string, unknown>; secretFields: readonly string[] } | undefined;
    webhookSecret?: string | null | undefined;
    resetFailures: boolean;
  },
): Promise<StoredSource | null> {
  if (!isUuid(id)) return null;
  const row = await db
    .updateTable('sources')
    .set({
      version: expectedVersion + 1,
      name: input.name,
      settings: JSON.stringify(input.settings),
      schedule_seconds: input.scheduleSeconds,
      enabled: input.enabled,
      notification_emails: JSON.stringify(input.notificationEmails),
      ...(input.credential
        ? sealCredential(box, id, input.credential.values, input.credential.secretFields)
        : {}),
      ...(input.webhookSecret === undefined
        ? {}
        : {
            webhook_secret_ciphertext:
              input.webhookSecret === null ? null : box.seal(input.webhookSecret, webhookSecretAad(id)),
          }),
      ...(input.resetFailures ? { disabled_reason: null, consecutive_auth_failures: 0 } : {}),
      dt_last_modified: new Date(),
    })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('dt_deleted', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row ? toSource(row) : null;
}

export async function setWebhookTokenHash(db: Db, orgId: string, id: string, hash: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db
    .updateTable('sources')
    .set({ webhook_token_hash: hash, dt_last_modified: new Date() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('dt_deleted', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Soft delete: its syncs stay readable; nothing is fetched for it any more. */
export async function deleteSource(db: Db, orgId: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const result = await db
    .updateTable('sources')
    .set({ dt_deleted: new Date(), enabled: false, sync_lease_until: null })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('dt_deleted', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await db.deleteFrom('source_pending_bills').where('source_id', '=', id).execute();
  return true;
}

/** The credential with its secrets opened, for the source's client. Never return or log it. */
export function openSourceCredential(box: SecretBox, row: SourceRow): Record<string, unknown> {
  const secrets = JSON.parse(box.open(row.secret_ciphertext, row.id)) as Record<string, unknown>;
  return { ...row.public_data, ...secrets };
}

export function openWebhookSecret(box: SecretBox, row: SourceRow): string | null {
  return row.webhook_secret_ciphertext === null
    ? null
    : box.open(row.webhook_secret_ciphertext, webhookSecretAad(row.id));
}

/** Every live, enabled source (the scheduler's reconciliation). */
export async function listEnabledSources(
  db: Db,
): Promise<{ id: string; orgId: string; scheduleSeconds: number; type: string }[]> {
  const rows = await db
    .selectFrom('sources')
    .select(['id', 'org_id', 'schedule_seconds', 'type'])
    .where('enabled', '=', true)
    .where('dt_deleted', 'is', null)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    scheduleSeconds: row.schedule_seconds,
    type: row.type,
  }));
}

/**
 * Takes the source's sync lease until `until` unless another sync holds an unexpired one. The lease
 * (not a session lock) works on any pool and on PGlite, and a crashed holder's runs out.
 */
export async function claimSyncLease(db: Db, id: string, now: Date, until: Date): Promise<SourceRow | null> {
  const row = await db
    .updateTable('sources')
    .set({ sync_lease_until: until })
    .where('id', '=', id)
    .where('dt_deleted', 'is', null)
    .where((eb) => eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function extendSyncLease(db: Db, id: string, until: Date): Promise<void> {
  await db.updateTable('sources').set({ sync_lease_until: until }).where('id', '=', id).execute();
}

export async function releaseSyncLease(db: Db, id: string): Promise<void> {
  await db.updateTable('sources').set({ sync_lease_until: null }).where('id', '=', id).execute();
}

/**
 * Stores the cursor a page of changes ended at, only if it is still the one the page started from
 * (the same transaction as the pending rows those changes wrote). False when it moved on.
 */
export async function advanceCursor(db: Db, id: string, from: string | null, to: string): Promise<boolean> {
  const result = await db
    .updateTable('sources')
    .set({ cursor: to })
    .where('id', '=', id)
    .where(sql<boolean>`cursor is not distinct from ${from}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
