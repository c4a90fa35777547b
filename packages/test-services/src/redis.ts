import { createConnection } from 'node:net';
import { freePort, PortInUseError } from './free-port.js';
import { type ManagedProcess, spawnManaged } from './processes.js';

export interface RedisServer {
  url: string;
  port: number;
  /** The redis-server process id (the current one, after a restart). */
  readonly pid: number;
  /** Kills the server (as a crash would) and, `downForMs` later, starts a new one on the same port. */
  restart(downForMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One redis-server on `port`; resolves once it says it is ready (so it is ours that listens). */
async function launch(binary: string, port: number): Promise<ManagedProcess> {
  const proc = spawnManaged(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-16_384);
  };
  proc.child.stdout?.on('data', collect);
  proc.child.stderr?.on('data', collect);
  let spawnError: Error | null = null;
  proc.child.once('error', (error) => {
    spawnError = error;
  });
  const until = Date.now() + 10_000;
  for (;;) {
    if (spawnError) {
      throw new Error(
        `redis-server could not start (${(spawnError as Error).message}); install it with: apt-get install -y redis-server`,
      );
    }
    if (!proc.running) {
      await proc.exited;
      if (/address already in use/i.test(output)) throw new PortInUseError(port, output.trim());
      throw new Error(`redis-server exited before it was ready:\n${output.trim()}`);
    }
    // The log line comes from our process, so a PONG then is ours and not another server's on the port.
    if (/ready to accept connections/i.test(output) && (await ping(port))) return proc;
    if (Date.now() > until) {
      await proc.kill();
      throw new Error(`redis-server did not get ready within 10 s:\n${output.trim()}`);
    }
    await sleep(25);
  }
}

/**
 * Starts on `port`, retrying while it is in use: a port found free may be taken before it is bound
 * (then another free one is tried), and a port just released by a restart may take a moment.
 */
async function launchWithRetry(
  binary: string,
  port: number | undefined,
): Promise<{ proc: ManagedProcess; port: number }> {
  let current = port ?? (await freePort());
  for (let attempt = 1; ; attempt++) {
    try {
      return { proc: await launch(binary, current), port: current };
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
      if (port === undefined) {
        if (attempt >= 5) throw error;
        current = await freePort();
      } else {
        if (attempt >= 50) throw error;
        await sleep(200);
      }
    }
  }
}

/**
 * A private `redis-server` on a free loopback port (or `port`), no persistence, `noeviction` (what
 * BullMQ needs). Needs Debian's `redis-server` package. It is a managed process: it goes when the
 * caller's process ends, however it ends.
 */
export async function startRedis(options: { binary?: string; port?: number } = {}): Promise<RedisServer> {
  const binary = options.binary ?? 'redis-server';
  const started = await launchWithRetry(binary, options.port);
  let proc = started.proc;
  const port = started.port;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return proc.pid;
    },
    async restart(downForMs = 0) {
      await proc.kill();
      if (downForMs > 0) await sleep(downForMs);
      proc = (await launchWithRetry(binary, port)).proc;
    },
    stop: () => proc.kill(),
  };
}
