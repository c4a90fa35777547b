import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@hub/azure-marketplace-emulator';
import { freePort, startRedis } from '@hub/test-services';
import { type HubState, STATE_VARIABLE } from './hub-state.js';

const repo = new URL('../../../../', import.meta.url).pathname;
const hubMain = join(repo, 'apps/hub/dist/main.js');
const consoleBuild = join(repo, 'apps/console/dist');

const TENANT = 'e2e-tenant.onmicrosoft.com';
const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const SECRET = `e2e-secret-${randomBytes(6).toString('hex')}`;
const DIMENSIONS = ['dim-a', 'dim-b', 'dim-c'];

function run(args: string[], env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  const child = spawn(process.execPath, [hubMain, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitReady(url: string, child: ChildProcess, log: string[]): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the hub exited (${child.exitCode}):\n${log.join('')}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the hub was not ready within 60 s:\n${log.join('')}`);
}

/**
 * Starts what `npm start` starts, from the build: a private redis-server, the hub (API and workers,
 * embedded PostgreSQL in a temporary directory) serving a copy of the built console, and the Azure
 * emulator it reports to. The copy keeps the run's files stable while someone rebuilds the console.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const [file, hint] of [
    [hubMain, 'pnpm exec turbo run build --filter @hub/app...'],
    [join(consoleBuild, 'index.html'), 'pnpm --filter @hub/console build'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (${hint})`);
  }
  const work = mkdtempSync(join(tmpdir(), 'hub-console-e2e-'));
  cpSync(consoleBuild, join(work, 'console'), { recursive: true });

  const redis = await startRedis();
  const emulator = await startEmulator();
  emulator.seedCredential({ tenantId: TENANT, clientId: CLIENT_ID, clientSecret: SECRET });
  const subscriptions = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of subscriptions) {
    emulator.seedSubscription({
      id,
      planId: 'gold',
      plans: [{ planId: 'gold', dimensions: DIMENSIONS.map((dim) => ({ id: dim, pricePerUnit: '0.01' })) }],
    });
  }

  const port = await freePort();
  const adminKey = `hub_console_e2e_${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    HUB_ROLE: 'all',
    PORT: String(port),
    HOST: '127.0.0.1',
    HUB_DATA_DIR: join(work, 'data'),
    REDIS_URL: redis.url,
    HUB_BOOTSTRAP_API_KEY: adminKey,
    HUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HUB_QUEUE_PREFIX: `console-e2e-${process.pid}`,
    HUB_CONSOLE_DIR: join(work, 'console'),
    AZURE_MARKETPLACE_API_URL: `${emulator.url}/api`,
    AZURE_LOGIN_URL: emulator.url,
    LOG_LEVEL: 'warn',
  };
  const log: string[] = [];
  const migrate = run(['migrate'], env, log);
  const migrated = await exited(migrate);
  if (migrated !== 0) throw new Error(`hub migrate failed (${migrated}):\n${log.join('')}`);
  const hub = run(['serve'], env, log);
  const baseURL = `http://127.0.0.1:${port}`;
  await waitReady(baseURL, hub, log);

  const state: HubState = {
    baseURL,
    adminKey,
    emulator: {
      url: emulator.url,
      tenantId: TENANT,
      clientId: CLIENT_ID,
      clientSecret: SECRET,
      subscriptions,
    },
  };
  process.env[STATE_VARIABLE] = JSON.stringify(state);

  return async () => {
    hub.kill('SIGTERM');
    const stopped = await Promise.race([exited(hub), new Promise((r) => setTimeout(r, 15_000, 'timeout'))]);
    if (stopped === 'timeout') hub.kill('SIGKILL');
    await emulator.close();
    await redis.stop();
    rmSync(work, { recursive: true, force: true });
  };
}
