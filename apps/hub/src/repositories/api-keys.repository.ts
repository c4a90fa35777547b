import { randomUUID } from 'node:crypto';
import { generateApiKey, hashApiKey } from '../auth/api-keys.js';
import type { Db } from '../db/database.js';

export interface ApiKeyIdentity {
  id: string;
  orgId: string;
  name: string;
  /** May create keys: for its own organization, or for any when `hubAdmin`. */
  admin: boolean;
  /** The bootstrap key: creates keys for any organization and opens Bull Board. */
  hubAdmin: boolean;
}

export async function findApiKeyByValue(db: Db, key: string): Promise<ApiKeyIdentity | null> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'org_id', 'name', 'admin', 'hub_admin'])
    .where('key_hash', '=', hashApiKey(key))
    .executeTakeFirst();
  return row
    ? { id: row.id, orgId: row.org_id, name: row.name, admin: row.admin, hubAdmin: row.hub_admin }
    : null;
}

/**
 * Creates a key and returns it with its value, which is never readable again. The API never makes
 * a hub admin: that is only the key the operator configures at start-up.
 */
export async function createApiKey(
  db: Db,
  input: { orgId: string; name: string; admin: boolean },
): Promise<Omit<ApiKeyIdentity, 'hubAdmin'> & { key: string }> {
  const key = generateApiKey();
  const id = randomUUID();
  await db
    .insertInto('api_keys')
    .values({ id, org_id: input.orgId, name: input.name, admin: input.admin, key_hash: hashApiKey(key) })
    .execute();
  return { id, ...input, key };
}

/**
 * Makes sure the bootstrap key exists with exactly this value, as a hub admin (idempotent at every
 * start). The operator configured this value, so a row that already holds it is promoted.
 */
export async function ensureBootstrapKey(db: Db, key: string): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: randomUUID(),
      org_id: 'default',
      name: 'bootstrap',
      admin: true,
      hub_admin: true,
      key_hash: hashApiKey(key),
    })
    .onConflict((oc) =>
      oc
        .column('key_hash')
        .doUpdateSet({ admin: true, hub_admin: true })
        .where('api_keys.hub_admin', '=', false),
    )
    .execute();
}

/**
 * Revokes (deletes) a key of `orgId` (any organization when `orgId` is null, for the hub admin).
 * The hub-admin key is configured at start-up and recreated by it, so it is never revoked here.
 */
export async function revokeApiKey(
  db: Db,
  id: string,
  orgId: string | null,
): Promise<'revoked' | 'not-found' | 'hub-admin'> {
  let query = db.selectFrom('api_keys').select(['id', 'hub_admin']).where('id', '=', id);
  if (orgId !== null) query = query.where('org_id', '=', orgId);
  const row = await query.executeTakeFirst();
  if (!row) return 'not-found';
  if (row.hub_admin) return 'hub-admin';
  await db.deleteFrom('api_keys').where('id', '=', id).where('hub_admin', '=', false).execute();
  return 'revoked';
}
