import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres.js';
import { isAlive, managedPids, spawnManaged, stopAllProcessesSync } from './processes.js';
import { startRedis } from './redis.js';

async function gone(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** Starts `sh` that starts a `sleep` in the background and prints its pid: a child with a grandchild. */
async function withGrandchild() {
  const proc = spawnManaged('/bin/sh', ['-c', 'sleep 300 & echo $!; wait'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const grandchild = await new Promise<number>((resolve) =>
    proc.child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
  );
  expect(isAlive(grandchild)).toBe(true);
  return { proc, grandchild };
}

/** The redis process id that answers on `port` (`INFO server`). */
function redisProcessId(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let data = '';
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('INFO server\r\n'));
    socket.on('data', (chunk) => {
      data += chunk;
      const match = /process_id:(\d+)/.exec(data);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
    socket.once('error', reject);
  });
}

describe('managed processes', () => {
  it('kill() takes the whole process group, grandchildren too', async () => {
    const { proc, grandchild } = await withGrandchild();
    await proc.kill();
    expect(proc.running).toBe(false);
    expect(await gone(grandchild)).toBe(true);
    expect(managedPids()).not.toContain(proc.pid);
  });

  it('stop() asks first, then kills the group when the process will not go', async () => {
    // Ignores SIGTERM (and so does its grandchild): after the grace period the group is SIGKILLed.
    const proc = spawnManaged('/bin/sh', ['-c', "trap '' TERM; sleep 300 & echo $!; wait"], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const grandchild = await new Promise<number>((resolve) =>
      proc.child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    const started = Date.now();
    await proc.stop('SIGTERM', 300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(proc.running).toBe(false);
    expect(await gone(grandchild)).toBe(true);
  });

  it('stopAllProcessesSync (the safety net) stops every managed process at once, synchronously', async () => {
    const first = await withGrandchild();
    // A gentle exit signal is sent first; this one ignores it and is killed after the grace period.
    const stubborn = spawnManaged('/bin/sh', ['-c', "trap '' QUIT; sleep 300 & wait"], {
      stdio: 'ignore',
      exitSignal: 'SIGQUIT',
    });
    await new Promise((r) => setTimeout(r, 100));
    stopAllProcessesSync(200);
    expect(managedPids()).toEqual([]);
    expect(await gone(first.grandchild)).toBe(true);
    expect(await gone(first.proc.pid)).toBe(true);
    expect(await gone(stubborn.pid)).toBe(true);
  });
});

describe('services as managed processes', () => {
  it('a PostgreSQL cluster is stopped, and its files removed, by the safety net', async () => {
    const server = await startPostgres();
    const [pid] = managedPids();
    expect(pid).toBeDefined();
    // The postmaster's `-D <dir>/data`.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const dir = dirname(args[args.indexOf('-D') + 1]!);
    expect(existsSync(dir)).toBe(true);
    stopAllProcessesSync();
    expect(await gone(pid!)).toBe(true);
    expect(managedPids()).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    // stop() after the net has fired is harmless.
    await server.stop();
  }, 60_000);

  it('a restarted PostgreSQL cluster keeps its port and data; stop leaves nothing running', async () => {
    const server = await startPostgres({ durable: true });
    try {
      const first = managedPids();
      await server.createDatabase('kept');
      await server.restart();
      const second = managedPids();
      expect(second).toHaveLength(1);
      expect(second).not.toEqual(first);
      expect(await gone(first[0]!)).toBe(true);
      // The database made before the restart is still there, on the same port.
      await server.createDatabase('kept_too');
    } finally {
      await server.stop();
    }
    expect(managedPids()).toEqual([]);
  }, 60_000);

  it('redis on a port another server still holds waits for it, instead of taking the other PONG as its own', async () => {
    const holder = await startRedis();
    const release = setTimeout(() => void holder.stop(), 600);
    try {
      const server = await startRedis({ port: holder.port });
      try {
        expect(server.pid).not.toBe(holder.pid);
        expect(await redisProcessId(server.port)).toBe(server.pid);
      } finally {
        await server.stop();
      }
    } finally {
      clearTimeout(release);
      await holder.stop();
    }
  }, 30_000);

  it('redis restart() brings a new server up on the same port', async () => {
    const server = await startRedis();
    try {
      const before = server.pid;
      await server.restart(100);
      expect(server.pid).not.toBe(before);
      expect(await gone(before)).toBe(true);
      expect(await redisProcessId(server.port)).toBe(server.pid);
    } finally {
      await server.stop();
    }
    expect(managedPids()).toEqual([]);
  }, 30_000);
});
