import { randomUUID } from 'node:crypto';
import {
  batchEvents,
  type EventOutcome,
  type Exchange,
  type MarketplaceAdapter,
  Money,
  packByQuantity,
  toDecimalString,
  type UsageEvent,
} from '@hub/core';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, UsageEventRow } from '../db/database.js';
import { storeExchanges } from '../repositories/exchanges.repository.js';
import { rejectUsageEntries } from '../repositories/ledger.repository.js';
import type { HubServices } from '../services.js';
import type { DestinationClients } from './destination-clients.js';
import { enabledIntegrations } from './enabled-integrations.js';
import { leaseDueEvents } from './lease-events.js';
import { reslotExpiredEvent } from './reslot-expired.js';
import { retryDelayMs } from './retry-delay.js';
import { refreshRuns } from './run-progress.js';
import { markSlotForeign, reserveSlots } from './slots.js';
import { verifyUnclearEvents } from './verify-unclear.js';

export interface SubmitUsageResult {
  sent: number;
  accepted: number;
  /** When this credential next has something to do (a retry time, the next free slot), if ever. */
  nextRunAt: Date | null;
  /**
   * Work was left for want of room in this pass (more pending usage than one step takes, or the
   * batch cap reached): the caller should run another pass at once.
   */
  more: boolean;
}

/** Batches sent concurrently by one pass. */
const PARALLEL_BATCHES = 4;
const MAX_BATCHES_PER_JOB = 200;

/**
 * `usage.submit.v1`: sends what one credential owes (domain.md "Submitting").
 * 1. pending usage entries become events, merged per (integration, resource, dimension, plan), with
 *    the plan from the mapping or the fulfillment API (which also checks the subscription is active);
 * 2. each event reserves an hour slot (a DB key: never two events in one slot);
 * 3. events are leased and sent in batches of the adapter's size, across bills;
 * 4. every outcome and exchange is recorded in one transaction per batch, and runs move on.
 * A crash between 3 and 4 leaves leased events that are sent again, in the same slot, with the same
 * quantity, after the lease: the destination answers Duplicate for its copy, which is ours.
 */
export async function submitUsage(
  services: HubServices,
  clients: DestinationClients,
  input: { orgId: string; credentialId: string },
): Promise<SubmitUsageResult> {
  const cached = await clients.forCredential(input.orgId, input.credentialId);
  if (!cached) return { sent: 0, accepted: 0, nextRunAt: null, more: false };
  const { adapter, client } = cached;

  const built = await buildEvents(services, clients, adapter, input);
  if (built.authFailed) return { sent: 0, accepted: 0, nextRunAt: null, more: false };
  // Expired events in doubt whose read-back is due (an earlier pass could not settle them yet).
  await verifyUnclearEvents(services, adapter, client, input);
  await assignSlots(services, adapter, input.credentialId);

  let sent = 0;
  let accepted = 0;
  const batchSize = adapter.limits.maxBatchSize;
  let capped = false;
  for (let round = 0; ; round++) {
    if (round === MAX_BATCHES_PER_JOB / PARALLEL_BATCHES) {
      capped = true;
      break;
    }
    // Several batches in flight at once: the destination answers each call in its own time, and the hub's
    // cost per call is mostly waiting.
    const leased = await leaseDueEvents(services, {
      credentialId: input.credentialId,
      purpose: 'SEND',
      limit: batchSize * PARALLEL_BATCHES,
    });
    if (leased.length === 0) break;
    const rowOf = new Map(leased.map((row) => [row.id, row]));
    const outgoing = leased.map(
      (event): UsageEvent => ({
        id: event.id,
        resourceId: event.resource_id,
        dimension: event.dimension,
        quantity: event.quantity,
        effectiveStartTime: event.effective_start_time!.toISOString(),
        planId: event.plan_id,
      }),
    );
    // The adapter's size, and its batchKey: events it wants in separate calls never share one.
    const cut = batchEvents(outgoing, adapter.limits);
    const batches: UsageEventRow[][] = cut.map((batch) => batch.map((event) => rowOf.get(event.id)!));
    const submissions = await Promise.all(cut.map((batch) => client.submitBatch(batch)));
    sent += leased.length;
    let authFailed = false;
    let reslotted = false;
    let verifying = false;
    for (const [index, events] of batches.entries()) {
      const submission = submissions[index]!;
      const result = await recordOutcomes(
        services,
        adapter,
        input,
        events,
        submission.outcomes,
        submission.exchanges,
      );
      accepted += result.accepted;
      authFailed ||= result.authFailed;
      reslotted ||= result.reslotted;
      verifying ||= result.verifying;
    }
    if (authFailed) {
      await clients.evict(input.credentialId);
      return { sent, accepted, nextRunAt: null, more: false };
    }
    if (verifying)
      reslotted = (await verifyUnclearEvents(services, adapter, client, input)).reslotted || reslotted;
    if (reslotted) await assignSlots(services, adapter, input.credentialId);
  }
  const next = await nextWork(services, input.credentialId);
  // Usage whose plan could not be looked up yet has no event, so nextWork cannot see it.
  const nextRunAt = built.retryAt && (!next || built.retryAt < next) ? built.retryAt : next;
  return { sent, accepted, nextRunAt, more: built.more || capped };
}

