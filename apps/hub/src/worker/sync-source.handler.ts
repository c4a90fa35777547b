import {
  type BillSource,
  type BillSourceClient,
  formatIssues,
  type SourceAnswer,
  ZAccount,
  ZExternalMappingBody,
} from '@hub/core';
import { sql } from 'kysely';
import type { SourceRow, SyncError } from '../db/database.js';
import { inspectJsonBody } from '../http/body-guard.js';
import {
  removeSourceMappingsExcept,
  upsertSourceMapping,
} from '../repositories/source-mappings.repository.js';
import {
  addPendingBills,
  addToSync,
  deferPendingBill,
  deletePendingBill,
  finishSync,
  hasOpenSync,
  listDuePendingBills,
  nextPendingDue,
  type StoredSync,
  type SyncTrigger,
  startSync,
  storeSyncExchanges,
} from '../repositories/source-syncs.repository.js';
import {
  advanceCursor,
  claimSyncLease,
  extendSyncLease,
  findSourceRowById,
  releaseSyncLease,
} from '../repositories/sources.repository.js';
import { ingestBillInTransaction, ZBillInput } from '../services/ingest-bill.service.js';
import { sourceClient } from '../services/sources.service.js';
import type { HubServices } from '../services.js';
import { recordSourceEvent } from './source-events.js';

/** A sync holds its source this long past its last step (a crashed holder's lease runs out). */
export const SYNC_LEASE_MS = 60_000;
/** After this many consecutive syncs ending AUTH_FAILED, a source disables itself (as integrations do). */
export const SOURCE_AUTH_FAILURES_TO_DISABLE = 3;
/** Pages of changes, bills or mappings one sync reads at most (a source that always says `more`). */
const MAX_PAGES = 1_000;
/** Bills one sync fetches at most; the rest wait for the next (a retry is queued at once). */
const MAX_BILLS_PER_SYNC = 2_000;
/** How long a bill that failed for good (malformed, refused) waits before it is tried again. */
const BILL_BACKOFF_MS = 60_000;
const MAX_BILL_BACKOFF_MS = 6 * 3600_000;
/** How long to wait after a RETRYABLE answer that named no time. */
const DEFAULT_RETRY_MS = 30_000;

export interface SyncSourceResult {
  outcome: 'SYNCED' | 'BUSY' | 'GONE' | 'DISABLED' | 'UNKNOWN_TYPE';
  syncIds: string[];
  /** When to sync again for work that waits (a bill's backoff, a retryable failure); null: the schedule. */
  nextRunAt: Date | null;
}

/** What ended a sync early. */
type Stop = { kind: 'AUTH_FAILED'; message: string } | { kind: 'RETRYABLE'; at: Date; message: string };

/**
 * `source.sync.v1`: one source's sync. Holds the source's lease (one sync per source at a time),
 * runs every sync requested meanwhile (QUEUED) or interrupted by a crash (RUNNING), and after
 * letting go looks once more for work that arrived while it held the source, so a trigger that
 * found it busy is never lost. Everything it reads from the source is idempotent to apply again.
 */
export async function syncSource(
  services: HubServices,
  sourceId: string,
  trigger: SyncTrigger,
): Promise<SyncSourceResult> {
  const syncIds: string[] = [];
  for (let round = 0; round < 5; round++) {
    const now = services.now();
    const row = await claimSyncLease(services.db, sourceId, now, new Date(now.getTime() + SYNC_LEASE_MS));
    if (!row) {
      const exists = await findSourceRowById(services.db, sourceId);
      return { outcome: exists ? 'BUSY' : 'GONE', syncIds, nextRunAt: null };
    }
    let stop: Stop | null = null;
    let more = false;
    try {
      if (!row.enabled) return { outcome: 'DISABLED', syncIds, nextRunAt: null };
      const plugin = services.sources.get(row.type);
      if (!plugin) return { outcome: 'UNKNOWN_TYPE', syncIds, nextRunAt: null };
      do {
        const fresh = (await findSourceRowById(services.db, sourceId)) ?? row;
        const sync = await startSync(services.db, {
          orgId: row.org_id,
          sourceId,
          trigger,
          cursor: fresh.cursor,
          now: services.now(),
        });
        syncIds.push(sync.id);
        const result = await new SyncRun(services, plugin, fresh, sync).run();
        stop = result.stop;
        more = result.more;
      } while (!stop && (await hasOpenSync(services.db, sourceId)));
    } finally {
      await releaseSyncLease(services.db, sourceId);
    }
    // A refused credential waits for an operator, but a sync an operator asked for while this one
    // held the source (its job found it busy and left) is theirs: it runs now, or it would wait for
    // the sweep.
    if (stop?.kind === 'AUTH_FAILED' && !(await hasOpenSync(services.db, sourceId))) {
      return { outcome: 'SYNCED', syncIds, nextRunAt: null };
    }
    // A source that failed waits for its retry time, unless someone asked for a sync meanwhile
    // (an operator's "sync now" must not wait out a backoff it did not cause): that runs now.
    if (stop?.kind === 'RETRYABLE' && !(await hasOpenSync(services.db, sourceId))) {
      return { outcome: 'SYNCED', syncIds, nextRunAt: stop.at };
    }
    // Work that arrived while the source was held (its trigger found it busy), or bills left over.
    const due = await nextPendingDue(services.db, sourceId);
    const dueNow = due === 'now' || (due instanceof Date && due <= services.now());
    if (!more && !dueNow && !(await hasOpenSync(services.db, sourceId))) {
      return { outcome: 'SYNCED', syncIds, nextRunAt: due instanceof Date ? due : null };
    }
    trigger = 'RETRY';
  }
  return { outcome: 'SYNCED', syncIds, nextRunAt: services.now() };
}

