import { randomUUID } from 'node:crypto';
import type { Db, UsageEventRow } from '../db/database.js';
import { recordIntegrationEvent } from './integration-events.js';

/**
 * Moves an expired event's quantity to a new event with no slot yet (the next slot assignment puts
 * it in a current hour; Microsoft allows late usage in a later hour). The expired event is kept as
 * history (`EXPIRED_RESLOTTED`) and `integration.late.warning` says what happened.
 *
 * Only for an event the destination does not hold: every attempt was answered clearly, or a
 * read-back (`verify-unclear`) or an operator said it was not recorded.
 */
export async function reslotExpiredEvent(
  trx: Db,
  event: UsageEventRow,
  why: { message: string; now: Date; verifiedBy?: string },
): Promise<string> {
  const replacement = randomUUID();
  await trx
    .updateTable('usage_events')
    .set({
      status: 'EXPIRED_RESLOTTED',
      lease_until: null,
      dt_updated: why.now,
      error: JSON.stringify({ code: 'EXPIRED', message: why.message }),
    })
    .where('id', '=', event.id)
    .execute();
  await trx
    .insertInto('usage_events')
    .values({
      id: replacement,
      org_id: event.org_id,
      integration_config_id: event.integration_config_id,
      credential_id: event.credential_id,
      destination: event.destination,
      resource_id: event.resource_id,
      dimension: event.dimension,
      plan_id: event.plan_id,
      quantity: event.quantity,
      effective_start_time: null,
      status: 'PENDING',
      receipt_id: null,
      error: null,
      next_attempt_at: null,
      lease_until: null,
      reslotted_from: event.id,
      dt_updated: why.now,
    })
    .execute();
  await trx
    .updateTable('usage_entries')
    .set({ usage_event_id: replacement })
    .where('usage_event_id', '=', event.id)
    .execute();
  await recordIntegrationEvent(trx, {
    orgId: event.org_id,
    eventName: 'integration.late.warning',
    integrationConfigId: event.integration_config_id,
    message:
      `usage for ${event.dimension} on ${event.resource_id} (${event.quantity}) missed its hour ${event.effective_start_time?.toISOString()}; it is re-sent in a current hour` +
      (why.verifiedBy ? ` (not recorded by the destination: ${why.verifiedBy})` : ''),
    data: {
      usageEventId: event.id,
      replacementId: replacement,
      attempts: event.attempts,
      verifiedNotRecorded: why.verifiedBy !== undefined,
      ...(why.verifiedBy ? { basis: why.verifiedBy } : {}),
    },
  });
  return replacement;
}
