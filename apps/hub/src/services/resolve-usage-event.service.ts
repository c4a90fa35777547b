import { randomUUID } from 'node:crypto';
import type { UsageEventRow } from '../db/database.js';
import { conflict, notFound } from '../http/errors.js';
import { isUuid } from '../repositories/integrations.repository.js';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';
import type { HubServices } from '../services.js';
import { reslotExpiredEvent } from '../worker/reslot-expired.js';
import { refreshRuns } from '../worker/run-progress.js';
import { acceptEvent, runsOf } from '../worker/verify-unclear.js';

export const RESOLUTIONS = ['RECORDED', 'NOT_RECORDED', 'READ_BACK'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/**
 * The operator's decision on an `UNCLEAR` event (one whose delivery the destination could neither
 * confirm nor deny), after checking what the destination recorded:
 * - `RECORDED`: it holds the event → `ACCEPTED`, its runs settle;
 * - `NOT_RECORDED`: it does not → re-slotted into a current hour and sent;
 * - `READ_BACK`: ask the destination again (for instance once its read-back has caught up).
 * Only an `UNCLEAR` event can be resolved (409 otherwise), so a decision is taken once.
 */
export async function resolveUsageEvent(
  services: HubServices,
  orgId: string,
  id: string,
  resolution: Resolution,
): Promise<UsageEventRow> {
  if (!isUuid(id)) throw notFound('usage event', id);
  const now = services.now();
  const result = await services.db.transaction().execute(async (trx) => {
    const event = await trx
      .selectFrom('usage_events')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!event) throw notFound('usage event', id);
    if (event.status !== 'UNCLEAR') {
      throw conflict(
        `usage event ${id} is ${event.status}; only an UNCLEAR event is resolved by an operator`,
      );
    }
    const runIds = await runsOf(trx, id);
    if (resolution === 'RECORDED') {
      await acceptEvent(trx, id, null, now);
      await refreshRuns(trx, runIds, {}, now);
    } else {
      if (resolution === 'NOT_RECORDED') {
        await reslotExpiredEvent(trx, event, { message: 'expired', now, verifiedBy: 'the operator' });
      } else {
        await trx
          .updateTable('usage_events')
          .set({
            status: 'VERIFYING',
            verify_started_at: now,
            read_back_failures: 0,
            next_attempt_at: null,
            dt_updated: now,
          })
          .where('id', '=', id)
          .execute();
      }
      await refreshRuns(trx, runIds, { retrying: true }, now);
      if (event.credential_id) {
        await enqueueInTransaction(trx, 'usage.submit.v1', {
          orgId,
          credentialId: event.credential_id,
          trigger: `resolve-${randomUUID()}`,
        });
      }
    }
    return trx.selectFrom('usage_events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  });
  services.notifyOutbox();
  return result;
}
