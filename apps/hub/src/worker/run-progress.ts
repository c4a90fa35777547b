import type { Db } from '../db/database.js';
import { recordIntegrationEvent } from './integration-events.js';
import { recordRunOutcome } from './integration-health.js';

type RunState = 'COMPLETE' | 'ERROR' | 'AWAITING_RETRY' | 'AUTH_FAILED' | 'STARTED' | 'UNCLEAR';

/**
 * Re-derives the status of runs whose usage changed, from their usage entries:
 * every entry accepted → COMPLETE; one rejected → ERROR; else a pending retry → AWAITING_RETRY, an
 * auth failure → AUTH_FAILED. Transitions into COMPLETE / ERROR / AUTH_FAILED count towards the
 * integration's auto-disable rule exactly once per run.
 */
export async function refreshRuns(
  db: Db,
  runIds: Iterable<string>,
  hint: { authFailed?: boolean; retrying?: boolean; unclear?: boolean; message?: string | null },
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
  const byRun = new Map<string, { status: string }[]>();
  for (const entry of entries) byRun.set(entry.run_id, [...(byRun.get(entry.run_id) ?? []), entry]);
  // Completions are the common case: one statement for all of them, one counter reset per integration.
  const completed: { id: string; org_id: string; integration_config_id: string }[] = [];
  for (const run of runs) {
    const mine = byRun.get(run.id) ?? [];
    let next: RunState;
    if (mine.length > 0 && mine.every((e) => e.status === 'ACCEPTED')) next = 'COMPLETE';
    else if (mine.some((e) => e.status === 'REJECTED')) next = 'ERROR';
    else if (hint.unclear) next = 'UNCLEAR';
    else if (hint.authFailed) next = 'AUTH_FAILED';
    else if (hint.retrying) next = 'AWAITING_RETRY';
    else continue;
    if (next === run.status) continue;
    if (next === 'COMPLETE') {
      completed.push(run);
      continue;
    }
    const error =
      next === 'ERROR'
        ? { error_code: 'REJECTED', error_message: hint.message ?? 'the destination rejected usage' }
        : next === 'AUTH_FAILED'
          ? {
              error_code: 'AUTH_FAILED',
              error_message: hint.message ?? 'the destination refused the credential',
            }
          : next === 'UNCLEAR'
            ? {
                error_code: 'UNCLEAR',
                error_message: hint.message ?? 'whether the destination recorded some usage is unclear',
              }
            : {};
    await db
      .updateTable('integration_runs')
      .set({
        status: next,
        reason: next,
        ...error,
        dt_completed: next === 'ERROR' ? now : null,
      })
      .where('id', '=', run.id)
      .execute();
    if (next === 'ERROR' || next === 'AUTH_FAILED') {
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
  if (completed.length > 0) {
    await db
      .updateTable('integration_runs')
      .set({ status: 'COMPLETE', reason: null, error_code: null, error_message: null, dt_completed: now })
      .where(
        'id',
        'in',
        completed.map((r) => r.id),
      )
      .execute();
    const integrations = new Map(completed.map((r) => [r.integration_config_id, r.org_id]));
    for (const [integrationId, orgId] of integrations) {
      await recordRunOutcome(db, { orgId, integrationId, outcome: 'COMPLETE' });
    }
  }
}
