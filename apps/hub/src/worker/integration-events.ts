import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';

/** Event names the operator can filter on (http-api.md "Runs, usage, events"). */
export type IntegrationEventName =
  | 'integration.missingaccountmapping.error'
  | 'integration.authentication.error'
  | 'integration.perform.error'
  | 'integration.disabled.error'
  | 'integration.overreport.warning'
  | 'integration.late.warning';

/** Events that also mail the integration's `disabledNotificationEmails`. */
const MAILED: ReadonlySet<IntegrationEventName> = new Set([
  'integration.disabled.error',
  'integration.overreport.warning',
]);

/**
 * Records an integration event in the caller's transaction, beside the state change it describes;
 * events that warrant mail also get a notification job through the outbox, so a crash after the
 * commit cannot lose the mail.
 */
export async function recordIntegrationEvent(
  db: Db,
  event: {
    orgId: string;
    eventName: IntegrationEventName;
    integrationConfigId: string | null;
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
      integration_config_id: event.integrationConfigId,
      message: event.message,
      data: event.data ? JSON.stringify(event.data) : null,
    })
    .execute();
  if (MAILED.has(event.eventName) && event.integrationConfigId) {
    await enqueueInTransaction(db, 'notification.send.v1', { eventId: id });
  }
  return id;
}
