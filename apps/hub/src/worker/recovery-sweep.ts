import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { sql } from 'kysely';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';
import type { HubServices } from '../services.js';
import { reconcileSourceSchedules } from './source-schedules.js';

/**
 * Postgres is the source of truth; Redis only carries wake-ups. If a job is lost (Redis restarted
 * without persistence, a job that used up its attempts), this sweep finds work the database says is
 * still owed and queues it again: runs still WAITING, credentials with sendable usage, and bill
 * sources with bills to fetch or syncs requested; given the sync queue, it also makes the sources'
 * job schedulers match the enabled sources. A second job for the same work is harmless: runs are
 * processed only while WAITING, events are leased, and a source is synced by one job at a time.
 */
export async function sweepStuckWork(
  services: HubServices,
  options: { sourceSyncQueue?: Queue } = {},
): Promise<{ runs: number; credentials: number; sources: number }> {
  const cutoff = new Date(services.now().getTime() - services.env.HUB_STUCK_AFTER_MS);
  if (options.sourceSyncQueue) await reconcileSourceSchedules(services, options.sourceSyncQueue);
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

    // Sources owed a sync: bills to fetch that are due and waited past the cutoff, or syncs
    // requested (or interrupted) that long ago, with no sync holding the source.
    const now = services.now();
    const sources = await trx
      .selectFrom('sources')
      .select('id')
      .where('enabled', '=', true)
      .where('dt_deleted', 'is', null)
      .where((eb) => eb.or([eb('sync_lease_until', 'is', null), eb('sync_lease_until', '<', now)]))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('source_pending_bills')
              .select('source_pending_bills.bill_id')
              .whereRef('source_pending_bills.source_id', '=', 'sources.id')
              .where((p) =>
                p.or([
                  p.and([
                    p('source_pending_bills.next_attempt_at', 'is', null),
                    p('source_pending_bills.dt_created', '<', cutoff),
                  ]),
                  p('source_pending_bills.next_attempt_at', '<', cutoff),
                ]),
              ),
          ),
          eb.exists(
            eb
              .selectFrom('source_syncs')
              .select('source_syncs.id')
              .whereRef('source_syncs.source_id', '=', 'sources.id')
              .where('source_syncs.status', 'in', ['QUEUED', 'RUNNING'])
              .where('source_syncs.dt_created', '<', cutoff),
          ),
        ]),
      )
      .execute();
    for (const source of sources) {
      await enqueueInTransaction(trx, 'source.sync.v1', {
        sourceId: source.id,
        trigger: 'RETRY',
        slot: `sweep-${minute}-${randomUUID().slice(0, 8)}`,
      });
    }
    return { runs: runs.length, credentials: credentials.length, sources: sources.length };
  });
}