class SyncRun {
  private readonly orgId: string;
  private client: BillSourceClient | null = null;
  private cursor: string | null;
  private stop: Stop | null = null;
  private errored = false;
  private billsSeen = 0;

  constructor(
    private readonly services: HubServices,
    private readonly plugin: BillSource<any, any>,
    private readonly source: SourceRow,
    private readonly sync: StoredSync,
  ) {
    this.orgId = source.org_id;
    this.cursor = source.cursor;
  }

  async run(): Promise<{ stop: Stop | null; more: boolean }> {
    let more = false;
    try {
      this.client = sourceClient(this.services, this.plugin, this.source);
      if (this.sync.backfill) await this.backfill();
      if (!this.stop) await this.changes();
      // Mappings before bills: a bill ingested now is processed at once, and must find the
      // mappings its source holds (a mapping synced after it would leave it MISSING_ACCOUNT_MAPPING).
      if (!this.stop) await this.mappings();
      if (!this.stop) more = await this.drain();
    } catch (error) {
      // A programming error or a client that threw: on record, and the sync ends (the job retries).
      await this.error({
        code: 'SYNC_FAILED',
        message: error instanceof Error ? error.message : String(error),
      });
      await this.finish();
      throw error;
    } finally {
      await this.client?.close().catch(() => {});
    }
    await this.finish();
    return { stop: this.stop, more };
  }

