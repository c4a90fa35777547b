import { sql } from 'kysely';
import type { UsageEventRow } from '../db/database.js';
import type { HubServices } from '../services.js';
import { enabledIntegrations } from './enabled-integrations.js';

/**
 * How long a sender holds the events it leased. Longer than the worst-case send (10 s connect, 30 s
 * headers, 30 s body): a shorter lease would let another sender repeat a send still in flight.
 */
export const LEASE_MS = 120_000;

/**
 * Leases a credential's due events of one status (skipping those another sender holds), oldest slot
 * first, in one short transaction.
 * - `SEND`: pending events with a slot, about to be sent: each lease is an attempt. A lease that ran
 *   out with no outcome recorded (its sender died mid-send) leaves that attempt's answer unknown.
 * - `VERIFY`: expired events in doubt, about to be read back (not an attempt to send).
 */
export async function leaseDueEvents(
  services: HubServices,
  input: { credentialId: string; purpose: 'SEND' | 'VERIFY'; limit: number },
): Promise<UsageEventRow[]> {
  const now = services.now();
  const sending = input.purpose === 'SEND';
  return services.db.transaction().execute(async (trx) => {
    const ids = await trx
      .selectFrom('usage_events')
      .select('id')
      .where('credential_id', '=', input.credentialId)
      .where('status', '=', sending ? 'PENDING' : 'VERIFYING')
      .$if(sending, (qb) => qb.where('effective_start_time', 'is not', null))
      .where('integration_config_id', 'in', enabledIntegrations)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('effective_start_time')
      .limit(input.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (ids.length === 0) return [];
    return trx
      .updateTable('usage_events')
      .set((eb) => ({
        lease_until: new Date(now.getTime() + LEASE_MS),
        dt_updated: now,
        ...(sending
          ? {
              attempts: eb('attempts', '+', 1),
              sent_at: now,
              unclear_at: sql<Date | null>`case when ${eb.ref('lease_until')} is not null then ${eb.ref('sent_at')} else ${eb.ref('unclear_at')} end`,
            }
          : {}),
      }))
      .where(
        'id',
        'in',
        ids.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}
