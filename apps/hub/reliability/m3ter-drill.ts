/**
 * The bill sources' drill (issue 13): bills created at m3ter while workers are killed, every one
 * lands once. Nothing is POSTed to the hub's `/v1/bills`: the hub fetches every bill itself through
 * the m3ter source plugin, triggered both by its schedule (polling, 30 s) and by m3ter's signed
 * webhooks to the listening api.
 *
 * Stack: PostgreSQL, Redis, the Azure emulator (destination) and the m3ter emulator (source) as
 * their own processes, one hub api and `WORKERS` worker processes. Azure: `ACCOUNTS` subscriptions,
 * one integration with ITEM_PER_BILL on one dimension (unitPrice 0.01, whole units). m3ter: one
 * organization, a service user, `ACCOUNTS` accounts; half of the Account → subscription mappings are
 * kept in m3ter (a quarter before the source exists, a quarter added while it runs, then synced) and
 * half in the hub.
 *
 * The run: `CREATORS` concurrent creators make `BILLS` bills at m3ter through its admin API over some
 * seconds (about 30 % PENDING and approved a few seconds later, about 10 % regenerated once with a
 * higher amount), while a random worker is killed with SIGKILL every 1.5-3.5 s and replaced; from
 * 20 % of the bills created until 20 % have landed, m3ter answers 5 % 429 and 2 % 500 on its
 * organization routes, and 1 % of bill reads come back silently regenerated (a version the creators
 * never made).
 *
 * Truth is m3ter's final state: per Azure subscription, the quantity Azure holds must equal the sum,
 * over the bills of the accounts mapped to it, of each bill's latest version's total / 0.01 rounded
 * half-up once per bill (decimal arithmetic, never numbers): 0 lost, 0 sent twice. Also: every
 * bill's latest version was ingested and its run COMPLETE; each (bill, version) ingested and run at
 * most once; no run left unsettled or in ERROR; no Azure `Duplicate` beyond the answers the hub never
 * recorded; one record per (subscription, dimension, hour); no 5xx from the hub to m3ter's webhooks.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { Money } from '@hub/core';
import { httpRequest } from '@hub/test-services';
import { sql } from 'kysely';
import { connectDatabase } from '../src/db/connect.js';
import { type HubProcess, startHubProcess } from '../test/support/hub-processes.js';
import { hubEnv, startServiceStack } from '../test/support/service-stack.js';
import { azureDriver, emulatorAdmin, type HubAnswer, parseBody } from './destinations.js';
import type { Cleanup, DrillCase } from './runner.js';

export const M3TER_DRILL_NAME = '1,000 bills created at m3ter while workers are killed: every one lands once';

const BILLS = Number(process.env.DRILL_M3TER_BILLS ?? 1000);
const ACCOUNTS = Number(process.env.DRILL_M3TER_ACCOUNTS ?? 100);
const WORKERS = Number(process.env.DRILL_M3TER_WORKERS ?? 2);
const CREATORS = 16;
const DIMENSION = 'dim-bill';
const UNIT_PRICE = new Money('0.01');
const SCHEDULE_SECONDS = 30;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `milli` thousandths of a dollar as a decimal string ("12.345"): integers only, no float. */
const dollars = (milli: number) => `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, '0')}`;

/** A bill as the emulator's admin API lists it (amounts as decimal strings). */
interface M3terBill {
  id: string;
  version: number;
  accountId: string;
  status: string;
  lineItems: { lineItemType: string; subtotal: string }[];
}

/** What one creator does next: create bill `i`, or a follow-up (approve / regenerate) once due. */
type Action =
  | { kind: 'create'; i: number }
  | { kind: 'approve'; billId: string; at: number }
  | { kind: 'regenerate'; billId: string; lines: { lineItemType: string; subtotal: string }[]; at: number };

