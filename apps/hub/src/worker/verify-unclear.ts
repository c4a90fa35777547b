import {
  HOUR_MS,
  type MarketplaceAdapter,
  type MarketplaceClient,
  type ReadBackResult,
  type SlotQuantity,
  type UsageEvent,
} from '@hub/core';
import type { Db, UsageEventRow } from '../db/database.js';
import { storeExchanges } from '../repositories/exchanges.repository.js';
import type { HubServices } from '../services.js';
import { recordIntegrationEvent } from './integration-events.js';
import { leaseDueEvents } from './lease-events.js';
import { reslotExpiredEvent } from './reslot-expired.js';
import { retryDelayMs } from './retry-delay.js';
import { refreshRuns } from './run-progress.js';

/**
 * When a read-back keeps failing, the operator is asked after this many failed calls, or after this
 * long in doubt (a read-back that lags behind is waited for, not counted as failing).
 */
export const READ_BACK_MAX_FAILURES = 3;
export const READ_BACK_GIVE_UP_MS = 6 * HOUR_MS;
const PER_PASS = 25;

/**
 * Settles events in doubt (status `VERIFYING`): they expired after an attempt that got no clear
 * answer, so the destination may already hold them. Re-sending blindly in a new hour could bill
 * twice; never re-sending could lose usage. So the destination is asked first (the adapter's
 * optional `readBackUsage`):
 * - it holds the event → `ACCEPTED`, never sent again;
 * - it does not → re-slotted into a current hour (like any expired event);
 * - no answer that settles it (no read-back capability, an answer the hub's records cannot
 *   explain, or the read-back itself failing `READ_BACK_MAX_FAILURES` times, or `READ_BACK_GIVE_UP_MS`
 *   in doubt) → parked as `UNCLEAR`
 *   with `integration.unclear.warning` (mailed) and its runs `UNCLEAR`, until an operator decides
 *   (`POST /v1/usage-events/{id}/resolve`). A transient failure is asked again later.
 */
export async function verifyUnclearEvents(
  services: HubServices,
  adapter: MarketplaceAdapter<any>,
  client: MarketplaceClient,
  input: { orgId: string; credentialId: string },
): Promise<{ reslotted: boolean }> {
  const events = await leaseDueEvents(services, {
    credentialId: input.credentialId,
    purpose: 'VERIFY',
    limit: PER_PASS,
  });
  let reslotted = false;
  for (const event of events) {
    const answer = client.readBackUsage
      ? await client.readBackUsage(await readBackQuery(services.db, adapter, event, services.now()))
      : null;
    const now = services.now();
    await services.db.transaction().execute(async (trx) => {
      const runIds = await runsOf(trx, event.id);
      if (answer) await storeExchanges(trx, input, answer.exchanges, runIds);
      if (answer === null) {
        await park(
          trx,
          event,
          runIds,
          `${adapter.displayName} offers no way to read back what it recorded`,
          now,
        );
      } else if (answer.ok && answer.recorded) {
        await acceptEvent(trx, event.id, answer.recorded.receiptId, now);
        await refreshRuns(trx, runIds, {}, now);
      } else if (answer.ok) {
        await reslotExpiredEvent(trx, event, {
          message: 'expired; the destination does not hold it',
          now,
          verifiedBy: answer.basis,
        });
        reslotted = true;
      } else if (answer.code === 'REJECTED' || givenUp(event, answer, now)) {
        await park(trx, event, runIds, answer.message, now);
      } else {
        await retryLater(trx, event, answer, now);
      }
    });
  }
  return { reslotted };
}

/**
 * The question for the destination, with what the hub knows about the same resource and dimension
 * within a day either side: what it holds as recorded, and what else is in doubt or in flight (a
 * destination that reads back only totals needs both to tell this event's share).
 */
