import type { Db } from '../db/database.js';
import { recordIntegrationEvent } from './integration-events.js';
import { recordRunOutcome } from './integration-health.js';

type RunState = 'COMPLETE' | 'ERROR' | 'AWAITING_RETRY' | 'AUTH_FAILED' | 'STARTED';

/**
 * Re-derives the status of runs whose usage changed, from their usage entries:
 * every entry accepted → COMPLETE; one rejected → ERROR; else a pending retry → AWAITING_RETRY, an
 * auth failure → AUTH_FAILED. Transitions into COMPLETE / ERROR / AUTH_FAILED count towards the
 * integration's auto-disable rule exactly once per run.
 */
export async function refreshRuns(
  db: Db,
  runIds: Iterable<string>,
  hint: { authFailed?: boolean; retrying?: boolean; message?: string | null },
  now: Date,
): Promise<void> {
  const ids = [...new Set(runIds)];
  if (ids.length === 0) return;
  const runs = await db
    .selectFrom('integration_runs')
    .select(['id', 'org_id', 'integration_config_id', 'status', 'entity_id', 'bill_version'])
    .where('id', 'in', ids)
    .forUpdate()
    .execute();
  const entries = await db
    .selectFrom('usage_entries')
    .select(['run_id', 'status'])
    .where('run_id', 'in', ids)
    .execute();
  for (const run of runs) {
    const mine = entries.filter((e) => e.run_id === run.id);
    let next: RunState;
    if (mine.length > 0 && mine.every((e) => e.status === 'ACCEPTED')) next = 'COMPLETE';
    else if (mine.some((e) => e.status === 'REJECTED')) next = 'ERROR';
    else if (hint.authFailed) next = 'AUTH_FAILED';
    else if (hint.retrying) next = 'AWAITING_RETRY';
    else continue;
    if (next === run.status) continue;
    const error =
      next === 'ERROR'
        ? { error_code: 'REJECTED', error_message: hint.message ?? 'the destination rejected usage' }
        : next === 'AUTH_FAILED'
          ? {
              error_code: 'AUTH_FAILED',
              error_message: hint.message ?? 'the destination refused the credential',
            }
          : next === 'COMPLETE'
            ? { error_code: null, error_message: null }
            : {};
    await db
      .updateTable('integration_runs')
      .set({
        status: next,
        reason: next === 'COMPLETE' ? null : next,
        ...error,
        dt_completed: next === 'COMPLETE' || next === 'ERROR' ? now : null,
      })
      .where('id', '=', run.id)
      .execute();
    if (next === 'COMPLETE' || next === 'ERROR' || next === 'AUTH_FAILED') {
      if (next === 'AUTH_FAILED') {
        await recordIntegrationEvent(db, {
          orgId: run.org_id,
          eventName: 'integration.authentication.error',
          integrationConfigId: run.integration_config_id,
          message: `bill ${run.entity_id} v${run.bill_version}: ${hint.message ?? 'the credential was refused'}`,
          data: { runId: run.id },
        });
      } else if (next === 'ERROR') {
        await recordIntegrationEvent(db, {
          orgId: run.org_id,
          eventName: 'integration.perform.error',
          integrationConfigId: run.integration_config_id,
          message: `bill ${run.entity_id} v${run.bill_version}: ${hint.message ?? 'usage was rejected'}`,
          data: { runId: run.id },
        });
      }
      await recordRunOutcome(db, {
        orgId: run.org_id,
        integrationId: run.integration_config_id,
        outcome: next,
        ...(hint.message ? { message: hint.message } : {}),
      });
    }
  }
}
