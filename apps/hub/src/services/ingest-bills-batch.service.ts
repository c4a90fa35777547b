import { randomUUID } from 'node:crypto';
import { type Account, type Bill, formatIssues, type ValidationDetail } from '@hub/core';
import type { Insertable } from 'kysely';
import type { Db, OutboxTable } from '../db/database.js';
import { retryTransient } from '../db/transient.js';
import { inspectJsonBody } from '../http/body-guard.js';
import { upsertAccounts } from '../repositories/accounts.repository.js';
import {
  type BillKey,
  billKey,
  insertBills,
  insertIngestRunsForBills,
  latestStoredVersions,
  listIngestRunsOfBills,
  type NewBillRun,
} from '../repositories/bills.repository.js';
import { listBillIntegrationIds } from '../repositories/integrations.repository.js';
import { insertOutboxRowsChunked, outboxRow } from '../repositories/outbox.repository.js';
import type { StoredRun } from '../repositories/runs.repository.js';
import type { HubServices } from '../services.js';
import { ZIngestBillBody } from './ingest-bill.service.js';

/** Bills one `POST /v1/bills/batch` may carry. */
export const MAX_BATCH_BILLS = 500;

/**
 * - `STORED`: stored now, with one WAITING run per Bill integration (what `POST /v1/bills` answers 202).
 * - `STALE`: stored now with its runs exactly like `STORED`, but a newer version of the bill was
 *   already stored (before this request, or earlier in it): posting the bills one by one in request
 *   order would store it too, and its runs end `SKIPPED` / `STALE_VERSION` once that newer version
 *   has been processed.
 * - `DUPLICATE`: this (id, version) was already stored, before this request or earlier in it: its
 *   runs as they are now, and no new work (what `POST /v1/bills` answers 200).
 * - `INVALID`: refused on its own, with the errors `POST /v1/bills` would give (paths within the bill).
 */
export const BATCH_OUTCOMES = ['STORED', 'DUPLICATE', 'STALE', 'INVALID'] as const;
export type BatchOutcome = (typeof BATCH_OUTCOMES)[number];

export interface BatchItemResult {
  index: number;
  /** Null when an INVALID item has no string id. */
  billId: string | null;
  /** Null when an INVALID item has no whole-number version. */
  version: number | null;
  outcome: BatchOutcome;
  runs: StoredRun[];
  errors: ValidationDetail[];
}

interface ValidItem {
  index: number;
  bill: Bill;
  account: Account | undefined;
}

const byId = (a: StoredRun, b: StoredRun) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byKey = (a: BillKey, b: BillKey) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version);
const byAccountId = (a: Account, b: Account) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** PostgreSQL's deadlock and serialization failures: the whole (idempotent) transaction may run again. */
const RETRY_SQLSTATES = new Set(['40P01', '40001']);
const MAX_CONFLICT_ATTEMPTS = 5;

function invalid(index: number, item: unknown, errors: ValidationDetail[]): BatchItemResult {
  const fields = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const version = fields.version;
  return {
    index,
    billId: typeof fields.id === 'string' ? fields.id : null,
    version: typeof version === 'number' && Number.isInteger(version) ? version : null,
    outcome: 'INVALID',
    runs: [],
    errors,
  };
}

/**
 * Each item checked on its own with `POST /v1/bills`' schema (and its size limit, as that route's
 * body limit would), so one bad bill refuses only itself.
 */
function validate(
  services: HubServices,
  items: readonly unknown[],
): { valid: ValidItem[]; refused: BatchItemResult[] } {
  const valid: ValidItem[] = [];
  const refused: BatchItemResult[] = [];
  const limit = services.env.HUB_BODY_LIMIT_BYTES;
  items.forEach((item, index) => {
    // What the API's body guard refuses (NUL characters, huge exponents), for this bill alone.
    const unstorable = inspectJsonBody(item);
    if (unstorable) {
      refused.push(invalid(index, item, [unstorable]));
      return;
    }
    const parsed = ZIngestBillBody.safeParse(item);
    if (!parsed.success) {
      refused.push(invalid(index, item, formatIssues(parsed.error)));
      return;
    }
    const { account, ...bill } = parsed.data;
    // One bill of a batch may be no larger than `POST /v1/bills` takes (measured as stored).
    if (Buffer.byteLength(JSON.stringify(parsed.data)) > limit) {
      refused.push(
        invalid(index, item, [
          { path: '(root)', message: `is larger than the ${limit} bytes one bill may take` },
        ]),
      );
      return;
    }
    valid.push({ index, bill, account });
  });
  return { valid, refused };
}

