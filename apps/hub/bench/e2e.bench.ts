import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findPostgresBin, type PostgresServer } from '@hub/test-services';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import {
  awsDriver,
  azureDriver,
  connectIntegration,
  type HubAnswer,
  type HubCall,
} from '../reliability/destinations.js';
import { connectDatabase } from '../src/db/connect.js';
import { startHubProcess } from '../test/support/hub-processes.js';
import { hubEnv, startServiceStack } from '../test/support/service-stack.js';
import { cpuPerBill, cpuProbe } from './cpu-accounting.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..', '..');
const BILLS = Number(process.env.BENCH_E2E_BILLS ?? 10_000);
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 500);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 2000);
const POST_CONCURRENCY = Number(process.env.BENCH_POST_CONCURRENCY ?? 64);
const RAW_JOBS = Number(process.env.BENCH_RAW_JOBS ?? 20_000);
// The AWS pass: smaller, since AWS takes 10 BatchMeterUsage calls a second (250 records at most).
const AWS_BILLS = Number(process.env.BENCH_AWS_BILLS ?? 2000);
const AWS_CUSTOMERS = Number(process.env.BENCH_AWS_CUSTOMERS ?? 1000);
// The batch route's phase: as many bills as the single route's, posted BATCH_SIZE at a time.
const BATCH_BILLS = Number(process.env.BENCH_BATCH_BILLS ?? BILLS);
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const BATCH_CONCURRENCY = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 4);
// The database's floor: pgbench's simple-update script (-N), durable commits, on the bench's cluster.
const PGBENCH_CLIENTS = Number(process.env.BENCH_PGBENCH_CLIENTS ?? 8);
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? 15);
const DIMENSIONS = ['compute', 'storage', 'network'];
const PRODUCTS = DIMENSIONS.map((_, i) => `prod-${i}`);

const log = (message: string) => console.error(`[bench] ${message}`);

async function rawBullmq(redisUrl: string): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const name = `raw-${randomUUID().slice(0, 8)}`;
  const queue = new Queue(name, { connection });
  const jobs = Array.from({ length: RAW_JOBS }, (_, i) => ({
    name: 'noop',
    data: { i },
    opts: { removeOnComplete: true, removeOnFail: true },
  }));
  for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
  let done = 0;
  const started = performance.now();
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const finished = new Promise<void>((resolve) => {
    const worker = new Worker(name, async () => {}, {
      connection: workerConnection,
      concurrency: 50,
    });
    worker.on('completed', () => {
      if (++done === RAW_JOBS) {
        resolve();
        void worker.close();
      }
    });
  });
  await finished;
  const rate = RAW_JOBS / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();
  return rate;
}

/**
 * What the benchmark's own PostgreSQL cluster sustains of pgbench's simple-update transaction
 * (`-N`: an UPDATE, a SELECT and an INSERT per transaction, each commit durable), with
 * `PGBENCH_CLIENTS` clients for `PGBENCH_SECONDS`, on a database of its own (scale 1).
 */
async function pgbenchFloor(postgres: PostgresServer): Promise<{ tps: number; output: string }> {
  const bin = join(findPostgresBin(), 'pgbench');
  const database = 'pgbench_floor';
  await postgres.createDatabase(database);
  const connection = ['-h', '127.0.0.1', '-p', String(postgres.port), '-U', 'postgres'];
  const execFileAsync = promisify(execFile);
  await execFileAsync(bin, ['-i', '-q', '-s', '1', ...connection, database]);
  const { stdout } = await execFileAsync(bin, [
    '-N',
    '-c',
    String(PGBENCH_CLIENTS),
    '-j',
    String(Math.min(PGBENCH_CLIENTS, cpus().length)),
    '-T',
    String(PGBENCH_SECONDS),
    ...connection,
    database,
  ]);
  // "tps = 3103.2 (without initial connection time)"; older versions print two tps lines.
  const match =
    /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(stdout);
  if (!match) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return { tps: Number(match[1]), output: stdout };
}