/** When usage left without an event (the fulfillment API was unavailable) is looked at again. */
const LOOKUP_RETRY_MS = 2_000;

/**
 * Step 1. `authFailed` when the destination refused the credential; `retryAt` when some usage was
 * left without an event because its plan or status could not be looked up right now.
 */
async function buildEvents(
  services: HubServices,
  clients: DestinationClients,
  adapter: MarketplaceAdapter<any>,
  input: { orgId: string; credentialId: string },
): Promise<{ authFailed: boolean; retryAt: Date | null; more: boolean }> {
  const { db } = services;
  const candidates = await db
    .selectFrom('usage_entries')
    .select(['id', 'resource_id', 'plan_id', 'run_id'])
    .where('credential_id', '=', input.credentialId)
    .where('status', '=', 'PENDING')
    .where('usage_event_id', 'is', null)
    .where('integration_config_id', 'in', enabledIntegrations)
    .limit(services.env.HUB_SUBMIT_CHUNK)
    .execute();
  if (candidates.length === 0) return { authFailed: false, retryAt: null, more: false };
  // A full step may have left entries behind. They have no event yet, so nothing else (nextWork,
  // a retry time) would bring this credential back for them. Only when this step made progress,
  // though: a step whose entries all wait on a plan lookup must not spin.
  const full = candidates.length === services.env.HUB_SUBMIT_CHUNK;
  let more = false;
  let retryAt: Date | null = null;

  // Plans from the fulfillment API for resources whose mapping named none (cached per process).
  const planOf = new Map<string, string | null>();
  const cached = await clients.forCredential(input.orgId, input.credentialId);
  const inactive = new Map<string, string>();
  const exchanges: { exchanges: Exchange[]; runIds: string[] }[] = [];
  for (const resourceId of new Set(candidates.filter((c) => c.plan_id === null).map((c) => c.resource_id))) {
    const description = cached ? await clients.describe(cached.client, resourceId) : null;
    const runIds = candidates.filter((c) => c.resource_id === resourceId).map((c) => c.run_id);
    if (!description) {
      planOf.set(resourceId, null);
      continue;
    }
    if (description.exchanges.length > 0) exchanges.push({ exchanges: description.exchanges, runIds });
    if (description.ok) {
      if (!description.active)
        inactive.set(resourceId, `subscription ${resourceId} is ${description.status}, not accepting usage`);
      planOf.set(resourceId, description.planId);
    } else if (description.code === 'AUTH_FAILED') {
      await db.transaction().execute(async (trx) => {
        for (const item of exchanges) await storeExchanges(trx, input, item.exchanges, item.runIds);
        await refreshRuns(trx, runIds, { authFailed: true, message: description.message }, services.now());
      });
      return { authFailed: true, retryAt: null, more: false };
    } else if (description.code === 'REJECTED') {
      inactive.set(resourceId, description.message);
    } else {
      // RETRYABLE: leave these entries for a later pass, and make sure there is one.
      retryAt = new Date(services.now().getTime() + retryDelayMs(3, LOOKUP_RETRY_MS));
    }
  }

  await db.transaction().execute(async (trx) => {
    for (const item of exchanges) await storeExchanges(trx, input, item.exchanges, item.runIds);
    const entries = await trx
      .selectFrom('usage_entries')
      .selectAll()
      .where(
        'id',
        'in',
        candidates.map((c) => c.id),
      )
      .where('status', '=', 'PENDING')
      .where('usage_event_id', 'is', null)
      // Re-checked under the lock: a disconnect may have moved the entry off this credential.
      .where('credential_id', '=', input.credentialId)
      .forUpdate()
      .skipLocked()
      .execute();
    const groups = new Map<string, typeof entries>();
    for (const entry of entries) {
      if (inactive.has(entry.resource_id)) continue;
      const planId = entry.plan_id ?? planOf.get(entry.resource_id);
      if (planId === undefined) continue; // fulfillment API unavailable right now
      const key = [entry.integration_config_id, entry.resource_id, entry.dimension, planId ?? ''].join(
        '\u0000',
      );
      groups.set(key, [...(groups.get(key) ?? []), { ...entry, plan_id: planId }]);
    }
    // Written in bulk: a pass may turn thousands of entries into thousands of events, and one
    // statement per event would hold this transaction (and its row locks) for seconds.
    const now = services.now();
    // One event per group, or several where the destination caps an event's quantity (the entries
    // were already cut to fit; see process-bill).
    const bins = [...groups.values()].flatMap((group) =>
      packByQuantity(group, (entry) => new Money(entry.quantity), adapter.limits.maxEventQuantity),
    );
    const rows = bins.map((group) => {
      const first = group[0]!;
      return {
        event: {
          id: randomUUID(),
          org_id: first.org_id,
          integration_config_id: first.integration_config_id,
          credential_id: input.credentialId,
          destination: adapter.id,
          resource_id: first.resource_id,
          dimension: first.dimension,
          plan_id: first.plan_id,
          quantity: toDecimalString(group.reduce((sum, e) => sum.plus(e.quantity), new Money(0))),
          effective_start_time: null,
          status: 'PENDING',
          receipt_id: null,
          error: null,
          next_attempt_at: null,
          lease_until: null,
          reslotted_from: null,
          dt_updated: now,
        },
        entries: group,
      };
    });
    more = full && rows.length > 0;
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await trx
        .insertInto('usage_events')
        .values(chunk.map((row) => row.event))
        .execute();
      const values = sql.join(
        chunk.flatMap((row) =>
          row.entries.map(
            (entry) => sql`(${entry.id}::uuid, ${row.event.id}::uuid, ${row.event.plan_id}::text)`,
          ),
        ),
      );
      await sql`update usage_entries set usage_event_id = v.event_id, plan_id = v.plan_id
        from (values ${values}) as v(id, event_id, plan_id) where usage_entries.id = v.id`.execute(trx);
    }
    // Usage for a subscription that does not accept it is rejected, and gives its quantity back to
    // the ledger: once the operator fixes the subscription, a replay sends what is owed.
    const rejectedRuns = await rejectUsageEntries(trx, {
      entryIds: entries.filter((e) => inactive.has(e.resource_id)).map((e) => e.id),
    });
    if (rejectedRuns.length > 0) {
      const message = [
        ...new Set(
          entries.filter((e) => inactive.has(e.resource_id)).map((e) => inactive.get(e.resource_id)),
        ),
      ].join('; ');
      await refreshRuns(trx, rejectedRuns, { message }, services.now());
    }
  });
  return { authFailed: false, retryAt, more };
}

