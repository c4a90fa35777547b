import type { HubServices } from '../services.js';
import type { Mailer } from './mailer.js';

/**
 * `notification.send.v1`: mails an integration event to the integration's
 * `disabledNotificationEmails` (a bill source's event to the source's `notificationEmails`). At least once: a retry after a crash may send the mail again.
 */
export async function sendNotification(
  services: HubServices,
  mailer: Mailer,
  eventId: string,
): Promise<{ sent: number }> {
  const event = await services.db
    .selectFrom('events')
    .selectAll()
    .where('id', '=', eventId)
    .executeTakeFirst();
  const sourceId = typeof event?.data?.sourceId === 'string' ? event.data.sourceId : null;
  if (event && !event.integration_config_id && sourceId) {
    // A bill source's event: its own notification addresses.
    const source = await services.db
      .selectFrom('sources')
      .select(['name', 'notification_emails'])
      .where('id', '=', sourceId)
      .executeTakeFirst();
    const to = source?.notification_emails ?? [];
    if (to.length === 0) return { sent: 0 };
    await mailer.send({
      to,
      subject: `[integration hub] source ${source?.name ?? sourceId}: ${event.event_name}`,
      text: `${event.message}\n\nEvent ${event.id} at ${event.event_time.toISOString()}.\n${JSON.stringify(event.data, null, 2)}`,
    });
    return { sent: to.length };
  }
  if (!event?.integration_config_id) return { sent: 0 };
  const integration = await services.db
    .selectFrom('integrations')
    .select(['name', 'disabled_notification_emails'])
    .where('id', '=', event.integration_config_id)
    .executeTakeFirst();
  const to = integration?.disabled_notification_emails ?? [];
  if (to.length === 0) return { sent: 0 };
  const kind = event.event_name === 'integration.disabled.error' ? 'disabled' : 'warning';
  await mailer.send({
    to,
    subject: `[integration hub] ${integration?.name ?? 'integration'}: ${kind} (${event.event_name})`,
    text: `${event.message}\n\nEvent ${event.id} at ${event.event_time.toISOString()}.\n${event.data ? JSON.stringify(event.data, null, 2) : ''}`,
  });
  return { sent: to.length };
}
