import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertOutboxRows, outboxRow } from '../repositories/outbox.repository.js';

/** Event names of bill sources the operator can filter on (`GET /v1/events?eventName=`). */
export type SourceEventName =
  | 'source.bill.deleted.warning'
  | 'source.bill.malformed.error'
  | 'source.authentication.error'
  | 'source.disabled.error'
  | 'source.mapping.conflict.warning';

/** Events that also mail the source's `notificationEmails`. */
const MAILED: ReadonlySet<SourceEventName> = new Set([
  'source.authentication.error',
  'source.disabled.error',
]);

/**
 * Records a source event in the caller's transaction (`data.sourceId` names the source); the
 * events that warrant mail get a notification job through the outbox, like integration events.
 */
export async function recordSourceEvent(
  db: Db,
  event: {
    orgId: string;
    sourceId: string;
    eventName: SourceEventName;
    message: string;
    data?: Record<string, unknown>;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('events')
    .values({
      id,
      org_id: event.orgId,
      event_name: event.eventName,
      integration_config_id: null,
      message: event.message,
      data: JSON.stringify({ sourceId: event.sourceId, ...event.data }),
    })
    .execute();
  if (MAILED.has(event.eventName)) {
    await insertOutboxRows(db, [outboxRow('notification.send.v1', { eventId: id })]).execute();
  }
  return id;
}
