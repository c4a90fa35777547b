import { conflict, notFound } from '../http/errors.js';
import { findBillVersion } from '../repositories/bills.repository.js';
import { findIntegration } from '../repositories/integrations.repository.js';
import { enqueueInTransaction } from '../repositories/outbox.repository.js';
import { findRun, insertReplayRun, type StoredRun } from '../repositories/runs.repository.js';
import type { HubServices } from '../services.js';

/**
 * Replays a run: a new WAITING run (trigger REPLAY, `replayOf` the original) for the same
 * integration and bill version, and its job in the outbox, in one transaction. The ledger makes a
 * replay safe: what was already owed is not owed again.
 */
export async function replayRun(services: HubServices, orgId: string, runId: string): Promise<StoredRun> {
  const run = await services.db.transaction().execute(async (trx) => {
    const original = await findRun(trx, orgId, runId);
    if (!original) throw notFound('integration run', runId);
    const integration = await findIntegration(trx, orgId, original.integrationConfigId);
    if (!integration)
      throw conflict(`the integration ${original.integrationConfigId} of this run was deleted`);
    if (original.entityType === 'Bill') {
      const bill = await findBillVersion(trx, orgId, original.entityId, original.billVersion);
      if (!bill) throw conflict(`bill ${original.entityId} version ${original.billVersion} is not stored`);
    }
    const replay = await insertReplayRun(trx, original);
    await enqueueInTransaction(trx, 'bill.process.v1', { runId: replay.id });
    return replay;
  });
  services.notifyOutbox();
  return run;
}
