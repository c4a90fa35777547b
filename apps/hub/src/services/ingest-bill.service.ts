import { randomUUID } from 'node:crypto';
import { ZAccount, ZBill } from '@hub/core';
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Database, Db } from '../db/database.js';
import { retryTransient } from '../db/transient.js';
import { upsertAccount } from '../repositories/accounts.repository.js';
import { insertBillWithIngestRuns } from '../repositories/bills.repository.js';
import { listBillIntegrationIds } from '../repositories/integrations.repository.js';
import { outboxRow } from '../repositories/outbox.repository.js';
import { listIngestRuns, type StoredRun } from '../repositories/runs.repository.js';
import type { HubServices } from '../services.js';

/** `integer` columns hold at most this; a larger version must be a 400, not a database error. */
const MAX_VERSION = 2_147_483_647;

/**
 * A bill as an API body: core's `ZBill`, with `version` bounded to what storage holds. (A non-integer
 * or huge version arrives from the lossless parser as a number token, not a JS number: the same
 * message covers it.)
 */
export const ZBillInput = ZBill.extend({
  version: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or greater')
    .max(MAX_VERSION, `must be at most ${MAX_VERSION}`),
});

/** `account.id` must be the bill's account: the upsert is *that* account. */
function refineAccountMatches(
  bill: { accountId: string },
  account: { id: string } | undefined,
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  if (account && account.id !== bill.accountId) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `must equal the bill's accountId (${JSON.stringify(bill.accountId)})`,
    });
  }
}

/**
 * `POST /v1/bills`: a bill, optionally with its account (upserted in the same transaction). Routes
 * taking it also run `guardJsonBody` (NUL characters, huge exponents) before validation.
 */
export const ZIngestBillBody = ZBillInput.extend({
  account: ZAccount.optional().describe('The bill’s account, upserted with the bill'),
}).superRefine((body, ctx) => {
  refineAccountMatches(body, body.account, ctx, ['account', 'id']);
});
export type IngestBillBody = z.output<typeof ZIngestBillBody>;

/** `POST /v1/integrations/{id}/preview`. */
export const ZPreviewBody = z
  .object({
    bill: ZBillInput,
    account: ZAccount.optional().describe('Used instead of the stored account'),
  })
  .superRefine((body, ctx) => {
    refineAccountMatches(body.bill, body.account, ctx, ['account', 'id']);
  });
export type PreviewBody = z.output<typeof ZPreviewBody>;

export interface IngestResult {
  /** False when this (id, version) was already stored: nothing new was done. */
  created: boolean;
  billId: string;
  version: number;
  runs: StoredRun[];
}

const byId = (a: StoredRun, b: StoredRun) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Ingest, atomically: store the bill version, upsert its account, create one WAITING run per Bill
 * integration of the org and one outbox job per run. A second post of the same (id, version), even
 * concurrent, finds the stored bill (primary key) and answers its runs.
 */
export async function ingestBill(
  services: HubServices,
  orgId: string,
  body: IngestBillBody,
): Promise<IngestResult> {
  // Ingest is idempotent (keyed by bill id and version), so a database restart under it is ridden out
  // here rather than answered with a 5xx the sender would have to retry.
  return retryTransient(() => ingestOnce(services, orgId, body));
}

async function ingestOnce(services: HubServices, orgId: string, body: IngestBillBody): Promise<IngestResult> {
  // The bill, its runs and their jobs are one statement; an account upsert joins them in a transaction.
  const outcome = body.account
    ? await services.db.transaction().execute((trx) => storeIngest(trx, orgId, body))
    : await storeIngest(services.db, orgId, body);
  if (outcome.created && outcome.runs.length > 0) services.notifyOutbox();
  return outcome;
}

/**
 * `ingestBill`'s work inside the caller's transaction, for a caller that commits more beside it (a
 * source sync deletes the bill's pending row in the same transaction). The caller wakes the outbox
 * relay after its commit when `created`.
 */
export async function ingestBillInTransaction(
  trx: Transaction<Database>,
  orgId: string,
  body: IngestBillBody,
): Promise<IngestResult> {
  return storeIngest(trx, orgId, body);
}

async function storeIngest(db: Db, orgId: string, body: IngestBillBody): Promise<IngestResult> {
  const { account, ...bill } = body;
  // Every live Bill integration of the org gets a run, with its job written beside it.
  const runs = (await listBillIntegrationIds(db, orgId)).map((integrationConfigId) => {
    const id = randomUUID();
    return { id, integrationConfigId, job: outboxRow('bill.process.v1', { runId: id }) };
  });
  const created = await insertBillWithIngestRuns(db, orgId, bill, runs);
  if (account) await upsertAccount(db, orgId, account);
  const outcome =
    created === null
      ? { created: false, runs: await listIngestRuns(db, orgId, bill.id, bill.version) }
      : { created: true, runs: created };
  // Runs of one ingest share their creation time; id order makes first and repeated answers agree.
  return {
    created: outcome.created,
    billId: bill.id,
    version: bill.version,
    runs: [...outcome.runs].sort(byId),
  };
}