/** Step 2: a slot for every event that has none (new, or moved by the destination). */
async function assignSlots(
  services: HubServices,
  adapter: MarketplaceAdapter<any>,
  credentialId: string,
): Promise<void> {
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const events = await trx
      .selectFrom('usage_events')
      .select(['id', 'resource_id', 'dimension'])
      .where('credential_id', '=', credentialId)
      .where('status', '=', 'PENDING')
      .where('effective_start_time', 'is', null)
      .where('integration_config_id', 'in', enabledIntegrations)
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      // One order for every sender, so two transactions reserving slots never wait on each other in
      // a cycle (a deadlock) on the slots' unique key.
      .orderBy('destination')
      .orderBy('resource_id')
      .orderBy('dimension')
      .orderBy('dt_created')
      .forUpdate()
      .skipLocked()
      .execute();
    const slotLength = adapter.limits.slotLengthMs;
    const slots =
      slotLength === null
        ? new Map(events.map((event) => [event.id, now] as const))
        : await reserveSlots(trx, {
            destination: adapter.id,
            events: events.map((event) => ({
              id: event.id,
              resourceId: event.resource_id,
              dimension: event.dimension,
            })),
            now,
            limits: { ...adapter.limits, slotLengthMs: slotLength },
          });
    const placed = events.filter((event) => slots.get(event.id));
    if (placed.length > 0) {
      const values = sql.join(
        placed.map((event) => sql`(${event.id}::uuid, ${slots.get(event.id)!}::timestamptz)`),
      );
      await sql`update usage_events set effective_start_time = v.slot, next_attempt_at = null, dt_updated = ${now}
        from (values ${values}) as v(id, slot) where usage_events.id = v.id`.execute(trx);
    }
    const waiting = events.filter((event) => !slots.get(event.id));
    if (waiting.length > 0) {
      // Every slot of the window is taken: try again when the next one opens.
      const length = slotLength ?? 1;
      await trx
        .updateTable('usage_events')
        .set({
          next_attempt_at: new Date((Math.floor(now.getTime() / length) + 1) * length),
          dt_updated: now,
        })
        .where(
          'id',
          'in',
          waiting.map((event) => event.id),
        )
        .execute();
    }
  });
}

