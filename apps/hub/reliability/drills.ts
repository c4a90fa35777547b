/**
 * `pnpm test:reliability`: the reliability drills of operations.md, with real processes on this
 * machine (PostgreSQL, redis-server, the destination's emulator, hub api and worker processes). Each
 * drill prints its figures and fails on any lost or duplicated quantity, or any 5xx. The kill -9 and
 * faults drills run against Azure and against AWS (destinations.ts: one driver per destination);
 * the others against Azure.
 *
 * Truth is the emulator: after each drill, for every (subscription or AWS customer, dimension) the
 * quantity the destination accepted must equal what the reference model of the ledger says the bill
 * stream owes (bill-stream.ts: lowered and re-raised versions, credits, a subscription suspended
 * mid-run and reactivated, replays), to the last decimal. What the hub did is checked too: one
 * record per (resource, dimension, hour); no more answers "this slot already holds it" (Azure
 * `Duplicate`, AWS's identical replay) than answers it never recorded (a re-send after a lost
 * response is ours); no AWS `DuplicateRecord` and no event of its own taken for a foreign one (no
 * foreign event is planted in these drills).
 *
 * `DRILL_ONLY=<text>` runs the drills whose name contains it (case-insensitive), e.g. `DRILL_ONLY=aws`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Money } from '@hub/core';
import { HttpConnectionError, httpRequest, type PostgresServer, type RedisServer } from '@hub/test-services';
import { sql } from 'kysely';
import { connectDatabase } from '../src/db/connect.js';
import { type HubProcess, startHubProcess } from '../test/support/hub-processes.js';
import {
  type EmulatorKind,
  hubEnv,
  type ServiceStack,
  startServiceStack,
} from '../test/support/service-stack.js';
import { type SmtpCapture, startSmtpCapture } from '../test/support/smtp-capture.js';
import { BillStream, DIMENSIONS, productOf, type StreamOptions } from './bill-stream.js';
import {
  type AzureDriver,
  awsDriver,
  azureDriver,
  connectIntegration,
  type DestinationDriver,
  type FaultMix,
  type HubAnswer,
  parseBody,
} from './destinations.js';
import { m3terDrill } from './m3ter-drill.js';
import { type Cleanup, type DrillCase, messageOf, runDrills } from './runner.js';

const BILLS = Number(process.env.DRILL_BILLS ?? 1000);
const SUBSCRIPTIONS = Number(process.env.DRILL_SUBSCRIPTIONS ?? 200);
// The AWS drills are smaller, to keep CI time down: the same stream and checks, half the bills.
const AWS_BILLS = Number(process.env.DRILL_AWS_BILLS ?? 500);
const AWS_CUSTOMERS = Number(process.env.DRILL_AWS_CUSTOMERS ?? 100);
// Longer than the hub's retry ceiling (10 min): under the faults drill's 45% failed calls an event
// may legitimately fail eight times in a row and wait minutes between tries; the drill must wait for
// what the hub does, not fail a run that is still correctly retrying.
const TIMEOUT_MS = Number(process.env.DRILL_TIMEOUT_MS ?? 720_000);

const t0 = Date.now();
const log = (message: string) => console.log(`[drill +${Math.round((Date.now() - t0) / 1000)}s] ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stack {
  postgres: PostgresServer;
  redis: RedisServer;
  /** The destination, through its emulator. */
  driver: DestinationDriver;
  env: Record<string, string>;
  databaseUrl: string;
  api: HubProcess;
  workers: HubProcess[];
  adminKey: string;
  integrationId: string;
  /** The destination's resources; `acc-<i>` is mapped to the i-th. */
  resources: string[];
  /** The SMTP capture the hub mails to, for drills that asked for one. */
  mail: SmtpCapture | null;
}

/** What a drill needs of its stack beyond the common one; every field is optional. */
interface StackOptions {
  /** Start an SMTP capture and point the hub's SMTP_URL at it. */
  smtp?: boolean;
  /** The integration's name (default `drill`). */
  integrationName?: string;
  /** The integration's `disabledNotificationEmails`. */
  notificationEmails?: string[];
}

/** The destinations' emulators (m3ter's is a source: its drill is m3ter-drill.ts). */
type DestinationKind = Exclude<EmulatorKind, 'm3ter'>;

/** The driver for an emulator started on the stack. */
const DRIVERS: Record<DestinationKind, (url: string) => DestinationDriver> = {
  azure: (url) => azureDriver(url, { dimensions: DIMENSIONS }),
  aws: (url) => awsDriver(url, { dimensions: DIMENSIONS }),
};

/**
 * A call to the hub's API. A connection that breaks before the answer (the api process may be
 * between restarts, or a kept-alive socket closed under us) is retried for 10 s, as a real sender
 * would (bills are idempotent by id and version); then it is reported by throwing, which fails the
 * drill with that reason.
 */
