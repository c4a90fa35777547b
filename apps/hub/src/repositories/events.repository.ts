import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, EventRow } from '../db/database.js';
import { isUuid } from './integrations.repository.js';

/** Event names the hub records (http-api.md "Runs, usage, events"). */
export const EVENT_NAMES = {
  missingAccountMapping: 'integration.missingaccountmapping.error',
  authenticationError: 'integration.authentication.error',
  performError: 'integration.perform.error',
  disabled: 'integration.disabled.error',
  overReport: 'integration.overreport.warning',
  late: 'integration.late.warning',
  unclear: 'integration.unclear.warning',
} as const;

export interface HubEvent {
  id: string;
  orgId: string;
  eventName: string;
  eventTime: Date;
  integrationConfigId: string | null;
  message: string;
  data: Record<string, unknown> | null;
}

function toEvent(row: EventRow): HubEvent {
  return {
    id: row.id,
    orgId: row.org_id,
    eventName: row.event_name,
    eventTime: row.event_time,
    integrationConfigId: row.integration_config_id,
    message: row.message,
    data: row.data,
  };
}

/**
 * Records an operator-visible event. Pass the worker's transaction to make the event commit with
 * the state change it describes. `data` must be JSON (ids, decimal strings), never secrets.
 */
export async function recordEvent(
  db: Db,
  input: {
    orgId: string;
    eventName: string;
    message: string;
    integrationConfigId?: string | null;
    data?: Record<string, unknown> | null;
    eventTime?: Date;
  },
): Promise<HubEvent> {
  const row = await db
    .insertInto('events')
    .values({
      id: randomUUID(),
      org_id: input.orgId,
      event_name: input.eventName,
      integration_config_id: input.integrationConfigId ?? null,
      message: input.message,
      data: input.data == null ? null : JSON.stringify(input.data),
      ...(input.eventTime ? { event_time: input.eventTime } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvent(row);
}

/** Events newest first, keyset-paginated on (event time to the millisecond, id). */
export async function listEvents(
  db: Db,
  orgId: string,
  filter: { eventName?: string | undefined; integrationConfigId?: string | undefined },
  page: { after: { t: string; id: string } | null; limit: number },
): Promise<HubEvent[]> {
  if (filter.integrationConfigId !== undefined && !isUuid(filter.integrationConfigId)) return [];
  let query = db.selectFrom('events').selectAll().where('org_id', '=', orgId);
  if (filter.eventName !== undefined) query = query.where('event_name', '=', filter.eventName);
  if (filter.integrationConfigId !== undefined)
    query = query.where('integration_config_id', '=', filter.integrationConfigId);
  if (page.after) {
    query = query.where(
      sql<boolean>`(date_trunc('milliseconds', event_time), id) < (${new Date(page.after.t)}::timestamptz, ${page.after.id}::uuid)`,
    );
  }
  const rows = await query
    .orderBy(sql`date_trunc('milliseconds', event_time)`, 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .execute();
  return rows.map(toEvent);
}
