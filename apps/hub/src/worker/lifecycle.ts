import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';
import { movePendingUsage } from '../repositories/pending-usage.repository.js';

/**
 * Called in the same transaction that enables an integration or connects (or changes) its
 * credential: work that was parked is picked up again (domain.md gates 1-2 and "Auto-disable").
 * - runs parked as DISABLED / AWAITING_CREDENTIAL before the ledger go back to WAITING with a new
 *   dispatch; those parked after it (their credential was disconnected) go back to STARTED;
 * - usage not yet accepted follows the integration's current credential (same events, same slots:
 *   a resend of something the destination already holds is recognised as a duplicate of ours);
 * - a submission is queued for that credential.
 */
export async function reactivateIntegration(
  db: Db,
  orgId: string,
  integrationId: string,
): Promise<{ replayedRuns: number }> {
  const integration = await db
    .selectFrom('integrations')
    .select(['id', 'enabled', 'credential_id'])
    .where('org_id', '=', orgId)
    .where('id', '=', integrationId)
    .executeTakeFirst();
  if (!integration?.enabled || !integration.credential_id) return { replayedRuns: 0 };
  const credentialId = integration.credential_id;

  // Runs that already went through the ledger and only wait to send their usage go back to STARTED:
  // their usage follows the credential below, and its outcomes settle them. Processing them again
  // would find nothing owed and call them COMPLETE before their usage is accepted.
  await db
    .updateTable('integration_runs')
    .set({ status: 'STARTED', reason: null, error_code: null, error_message: null })
    .where('org_id', '=', orgId)
    .where('integration_config_id', '=', integrationId)
    .where('status', '=', 'AWAITING_CREDENTIAL')
    .where('ledger_applied', '=', true)
    .execute();
  const parked = await db
    .updateTable('integration_runs')
    .set((eb) => ({
      status: 'WAITING',
      reason: null,
      error_code: null,
      error_message: null,
      dispatch_count: eb('dispatch_count', '+', 1),
    }))
    .where('org_id', '=', orgId)
    .where('integration_config_id', '=', integrationId)
    .where('status', 'in', ['DISABLED', 'AWAITING_CREDENTIAL'])
    .returning(['id', 'dispatch_count'])
    .execute();
  for (const run of parked)
    await enqueueInTransaction(db, 'bill.process.v1', { runId: run.id, dispatch: run.dispatch_count });

  await movePendingUsage(db, { integrationId, credentialId, sendNow: true });
  await enqueueInTransaction(db, 'usage.submit.v1', {
    orgId,
    credentialId,
    trigger: `activate-${randomUUID()}`,
  });
  return { replayedRuns: parked.length };
}