/**
 * `POST /v1/bills/batch`: up to 500 bills, answered per bill in request order, with the outcome
 * posting each of them to `POST /v1/bills` in that order would have (see `BATCH_OUTCOMES`). Every
 * valid bill, its runs, their outbox jobs and the account upserts are ONE transaction of multi-row
 * statements; idempotent and race-safe on the same keys as the single route (a concurrent identical
 * batch creates nothing twice). The outbox relay is woken once after the commit.
 */
export async function ingestBillsBatch(
  services: HubServices,
  orgId: string,
  items: readonly unknown[],
): Promise<BatchItemResult[]> {
  const { valid, refused } = validate(services, items);
  const stored = valid.length === 0 ? [] : await retryTransient(() => storeWithRetry(services, orgId, valid));
  if (
    stored.some((result) => (result.outcome === 'STORED' || result.outcome === 'STALE') && result.runs.length)
  )
    services.notifyOutbox();
  return [...refused, ...stored].sort((a, b) => a.index - b.index);
}

async function storeWithRetry(services: HubServices, orgId: string, valid: ValidItem[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await services.db.transaction().execute((trx) => storeBatch(trx, orgId, valid));
    } catch (error) {
      // Batches overlapping another writer (a single post, another batch) in a different order.
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !RETRY_SQLSTATES.has(code) || attempt >= MAX_CONFLICT_ATTEMPTS)
        throw error;
    }
  }
}

async function storeBatch(trx: Db, orgId: string, valid: ValidItem[]): Promise<BatchItemResult[]> {
  // The first item of each (id, version) is the one stored; a later one is its duplicate.
  const firstOf = new Map<string, ValidItem>();
  for (const item of valid) {
    const key = billKey(item.bill);
    if (!firstOf.has(key)) firstOf.set(key, item);
  }
  const candidates = [...firstOf.values()];

  // What was stored before this request decides STALE, so it is read before anything is written.
  const latestBefore = await latestStoredVersions(trx, orgId, [
    ...new Set(candidates.map((item) => item.bill.id)),
  ]);
  const integrationIds = await listBillIntegrationIds(trx, orgId);

  // Keys in one order, so that concurrent batches over the same bills wait on each other, not deadlock.
  const storedNow = new Set(
    (await insertBills(trx, orgId, candidates.map((item) => item.bill).sort(byKey))).map(billKey),
  );
  const newRuns: NewBillRun[] = [];
  for (const item of candidates) {
    if (!storedNow.has(billKey(item.bill))) continue;
    for (const integrationConfigId of integrationIds)
      newRuns.push({
        id: randomUUID(),
        integrationConfigId,
        billId: item.bill.id,
        billVersion: item.bill.version,
      });
  }
  newRuns.sort((a, b) =>
    byKey({ id: a.billId, version: a.billVersion }, { id: b.billId, version: b.billVersion }),
  );
  const created = await insertIngestRunsForBills(trx, orgId, newRuns);
  const jobs: Insertable<OutboxTable>[] = created.map((run) =>
    outboxRow('bill.process.v1', { runId: run.id }),
  );
  await insertOutboxRowsChunked(trx, jobs);

  // Every valid item's account is upserted, duplicates' too (as the single route does); the last
  // of each id wins, as it would posted one by one.
  const accounts = new Map<string, Account>();
  for (const item of valid) if (item.account) accounts.set(item.account.id, item.account);
  await upsertAccounts(trx, orgId, [...accounts.values()].sort(byAccountId));

  const createdByBill = new Map<string, StoredRun[]>();
  for (const run of created) {
    const key = billKey({ id: run.entityId, version: run.billVersion });
    const runs = createdByBill.get(key);
    if (runs) runs.push(run);
    else createdByBill.set(key, [run]);
  }
  // Versions another request stored: their runs as they are now (after waiting on its commit).
  const existing = await listIngestRunsOfBills(
    trx,
    orgId,
    candidates.filter((item) => !storedNow.has(billKey(item.bill))).map((item) => item.bill),
  );

  const latest = new Map(latestBefore);
  const answered = new Set<string>();
  return valid.map((item): BatchItemResult => {
    const key = billKey(item.bill);
    const { id, version } = item.bill;
    const base = { index: item.index, billId: id, version, errors: [] };
    if (!storedNow.has(key) || answered.has(key)) {
      const runs = storedNow.has(key) ? (createdByBill.get(key) ?? []) : (existing.get(key) ?? []);
      return { ...base, outcome: 'DUPLICATE', runs: [...runs].sort(byId) };
    }
    answered.add(key);
    const newest = latest.get(id);
    latest.set(id, Math.max(newest ?? version, version));
    return {
      ...base,
      outcome: newest !== undefined && newest > version ? 'STALE' : 'STORED',
      runs: [...(createdByBill.get(key) ?? [])].sort(byId),
    };
  });
}