function bill(id: string, subscriptionIndex: number) {
  return {
    id,
    version: 1,
    accountId: `acc-${subscriptionIndex}`,
    currency: 'USD',
    status: 'APPROVED',
    lineItems: Array.from({ length: 20 }, (_, l) => ({
      id: `${id}-l${l}`,
      lineItemType: l % 5 === 0 ? 'STANDING_CHARGE' : 'USAGE',
      subtotal: ((l * 37 + subscriptionIndex) % 500) / 100 + 0.01,
      productId: `prod-${l % 3}`,
    })),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * The AWS pass, on the same hub processes after the Azure phases: its own organization (so the
 * Azure integration sees none of its bills), an AWS integration on the AWS emulator, `AWS_BILLS`
 * bills over `AWS_CUSTOMERS` customers. What it measures is batching: BatchMeterUsage calls (throttled
 * and failed ones included) per record AWS accepted, against the floor of one call per 25 records.
 */
/** Calls `post(i)` for i in 0…count-1, POST_CONCURRENCY at a time. */
async function postConcurrently(count: number, post: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: POST_CONCURRENCY }, async () => {
      while (next < count) await post(next++);
    }),
  );
}

async function awsPass(
  request: (key: string) => HubCall,
  adminKey: string,
  /** Until `bills` more runs than before the pass are COMPLETE (throws if one ends otherwise). */
  settled: (bills: number) => Promise<void>,
  awsUrl: string,
) {
  log(`AWS: seeding ${AWS_CUSTOMERS} customers`);
  const aws = awsDriver(awsUrl, { dimensions: DIMENSIONS });
  const org = await request(adminKey)('POST', '/v1/api-keys', {
    orgId: 'bench-aws',
    name: 'bench-aws',
    admin: false,
  });
  if (org.status !== 201)
    throw new Error(`an api key for the AWS pass: ${org.status} ${JSON.stringify(org.json)}`);
  const hub = request(org.json.key);
  await connectIntegration(aws, hub, {
    name: 'bench-aws',
    accounts: AWS_CUSTOMERS,
    products: PRODUCTS,
    dimensions: DIMENSIONS,
  });
  log(`AWS: posting ${AWS_BILLS} bills (concurrency ${POST_CONCURRENCY})`);
  const started = performance.now();
  await postConcurrently(AWS_BILLS, async (i) => {
    const res = await hub('POST', '/v1/bills', bill(`aws-${i}`, i % AWS_CUSTOMERS));
    if (res.status >= 400) throw new Error(`POST /v1/bills: ${res.status} ${JSON.stringify(res.json)}`);
  });
  await settled(AWS_BILLS);
  const seconds = (performance.now() - started) / 1000;
  const stats = await aws.stats();
  const raw = await aws.admin('GET', '/stats');
  const accepted = (await aws.recorded()).length;
  return {
    bills: AWS_BILLS,
    customers: AWS_CUSTOMERS,
    totalSeconds: Number(seconds.toFixed(2)),
    billsPerSecond: Math.round(AWS_BILLS / seconds),
    acceptedRecords: accepted,
    batchMeterUsageCalls: stats.meteringCalls,
    callsPerAcceptedRecord: Number((stats.meteringCalls / Math.max(1, accepted)).toFixed(4)),
    batchSizes: stats.batchSizes,
    // AWS's 10 calls a second, enforced by the emulator: the hub's own limiter should leave it idle.
    throttled: raw.throttled ?? 0,
    assumeRoleCalls: raw.calls?.AssumeRole ?? 0,
  };
}

