import type { BillSource } from '@hub/core';
import type { SourceRow } from '../db/database.js';
import { isStorableText } from '../http/body-guard.js';
import { addPendingBills } from '../repositories/source-syncs.repository.js';
import type { HubServices } from '../services.js';
import { enqueueSourceSync } from './sources.service.js';

/** A webhook may name at most this many bills; more is not a billing platform's webhook. */
export const MAX_WEBHOOK_BILL_IDS = 1_000;

/**
 * The bill ids a webhook body names, by the source's `webhookBillIds` (a trigger only: the bills
 * are fetched with the hub's own credential). Ids Postgres could not store, or no bill id could be
 * (empty, over 200 characters), are dropped.
 */
export function webhookBillIds(plugin: BillSource<any, any>, body: unknown): string[] | null {
  let ids: unknown;
  try {
    ids = plugin.webhookBillIds?.(body) ?? null;
  } catch {
    // The contract says it must not throw; a plugin that does names no bill.
    return null;
  }
  if (!Array.isArray(ids)) return null;
  return [
    ...new Set(
      ids.filter(
        (id): id is string =>
          typeof id === 'string' && id.length > 0 && id.length <= 200 && isStorableText(id),
      ),
    ),
  ].slice(0, MAX_WEBHOOK_BILL_IDS);
}

/**
 * Records the bills a webhook named as bills to fetch (reason WEBHOOK) and asks for a sync, in one
 * transaction. A disabled source keeps them until it is enabled again.
 */
export async function acceptWebhook(
  services: HubServices,
  source: SourceRow,
  billIds: readonly string[],
): Promise<void> {
  if (billIds.length === 0) return;
  await services.db.transaction().execute(async (trx) => {
    await addPendingBills(trx, { orgId: source.org_id, sourceId: source.id, reason: 'WEBHOOK' }, billIds);
    if (source.enabled) await enqueueSourceSync(trx, source.id, 'WEBHOOK');
  });
  services.notifyOutbox();
}
