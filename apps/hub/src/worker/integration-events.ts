import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db, EventsTable, OutboxTable } from '../db/database.js';
import { insertOutboxRows, outboxRow } from '../repositories/outbox.repository.js';

/** Event names the operator can filter on (http-api.md "Runs, usage, events"). */
export type IntegrationEventName =
  | 'integration.missingaccountmapping.error'
  | 'integration.authentication.error'
  | 'integration.perform.error'
  | 'integration.disabled.error'
  | 'integration.overreport.warning'
  | 'integration.late.warning'
  | 'integration.unclear.warning';

/** Events that also mail the integration's `disabledNotificationEmails`. */
const MAILED: ReadonlySet<IntegrationEventName> = new Set([
  'integration.disabled.error',
  'integration.overreport.warning',
  'integration.unclear.warning',
]);

export interface IntegrationEventInput {
  orgId: string;
  eventName: IntegrationEventName;
  integrationConfigId: string | null;
  message: string;
  data?: Record<string, unknown>;
}

/**
 * The rows recording one integration event: the event and, for events that warrant mail, the
 * notification job's outbox row. For callers that fold them into a larger statement; otherwise
 * use `recordIntegrationEvent`.
 */
export function integrationEventRows(event: IntegrationEventInput): {
  id: string;
  event: Insertable<EventsTable>;
  outbox: Insertable<OutboxTable> | null;
} {
  const id = randomUUID();
  return {
    id,
    event: {
      id,
      org_id: event.orgId,
      event_name: event.eventName,
      integration_config_id: event.integrationConfigId,
      message: event.message,
      data: event.data ? JSON.stringify(event.data) : null,
    },
    outbox:
      MAILED.has(event.eventName) && event.integrationConfigId
        ? outboxRow('notification.send.v1', { eventId: id })
        : null,
  };
}

/**
 * Records an integration event in the caller's transaction, beside the state change it describes;
 * events that warrant mail also get a notification job through the outbox, so a crash after the
 * commit cannot lose the mail.
 */
export async function recordIntegrationEvent(db: Db, event: IntegrationEventInput): Promise<string> {
  const rows = integrationEventRows(event);
  await db.insertInto('events').values(rows.event).execute();
  if (rows.outbox) await insertOutboxRows(db, [rows.outbox]).execute();
  return rows.id;
}