/** Step 4: one transaction per batch. */
async function recordOutcomes(
  services: HubServices,
  adapter: MarketplaceAdapter<any>,
  input: { orgId: string; credentialId: string },
  events: UsageEventRow[],
  outcomes: EventOutcome[],
  exchanges: Exchange[],
): Promise<{ accepted: number; authFailed: boolean; reslotted: boolean; verifying: boolean }> {
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const entries = await trx
      .selectFrom('usage_entries')
      .select(['id', 'run_id', 'usage_event_id'])
      .where(
        'usage_event_id',
        'in',
        events.map((e) => e.id),
      )
      .execute();
    const runsOf = (eventId: string) =>
      entries.filter((e) => e.usage_event_id === eventId).map((e) => e.run_id);
    await storeExchanges(
      trx,
      input,
      exchanges,
      entries.map((e) => e.run_id),
    );

    let accepted = 0;
    let authFailed = false;
    let reslotted = false;
    let verifying = false;
    const touched = {
      accepted: [] as string[],
      rejected: [] as string[],
      retrying: [] as string[],
      auth: [] as string[],
    };
    let rejectedMessage: string | null = null;
    let authMessage: string | null = null;
    const acceptedEvents: { id: string; receipt: string | null }[] = [];
    const rejectedEvents: string[] = [];
    for (const [index, event] of events.entries()) {
      const outcome = outcomes[index] ?? { code: 'RETRYABLE' as const, message: 'no outcome for this event' };
      const runs = runsOf(event.id);
      const base = { lease_until: null, dt_updated: now };
      switch (outcome.code) {
        case 'ACCEPTED':
        case 'DUPLICATE_OURS':
          // The common case: written below for the whole batch in two statements.
          accepted += 1;
          acceptedEvents.push({ id: event.id, receipt: outcome.receiptId ?? null });
          touched.accepted.push(...runs);
          break;
        case 'DUPLICATE_FOREIGN': {
          // Someone else holds this slot: keep it blocked and move the event to another.
          await markSlotForeign(trx, {
            destination: adapter.id,
            resourceId: event.resource_id,
            dimension: event.dimension,
            slot: event.effective_start_time!,
          });
          await trx
            .updateTable('usage_events')
            .set({
              ...base,
              effective_start_time: null,
              attempts: 0,
              error: JSON.stringify({
                code: 'DUPLICATE_FOREIGN',
                message: outcome.message ?? 'slot held by another event',
                slot: event.effective_start_time,
              }),
            })
            .where('id', '=', event.id)
            .execute();
          reslotted = true;
          break;
        }
        case 'EXPIRED': {
          const message = outcome.message ?? 'outside the acceptance window';
          if (event.unclear_at) {
            // An earlier attempt got no clear answer: the destination may hold this event already.
            // Re-sending it blindly in a new hour could bill it twice, so first ask (verify-unclear).
            await trx
              .updateTable('usage_events')
              .set({
                ...base,
                status: 'VERIFYING',
                verify_started_at: now,
                next_attempt_at: null,
                error: JSON.stringify({ code: 'EXPIRED', message }),
              })
              .where('id', '=', event.id)
              .execute();
            verifying = true;
          } else {
            // Every attempt was answered clearly, so the destination holds nothing of it: Microsoft
            // allows late usage in a later hour.
            await reslotExpiredEvent(trx, event, { message, now });
            reslotted = true;
          }
          break;
        }
        case 'REJECTED': {
          const message = outcome.message ?? outcome.destinationStatus ?? 'rejected';
          rejectedMessage = message;
          await trx
            .updateTable('usage_events')
            .set({
              ...base,
              status: 'REJECTED',
              error: JSON.stringify({ code: outcome.destinationStatus ?? 'REJECTED', message }),
            })
            .where('id', '=', event.id)
            .execute();
          rejectedEvents.push(event.id);
          touched.rejected.push(...runs);
          break;
        }
        case 'AUTH_FAILED':
          authFailed = true;
          authMessage = outcome.message ?? 'the destination refused the credential';
          // Not an attempt: the event waits, unchanged, for a working credential.
          await trx
            .updateTable('usage_events')
            .set((eb) => ({
              ...base,
              attempts: eb('attempts', '-', 1),
              error: JSON.stringify({ code: 'AUTH_FAILED', message: authMessage }),
            }))
            .where('id', '=', event.id)
            .execute();
          touched.auth.push(...runs);
          break;
        case 'RETRYABLE': {
          const delay = retryDelayMs(event.attempts, outcome.retryAfterMs);
          await trx
            .updateTable('usage_events')
            .set((eb) => ({
              ...base,
              next_attempt_at: new Date(now.getTime() + delay),
              // No clear answer (a lost response, a 5xx, a timeout): the destination may have recorded it.
              unclear_at: eb.ref('sent_at'),
              error: JSON.stringify({ code: 'RETRYABLE', message: outcome.message ?? 'transient failure' }),
            }))
            .where('id', '=', event.id)
            .execute();
          touched.retrying.push(...runs);
          break;
        }
      }
    }
    if (acceptedEvents.length > 0) {
      const values = sql.join(acceptedEvents.map((e) => sql`(${e.id}::uuid, ${e.receipt}::text)`));
      await sql`update usage_events set status = 'ACCEPTED', receipt_id = v.receipt, error = null, lease_until = null, dt_updated = ${now}
        from (values ${values}) as v(id, receipt) where usage_events.id = v.id`.execute(trx);
      await trx
        .updateTable('usage_entries')
        .set({ status: 'ACCEPTED' })
        .where(
          'usage_event_id',
          'in',
          acceptedEvents.map((e) => e.id),
        )
        .execute();
    }
    // Final rejections give their quantity (and any credit they drew) back to the ledger.
    await rejectUsageEntries(trx, { eventIds: rejectedEvents });
    await refreshRuns(trx, [...touched.accepted, ...touched.rejected], { message: rejectedMessage }, now);
    if (touched.auth.length)
      await refreshRuns(trx, touched.auth, { authFailed: true, message: authMessage }, now);
    if (touched.retrying.length) await refreshRuns(trx, touched.retrying, { retrying: true }, now);
    return { accepted, authFailed, reslotted, verifying };
  });
}

/** The earliest time this credential has pending work that no lease holds, if any. */
async function nextWork(services: HubServices, credentialId: string): Promise<Date | null> {
  const now = services.now();
  const row = await services.db
    .selectFrom('usage_events')
    .select(
      sql<
        Date | string | null
      >`min(greatest(coalesce(next_attempt_at, ${now}), coalesce(lease_until, ${now})))`.as('next'),
    )
    .where('credential_id', '=', credentialId)
    .where('status', 'in', ['PENDING', 'VERIFYING'])
    .where('integration_config_id', 'in', enabledIntegrations)
    .executeTakeFirst();
  if (!row?.next) return null;
  const next = new Date(row.next);
  // Never a hot loop: at least a short pause before the next pass.
  return new Date(Math.max(next.getTime(), now.getTime() + 500));
}
