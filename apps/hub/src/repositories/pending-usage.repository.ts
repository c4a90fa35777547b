import type { Db } from '../db/database.js';

/**
 * Pending usage belongs to its integration, not to a credential (operations.md): a disconnect, a
 * credential change or a delete must never leave usage that nothing will send.
 */

/** Usage entries not yet accepted or rejected, of a credential (what would be sent with it) or an integration. */
export async function countPendingUsage(
  db: Db,
  orgId: string,
  of: { credentialId: string } | { integrationId: string },
): Promise<number> {
  const [column, value] =
    'credentialId' in of
      ? (['credential_id', of.credentialId] as const)
      : (['integration_config_id', of.integrationId] as const);
  const row = await db
    .selectFrom('usage_entries')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('org_id', '=', orgId)
    .where(column, '=', value)
    .where('status', '=', 'PENDING')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Called in the transaction that disconnects an integration's credential: its pending usage stops
 * pointing at the credential (so no sender uses a credential the operator took away, and the
 * credential can be deleted) and waits for the next one connected (`reactivateIntegration` moves it
 * there). Runs that still owe usage show `AWAITING_CREDENTIAL`.
 */
export async function detachPendingUsage(db: Db, orgId: string, integrationId: string): Promise<void> {
  await movePendingUsage(db, { integrationId, credentialId: null, sendNow: false });
  await db
    .updateTable('integration_runs')
    .set({
      status: 'AWAITING_CREDENTIAL',
      reason: 'AWAITING_CREDENTIAL',
      error_code: null,
      error_message: 'no credential is connected: its usage is sent when one is',
    })
    .where('org_id', '=', orgId)
    .where('integration_config_id', '=', integrationId)
    .where('ledger_applied', '=', true)
    .where('status', 'in', ['STARTED', 'AWAITING_RETRY', 'AUTH_FAILED'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('usage_entries')
          .select('usage_entries.id')
          .whereRef('usage_entries.run_id', '=', 'integration_runs.id')
          .where('usage_entries.status', '=', 'PENDING'),
      ),
    )
    .execute();
}

/**
 * Points an integration's pending usage (entries and events) at `credentialId`: the one just
 * connected, or none. `sendNow` also clears the events' retry times and leases, so the next
 * submission pass takes them at once (an explicit operator action: connect or enable).
 */
export async function movePendingUsage(
  db: Db,
  move: { integrationId: string; credentialId: string | null; sendNow: boolean },
): Promise<void> {
  await db
    .updateTable('usage_entries')
    .set({ credential_id: move.credentialId })
    .where('integration_config_id', '=', move.integrationId)
    .where('status', '=', 'PENDING')
    .execute();
  await db
    .updateTable('usage_events')
    .set({
      credential_id: move.credentialId,
      ...(move.sendNow ? { next_attempt_at: null, lease_until: null } : {}),
    })
    .where('integration_config_id', '=', move.integrationId)
    .where('status', '=', 'PENDING')
    .execute();
}