async function readBackQuery(db: Db, adapter: MarketplaceAdapter<any>, event: UsageEventRow, at: Date) {
  const slot = event.effective_start_time!;
  const span = [new Date(slot.getTime() - 24 * HOUR_MS), new Date(slot.getTime() + 24 * HOUR_MS)] as const;
  const neighbours = await db
    .selectFrom('usage_events')
    .select(['effective_start_time', 'quantity', 'status', 'unclear_at', 'lease_until'])
    .where('destination', '=', adapter.id)
    .where('resource_id', '=', event.resource_id)
    .where('dimension', '=', event.dimension)
    .where('id', '!=', event.id)
    .where('effective_start_time', '>=', span[0])
    .where('effective_start_time', '<=', span[1])
    .where('status', 'in', ['ACCEPTED', 'PENDING', 'VERIFYING', 'UNCLEAR'])
    .execute();
  const now = at.getTime();
  const asSlot = (row: (typeof neighbours)[number]): SlotQuantity => ({
    effectiveStartTime: row.effective_start_time!.toISOString(),
    quantity: row.quantity,
  });
  const inDoubt = (row: (typeof neighbours)[number]) =>
    row.status !== 'ACCEPTED' &&
    (row.status !== 'PENDING' || row.unclear_at !== null || (row.lease_until?.getTime() ?? 0) > now);
  const usageEvent: UsageEvent = {
    id: event.id,
    resourceId: event.resource_id,
    dimension: event.dimension,
    quantity: event.quantity,
    effectiveStartTime: slot.toISOString(),
    planId: event.plan_id,
  };
  return {
    event: usageEvent,
    knownRecorded: neighbours.filter((row) => row.status === 'ACCEPTED').map(asSlot),
    unsettled: neighbours.filter(inDoubt).map(asSlot),
    lastAttemptAt: event.unclear_at?.toISOString() ?? null,
  };
}

/** The runs whose usage an event carries. */
export async function runsOf(trx: Db, eventId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('usage_entries')
    .select('run_id')
    .where('usage_event_id', '=', eventId)
    .execute();
  return [...new Set(rows.map((row) => row.run_id))];
}

/** The destination holds the event (a read-back or an operator says so): it counts as sent. */
export async function acceptEvent(
  trx: Db,
  eventId: string,
  receiptId: string | null,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('usage_events')
    .set({ status: 'ACCEPTED', receipt_id: receiptId, error: null, lease_until: null, dt_updated: now })
    .where('id', '=', eventId)
    .execute();
  await trx
    .updateTable('usage_entries')
    .set({ status: 'ACCEPTED' })
    .where('usage_event_id', '=', eventId)
    .where('status', '=', 'PENDING')
    .execute();
}

/** A call was made and failed (an answer with no exchange only says "not yet"). */
const failedCall = (answer: Extract<ReadBackResult, { ok: false }>) => answer.exchanges.length > 0;

const givenUp = (event: UsageEventRow, answer: Extract<ReadBackResult, { ok: false }>, now: Date) =>
  event.read_back_failures + (failedCall(answer) ? 1 : 0) >= READ_BACK_MAX_FAILURES ||
  now.getTime() - (event.verify_started_at ?? now).getTime() >= READ_BACK_GIVE_UP_MS;

async function retryLater(
  trx: Db,
  event: UsageEventRow,
  answer: Extract<ReadBackResult, { ok: false }>,
  now: Date,
): Promise<void> {
  const failures = event.read_back_failures + (failedCall(answer) ? 1 : 0);
  const delay = retryDelayMs(Math.max(1, failures), answer.retryAfterMs);
  await trx
    .updateTable('usage_events')
    .set({
      read_back_failures: failures,
      lease_until: null,
      next_attempt_at: new Date(now.getTime() + delay),
      error: JSON.stringify({ code: 'VERIFYING', message: answer.message }),
      dt_updated: now,
    })
    .where('id', '=', event.id)
    .execute();
}

/** Parks the event for the operator: neither accepted nor re-sent until someone decides. */
async function park(trx: Db, event: UsageEventRow, runIds: string[], why: string, now: Date): Promise<void> {
  const message =
    `usage for ${event.dimension} on ${event.resource_id} (${event.quantity}, hour ${event.effective_start_time?.toISOString()}) ` +
    `expired after an attempt that got no clear answer, and whether the destination recorded it cannot be settled: ${why}. ` +
    'Check what the destination recorded, then resolve it (POST /v1/usage-events/{id}/resolve: RECORDED, NOT_RECORDED or READ_BACK)';
  await trx
    .updateTable('usage_events')
    .set({
      status: 'UNCLEAR',
      lease_until: null,
      error: JSON.stringify({ code: 'UNCLEAR', message: why }),
      dt_updated: now,
    })
    .where('id', '=', event.id)
    .execute();
  await recordIntegrationEvent(trx, {
    orgId: event.org_id,
    eventName: 'integration.unclear.warning',
    integrationConfigId: event.integration_config_id,
    message,
    data: {
      usageEventId: event.id,
      resourceId: event.resource_id,
      dimension: event.dimension,
      quantity: event.quantity,
      effectiveStartTime: event.effective_start_time?.toISOString() ?? null,
      reason: why,
      runIds,
    },
  });
  await refreshRuns(trx, runIds, { unclear: true, message: why }, now);
}
