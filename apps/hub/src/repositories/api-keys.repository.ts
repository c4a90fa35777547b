import { randomUUID } from 'node:crypto';
import { generateApiKey, hashApiKey } from '../auth/api-keys.js';
import type { Db } from '../db/database.js';

export interface ApiKeyIdentity {
  id: string;
  orgId: string;
  name: string;
  admin: boolean;
}

export async function findApiKeyByValue(db: Db, key: string): Promise<ApiKeyIdentity | null> {
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'org_id', 'name', 'admin'])
    .where('key_hash', '=', hashApiKey(key))
    .executeTakeFirst();
  return row ? { id: row.id, orgId: row.org_id, name: row.name, admin: row.admin } : null;
}

/** Creates a key and returns it with its value, which is never readable again. */
export async function createApiKey(
  db: Db,
  input: { orgId: string; name: string; admin: boolean },
): Promise<ApiKeyIdentity & { key: string }> {
  const key = generateApiKey();
  const id = randomUUID();
  await db
    .insertInto('api_keys')
    .values({ id, org_id: input.orgId, name: input.name, admin: input.admin, key_hash: hashApiKey(key) })
    .execute();
  return { id, ...input, key };
}

/** Makes sure the bootstrap admin key exists with exactly this value (idempotent at every start). */
export async function ensureBootstrapKey(db: Db, key: string): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: randomUUID(),
      org_id: 'default',
      name: 'bootstrap',
      admin: true,
      key_hash: hashApiKey(key),
    })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
}