  // (a) A backfill: every bill dated in the range becomes a bill to fetch.
  private async backfill(): Promise<void> {
    const query = this.sync.backfill!;
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.ask((client) => client.listBills(query, token));
      if (!answer) return;
      await addPendingBills(
        this.services.db,
        { orgId: this.orgId, sourceId: this.source.id, reason: 'BACKFILL' },
        answer.billIds.filter(validBillId),
      );
      token = answer.nextPageToken;
      if (!token) return;
      await this.extendLease();
    }
  }

  // (b) Changes after the cursor: each page's bills to fetch and its cursor commit together.
  private async changes(): Promise<void> {
    for (let page = 0; page < MAX_PAGES; page++) {
      const from = this.cursor;
      const answer = await this.ask((client) => client.listChanges(from));
      if (!answer) return;
      const changed = answer.changes.filter(
        (change) => change.kind !== 'DELETED' && validBillId(change.billId),
      );
      const deleted = answer.changes.filter((change) => change.kind === 'DELETED');
      const moved = await this.services.db.transaction().execute(async (trx) => {
        await addPendingBills(
          trx,
          { orgId: this.orgId, sourceId: this.source.id, reason: 'CHANGE' },
          changed.map((change) => change.billId),
        );
        for (const change of deleted) {
          await recordSourceEvent(trx, {
            orgId: this.orgId,
            sourceId: this.source.id,
            eventName: 'source.bill.deleted.warning',
            message:
              `Bill ${change.billId} was deleted at source "${this.source.name}". Nothing already sent ` +
              'for it is reversed: check the destinations if it had been reported.',
            data: { billId: change.billId, changeId: change.changeId, at: change.at },
          });
        }
        return from === answer.cursor || (await advanceCursor(trx, this.source.id, from, answer.cursor));
      });
      if (!moved) throw new Error(`the cursor of source ${this.source.id} moved during the sync`);
      this.cursor = answer.cursor;
      if (!answer.more || answer.cursor === from) return;
      await this.extendLease();
    }
  }

  // (c) The bills to fetch, oldest first, each ingested with its account in one transaction.
  private async drain(): Promise<boolean> {
    let after: { dtCreated: Date; billId: string } | null = null;
    for (;;) {
      const batch = await listDuePendingBills(
        this.services.db,
        this.source.id,
        this.services.now(),
        50,
        after,
      );
      if (batch.length === 0) return false;
      for (const pending of batch) {
        if (this.billsSeen >= MAX_BILLS_PER_SYNC) return true;
        this.billsSeen++;
        await this.fetchAndIngest(pending.billId, pending.attempts);
        if (this.stop) return false;
        after = { dtCreated: pending.dtCreated, billId: pending.billId };
      }
      await this.extendLease();
    }
  }

  private async fetchAndIngest(billId: string, attempts: number): Promise<void> {
    const fetched = await this.client!.fetchBill(billId);
    await this.exchanges(fetched);
    if (!fetched.ok) return this.billFailed(billId, attempts, fetched);
    await addToSync(this.services.db, this.sync.id, { billsFetched: 1 });
    if (fetched.value === null) {
      // Gone at the source: nothing to fetch any more.
      await deletePendingBill(this.services.db, this.source.id, billId);
      await addToSync(this.services.db, this.sync.id, { billsSkipped: 1 });
      return;
    }
    const bill = parseFromSource(ZBillInput, fetched.value);
    const problem = !bill.ok
      ? bill.message
      : bill.value.id !== billId
        ? `the source answered bill ${bill.value.id} when asked for ${billId}`
        : null;
    if (!bill.ok || problem) return this.malformed(billId, attempts, 'bill', problem ?? 'is invalid');

    const accountAnswer = await this.client!.fetchAccount(bill.value.accountId);
    await this.exchanges(accountAnswer);
    if (!accountAnswer.ok) return this.billFailed(billId, attempts, accountAnswer);
    let account: ReturnType<typeof ZAccount.parse> | undefined;
    if (accountAnswer.value !== null) {
      const parsed = parseFromSource(ZAccount, accountAnswer.value);
      if (!parsed.ok)
        return this.malformed(billId, attempts, `account ${bill.value.accountId}`, parsed.message);
      if (parsed.value.id !== bill.value.accountId) {
        return this.malformed(
          billId,
          attempts,
          `account ${bill.value.accountId}`,
          `the source answered account ${parsed.value.id}`,
        );
      }
      account = parsed.value;
    }
    const result = await this.services.db.transaction().execute(async (trx) => {
      const ingested = await ingestBillInTransaction(trx, this.orgId, {
        ...bill.value,
        ...(account ? { account } : {}),
      });
      await deletePendingBill(trx, this.source.id, billId);
      await addToSync(trx, this.sync.id, ingested.created ? { billsIngested: 1 } : { billsSkipped: 1 });
      return ingested;
    });
    if (result.created && result.runs.length > 0) this.services.notifyOutbox();
  }

  /** A source failure for one bill: it waits (RETRYABLE: as long as asked) or the sync stops. */
  private async billFailed(
    billId: string,
    attempts: number,
    answer: Extract<SourceAnswer<unknown>, { ok: false }>,
  ): Promise<void> {
    if (answer.code === 'REJECTED') {
      return this.malformed(billId, attempts, 'bill', `the source refused it: ${answer.message}`);
    }
    const at = this.retryAt(answer.retryAfterMs);
    await deferPendingBill(this.services.db, this.source.id, billId, at, `${answer.code}: ${answer.message}`);
    await this.failed(answer, billId);
  }

  /** A bill or account that does not parse: on record, an event, and the bill waits with a backoff. */
  private async malformed(billId: string, attempts: number, what: string, message: string): Promise<void> {
    const wait = Math.min(MAX_BILL_BACKOFF_MS, BILL_BACKOFF_MS * 2 ** Math.min(attempts, 20));
    const at = new Date(this.services.now().getTime() + wait);
    await this.services.db.transaction().execute(async (trx) => {
      await deferPendingBill(trx, this.source.id, billId, at, `MALFORMED: ${what}: ${message}`);
      await recordSourceEvent(trx, {
        orgId: this.orgId,
        sourceId: this.source.id,
        eventName: 'source.bill.malformed.error',
        message: `Bill ${billId} from source "${this.source.name}" was not ingested: ${what}: ${message}. It is tried again later.`,
        data: { billId, what, problem: message, nextAttemptAt: at.toISOString() },
      });
    });
    await this.error({ code: 'MALFORMED_BILL', message: `${what}: ${message}`, billId });
  }

  // (d) External mappings for every loaded destination's system; a mapping made in the hub wins.
  private async mappings(): Promise<void> {
    const systems = [
      ...new Set([...this.services.adapters.values()].map((adapter) => adapter.externalSystem)),
    ];
    if (systems.length === 0) return;
    const kept: string[] = [];
    let token: string | null = null;
    for (let page = 0; ; page++) {
      if (page >= MAX_PAGES) return; // never remove on a partial read
      const answer = await this.ask((client) => client.listExternalMappings(systems, token));
      if (!answer) return; // never remove on a failed read
      let synced = 0;
      const conflicts: SyncError[] = [];
      await this.services.db.transaction().execute(async (trx) => {
        for (const raw of answer.mappings) {
          const parsed = parseFromSource(ZExternalMappingBody, raw);
          if (!parsed.ok || !systems.includes(parsed.value.externalSystem)) {
            conflicts.push({
              code: 'MALFORMED_MAPPING',
              message: parsed.ok
                ? `externalSystem ${parsed.value.externalSystem} was not asked for`
                : parsed.message,
              at: this.services.now().toISOString(),
            });
            continue;
          }
          const ref = mappingRef(raw, parsed.value);
          const upserted = await upsertSourceMapping(
            trx,
            { orgId: this.orgId, sourceId: this.source.id },
            {
              ref,
              body: parsed.value,
            },
          );
          kept.push(upserted.id);
          if (upserted.outcome === 'conflict') {
            const m = parsed.value;
            const message =
              `mapping ${m.m3terEntity} ${m.m3terId} → ${m.externalSystem}/${m.externalTable} ${m.externalId} ` +
              `from the source is not used: ${upserted.heldBy === 'hub' ? 'a mapping made in the hub' : 'a mapping from another source'} holds the key (${upserted.id})`;
            conflicts.push({ code: 'MAPPING_CONFLICT', message, at: this.services.now().toISOString() });
            // Each sync lists the conflict; the operator hears of it once (until it changes).
            const reported = await trx
              .selectFrom('events')
              .select('id')
              .where('org_id', '=', this.orgId)
              .where('event_name', '=', 'source.mapping.conflict.warning')
              .where(
                sql<boolean>`data->>'sourceId' = ${this.source.id} and data->>'ref' = ${ref} and data->>'heldById' = ${upserted.id}`,
              )
              .limit(1)
              .executeTakeFirst();
            if (!reported)
              await recordSourceEvent(trx, {
                orgId: this.orgId,
                sourceId: this.source.id,
                eventName: 'source.mapping.conflict.warning',
                message: `Source "${this.source.name}": ${message}.`,
                data: { mapping: m, ref, heldById: upserted.id, heldBy: upserted.heldBy },
              });
          } else {
            synced++;
          }
        }
        await addToSync(trx, this.sync.id, { mappingsSynced: synced, errors: conflicts });
      });
      if (conflicts.length > 0) this.errored = true;
      token = answer.nextPageToken;
      if (!token) break;
      await this.extendLease();
    }
    await removeSourceMappingsExcept(
      this.services.db,
      { orgId: this.orgId, sourceId: this.source.id, externalSystems: systems },
      kept,
    );
  }

  /** Asks the source; on a failure, records it and stops the sync (null). */
  private async ask<T>(call: (client: BillSourceClient) => Promise<SourceAnswer<T>>): Promise<T | null> {
    const answer = await call(this.client!);
    await this.exchanges(answer);
    if (answer.ok) return answer.value;
    await this.failed(answer);
    if (!this.stop && answer.code === 'REJECTED') {
      // The source refused a listing for good: this sync stops here; the next one tries again.
      this.stop = { kind: 'RETRYABLE', at: this.retryAt(null), message: answer.message };
    }
    return null;
  }

  private async failed(
    answer: Extract<SourceAnswer<unknown>, { ok: false }>,
    billId?: string,
  ): Promise<void> {
    await this.error({ code: answer.code, message: answer.message, ...(billId ? { billId } : {}) });
    if (answer.code === 'AUTH_FAILED') this.stop = { kind: 'AUTH_FAILED', message: answer.message };
    else if (answer.code === 'RETRYABLE') {
      this.stop = { kind: 'RETRYABLE', at: this.retryAt(answer.retryAfterMs), message: answer.message };
    }
  }

  private retryAt(retryAfterMs: number | null | undefined): Date {
    const wait = typeof retryAfterMs === 'number' && retryAfterMs >= 0 ? retryAfterMs : DEFAULT_RETRY_MS;
    return new Date(this.services.now().getTime() + Math.min(wait, MAX_BILL_BACKOFF_MS));
  }

  private async error(error: Omit<SyncError, 'at'>): Promise<void> {
    this.errored = true;
    await addToSync(this.services.db, this.sync.id, {
      errors: [{ ...error, at: this.services.now().toISOString() }],
    });
  }

  private async exchanges(answer: { exchanges: SourceAnswer<unknown>['exchanges'] }): Promise<void> {
    if (answer.exchanges.length === 0) return;
    await storeSyncExchanges(this.services.db, { orgId: this.orgId, syncId: this.sync.id }, answer.exchanges);
  }

  private async extendLease(): Promise<void> {
    await extendSyncLease(
      this.services.db,
      this.source.id,
      new Date(this.services.now().getTime() + SYNC_LEASE_MS),
    );
  }

  /** Ends the sync record and counts an AUTH_FAILED (or a success) against the source. */
  private async finish(): Promise<void> {
    const status = this.stop?.kind === 'AUTH_FAILED' ? 'AUTH_FAILED' : this.errored ? 'ERROR' : 'COMPLETE';
    const now = this.services.now();
    await this.services.db.transaction().execute(async (trx) => {
      await finishSync(trx, this.sync.id, { status, cursorAfter: this.cursor, now });
      if (status === 'AUTH_FAILED') {
        const row = await trx
          .updateTable('sources')
          .set((eb) => ({
            consecutive_auth_failures: eb('consecutive_auth_failures', '+', 1),
            last_sync_at: now,
          }))
          .where('id', '=', this.source.id)
          .returning(['consecutive_auth_failures', 'enabled'])
          .executeTakeFirstOrThrow();
        const message = this.stop?.kind === 'AUTH_FAILED' ? this.stop.message : 'the credential was refused';
        await recordSourceEvent(trx, {
          orgId: this.orgId,
          sourceId: this.source.id,
          eventName: 'source.authentication.error',
          message: `Source "${this.source.name}" refused the hub's credential: ${message}. Bills waiting to be fetched are kept.`,
          data: { syncId: this.sync.id, consecutive: row.consecutive_auth_failures },
        });
        if (row.enabled && row.consecutive_auth_failures >= SOURCE_AUTH_FAILURES_TO_DISABLE) {
          const reason = `disabled automatically after ${row.consecutive_auth_failures} consecutive credential rejections: ${message}`;
          await trx
            .updateTable('sources')
            .set({ enabled: false, disabled_reason: reason })
            .where('id', '=', this.source.id)
            .execute();
          await recordSourceEvent(trx, {
            orgId: this.orgId,
            sourceId: this.source.id,
            eventName: 'source.disabled.error',
            message: `Source "${this.source.name}" was ${reason}. Bills waiting to be fetched are kept and fetched when it is enabled again.`,
            data: { reason, consecutive: row.consecutive_auth_failures },
          });
        }
      } else {
        await trx
          .updateTable('sources')
          .set({ consecutive_auth_failures: 0, last_sync_at: now })
          .where('id', '=', this.source.id)
          .execute();
      }
    });
    if (status === 'AUTH_FAILED') this.services.notifyOutbox();
  }
}

function validBillId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 200 && inspectJsonBody(id) === null;
}

/** The source's reference of a mapping: its own id when it has one, else the mapping's key. */
function mappingRef(raw: unknown, mapping: ReturnType<typeof ZExternalMappingBody.parse>): string {
  const id = (raw as { id?: unknown })?.id;
  if (typeof id === 'string' && id.length > 0 && id.length <= 200) return id;
  return [
    mapping.m3terEntity,
    mapping.m3terId,
    mapping.externalSystem,
    mapping.externalTable,
    mapping.integrationConfigId ?? '',
  ].join('/');
}

/**
 * Parses what a source returned with a core model, after the same guard as an API body (no NUL
 * characters or lone surrogates Postgres refuses, no absurd exponents): never a throw.
 */
function parseFromSource<T>(
  schema: {
    safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError };
  },
  value: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const guard = inspectJsonBody(value);
  if (guard) return { ok: false, message: `${guard.path}: ${guard.message}` };
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = formatIssues(parsed.error);
  return {
    ok: false,
    message: issues
      .slice(0, 5)
      .map((issue) => `${issue.path}: ${issue.message}`)
      .join('; '),
  };
}
