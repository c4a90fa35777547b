import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { recordIntegrationEvent } from './integration-events.js';

/** After this many consecutive runs ending AUTH_FAILED (or ERROR), an integration disables itself. */
export const AUTH_FAILURES_TO_DISABLE = 3;
export const ERRORS_TO_DISABLE = 20;

/**
 * Counts a finished run against its integration and disables the integration when a threshold is
 * reached (domain.md "Auto-disable"). Counter updates do not bump the integration's `version`, so an
 * operator's optimistic update is never refused because a worker counted a run.
 */
export async function recordRunOutcome(
  db: Db,
  input: {
    orgId: string;
    integrationId: string;
    outcome: 'COMPLETE' | 'ERROR' | 'AUTH_FAILED';
    message?: string;
  },
): Promise<{ disabled: boolean }> {
  if (input.outcome === 'COMPLETE') {
    await db
      .updateTable('integrations')
      .set({ consecutive_auth_failures: 0, consecutive_errors: 0 })
      .where('id', '=', input.integrationId)
      .where((eb) => eb.or([eb('consecutive_auth_failures', '>', 0), eb('consecutive_errors', '>', 0)]))
      .execute();
    return { disabled: false };
  }
  const column = input.outcome === 'AUTH_FAILED' ? 'consecutive_auth_failures' : 'consecutive_errors';
  const row = await db
    .updateTable('integrations')
    .set({ [column]: sql`${sql.ref(column)} + 1` })
    .where('id', '=', input.integrationId)
    .returning(['consecutive_auth_failures', 'consecutive_errors', 'enabled', 'name'])
    .executeTakeFirst();
  if (!row?.enabled) return { disabled: false };
  const count = input.outcome === 'AUTH_FAILED' ? row.consecutive_auth_failures : row.consecutive_errors;
  const threshold = input.outcome === 'AUTH_FAILED' ? AUTH_FAILURES_TO_DISABLE : ERRORS_TO_DISABLE;
  if (count < threshold) return { disabled: false };
  const what = input.outcome === 'AUTH_FAILED' ? 'credential rejections' : 'failed runs';
  const reason = `disabled automatically after ${count} consecutive ${what}${input.message ? `: ${input.message}` : ''}`;
  await db
    .updateTable('integrations')
    .set({ enabled: false, disabled_reason: reason })
    .where('id', '=', input.integrationId)
    .execute();
  await recordIntegrationEvent(db, {
    orgId: input.orgId,
    eventName: 'integration.disabled.error',
    integrationConfigId: input.integrationId,
    message: `Integration "${row.name}" was ${reason}. Its pending usage is kept and is sent when it is enabled again.`,
    data: { reason, consecutive: count },
  });
  return { disabled: true };
}
