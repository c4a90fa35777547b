import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { SecretBox } from '../crypto/secret-box.js';
import type { CredentialRow, Db } from '../db/database.js';

/** A credential as the API may show it: the secret fields are never here. */
export interface PublicCredential {
  id: string;
  orgId: string;
  name: string;
  destination: string;
  /** The destination's non-secret fields (the plugin's credential schema minus its secret fields). */
  fields: Record<string, unknown>;
  dtCreated: Date;
  dtLastModified: Date;
}

function toPublic(row: CredentialRow): PublicCredential {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    destination: row.destination,
    fields: row.public_data,
    dtCreated: row.dt_created,
    dtLastModified: row.dt_last_modified,
  };
}

/**
 * Stores a credential with its secret fields sealed (AES-256-GCM, bound to the row id). `values` is
 * the adapter-validated credential; `secretFields` says which of its fields are secret.
 */
export async function insertCredential(
  db: Db,
  box: SecretBox,
  input: {
    orgId: string;
    name: string;
    destination: string;
    values: Record<string, unknown>;
    secretFields: readonly string[];
  },
): Promise<PublicCredential> {
  const id = randomUUID();
  const secrets: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input.values)) {
    if (input.secretFields.includes(key)) secrets[key] = value;
    else fields[key] = value;
  }
  const row = await db
    .insertInto('integration_credentials')
    .values({
      id,
      org_id: input.orgId,
      name: input.name,
      destination: input.destination,
      public_data: JSON.stringify(fields),
      secret_ciphertext: box.seal(JSON.stringify(secrets), id),
      dt_last_modified: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPublic(row);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findCredential(db: Db, orgId: string, id: string): Promise<PublicCredential | null> {
  if (!UUID.test(id)) return null;
  const row = await db
    .selectFrom('integration_credentials')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toPublic(row) : null;
}

/**
 * Creation time at millisecond precision: the keyset cursor carries an ISO string (ms), while
 * Postgres keeps microseconds, so ordering and comparing on the truncated value keeps pages exact.
 */
const createdMs = sql<Date>`date_trunc('milliseconds', dt_created)`;

export async function listCredentials(
  db: Db,
  orgId: string,
  page: { after: { t: string; id: string } | null; limit: number; destination?: string | undefined },
): Promise<PublicCredential[]> {
  let query = db.selectFrom('integration_credentials').selectAll().where('org_id', '=', orgId);
  if (page.destination) query = query.where('destination', '=', page.destination);
  if (page.after) {
    const after = page.after;
    if (!UUID.test(after.id)) return [];
    const t = new Date(after.t);
    query = query.where((eb) =>
      eb.or([eb(createdMs, '>', t), eb.and([eb(createdMs, '=', t), eb('id', '>', after.id)])]),
    );
  }
  const rows = await query.orderBy(createdMs).orderBy('id').limit(page.limit).execute();
  return rows.map(toPublic);
}

/** Locks the credential row for the rest of the transaction (delete vs. connect races). */
export async function findCredentialForUpdate(
  db: Db,
  orgId: string,
  id: string,
): Promise<PublicCredential | null> {
  if (!UUID.test(id)) return null;
  const row = await db
    .selectFrom('integration_credentials')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toPublic(row) : null;
}

export async function deleteCredential(db: Db, orgId: string, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const result = await db
    .deleteFrom('integration_credentials')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The whole credential with its secrets opened, for talking to the destination. Never return this
 * from an API or put it in a log or a job payload.
 */
export async function loadCredentialWithSecrets(
  db: Db,
  box: SecretBox,
  orgId: string,
  id: string,
): Promise<{ credential: PublicCredential; values: Record<string, unknown> } | null> {
  if (!UUID.test(id)) return null;
  const row = await db
    .selectFrom('integration_credentials')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const secrets = JSON.parse(box.open(row.secret_ciphertext, row.id)) as Record<string, unknown>;
  return { credential: toPublic(row), values: { ...row.public_data, ...secrets } };
}