export function m3terDrill(options: { log: (message: string) => void; timeoutMs: number }): DrillCase {
  const log = (message: string) => options.log(`m3ter: ${message}`);
  return {
    name: M3TER_DRILL_NAME,
    async run(cleanup: Cleanup) {
      const started = Date.now();
      log('setting up');
      const services = await startServiceStack('drill', { emulators: ['azure', 'm3ter'] });
      cleanup.defer('PostgreSQL, Redis and the emulators', () => services.stop());
      const azureUrl = services.emulators.azure!.url;
      const m3terUrl = services.emulators.m3ter!.url;
      const m3ter = (method: string, path: string, body?: unknown) =>
        emulatorAdmin(m3terUrl, method, path, body);
      const adminKey = `hub_drill_${randomBytes(12).toString('hex')}`;
      const env = hubEnv(services, adminKey, {
        LOG_LEVEL: 'error',
        HUB_SWEEP_INTERVAL_MS: '5000',
        HUB_STUCK_AFTER_MS: '10000',
      });
      const procs: { api: HubProcess | null; workers: HubProcess[] } = { api: null, workers: [] };
      cleanup.defer('the hub processes', () =>
        Promise.all([procs.api?.kill(), ...procs.workers.map((w) => w.kill())]),
      );
      procs.api = await startHubProcess('api', env);
      const apiUrl = procs.api.url!;
      const starting = await Promise.allSettled(
        Array.from({ length: WORKERS }, () => startHubProcess('worker', env)),
      );
      procs.workers = starting.flatMap((w) => (w.status === 'fulfilled' ? [w.value] : []));
      const failedStart = starting.find((w) => w.status === 'rejected');
      if (failedStart) throw (failedStart as PromiseRejectedResult).reason;

      const hub = async (method: string, path: string, body?: unknown): Promise<HubAnswer> => {
        const res = await httpRequest(`${apiUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          retries: 50,
          retryDelayMs: 200,
        });
        return { status: res.status, json: parseBody(res.text) };
      };
      const must = async (what: string, status: number, method: string, path: string, body?: unknown) => {
        const res = await hub(method, path, body);
        if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.json)}`);
        return res.json;
      };

      // Azure: a subscription per account, and the integration (one dimension for the whole bill).
      const azure = azureDriver(azureUrl, { dimensions: [DIMENSION] });
      await azure.seed();
      const subscriptions = await inBatches(ACCOUNTS, async () => (await azure.addResource()).id);
      const credential = await must('credential', 201, 'POST', '/v1/integration-credentials', {
        ...azure.credential('m3ter-drill'),
      });
      const integration = await must('integration', 201, 'POST', '/v1/integrations', {
        name: 'm3ter-drill',
        destination: azure.destination,
        entityType: 'Bill',
        configData: {
          splitUsageLineItems: 'ITEM_PER_BILL',
          marketplaceBillDimension: DIMENSION,
          unitPrice: UNIT_PRICE.toFixed(),
          quantityDecimalPlaces: 0,
        },
      });
      await must('connecting the credential', 200, 'PUT', `/v1/integrations/${integration.id}/credential`, {
        credentialId: credential.id,
      });

      // m3ter: the organization, its service user and the accounts. Account i → subscription i:
      // i % 4 === 0 kept in m3ter from the start, i % 4 === 2 added in m3ter while the source runs,
      // odd ones made in the hub.
      const orgId = randomUUID();
      const accessKeyId = `svc-${randomBytes(4).toString('hex')}`;
      const apiSecret = randomBytes(16).toString('hex');
      const webhookSecret = randomBytes(16).toString('hex');
      await m3ter('POST', '/organizations', { orgId });
      await m3ter('POST', '/service-users', { orgId, accessKeyId, apiSecret });
      const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => `m3-acc-${i}`);
      const m3terMapping = (i: number) =>
        m3ter('POST', '/external-mappings', {
          orgId,
          m3terEntity: 'Account',
          m3terId: accountIds[i],
          externalSystem: azure.externalSystem,
          externalTable: 'Subscription',
          externalId: subscriptions[i],
        });
      await inBatches(ACCOUNTS, async (i) => {
        const id = accountIds[i]!;
        await m3ter('POST', '/accounts', { orgId, id, name: `Customer ${i}`, code: `cust-${i}` });
        if (i % 4 === 0) await m3terMapping(i);
        if (i % 2 === 1) {
          await must('an account mapping', 201, 'POST', '/v1/external-mappings', {
            m3terEntity: 'Account',
            m3terId: id,
            externalSystem: azure.externalSystem,
            externalTable: 'Subscription',
            externalId: subscriptions[i],
            metadata: { planId: 'gold' },
          });
        }
      });

      // The source, polling every 30 s; its first sync ("from now") must be over before bills come.
      const source = await must('the source', 201, 'POST', '/v1/sources', {
        type: 'M3TER',
        name: 'm3ter-drill',
        settings: { organizationId: orgId },
        credential: { accessKeyId, apiSecret },
        schedule: SCHEDULE_SECONDS,
        webhookSecret,
      });
      const sourcePath = `/v1/sources/${source.id}`;
      const syncsSettled = async () => {
        const syncs = (await hub('GET', `${sourcePath}/syncs?pageSize=200`)).json?.data ?? [];
        return (
          syncs.length > 0 &&
          syncs.every((s: { status: string }) => !['QUEUED', 'RUNNING'].includes(s.status))
        );
      };
      await waitFor('the first sync', options.timeoutMs, async () => {
        const current = (await hub('GET', sourcePath)).json;
        return current?.cursor != null && (await syncsSettled()) ? true : undefined;
      });
      // The second quarter of the m3ter mappings, then a sync asked for and waited out: the mapping
      // sync of a running source (mappings made at m3ter before their accounts' first bill).
      await inBatches(ACCOUNTS, (i) => (i % 4 === 2 ? m3terMapping(i) : null));
      const asked = await must('a sync', 202, 'POST', `${sourcePath}/sync`);
      const synced = await waitFor('the mapping sync', options.timeoutMs, async () => {
        const s = (await hub('GET', `${sourcePath}/syncs/${asked.id}`)).json;
        return ['COMPLETE', 'ERROR', 'AUTH_FAILED'].includes(s?.status) ? s : undefined;
      });
      const handle = await connectDatabase({ url: services.databaseUrl, poolSize: 2 });
      cleanup.defer('the drill database connection', () => handle.close());
      const fromM3ter = await sql<{ n: string }>`select count(*) as n from external_mappings
        where source_id = ${source.id} and m3ter_entity = 'Account'`.execute(handle.db);
      const m3terMappings = Number(fromM3ter.rows[0]?.n ?? 0);
      const expectedM3terMappings = accountIds.filter((_, i) => i % 2 === 0).length;
      if (synced.status !== 'COMPLETE' || m3terMappings !== expectedM3terMappings) {
        throw new Error(
          `the mapping sync: ${synced.status}, ${m3terMappings} Account mappings from m3ter (expected ${expectedM3terMappings}); errors ${JSON.stringify(synced.errors)}`,
        );
      }
      // m3ter's webhook to the hub's real address (the answer names the host the request came to).
      const hook = new URL(source.webhookUrl);
      await m3ter('PUT', '/webhook', {
        orgId,
        url: new URL(`${hook.pathname}${hook.search}`, apiUrl).href,
        apiKey: 'hub',
        secret: webhookSecret,
      });
      log(`stack up after ${Math.round((Date.now() - started) / 1000)} s; creating ${BILLS} bills`);

      // The chaos: a random worker killed every 1.5-3.5 s and replaced, while bills are created.
      const t0 = Date.now();
      let kills = 0;
      let chaos = true;
      let aborted = false;
      const chaosLoop = (async () => {
        while (!aborted && (chaos || kills < 5)) {
          await sleep(1500 + Math.random() * 2000);
          if (aborted) break;
          const index = randomInt(procs.workers.length);
          await procs.workers[index]!.kill();
          kills++;
          procs.workers[index] = await startHubProcess('worker', env);
        }
      })();
      chaosLoop.catch(() => {});

      // The creators: 16 at once, each pausing 50-250 ms between actions; follow-ups (approval,
      // regeneration) become due 1-6 s after their bill was made.
      const creates: Action[] = Array.from({ length: BILLS }, (_, i) => ({ kind: 'create', i }));
      const followUps: Action[] = [];
      const made = { created: 0, pending: 0, approved: 0, regenerated: 0, requests: 0 };
      let faultsOn = false;
      let faultsDone = false;
      const next = (): Action | 'wait' | null => {
        const now = Date.now();
        const due = followUps.findIndex((a) => a.kind !== 'create' && a.at <= now);
        if (due >= 0) return followUps.splice(due, 1)[0]!;
        const create = creates.shift();
        if (create) return create;
        return followUps.length > 0 ? 'wait' : null;
      };
      const usageLines = (count: number) =>
        Array.from({ length: count }, (_, k) => ({
          lineItemType: 'USAGE',
          productId: `prod-${k}`,
          subtotal: dollars(randomInt(1, 50_000)),
        }));
      const perform = async (action: Action) => {
        made.requests++;
        if (action.kind === 'create') {
          const pending = Math.random() < 0.3;
          const lines = usageLines(randomInt(1, 4));
          const bill = await m3ter('POST', '/bills', {
            orgId,
            accountId: accountIds[randomInt(ACCOUNTS)],
            status: pending ? 'PENDING' : 'APPROVED',
            lineItems: lines,
          });
          made.created++;
          if (pending) {
            made.pending++;
            followUps.push({ kind: 'approve', billId: bill.id, at: Date.now() + randomInt(1000, 6000) });
          }
          if (Math.random() < 0.1) {
            // A higher amount: the same lines and one more.
            const more = [
              ...lines,
              { lineItemType: 'USAGE', productId: 'prod-extra', subtotal: dollars(randomInt(1, 20_000)) },
            ];
            followUps.push({
              kind: 'regenerate',
              billId: bill.id,
              lines: more,
              at: Date.now() + randomInt(1000, 6000),
            });
          }
          // Faults on m3ter's organization routes for the middle of the run.
          if (!faultsOn && made.created >= BILLS * 0.2) {
            faultsOn = true;
            await m3ter('PUT', '/faults', {
              rate429: 0.05,
              rate500: 0.02,
              retryAfterSeconds: 1,
              versionChangeBetweenReads: 0.01,
            });
            log(`m3ter faults on at ${made.created} bills`);
          }
        } else if (action.kind === 'approve') {
          await m3ter('POST', `/organizations/${orgId}/bills/${action.billId}/approve`, {});
          made.approved++;
        } else {
          await m3ter('POST', `/organizations/${orgId}/bills/${action.billId}/regenerate`, {
            lineItems: action.lines,
          });
          made.regenerated++;
        }
      };
      try {
        await Promise.all(
          Array.from({ length: CREATORS }, async () => {
            for (;;) {
              await sleep(randomInt(50, 250));
              const action = next();
              if (action === null) return;
              if (action === 'wait') continue;
              await perform(action);
            }
          }),
        );
        log(
          `created ${made.created} bills (${made.pending} pending, then approved ${made.approved}; regenerated ${made.regenerated}) in ${Math.round((Date.now() - t0) / 1000)} s, ${kills} kills so far`,
        );
      } catch (error) {
        aborted = true;
        await chaosLoop.catch(() => {});
        throw error;
      }
      chaos = false;
      await chaosLoop;
      log(`chaos over after ${kills} kills`);

      // Quiet: every bill's latest version at m3ter has a COMPLETE run, nothing pending or syncing.
      const integrationId: string = integration.id;
      const runsOf = () =>
        handle.db
          .selectFrom('integration_runs')
          .select(['id', 'entity_id', 'bill_version', 'status', 'reason', 'error_code', 'trigger'])
          .where('integration_config_id', '=', integrationId)
          .execute();
      const count = async (query: ReturnType<typeof sql<{ n: string }>>) =>
        Number((await query.execute(handle.db)).rows[0]?.n ?? 0);
      let lastLog = Date.now();
      const tQuiet = Date.now();
      let m3terBills: M3terBill[] = [];
      try {
        await waitFor('quiet', options.timeoutMs, async () => {
          m3terBills = (await m3ter('GET', `/organizations/${orgId}/bills`)) as M3terBill[];
          const runs = await runsOf();
          const complete = new Set(
            runs.filter((r) => r.status === 'COMPLETE').map((r) => `${r.entity_id}|${r.bill_version}`),
          );
          const waiting = m3terBills.filter((b) => !complete.has(`${b.id}|${b.version}`)).length;
          const busy = runs.filter((r) => ['WAITING', 'STARTED', 'AWAITING_RETRY'].includes(r.status)).length;
          const pending = await count(
            sql`select count(*) as n from source_pending_bills where source_id = ${source.id}`,
          );
          const syncing = await count(
            sql`select count(*) as n from source_syncs where source_id = ${source.id} and status in ('QUEUED', 'RUNNING')`,
          );
          // The faults stay on until 20 % of the bills have landed, so they hit the syncs' reads.
          if (faultsOn && !faultsDone && waiting <= m3terBills.length * 0.8) {
            faultsDone = true;
            await m3ter('PUT', '/faults', {});
            log(`m3ter faults off with ${waiting} latest versions still to land`);
          }
          if (Date.now() - lastLog > 10_000) {
            lastLog = Date.now();
            log(
              `waiting: ${waiting} latest versions without a COMPLETE run, ${busy} runs in flight, ${pending} bills pending, ${syncing} syncs queued/running`,
            );
          }
          return waiting === 0 && busy === 0 && pending === 0 && syncing === 0 && faultsDone
            ? true
            : undefined;
        });
      } catch (error) {
        for (const proc of [procs.api!, ...procs.workers]) {
          const exit = proc.child.exitCode === null ? 'running' : `exited ${proc.child.exitCode}`;
          log(`--- hub ${proc.role} (${exit}), last output:\n${proc.output().slice(-3000)}`);
        }
        throw error;
      }
      const msToQuiet = Date.now() - tQuiet;
      // The webhooks in flight, then the final read of m3ter (nothing changes it any more).
      await sleep(1000);
      m3terBills = (await m3ter('GET', `/organizations/${orgId}/bills`)) as M3terBill[];

      // What Azure must hold, from m3ter's latest versions: per subscription, Σ round(total / 0.01).
      const subscriptionOf = new Map(accountIds.map((id, i) => [id, subscriptions[i]!.toLowerCase()]));
      const expected = new Map<string, Money>();
      let expectedTotal = new Money(0);
      for (const bill of m3terBills) {
        const total = bill.lineItems.reduce((sum, line) => sum.plus(line.subtotal), new Money(0));
        const units = total.div(UNIT_PRICE).toDecimalPlaces(0, Money.ROUND_HALF_UP);
        const key = `${subscriptionOf.get(bill.accountId)}|${DIMENSION}`;
        expected.set(key, (expected.get(key) ?? new Money(0)).plus(units));
        expectedTotal = expectedTotal.plus(units);
      }
      const records = await azure.recorded();
      const got = new Map<string, Money>();
      const perSlot = new Map<string, number>();
      for (const record of records) {
        const key = `${record.resource}|${record.dimension}`;
        got.set(key, (got.get(key) ?? new Money(0)).plus(record.quantity));
        const slot = `${key}|${record.slot}`;
        perSlot.set(slot, (perSlot.get(slot) ?? 0) + 1);
      }
      let lost = new Money(0);
      let duplicated = new Money(0);
      const wrong: string[] = [];
      for (const key of new Set([...expected.keys(), ...got.keys()])) {
        const diff = (got.get(key) ?? new Money(0)).minus(expected.get(key) ?? new Money(0));
        if (diff.lt(0)) lost = lost.plus(diff.neg());
        if (diff.gt(0)) duplicated = duplicated.plus(diff);
        if (!diff.eq(0))
          wrong.push(
            `${key}: Azure ${got.get(key)?.toFixed() ?? 0}, owed ${expected.get(key)?.toFixed() ?? 0}`,
          );
      }
      const slotDuplicates = [...perSlot.values()].reduce((n, c) => n + c - 1, 0);

      // What the hub holds: bills ingested, runs per (bill, version).
      const runs = await runsOf();
      const runsPerVersion = new Map<string, number>();
      for (const run of runs) {
        const key = `${run.entity_id}|${run.bill_version}`;
        runsPerVersion.set(key, (runsPerVersion.get(key) ?? 0) + 1);
      }
      const doubleRuns = [...runsPerVersion].filter(([, n]) => n > 1).map(([key, n]) => `${key} ×${n}`);
      const hubBills = await handle.db.selectFrom('bills').select(['id', 'version']).execute();
      const ingestedPerVersion = new Map<string, number>();
      for (const b of hubBills) {
        const key = `${b.id}|${b.version}`;
        ingestedPerVersion.set(key, (ingestedPerVersion.get(key) ?? 0) + 1);
      }
      const doubleIngests = [...ingestedPerVersion].filter(([, n]) => n > 1).map(([key]) => key);
      const notIngested = m3terBills.filter((b) => !ingestedPerVersion.has(`${b.id}|${b.version}`));
      const unsettled = runs.filter(
        (r) => r.status !== 'COMPLETE' && !(r.status === 'SKIPPED' && r.reason === 'STALE_VERSION'),
      );
      const syncRows = await handle.db
        .selectFrom('source_syncs')
        .select(['status', 'trigger', 'bills_fetched', 'bills_ingested', 'errors'])
        .where('source_id', '=', source.id)
        .execute();
      const tally = (values: string[]) => {
        const out: Record<string, number> = {};
        for (const v of values) out[v] = (out[v] ?? 0) + 1;
        return out;
      };
      const syncErrors = tally(
        syncRows.flatMap((s) => ((s.errors as { code: string }[] | null) ?? []).map((e) => e.code)),
      );

      // Azure's "already held" answers: only a re-send the hub had no answer on record for may get one.
      const stats = await azure.stats();
      const unrecordedAnswers = stats.processedAnswers - (await azure.recordedAnswers(handle.db));
      const m3terStats = await m3ter('GET', '/stats');
      const deliveries = (m3terStats.webhooks?.deliveries ?? []) as { status: number | null }[];
      const webhookStatuses = tally(deliveries.map((d) => String(d.status ?? 'none')));
      const webhook5xx = deliveries.filter((d) => (d.status ?? 0) >= 500).length;
      const versions = m3terBills.map((b) => b.version);

      const figures = {
        drill: M3TER_DRILL_NAME,
        bills: m3terBills.length,
        created: made.created,
        approvedLater: made.approved,
        regenerated: made.regenerated,
        silentRegenerations: m3terStats.faultsInjected?.versionChange ?? 0,
        versionsAtM3ter: versions.reduce((a, b) => a + b, 0),
        billVersionsIngested: hubBills.length,
        runs: runs.length,
        runsComplete: runs.filter((r) => r.status === 'COMPLETE').length,
        runsSkippedStale: runs.filter((r) => r.status === 'SKIPPED' && r.reason === 'STALE_VERSION').length,
        workers: WORKERS,
        workerKills: kills,
        syncs: syncRows.length,
        syncsByTrigger: JSON.stringify(tally(syncRows.map((s) => s.trigger))),
        syncsByStatus: JSON.stringify(tally(syncRows.map((s) => s.status))),
        syncErrors: JSON.stringify(syncErrors),
        billsFetched: syncRows.reduce((n, s) => n + s.bills_fetched, 0),
        m3terFaults: JSON.stringify(m3terStats.faultsInjected ?? {}),
        m3terRateLimited: m3terStats.rateLimited ?? 0,
        webhooks: JSON.stringify(webhookStatuses),
        mappingsFromM3ter: m3terMappings,
        expectedQuantity: expectedTotal.toFixed(),
        acceptedQuantity: [...got.values()].reduce((a, b) => a.plus(b), new Money(0)).toFixed(),
        lost: lost.toFixed(),
        duplicated: duplicated.toFixed(),
        azureEvents: records.length,
        slotDuplicates,
        duplicateAnswers: stats.replayAnswers,
        unrecordedAnswers,
        secondsToQuiet: Math.round(msToQuiet / 1000),
        seconds: Math.round((Date.now() - started) / 1000),
      };
      console.table(figures);

      const problems: string[] = [];
      if (m3terBills.length !== BILLS) problems.push(`${m3terBills.length} bills at m3ter, ${BILLS} meant`);
      if (!lost.eq(0)) problems.push(`${figures.lost} units lost`);
      if (!duplicated.eq(0)) problems.push(`${figures.duplicated} units sent twice`);
      if (wrong.length > 0) problems.push(`subscriptions off: ${wrong.slice(0, 5).join('; ')}`);
      if (slotDuplicates > 0)
        problems.push(`${slotDuplicates} records beyond one per (subscription, dimension, hour)`);
      if (stats.replayAnswers > Math.max(0, unrecordedAnswers))
        problems.push(
          `${stats.replayAnswers} Azure "Duplicate" answers, more than the ${unrecordedAnswers} answers the hub never recorded`,
        );
      if (doubleRuns.length > 0)
        problems.push(
          `${doubleRuns.length} (bill, version) with more than one run: ${doubleRuns.slice(0, 5).join(', ')}`,
        );
      if (doubleIngests.length > 0)
        problems.push(
          `${doubleIngests.length} (bill, version) ingested twice: ${doubleIngests.slice(0, 5).join(', ')}`,
        );
      if (notIngested.length > 0)
        problems.push(
          `${notIngested.length} latest versions never ingested: ${notIngested
            .slice(0, 5)
            .map((b) => `${b.id} v${b.version}`)
            .join(', ')}`,
        );
      if (unsettled.length > 0)
        problems.push(
          `${unsettled.length} runs neither COMPLETE nor SKIPPED as stale: ${unsettled
            .slice(0, 5)
            .map((r) => `${r.entity_id} v${r.bill_version} ${r.status} ${r.reason ?? r.error_code ?? ''}`)
            .join(', ')}`,
        );
      if (webhook5xx > 0) problems.push(`${webhook5xx} webhook deliveries answered 5xx by the hub`);
      if ((webhookStatuses['202'] ?? 0) === 0) problems.push('no webhook delivery was accepted (202)');
      const triggers = new Set(syncRows.map((s) => s.trigger));
      if (!triggers.has('WEBHOOK'))
        problems.push(`no sync triggered by a webhook (triggers: ${[...triggers].join(', ')})`);
      if (kills < 5) problems.push(`only ${kills} workers killed`);
      return problems;
    },
  };
}

/** `fn(i)` for i in 0..n-1, ten at a time; the answers in order. */
async function inBatches<T>(n: number, fn: (i: number) => Promise<T> | T): Promise<T[]> {
  const out: T[] = [];
  for (let from = 0; from < n; from += 10) {
    const indexes = Array.from({ length: Math.min(10, n - from) }, (_, k) => from + k);
    out.push(...(await Promise.all(indexes.map((i) => fn(i)))));
  }
  return out;
}

/** Polls `probe` every 500 ms until it answers something, or throws after `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(500);
  }
}