async function main(): Promise<void> {
  log('starting PostgreSQL, Redis and the emulators');
  // BENCH_PG_STATEMENTS=1: which statements PostgreSQL spent its time on (pg_stat_statements).
  const statements = Boolean(process.env.BENCH_PG_STATEMENTS);
  const services = await startServiceStack('bench', {
    emulators: ['azure', 'aws'],
    postgresSettings: [
      ...(statements ? ['shared_preload_libraries=pg_stat_statements'] : []),
      'autovacuum_naptime=5',
      // BENCH_PG_SETTINGS: more server settings, space-separated (e.g. auto_explain's while profiling).
      ...(process.env.BENCH_PG_SETTINGS?.split(' ').filter(Boolean) ?? []),
    ],
  });
  const { redis, emulator, databaseUrl } = services;
  const cleanups: (() => Promise<unknown>)[] = [() => services.stop()];
  try {
    log(`database floor: pgbench -N, ${PGBENCH_CLIENTS} clients, ${PGBENCH_SECONDS} s`);
    const pgbench = await pgbenchFloor(services.postgres);
    log(`pgbench: ${pgbench.tps.toFixed(0)} tps`);
    log(`baseline: ${RAW_JOBS} raw BullMQ no-op jobs`);
    const rawJobsPerSecond = await rawBullmq(redis.url);

    const adminKey = `hub_bench_${randomBytes(12).toString('hex')}`;
    const env = hubEnv(services, adminKey, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...(process.env.BENCH_WORKER_CONCURRENCY
        ? { WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY }
        : {}),
      ...(process.env.BENCH_SUBMIT_CHUNK ? { HUB_SUBMIT_CHUNK: process.env.BENCH_SUBMIT_CHUNK } : {}),
    });
    // The built JavaScript, as operators run it (the root `pnpm bench` builds first);
    // BENCH_FROM_SOURCE=1 runs the TypeScript sources through tsx instead.
    const fromDist = !process.env.BENCH_FROM_SOURCE;
    // The heap cap the Dockerfile sets (NODE_OPTIONS); BENCH_WORKER_NODE_ARGS replaces it.
    const workerNodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '--max-old-space-size=256')
      .split(' ')
      .filter(Boolean);
    // BENCH_WORKERS: worker processes (default 1: what one worker sustains).
    const workerCount = Number(process.env.BENCH_WORKERS ?? 1);
    const [api, ...workers] = await Promise.all([
      startHubProcess('api', env, { fromDist }),
      // BENCH_WORKER_NODE_ARGS: node flags for the workers alone (e.g. --trace-gc while profiling).
      ...Array.from({ length: workerCount }, () =>
        startHubProcess('worker', env, { fromDist, nodeArgs: workerNodeArgs }),
      ),
    ]);
    const worker = workers[0]!;
    cleanups.unshift(() => api.stop(), ...workers.map((w) => () => w.stop()));
    /** The hub's API with `key`; a connection reset under load is resent (ingest is idempotent). */
    const send = async (
      key: string,
      method: string,
      path: string,
      body: unknown,
      attempt = 0,
    ): Promise<HubAnswer> => {
      let res: Response;
      try {
        res = await fetch(`${api.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
        return send(key, method, path, body, attempt + 1);
      }
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    };
    const request =
      (key: string): HubCall =>
      (method, path, body) =>
        send(key, method, path, body);
    const call = async (method: string, path: string, body?: unknown): Promise<any> => {
      const res = await request(adminKey)(method, path, body);
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json;
    };

    log(`seeding ${SUBSCRIPTIONS} subscriptions`);
    await connectIntegration(azureDriver(emulator.url, { dimensions: DIMENSIONS }), request(adminKey), {
      name: 'bench',
      accounts: SUBSCRIPTIONS,
      products: PRODUCTS,
      dimensions: DIMENSIONS,
    });

    // A production database has statistics for its tables; this one was empty a second ago. Analyze
    // what was seeded, and let autovacuum (every 5 s here) follow the tables as they grow, so plans
    // are those of a database in steady state rather than of an empty one (sequential scans).
    {
      const d = await connectDatabase({ url: databaseUrl, poolSize: 1 });
      await sql`analyze`.execute(d.db);
      await d.close();
    }

    const stats = async () =>
      (await (await fetch(`${emulator.url}/admin/stats`)).json()) as {
        routes: Record<string, number>;
        eventStatuses: Record<string, number>;
      };
    const acceptedNow = async () => (await stats()).eventStatuses.Accepted ?? 0;
    const runsDone = async () => {
      const db = await connectDatabase({ url: databaseUrl, poolSize: 1 });
      try {
        const rows = await db.db.selectFrom('integration_runs').select(['status']).execute();
        return {
          total: rows.length,
          complete: rows.filter((r) => r.status === 'COMPLETE').length,
          other: rows.filter((r) => !['COMPLETE', 'WAITING', 'STARTED', 'AWAITING_RETRY'].includes(r.status))
            .length,
        };
      } finally {
        await db.close();
      }
    };

    /** Until `total` runs in all are COMPLETE; a run ending otherwise throws. */
    const settled = async (total: number) => {
      for (;;) {
        const runs = await runsDone();
        if (process.env.BENCH_DEBUG) {
          const d = await connectDatabase({ url: databaseUrl, poolSize: 1 });
          const q = (t: 'integration_runs' | 'usage_entries' | 'usage_events') =>
            d.db
              .selectFrom(t)
              .select(['status', d.db.fn.countAll<string>().as('n')])
              .groupBy('status')
              .execute();
          log(
            JSON.stringify({
              runs: await q('integration_runs'),
              entries: await q('usage_entries'),
              events: await q('usage_events'),
            }),
          );
          await d.close();
        }
        if (runs.complete + runs.other >= total) {
          if (runs.other > 0) throw new Error(`${runs.other} runs did not complete`);
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    // Phase 1: throughput.
    log(`throughput: posting ${BILLS} bills (concurrency ${POST_CONCURRENCY})`);
    const workerRssIdle = rssOf(worker.child.pid);
    let workerRssMax = 0;
    const rssTimer = setInterval(() => {
      for (const w of workers) workerRssMax = Math.max(workerRssMax, rssOf(w.child.pid));
    }, 200);
    const cpu = cpuProbe({
      api: api.child.pid,
      workers: workers.map((w) => w.child.pid),
      emulator: emulator.child.pid,
      postgresPort: services.postgres.port,
      redisPort: redis.port,
    });
    if (statements) {
      const d = await connectDatabase({ url: databaseUrl, poolSize: 1 });
      await sql`create extension if not exists pg_stat_statements`.execute(d.db);
      await sql`select pg_stat_statements_reset()`.execute(d.db);
      await d.close();
    }
    const cpuBefore = cpu.sample();
    const started = performance.now();
    await postConcurrently(BILLS, (i) => call('POST', '/v1/bills', bill(`b-${i}`, i % SUBSCRIPTIONS)));
    const postedSeconds = (performance.now() - started) / 1000;
    log(`posted in ${postedSeconds.toFixed(1)} s`);
    await settled(BILLS);
    const throughputSeconds = (performance.now() - started) / 1000;
    const cpuMsPerBill = cpuPerBill(cpuBefore, cpu.sample(), BILLS);
    if (process.env.BENCH_PG_SETTINGS) {
      // The server's log (auto_explain's plans, say) outlives the throwaway cluster here.
      const dir = readdirSync(tmpdir())
        .map((name) => join(tmpdir(), name))
        .find((path) => existsSync(join(path, `.s.PGSQL.${services.postgres.port}`)));
      if (dir) copyFileSync(join(dir, 'server.log'), join(ROOT, 'bench/results/postgres.log'));
    }
    if (statements) {
      const d = await connectDatabase({ url: databaseUrl, poolSize: 1 });
      const top = await sql<{ ms: string; calls: string; per_bill: string; query: string }>`
        select round(total_exec_time::numeric, 0) as ms, calls,
          round((calls::numeric / ${BILLS}), 2) as per_bill,
          left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 110) as query
        from pg_stat_statements order by total_exec_time desc limit 20`.execute(d.db);
      await d.close();
      console.table(top.rows);
    }
    const accepted = await acceptedNow();
    const s = await stats();
    const azureCalls = Object.entries(s.routes)
      .filter(([route]) => route.includes('/api/') || route.includes('oauth2'))
      .reduce((sum, [, n]) => sum + n, 0);

    // Phase 1b: throughput through the batch route, on the same processes once phase 1 has drained.
    log(`batch: posting ${BATCH_BILLS} bills, ${BATCH_SIZE} a request (${BATCH_CONCURRENCY} at a time)`);
    const batches = Array.from({ length: Math.ceil(BATCH_BILLS / BATCH_SIZE) }, (_, b) =>
      Array.from({ length: Math.min(BATCH_SIZE, BATCH_BILLS - b * BATCH_SIZE) }, (_, j) => {
        const i = b * BATCH_SIZE + j;
        return bill(`bb-${i}`, i % SUBSCRIPTIONS);
      }),
    );
    const batchCpuBefore = cpu.sample();
    const batchStarted = performance.now();
    let nextBatch = 0;
    await Promise.all(
      Array.from({ length: BATCH_CONCURRENCY }, async () => {
        while (nextBatch < batches.length) {
          const { results } = await call('POST', '/v1/bills/batch', { bills: batches[nextBatch++] });
          const refused = (results as { outcome: string }[]).filter((r) => r.outcome !== 'STORED');
          if (refused.length) throw new Error(`POST /v1/bills/batch: ${JSON.stringify(refused[0])}`);
        }
      }),
    );
    const batchPostedSeconds = (performance.now() - batchStarted) / 1000;
    log(`batch posted in ${batchPostedSeconds.toFixed(1)} s`);
    await settled(BILLS + BATCH_BILLS);
    const batchSeconds = (performance.now() - batchStarted) / 1000;
    const batchCpuMsPerBill = cpuPerBill(batchCpuBefore, cpu.sample(), BATCH_BILLS);

    // Phase 2: latency at a fixed rate.
    log(`latency: ${LATENCY_RATE} bills/s for ${LATENCY_SECONDS} s`);
    const latencyBills = LATENCY_RATE * LATENCY_SECONDS;
    const phaseStart = performance.now();
    const inFlight = new Set<Promise<unknown>>();
    let behind = 0;
    for (let i = 0; i < latencyBills; i++) {
      const due = phaseStart + (i * 1000) / LATENCY_RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // Bounded in flight: past this the API is saturated and the rate is not being held.
      if (inFlight.size >= 256) {
        behind++;
        await Promise.race(inFlight);
      }
      const request = call('POST', '/v1/bills', bill(`lat-${i}`, (BILLS + i) % SUBSCRIPTIONS)).finally(() =>
        inFlight.delete(request),
      );
      inFlight.add(request);
    }
    const heldRate = latencyBills / ((performance.now() - phaseStart) / 1000);
    await Promise.all(inFlight);
    log(`latency phase held ${heldRate.toFixed(0)} bills/s (${behind} sends waited for a free slot)`);
    for (;;) {
      const runs = await runsDone();
      if (runs.complete + runs.other >= BILLS + BATCH_BILLS + latencyBills) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(rssTimer);
    const aws = await awsPass(
      request,
      adminKey,
      (bills) => settled(BILLS + BATCH_BILLS + latencyBills + bills),
      services.emulators.aws!.url,
    );
    const db = await connectDatabase({ url: databaseUrl, poolSize: 1 });
    const latencyRows = await db.db
      .selectFrom('integration_runs')
      .innerJoin('bills', (j) =>
        j
          .onRef('bills.id', '=', 'integration_runs.entity_id')
          .onRef('bills.version', '=', 'integration_runs.bill_version'),
      )
      .select(['integration_runs.dt_completed', 'bills.dt_received'])
      .where('integration_runs.entity_id', 'like', 'lat-%')
      .execute();
    await db.close();
    const latencies = latencyRows
      .map((r) => r.dt_completed!.getTime() - r.dt_received.getTime())
      .sort((a, b) => a - b);

    const hubBillsPerSecond = BILLS / throughputSeconds;
    const batchBillsPerSecond = BATCH_BILLS / batchSeconds;
    const result = {
      date: new Date().toISOString(),
      machine: { cores: cpus().length, node: process.version },
      core: JSON.parse(readFileSync(join(ROOT, 'bench/results/core.json'), 'utf8')),
      e2e: {
        bills: BILLS,
        lineItemsPerBill: 20,
        dimensions: DIMENSIONS.length,
        subscriptions: SUBSCRIPTIONS,
        postSeconds: Number(postedSeconds.toFixed(2)),
        ingestBillsPerSecond: Math.round(BILLS / postedSeconds),
        totalSeconds: Number(throughputSeconds.toFixed(2)),
        billsPerSecond: Math.round(hubBillsPerSecond),
        acceptedEvents: accepted,
        azureCalls,
        azureCallsPerAcceptedEvent: Number((azureCalls / Math.max(1, accepted)).toFixed(4)),
        batchSizes: (s as unknown as { batchSizes: Record<string, number> }).batchSizes,
        workers: workerCount,
        workerRssIdleMb: Math.round(workerRssIdle),
        workerRssMaxMb: Math.round(workerRssMax),
        // Where the cores went during the throughput phase, per bill (all processes share the machine).
        cpuMsPerBill,
        cpuMsPerBillTotal: Number(
          Object.values(cpuMsPerBill)
            .reduce((a, b) => a + b, 0)
            .toFixed(2),
        ),
      },
      batch: {
        bills: BATCH_BILLS,
        billsPerRequest: BATCH_SIZE,
        concurrentRequests: BATCH_CONCURRENCY,
        postSeconds: Number(batchPostedSeconds.toFixed(2)),
        // Ingest alone: every batch answered (stored, with its runs and jobs) while the worker works.
        ingestBillsPerSecond: Math.round(BATCH_BILLS / batchPostedSeconds),
        totalSeconds: Number(batchSeconds.toFixed(2)),
        batchBillsPerSecond: Math.round(batchBillsPerSecond),
        cpuMsPerBill: batchCpuMsPerBill,
        cpuMsPerBillTotal: Number(
          Object.values(batchCpuMsPerBill)
            .reduce((a, b) => a + b, 0)
            .toFixed(2),
        ),
      },
      latency: {
        rateBillsPerSecond: LATENCY_RATE,
        heldRateBillsPerSecond: Math.round(heldRate),
        bills: latencyBills,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        maxMs: latencies[latencies.length - 1] ?? 0,
      },
      aws,
      baseline: {
        rawBullmqJobsPerSecond: Math.round(rawJobsPerSecond),
        ratioHubToRaw: Number((hubBillsPerSecond / rawJobsPerSecond).toFixed(4)),
        ratioBatchToRaw: Number((batchBillsPerSecond / rawJobsPerSecond).toFixed(4)),
      },
      // The database's own floor, measured on this run's cluster before the hub started.
      database: {
        pgbench: `-N -c ${PGBENCH_CLIENTS} -T ${PGBENCH_SECONDS}, scale 1`,
        pgbenchTps: Math.round(pgbench.tps),
        billsPerPgbenchTps: Number((hubBillsPerSecond / pgbench.tps).toFixed(4)),
        batchBillsPerPgbenchTps: Number((batchBillsPerSecond / pgbench.tps).toFixed(4)),
      },
      targets: {
        ratio: 0.25,
        billsPerPgbenchTps: 0.25,
        azureCallsPerEvent: 0.05,
        awsCallsPerRecord: 0.04,
        p99Ms: 250,
        workerRssMb: 200,
        coreLineItemsPerSecond: 1_000_000,
      },
    };
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.table({
      'core line items/s': result.core.lineItemsPerSecondMedian,
      'e2e bills/s': result.e2e.billsPerSecond,
      [`e2e bills/s, batches of ${BATCH_SIZE}`]: result.batch.batchBillsPerSecond,
      'ingest bills/s, single / batch': `${result.e2e.ingestBillsPerSecond} / ${result.batch.ingestBillsPerSecond}`,
      'pgbench -N tps (database floor)': result.database.pgbenchTps,
      'bills/s ÷ pgbench tps': result.database.billsPerPgbenchTps,
      'batch bills/s ÷ pgbench tps': result.database.batchBillsPerPgbenchTps,
      'raw BullMQ jobs/s': result.baseline.rawBullmqJobsPerSecond,
      'ratio hub ÷ raw': result.baseline.ratioHubToRaw,
      'ratio batch ÷ raw': result.baseline.ratioBatchToRaw,
      'Azure calls per accepted event': result.e2e.azureCallsPerAcceptedEvent,
      'AWS calls per accepted record': result.aws.callsPerAcceptedRecord,
      'AWS pass bills/s': result.aws.billsPerSecond,
      [`p50 ms @ ${LATENCY_RATE}/s`]: result.latency.p50Ms,
      [`p99 ms @ ${LATENCY_RATE}/s`]: result.latency.p99Ms,
      'worker RSS idle MB': result.e2e.workerRssIdleMb,
      'worker RSS max MB': result.e2e.workerRssMaxMb,
    });
    console.log('CPU ms per bill during the throughput phase (2 cores = 2,000 ms of CPU per second):');
    console.table({ ...result.e2e.cpuMsPerBill, total: result.e2e.cpuMsPerBillTotal });
    if (workerNodeArgs.includes('--trace-gc'))
      console.log(
        worker
          .output()
          .split('\n')
          .filter((line, i, all) => /Mark-Compact|Mark-sweep/.test(line) || i > all.length - 10)
          .join('\n'),
      );
    console.log('wrote bench/results/latest.json');
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
