import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm start` owns its Redis (scripts/start.sh with scripts/lib/private-redis.sh and supervise.sh):
 * each data directory gets a redis-server of its own, started under the script's supervision, and
 * stopping the script (SIGTERM to its process group, or killing it outright) leaves no redis-server
 * and no socket behind. The driver below is start.sh's tail with a stand-in for the hub, so the
 * test needs no build. HUB_TEST_PRIVATE_REDIS_SH points it at another private-redis.sh (to check that
 * the test fails against the old one).
 */
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const PRIVATE_REDIS_SH = process.env.HUB_TEST_PRIVATE_REDIS_SH ?? join(REPO, 'scripts/lib/private-redis.sh');

// The hub's stand-in: says it is up, and on SIGINT/SIGTERM closes the way the hub does (it still
// needs Redis then): it pings Redis, writes how many signals it got and the answer, and exits.
const HUB_STAND_IN = `
const net = require('node:net');
const { writeFileSync } = require('node:fs');
const url = new URL(process.env.REDIS_URL);
let signals = 0;
const close = () => {
  if (++signals > 1) return;
  setTimeout(() => {
    const socket = net.createConnection({ host: url.hostname, port: Number(url.port) }, () => socket.write('PING\\r\\n'));
    const done = (answer) => {
      writeFileSync(process.env.STAND_IN_REPORT, JSON.stringify({ signals, answer }));
      process.exit(0);
    };
    socket.once('data', (data) => done(data.toString().trim()));
    socket.once('error', (error) => done(error.code));
  }, 300);
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
setInterval(() => {}, 1000);
console.log('hub stand-in up');
`;

const DRIVER = `
set -euo pipefail
cd "$REPO"
source scripts/lib/supervise.sh
source "$PRIVATE_REDIS_SH"
echo "REDIS_URL=$REDIS_URL"
status=0
run_supervised node "$STAND_IN" || status=$?
exit "$status"
`;

interface Started {
  driver: ChildProcess;
  dataDir: string;
  redisUrl: string;
  report: string;
  output: () => string;
  exited: Promise<number | null>;
}

let root: string;
let standIn: string;
const running: Started[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'hub-start-redis-'));
  standIn = join(root, 'hub-stand-in.cjs');
  writeFileSync(standIn, HUB_STAND_IN);
  return () => rmSync(root, { recursive: true, force: true });
});

afterEach(() => {
  // Whatever a failed test left: the driver's group, and any redis-server a pid file names.
  for (const s of running.splice(0)) {
    try {
      process.kill(-s.driver.pid!, 'SIGKILL');
    } catch {
      // gone
    }
    const pid = redisPidFromFile(s.dataDir);
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  }
});

function redisPidFromFile(dataDir: string): number | null {
  try {
    return Number(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** A live process (a zombie is a dead one). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** Runs the driver on `name` (a data directory under the test's root) until the hub stand-in is up. */
async function start(name: string): Promise<Started> {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  const report = join(dataDir, 'stand-in.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REPO,
    PRIVATE_REDIS_SH,
    STAND_IN: standIn,
    STAND_IN_REPORT: report,
    HUB_DATA_DIR: dataDir,
  };
  delete env.REDIS_URL;
  delete env.HUB_REDIS_PORT;
  // Its own process group, as `npm start` in a terminal has.
  const driver = spawn('bash', ['-c', DRIVER], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  driver.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  driver.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => driver.once('exit', (code) => resolve(code)));
  const started: Started = { driver, dataDir, redisUrl: '', report, output: () => output, exited };
  running.push(started);
  const up = await waitUntil(() => output.includes('hub stand-in up') || driver.exitCode !== null, 20_000);
  if (!up || driver.exitCode !== null) throw new Error(`the start path did not come up:\n${output}`);
  started.redisUrl = /REDIS_URL=(\S+)/.exec(output)![1]!;
  return started;
}

/** Which redis-server a URL reaches: its pid, and the directory it keeps its data in. */
async function identify(url: string): Promise<{ pid: number; dir: string }> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)![1]);
    const [, dir] = (await redis.config('GET', 'dir')) as [string, string];
    return { pid, dir };
  } finally {
    redis.disconnect();
  }
}

const canPdeathsig = (() => {
  try {
    return execFileSync('setpriv', ['--help'], { encoding: 'utf8' }).includes('--pdeathsig');
  } catch {
    return false;
  }
})();

describe('npm start owns its Redis', () => {
  it('two data directories get two redis-servers, each keeping its data in its own directory', async () => {
    const a = await start('a');
    const b = await start('b');
    expect(a.redisUrl).not.toBe(b.redisUrl);
    const [ra, rb] = await Promise.all([identify(a.redisUrl), identify(b.redisUrl)]);
    expect(ra.pid).not.toBe(rb.pid);
    expect(ra.dir).toBe(realpathSync(join(a.dataDir, 'redis')));
    expect(rb.dir).toBe(realpathSync(join(b.dataDir, 'redis')));
    // Each is a child of its own start script, not a daemon.
    for (const [s, r] of [
      [a, ra],
      [b, rb],
    ] as const) {
      const stat = readFileSync(`/proc/${r.pid}/stat`, 'utf8');
      expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])).toBe(s.driver.pid);
    }
  });

  it('SIGTERM to the process group: the hub closes once, with Redis still up; then redis-server stops and its socket is gone', async () => {
    const s = await start('term');
    const { pid } = await identify(s.redisUrl);
    const socket = join(s.dataDir, 'redis', 'redis.sock');
    expect(existsSync(socket)).toBe(true);

    process.kill(-s.driver.pid!, 'SIGTERM');
    const code = await Promise.race([s.exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(code, s.output()).toBe(0);

    expect(JSON.parse(readFileSync(s.report, 'utf8'))).toEqual({ signals: 1, answer: '+PONG' });
    expect(await waitUntil(() => !alive(pid), 5000), `redis-server ${pid} still runs`).toBe(true);
    expect(existsSync(socket)).toBe(false);
    expect(redisPidFromFile(s.dataDir)).toBeNull();
  });

  it('a second start on the same data directory is refused, not given the first one’s Redis', async () => {
    const first = await start('shared');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      REPO,
      PRIVATE_REDIS_SH,
      STAND_IN: standIn,
      HUB_DATA_DIR: first.dataDir,
    };
    delete env.REDIS_URL;
    let failure: { status: number | null; stderr: string } | null = null;
    try {
      execFileSync('bash', ['-c', DRIVER], { env, stdio: 'pipe', timeout: 20_000 });
    } catch (error) {
      const e = error as { status: number | null; stderr: Buffer };
      failure = { status: e.status, stderr: e.stderr.toString() };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stderr).toContain('already running on');
    // The first one is untouched.
    expect((await identify(first.redisUrl)).dir).toBe(realpathSync(join(first.dataDir, 'redis')));
  });

  it.skipIf(!canPdeathsig)(
    'killing the start script outright (SIGKILL) still stops its redis-server',
    async () => {
      const s = await start('kill');
      const { pid } = await identify(s.redisUrl);
      process.kill(s.driver.pid!, 'SIGKILL');
      await s.exited;
      expect(await waitUntil(() => !alive(pid), 5000), `redis-server ${pid} still runs`).toBe(true);

      // A new start on that directory comes up on a fresh redis-server.
      const again = await start('kill');
      expect((await identify(again.redisUrl)).pid).not.toBe(pid);
    },
  );
});