async function hubCall(
  stack: Pick<Stack, 'api' | 'adminKey'>,
  method: string,
  path: string,
  body?: unknown,
): Promise<HubAnswer> {
  const res = await httpRequest(`${stack.api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    retries: 50,
    retryDelayMs: 200,
  });
  return { status: res.status, json: parseBody(res.text) };
}

/**
 * The drill's stack: services with the destination's emulator, one api and `workerCount` worker
 * processes, the emulator's data and the hub's integration. Each thing it starts is handed to
 * `cleanup` as soon as it runs, so a failure anywhere (here or in the drill) still stops all of it.
 */
async function setUp(
  drill: Pick<Drill, 'workers' | 'destination' | 'accounts' | 'stack'>,
  cleanup: Cleanup,
): Promise<Stack> {
  const options = drill.stack ?? {};
  const mail = options.smtp ? await startSmtpCapture() : null;
  if (mail) cleanup.defer('the SMTP capture', () => mail.close());
  const services: ServiceStack = await startServiceStack('drill', { emulators: [drill.destination] });
  cleanup.defer('PostgreSQL, Redis and the emulator', () => services.stop());
  const { postgres, redis, emulator, databaseUrl } = services;
  const adminKey = `hub_drill_${randomBytes(12).toString('hex')}`;
  const env = hubEnv(services, adminKey, {
    LOG_LEVEL: 'error',
    HUB_SWEEP_INTERVAL_MS: '5000',
    HUB_STUCK_AFTER_MS: '10000',
    ...(mail ? { SMTP_URL: mail.url } : {}),
  });
  // Workers are replaced during a drill (the kill drill): the teardown kills the ones in the stack then.
  const partial = {
    postgres,
    redis,
    driver: DRIVERS[emulator.kind as DestinationKind](emulator.url),
    env,
    databaseUrl,
    api: null,
    workers: [],
    adminKey,
    mail,
  } as unknown as Stack;
  cleanup.defer('the hub processes', () =>
    Promise.all([partial.api?.kill(), ...partial.workers.map((w) => w.kill())]),
  );
  partial.api = await startHubProcess('api', env);
  const workers = await Promise.allSettled(
    Array.from({ length: drill.workers }, () => startHubProcess('worker', env)),
  );
  partial.workers = workers.flatMap((w) => (w.status === 'fulfilled' ? [w.value] : []));
  const failed = workers.find((w) => w.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;

  const { integrationId, resources } = await connectIntegration(
    partial.driver,
    (method, path, body) => hubCall(partial, method, path, body),
    {
      name: options.integrationName ?? 'drill',
      accounts: drill.accounts,
      products: DIMENSIONS.map((_, i) => productOf(i)),
      dimensions: DIMENSIONS,
      integration: options.notificationEmails
        ? { disabledNotificationEmails: options.notificationEmails }
        : {},
    },
  );
  return Object.assign(partial, { integrationId, resources });
}

async function waitForQuiet(stack: Stack): Promise<void> {
  const until = Date.now() + TIMEOUT_MS;
  const handle = await connectDatabase({ url: stack.databaseUrl, poolSize: 1 });
  try {
    for (;;) {
      const rows = await handle.db.selectFrom('integration_runs').select(['status']).execute();
      const busy = rows.filter((r) => ['WAITING', 'STARTED', 'AWAITING_RETRY'].includes(r.status)).length;
      if (busy === 0) return;
      if (Date.now() > until) throw new Error(`${busy} runs still in flight after ${TIMEOUT_MS} ms`);
      await sleep(500);
    }
  } finally {
    await handle.close();
  }
}

/** The hub's own record of its exchanges with the destination, and the slots it saw held by others. */
async function hubRecord(stack: Stack): Promise<{
  recordedAnswers: number;
  foreignSlots: number;
  foreignEvents: number;
  runs: {
    id: string;
    status: string;
    error_code: string | null;
    entity_id: string;
    trigger: string;
    dt_created: Date;
    dt_completed: Date | null;
  }[];
}> {
  const handle = await connectDatabase({ url: stack.databaseUrl, poolSize: 1 });
  try {
    const recordedAnswers = await stack.driver.recordedAnswers(handle.db);
    const foreignSlots = await sql<{
      n: string;
    }>`select count(*) as n from usage_slots where foreign_held`.execute(handle.db);
    const foreignEvents = await sql<{ n: string }>`select count(*) as n from usage_events
      where error->>'code' = 'DUPLICATE_FOREIGN'`.execute(handle.db);
    const runs = await handle.db
      .selectFrom('integration_runs')
      .select(['id', 'status', 'error_code', 'entity_id', 'trigger', 'dt_created', 'dt_completed'])
      .execute();
    return {
      recordedAnswers,
      foreignSlots: Number(foreignSlots.rows[0]?.n ?? 0),
      foreignEvents: Number(foreignEvents.rows[0]?.n ?? 0),
      runs,
    };
  } finally {
    await handle.close();
  }
}

async function verify(
  stack: Stack,
  drill: Pick<Drill, 'name' | 'bills'>,
  stream: BillStream,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const expected = stream.expected();
  const fiveHundreds = stream.fiveHundreds;
  const events = await stack.driver.recorded();
  const got = new Map<string, Money>();
  const perSlot = new Map<string, number>();
  for (const event of events) {
    const k = `${event.resource}|${event.dimension}`;
    got.set(k, (got.get(k) ?? new Money(0)).plus(event.quantity));
    const slot = `${k}|${event.slot}`;
    perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
  }
  const slotDuplicates = [...perSlot.values()].reduce((n, count) => n + count - 1, 0);
  let lost = new Money(0);
  let duplicated = new Money(0);
  for (const key of new Set([...expected.keys(), ...got.keys()])) {
    const diff = (got.get(key) ?? new Money(0)).minus(expected.get(key) ?? new Money(0));
    if (diff.lt(0)) lost = lost.plus(diff.neg());
    if (diff.gt(0)) duplicated = duplicated.plus(diff);
  }
  // What the hub did at the destination. Every event the emulator processed got an answer; the hub
  // re-sends an event only when it has no answer for it on record (the answer was lost, or its
  // sender died or lost the database before recording it), and only then may a re-send of an event
  // the emulator had accepted be answered "already held" (Azure `Duplicate`; AWS `Success` with the
  // earlier id). So those answers ≤ processed answers − recorded ones. (One event per slot at the
  // emulator is its own rule: a hub that reserved a slot twice would see a Duplicate here, an AWS
  // `DuplicateRecord`, and a foreign one below.)
  const stats = await stack.driver.stats();
  const duplicateAnswers = stats.replayAnswers;
  const record = await hubRecord(stack);
  const unrecordedAnswers = stats.processedAnswers - record.recordedAnswers;
  const runs = record.runs;
  // A run ends ERROR only when the destination refused its usage while its subscription was
  // suspended, and its bill was then replayed to completion.
  const unexplainedErrors = runs.filter((run) => {
    if (run.status !== 'ERROR') return false;
    if (run.error_code !== 'REJECTED' || !stream.mayBeRejected.has(run.entity_id)) return true;
    return !runs.some(
      (r) =>
        r.entity_id === run.entity_id &&
        r.trigger === 'REPLAY' &&
        r.status === 'COMPLETE' &&
        r.dt_created >= (run.dt_completed ?? run.dt_created),
    );
  });
  const figures = {
    drill: drill.name,
    destination: stack.driver.label,
    bills: drill.bills,
    runs: runs.length,
    runsComplete: runs.filter((r) => r.status === 'COMPLETE').length,
    // A version 1 that arrives after its version 2 is rightly SKIPPED (STALE_VERSION).
    runsSkipped: runs.filter((r) => r.status === 'SKIPPED').length,
    runsRejectedThenReplayed: runs.filter((r) => r.status === 'ERROR').length - unexplainedErrors.length,
    runsFailed: unexplainedErrors.length,
    events: events.length,
    expectedQuantity: [...expected.values()].reduce((a, b) => a.plus(b), new Money(0)).toFixed(),
    acceptedQuantity: [...got.values()].reduce((a, b) => a.plus(b), new Money(0)).toFixed(),
    lost: lost.toFixed(),
    duplicated: duplicated.toFixed(),
    slotDuplicates,
    duplicateAnswers,
    ...(stats.conflictAnswers === null ? {} : { duplicateRecordAnswers: stats.conflictAnswers }),
    unrecordedAnswers,
    lostResponses: stats.lostResponses,
    meteringCalls: stats.meteringCalls,
    foreignSlots: record.foreignSlots,
    foreignEvents: record.foreignEvents,
    fiveHundreds,
    ...stream.figures,
    ...extra,
  };
  console.table(figures);
  const problems: string[] = [];
  if (!lost.eq(0)) problems.push(`${figures.lost} units lost`);
  if (!duplicated.eq(0)) problems.push(`${figures.duplicated} units sent twice`);
  if (slotDuplicates > 0)
    problems.push(`${slotDuplicates} records beyond one per (resource, dimension, hour) at the destination`);
  if (duplicateAnswers > Math.max(0, unrecordedAnswers))
    problems.push(
      `${duplicateAnswers} "already held" answers, more than the ${unrecordedAnswers} answers the hub never recorded (lost responses: ${figures.lostResponses})`,
    );
  if (stats.conflictAnswers)
    problems.push(`${stats.conflictAnswers} DuplicateRecord answers, with no foreign record planted`);
  if (record.foreignSlots > 0)
    problems.push(`${record.foreignSlots} hour slots taken as held by a foreign event`);
  if (record.foreignEvents > 0)
    problems.push(`${record.foreignEvents} events re-slotted as DUPLICATE_FOREIGN`);
  if (fiveHundreds > 0) problems.push(`${fiveHundreds} answers 5xx`);
  const others = runs.filter((r) => !['COMPLETE', 'SKIPPED', 'ERROR'].includes(r.status));
  if (others.length > 0)
    problems.push(
      `${others.length} runs neither COMPLETE, SKIPPED nor rejected-and-replayed: ${[...new Set(others.map((r) => r.status))].join(', ')}`,
    );
  if (unexplainedErrors.length > 0)
    problems.push(
      `${unexplainedErrors.length} runs ERROR without a suspension and a replay to explain them, e.g. ${unexplainedErrors
        .slice(0, 3)
        .map((r) => `${r.entity_id} (${r.error_code})`)
        .join(', ')}`,
    );
  return problems;
}

type Drill = {
  name: string;
  workers: number;
  /** The destination whose emulator the stack starts. */
  destination: DestinationKind;
  /** Bills in the main stream. */
  bills: number;
  /** Resources at the destination (`acc-0` … `acc-<n-1>`), the last ones the lanes'. */
  accounts: number;
  /** What the drill needs of its stack beyond the common one (mail capture, notification emails). */
  stack?: StackOptions;
  /** How its bill stream treats the suspended subscriptions (bill-stream.ts). */
  streamOptions?: StreamOptions;
  /** Posts the stream (`stream.postMain`) while doing its damage; `finish()` and verify follow. */
  run(
    stack: Stack,
    stream: BillStream,
  ): Promise<{
    extra?: Record<string, unknown>;
    /** The drill's own checks that failed (beyond verify's lost / duplicated / 5xx), each in words. */
    failures?: string[];
  }>;
};

/** Polls `probe` until it answers something, or throws after `timeoutMs`. */
async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = TIMEOUT_MS,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(250);
  }
}

/** Runs by status (a drill stack has one integration), e.g. `{ COMPLETE: 120, DISABLED: 80 }`. */
async function runCounts(stack: Stack): Promise<Record<string, number>> {
  const handle = await connectDatabase({ url: stack.databaseUrl, poolSize: 1 });
  try {
    const rows = await handle.db.selectFrom('integration_runs').select(['status']).execute();
    const counts: Record<string, number> = {};
    for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
    return counts;
  } finally {
    await handle.close();
  }
}

/** What the hub's database says while the integration is disabled: usage held, events recorded. */
async function heldWork(stack: Stack): Promise<{
  pendingEntries: number;
  pendingQuantity: Money;
  acceptedEntries: number;
  disabledEvents: { consecutive: number | null; message: string }[];
  authErrorEvents: number;
}> {
  const handle = await connectDatabase({ url: stack.databaseUrl, poolSize: 1 });
  try {
    const entries = await handle.db.selectFrom('usage_entries').select(['status', 'quantity']).execute();
    const pending = entries.filter((e) => e.status === 'PENDING');
    const events = await handle.db
      .selectFrom('events')
      .select(['event_name', 'message', 'data'])
      .where('integration_config_id', '=', stack.integrationId)
      .execute();
    const dataOf = (data: unknown) =>
      (typeof data === 'string' ? JSON.parse(data) : (data ?? {})) as { consecutive?: number };
    return {
      pendingEntries: pending.length,
      pendingQuantity: pending.reduce((sum, e) => sum.plus(String(e.quantity)), new Money(0)),
      acceptedEntries: entries.filter((e) => e.status === 'ACCEPTED').length,
      disabledEvents: events
        .filter((e) => e.event_name === 'integration.disabled.error')
        .map((e) => ({ consecutive: dataOf(e.data).consecutive ?? null, message: e.message })),
      authErrorEvents: events.filter((e) => e.event_name === 'integration.authentication.error').length,
    };
  } finally {
    await handle.close();
  }
}

const REJECTED_INTEGRATION = `drill-rejected-${randomBytes(3).toString('hex')}`;
const REJECTED_EMAILS = ['oncall@example.com', 'billing-ops@example.com'];

/** Where a drill runs: Azure with the full stream, AWS with a smaller one (CI time). */
const ON_AZURE = { destination: 'azure', bills: BILLS, accounts: SUBSCRIPTIONS } as const;
const ON_AWS = { destination: 'aws', bills: AWS_BILLS, accounts: AWS_CUSTOMERS } as const;
type Where = typeof ON_AZURE | typeof ON_AWS;

/** Workers killed with SIGKILL at random moments while the stream flows, and restarted. */
function killDrill(name: string, where: Where): Drill {
  return {
    name,
    workers: 2,
    ...where,
    async run(stack, stream) {
      const MIN_KILLS = 8;
      let kills = 0;
      let chaos = true;
      let aborted = false;
      // Kills land while bills are posted and processed and while usage is being sent, at random
      // moments (a worker is killed every 0.3-1.2 s, restarted, and may be killed again at once).
      const chaosLoop = (async () => {
        while (!aborted && (chaos || kills < MIN_KILLS)) {
          await sleep(300 + Math.random() * 900);
          if (aborted) break;
          const index = Math.floor(Math.random() * stack.workers.length);
          await stack.workers[index]!.kill();
          kills++;
          stack.workers[index] = await startHubProcess('worker', stack.env);
        }
      })();
      // Handled now, read below: a failed restart must not be an unhandled rejection meanwhile.
      chaosLoop.catch(() => {});
      try {
        // The lanes too are run under the kills.
        await stream.postMain(where.bills);
        log(`${name}: main stream posted (${kills} kills so far)`);
        await stream.waitLanes();
        log(`${name}: lanes done (${kills} kills so far)`);
        await sleep(2000);
      } catch (error) {
        // The loop must not go on starting workers behind the teardown's back.
        aborted = true;
        await chaosLoop.catch(() => {});
        throw error;
      }
      chaos = false;
      await chaosLoop;
      await waitForQuiet(stack);
      return { extra: { workerKills: kills } };
    },
  };
}

/** The destination's metering API failing in every way it can while the stream flows. */
function faultsDrill(name: string, where: Where, mix: FaultMix): Drill {
  return {
    name,
    workers: 2,
    ...where,
    async run(stack, stream) {
      await stack.driver.setFaults(mix);
      await stream.postMain(where.bills);
      log(`${name}: main stream posted`);
      // The lanes (and their suspension) run under the faults too.
      await stream.waitLanes();
      log(`${name}: lanes done`);
      await sleep(5000);
      await stack.driver.clearFaults();
      await waitForQuiet(stack);
      const stats = await stack.driver.stats();
      return { extra: { faultsInjected: JSON.stringify(stats.faultsInjected) } };
    },
  };
}

const drills: Drill[] = [
  killDrill('kill -9 workers while 1,000 bills flow', ON_AZURE),
  // 429 / 500 / 503 at 10% each (Retry-After 1 s), operations.md's dropped connections (nothing read).
  faultsDrill('emulator: 30% 429/500/503, 10% lost responses, 5% dropped connections', ON_AZURE, {
    serverError: 0.2,
    throttle: 0.1,
    lostResponse: 0.1,
    dropConnection: 0.05,
  }),
  killDrill('kill -9 workers while bills flow — AWS', ON_AWS),
  // Faults on metering only: STS keeps answering (its failures are the plugin's tests' business).
  faultsDrill(
    'AWS faults: 10% 5xx, 10% throttling, 10% lost responses, 5% dropped connections, 10% UnprocessedRecords',
    ON_AWS,
    { serverError: 0.1, throttle: 0.1, lostResponse: 0.1, dropConnection: 0.05, unprocessed: 0.1 },
  ),
  {
    name: 'Redis restarted mid-run',
    workers: 2,
    ...ON_AZURE,
    async run(stack, stream) {
      let restarted = false;
      await stream.postMain(BILLS, async (n) => {
        if (!restarted && n >= BILLS / 2) {
          restarted = true;
          // Killed, and a new one on the same port a second later (retried while the port is held).
          await stack.redis.restart(1000);
        }
      });
      await waitForQuiet(stack);
      return {};
    },
  },
  {
    name: 'a rejected credential: AUTH_FAILED, auto-disable, mail, re-enable sends everything once',
    workers: 2,
    ...ON_AZURE,
    stack: { smtp: true, integrationName: REJECTED_INTEGRATION, notificationEmails: REJECTED_EMAILS },
    // Usage reaches the emulator only after the re-enable: the suspended subscriptions stay suspended
    // until then, so their usage is rejected there, and are reactivated once it has been.
    streamOptions: { holdSuspension: true },
    async run(stack, stream) {
      const failures: string[] = [];
      const check = (ok: boolean, what: string) => {
        if (!ok) failures.push(what);
      };
      const integrationPath = `/v1/integrations/${stack.integrationId}`;
      const azure = stack.driver as AzureDriver;
      const app = { tenantId: azure.tenantId, clientId: azure.clientId };

      // The secret is rotated at "Azure" behind the hub's back, and the tokens issued so far are
      // revoked: every token request with the hub's secret now answers 401 invalid_client.
      await azure.admin('POST', '/credentials', { ...app, clientSecret: `${azure.clientSecret}-rotated` });
      await azure.admin('POST', '/tokens/revoke', { clientId: azure.clientId });

      const t0 = Date.now();
      await stream.postMain(BILLS);
      const disabled = await waitUntil('the integration to disable itself', async () => {
        const res = await hubCall(stack, 'GET', integrationPath);
        return res.json?.enabled === false ? res.json : undefined;
      });
      const msToDisable = Date.now() - t0;
      check(
        /disabled automatically after 3 consecutive credential rejections/.test(
          disabled.disabledReason ?? '',
        ),
        `disabledReason names the rule: ${JSON.stringify(disabled.disabledReason)}`,
      );

      // Every bill through the gates: sent before the disable → AUTH_FAILED, owed but not yet
      // tried → held STARTED, arrived after it → parked DISABLED. Then one more sweep interval
      // (5 s) so a sweep or a retry would have had its chance to send something it must not.
      await waitUntil('every run to settle while disabled', async () => {
        const counts = await runCounts(stack);
        return (counts.WAITING ?? 0) + (counts.AWAITING_RETRY ?? 0) === 0 ? counts : undefined;
      });
      await sleep(6000);
      const whileDisabled = await runCounts(stack);
      const held = await heldWork(stack);
      const sentWhileDisabled = (await azure.admin('GET', '/events')).count as number;
      const tokenRequests = (await azure.admin('GET', '/stats')).tokenRequests as {
        issued: number;
        rejected: number;
      };
      check(
        (whileDisabled.AUTH_FAILED ?? 0) >= 3,
        `at least 3 runs AUTH_FAILED, got ${whileDisabled.AUTH_FAILED ?? 0}`,
      );
      check(
        held.disabledEvents.length === 1,
        `one integration.disabled.error event, got ${held.disabledEvents.length}`,
      );
      check(
        held.disabledEvents[0]?.message.includes(REJECTED_INTEGRATION) ?? false,
        'the disabled event names the integration',
      );
      check(
        held.authErrorEvents === (whileDisabled.AUTH_FAILED ?? 0),
        `one integration.authentication.error per AUTH_FAILED run: ${held.authErrorEvents} events, ${whileDisabled.AUTH_FAILED ?? 0} runs`,
      );
      check(
        sentWhileDisabled === 0,
        `nothing reaches Azure while the credential is refused, got ${sentWhileDisabled} events`,
      );
      check(held.acceptedEntries === 0, `no usage entry accepted while refused, got ${held.acceptedEntries}`);
      check(held.pendingEntries > 0, 'usage is held pending while disabled');
      check(
        tokenRequests.issued === 0,
        `no token issued for the rotated secret, got ${tokenRequests.issued}`,
      );

      // The notification: one mail to every disabledNotificationEmails address, naming the integration.
      const mails = await stack
        .mail!.waitFor(
          (m) => m.subject.includes(REJECTED_INTEGRATION) && m.subject.includes('integration.disabled.error'),
          1,
          30_000,
        )
        .catch(() => []);
      check(mails.length === 1, `one disabled mail captured, got ${mails.length}`);
      check(
        mails.length > 0 && [...mails[0]!.to].sort().join() === [...REJECTED_EMAILS].sort().join(),
        `the mail goes to ${REJECTED_EMAILS.join(', ')}, got ${mails[0]?.to.join(', ')}`,
      );
      check(
        mails[0]?.text.includes('credential rejections') ?? false,
        'the mail says why: consecutive credential rejections',
      );

      // The fix: the original secret is valid at "Azure" again (the hub's credential never changed),
      // and the operator re-enables the integration through the hub's API.
      await azure.admin('POST', '/credentials', { ...app, clientSecret: azure.clientSecret });
      const t1 = Date.now();
      const enabled = await hubCall(stack, 'POST', `${integrationPath}/enable`);
      check(
        enabled.status === 200 && enabled.json?.enabled === true && enabled.json?.disabledReason === null,
        `enable answers 200 enabled, got ${enabled.status} ${JSON.stringify(enabled.json)}`,
      );
      // The lanes, held while disabled, go on (their suspensions come now, the usage reaching Azure).
      await stream.waitLanes();
      // waitForQuiet ignores AUTH_FAILED and DISABLED runs (final for it), so wait for those too.
      // verify's rule (every run COMPLETE or SKIPPED, or rejected while suspended and replayed)
      // holds unchanged here, as the product documents
      // ("Re-enabling replays what is pending"): enabling re-queues DISABLED runs and the held usage
      // (lifecycle.ts reactivateIntegration), and an AUTH_FAILED run is re-derived as COMPLETE once
      // all its usage entries are accepted (run-progress.ts refreshRuns).
      const parked = ['WAITING', 'STARTED', 'AWAITING_RETRY', 'AUTH_FAILED', 'DISABLED'];
      let afterEnable: Record<string, number> = {};
      try {
        afterEnable = await waitUntil('every held run to go through after re-enable', async () => {
          const counts = await runCounts(stack);
          return parked.every((status) => !counts[status]) ? counts : undefined;
        });
      } catch (error) {
        afterEnable = await runCounts(stack);
        failures.push(`${(error as Error).message}; runs: ${JSON.stringify(afterEnable)}`);
      }
      await waitForQuiet(stack);
      const msToDrain = Date.now() - t1;
      // The suspended subscriptions' usage has been rejected by now: reactivated, replayed.
      await stream.finish();
      const final = await hubCall(stack, 'GET', integrationPath);
      check(
        final.json?.enabled === true,
        `still enabled at the end, got ${JSON.stringify(final.json?.enabled)}`,
      );
      const after = await heldWork(stack);
      check(after.pendingEntries === 0, `no usage pending at the end, got ${after.pendingEntries}`);

      return {
        failures,
        extra: {
          msToDisable,
          disabledAfterRuns: held.disabledEvents[0]?.consecutive ?? 'none',
          authFailedRuns: whileDisabled.AUTH_FAILED ?? 0,
          heldStartedRuns: whileDisabled.STARTED ?? 0,
          parkedDisabledRuns: whileDisabled.DISABLED ?? 0,
          authErrorEvents: held.authErrorEvents,
          disabledEvents: held.disabledEvents.length,
          tokensRejected: tokenRequests.rejected,
          sentWhileDisabled,
          pendingWhileDisabled: `${held.pendingEntries} entries, ${held.pendingQuantity.toFixed()} units`,
          mailsCaptured: stack.mail!.mails.length,
          mailTo: mails[0]?.to.join(', ') ?? 'none',
          msToDrainAfterEnable: msToDrain,
          pendingAtEnd: after.pendingEntries,
          stillEnabled: final.json?.enabled === true,
        },
      };
    },
  },
  {
    name: 'PostgreSQL restarted mid-run',
    workers: 2,
    ...ON_AZURE,
    async run(stack, stream) {
      let restarted = false;
      await stream.postMain(BILLS, async (n) => {
        if (!restarted && n >= BILLS / 2) {
          restarted = true;
          await stack.postgres.restart();
        }
      });
      await waitForQuiet(stack);
      return {};
    },
  },
];

async function malformedDrill(cleanup: Cleanup): Promise<string[]> {
  const services = await startServiceStack('drill');
  cleanup.defer('PostgreSQL, Redis and the emulator', () => services.stop());
  const { redis, databaseUrl } = services;
  const adminKey = `hub_drill_${randomBytes(12).toString('hex')}`;
  const api = await startHubProcess('api', {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'error',
  });
  cleanup.defer('the hub api', () => api.kill());
  const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
  const created = await httpRequest(`${api.url}/v1/api-keys`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ orgId: 'other', name: 'o' }),
  });
  if (created.status !== 201) throw new Error(`creating an api key: ${created.status} ${created.text}`);
  const other = JSON.parse(created.text) as { key: string };
  const hostile = [
    '{',
    '[]',
    'null',
    '"x"',
    '{"id":',
    '{"id":1}',
    '{"__proto__":{"x":1}}',
    `{"id":"${'a'.repeat(5000)}"}`,
    JSON.stringify({ id: 'b', version: -1, accountId: 'a', currency: 'USD' }),
    JSON.stringify({
      id: 'b',
      version: 1,
      accountId: 'a',
      currency: 'USD',
      lineItems: [{ id: 'l', lineItemType: 'NOPE', subtotal: 1 }],
    }),
    JSON.stringify({
      id: 'b',
      version: 1,
      accountId: 'a',
      currency: 'USD',
      lineItems: [{ id: 'l', lineItemType: 'USAGE', subtotal: '1e999999' }],
    }),
    JSON.stringify({ id: 'b\u0000', version: 1, accountId: 'a', currency: 'USD' }),
  ];
  const filters = [
    'constructor.constructor("return process")()',
    '__proto__.x == 1',
    'T(java.lang.Runtime).getRuntime().exec("id")',
    '#{1+1}',
    '${7*7}',
    `${'('.repeat(500)}id == 1${')'.repeat(500)}`,
    'address.country == US; DROP TABLE x',
    "id == 'a' OR 1=1 --",
  ];
  // Over the 1 MiB body limit: the API answers 413 and closes the connection, often while the body
  // is still being sent; a client that sees the connection close then has been refused, as meant.
  const oversized = `{"id":"big","lineItems":[${'{"id":"l","lineItemType":"USAGE","subtotal":1},'.repeat(30_000)}{}]}`;
  let fiveHundreds = 0;
  let nonClient = 0;
  let unclear = 0;
  let refusedMidUpload = 0;
  const noAnswer: string[] = [];
  const statuses = new Map<string, number>();
  /** Request `i`: six kinds in turn, kind 2 the oversized upload. */
  const malformedRequest = (
    i: number,
  ): { path: string; method: string; headers: Record<string, string>; body?: string } => {
    const kind = i % 6;
    if (kind === 0)
      return { path: '/v1/bills', method: 'POST', headers: admin, body: hostile[i % hostile.length]! };
    if (kind === 1) {
      return {
        path: '/v1/integrations',
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          name: 'x',
          destination: 'AZURE_MARKETPLACE',
          configData: { marketplaceBillDimension: 'd', accountFilter: filters[i % filters.length] },
        }),
      };
    }
    if (kind === 2) return { path: '/v1/bills', method: 'POST', headers: admin, body: oversized };
    if (kind === 3) {
      return {
        path: '/v1/integrations',
        method: 'POST',
        headers: admin,
        body: JSON.stringify({
          name: 5,
          destination: 'MOON',
          entityType: 'Invoice',
          configData: {
            splitUsageLineItems: 'ITEM_PER_PLANET',
            unitPrice: 'free',
            quantityDecimalPlaces: 99,
          },
        }),
      };
    }
    if (kind === 4) {
      return {
        path: `/v1/integration-runs/${randomUUID()}`,
        method: 'GET',
        headers: { authorization: `Bearer ${other.key}` },
      };
    }
    return {
      path: `/v1/accounts/${encodeURIComponent(`x${i}`)}`,
      method: 'PUT',
      headers: { ...admin, authorization: i % 2 ? 'Bearer nope' : `Bearer ${adminKey}` },
      body: JSON.stringify({ name: [1], code: { a: 1 }, customFields: { k: { nested: true } } }),
    };
  };
  for (let i = 0; i < 1000; i++) {
    const request = malformedRequest(i);
    let outcome: Awaited<ReturnType<typeof httpRequest>>;
    try {
      // Only the oversized upload may be refused by a closed connection; any other request whose
      // connection breaks is tried twice more, then counted as a request without an answer.
      outcome = await httpRequest(`${api.url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        oversized: i % 6 === 2,
        retries: 2,
      });
    } catch (error) {
      if (!(error instanceof HttpConnectionError)) throw error;
      noAnswer.push(`${request.method} ${request.path}: ${error.message}`);
      statuses.set('no answer', (statuses.get('no answer') ?? 0) + 1);
      continue;
    }
    if (outcome.kind === 'refused') {
      refusedMidUpload++;
      const key = `${outcome.status ?? 'closed'} (mid-upload)`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      continue;
    }
    // A clear error: the contract's shape, with a code and a message saying what is wrong.
    try {
      const body = JSON.parse(outcome.text) as { error?: { code?: unknown; message?: unknown } };
      if (
        typeof body.error?.code !== 'string' ||
        typeof body.error.message !== 'string' ||
        !body.error.message
      )
        unclear++;
    } catch {
      unclear++;
    }
    statuses.set(String(outcome.status), (statuses.get(String(outcome.status)) ?? 0) + 1);
    if (outcome.status >= 500) fiveHundreds++;
    if (outcome.status < 400) nonClient++;
  }
  const health = await httpRequest(`${api.url}/healthz`).catch((error: unknown) => ({
    status: 0,
    text: messageOf(error),
  }));
  console.table({
    drill: '1,000 malformed or hostile requests',
    requests: 1000,
    fiveHundreds,
    accepted: nonClient,
    withoutClearError: unclear,
    refusedMidUpload,
    withoutAnswer: noAnswer.length,
    statuses: JSON.stringify(Object.fromEntries(statuses)),
    stillServing: health.status === 200,
  });
  const problems: string[] = [];
  if (fiveHundreds > 0) problems.push(`${fiveHundreds} answers 5xx`);
  if (nonClient > 0) problems.push(`${nonClient} malformed requests accepted`);
  if (unclear > 0) problems.push(`${unclear} answers without the contract's error shape`);
  if (noAnswer.length > 0)
    problems.push(`${noAnswer.length} requests without an answer, e.g. ${noAnswer.slice(0, 3).join('; ')}`);
  if (health.status !== 200) problems.push(`/healthz answers ${health.status} ${health.text}`);
  return problems;
}

