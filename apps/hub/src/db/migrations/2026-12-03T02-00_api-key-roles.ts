import { type Kysely, sql } from 'kysely';

/**
 * Two admin roles (http-api.md "Auth and tenancy"): `api_keys.hub_admin` marks the bootstrap key,
 * which alone creates keys for any organization and opens Bull Board; every other admin key is an
 * org admin.
 *
 * Existing rows: the bootstrap key is the row `ensureBootstrapKey` writes, org `default`, name
 * `bootstrap`, admin. Every such row becomes a hub admin, including keys of a rotated
 * `HUB_BOOTSTRAP_API_KEY` (they were never revoked, and they keep what they could do). The API
 * could create a row of the same shape, but only with an admin key, which until now could act on
 * every organization anyway: nobody gains a right they did not have.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table api_keys add column hub_admin boolean not null default false`.execute(db);
  await sql`alter table api_keys add constraint api_keys_hub_admin_is_admin check (admin or not hub_admin)`.execute(
    db,
  );
  await sql`update api_keys set hub_admin = true
    where admin and org_id = 'default' and name = 'bootstrap'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table api_keys drop column if exists hub_admin`.execute(db);
}
