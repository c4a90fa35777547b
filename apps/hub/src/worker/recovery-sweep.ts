import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';
import type { HubServices } from '../services.js';

/**
 * Postgres is the source of truth; Redis only carries wake-ups. If a job is lost (Redis restarted
 * without persistence, a job that used up its attempts), this sweep finds work the database says is
 * still owed and queues it again: runs still WAITING, and credentials with sendable usage. A second
 * job for the same work is harmless: runs are processed only while WAITING, and events are leased.
 */
export async function sweepStuckWork(services: HubServices): Promise<{ runs: number; credentials: number }> {
  const cutoff = new Date(services.now().getTime() - services.env.HUB_STUCK_AFTER_MS);
  return services.db.transaction().execute(async (trx) => {
    const runs = await trx
      .updateTable('integration_runs')
      .set((eb) => ({ dispatch_count: eb('dispatch_count', '+', 1) }))
      .where('status', '=', 'WAITING')
      .where('dt_created', '<', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('outbox')
              .select('outbox.id')
              .where('outbox.dt_dispatched', 'is', null)
              .where(sql<string>`outbox.payload->>'runId'`, '=', sql<string>`integration_runs.id::text`),
          ),
        ),
      )
      .returning(['id', 'dispatch_count'])
      .execute();
    for (const run of runs)
      await enqueueInTransaction(trx, 'bill.process.v1', { runId: run.id, dispatch: run.dispatch_count });

    const credentials = await trx
      .selectFrom('usage_entries')
      .select(['org_id', 'credential_id'])
      .distinct()
      .where('status', '=', 'PENDING')
      .where('credential_id', 'is not', null)
      // a disabled integration's usage waits for it to be enabled again
      .where('integration_config_id', 'in', (eb) =>
        eb.selectFrom('integrations').select('integrations.id').where('integrations.enabled', '=', true),
      )
      .where('dt_created', '<', cutoff)
      .execute();
    const minute = Math.floor(services.now().getTime() / 60_000);
    for (const row of credentials) {
      await enqueueInTransaction(trx, 'usage.submit.v1', {
        orgId: row.org_id,
        credentialId: row.credential_id!,
        trigger: `sweep-${minute}-${randomUUID().slice(0, 8)}`,
      });
    }
    return { runs: runs.length, credentials: credentials.length };
  });
}