/** A drill on the common stack: set up, run, verify against the emulator; every check that failed, in words. */
function stackDrill(drill: Drill): DrillCase {
  return {
    name: drill.name,
    async run(cleanup) {
      log(`${drill.name}: setting up`);
      const stack = await setUp(drill, cleanup);
      const stream = new BillStream(
        {
          resources: stack.resources,
          decimalPlaces: stack.driver.config.quantityDecimalPlaces,
          databaseUrl: stack.databaseUrl,
          hub: (method, path, body) => hubCall(stack, method, path, body),
          setActive: (resource, active) => stack.driver.setActive(resource, active),
          waitForQuiet: () => waitForQuiet(stack),
          timeoutMs: TIMEOUT_MS,
          log: (message) => log(`${drill.name}: ${message}`),
        },
        drill.streamOptions,
      );
      // Whatever happens, the lanes stop before the teardown.
      cleanup.defer('the bill stream', async () => {
        stream.abort();
        await stream.stopped();
      });
      try {
        const started = Date.now();
        const { extra, failures = [] } = await drill.run(stack, stream);
        await stream.finish();
        const problems = await verify(stack, drill, stream, {
          ...extra,
          seconds: Math.round((Date.now() - started) / 1000),
        });
        return [...problems, ...failures, ...stream.failures];
      } catch (error) {
        // The processes' own words are the quickest way to see why.
        for (const proc of [stack.api, ...stack.workers]) {
          const exit = proc.child.exitCode === null ? 'running' : `exited ${proc.child.exitCode}`;
          log(`--- hub ${proc.role} (${exit}), last output:\n${proc.output().slice(-3000)}`);
        }
        throw error;
      }
    },
  };
}

async function main(): Promise<void> {
  const only = process.env.DRILL_ONLY?.toLowerCase();
  const cases: DrillCase[] = [
    ...drills.map(stackDrill),
    { name: '1,000 malformed or hostile requests', run: malformedDrill },
    m3terDrill({ log, timeoutMs: TIMEOUT_MS }),
  ].filter((c) => !only || c.name.toLowerCase().includes(only));
  // DRILL_REPORT=path: the counts for the test command's closing line (scripts/lib/count-tests.mjs).
  const report = await runDrills(cases, { report: process.env.DRILL_REPORT, extra: { bills: BILLS } });
  for (const drill of report.drills) {
    if (drill.status === 'failed') log(`FAILED ${drill.name}: ${drill.reasons.join('; ')}`);
  }
  console.log(`${report.passed} passed, ${report.failed} failed`);
  process.exit(report.failed > 0 || report.planned === 0 ? 1 : 0);
}

void main();
