import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, type ManagedProcess, spawnManaged } from '@hub/test-services';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * A parent that started the drills' processes (PostgreSQL, redis-server, the emulator, hub api and
 * worker processes) and then ends without stopping them (an exception, a rejection, a signal, or
 * killed outright) must not leave any of them running: test-services' safety net and reaper.
 */
const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = 'test/reliability/fixtures/crashing-parent.ts';

/** Every live process whose process group is one of `groups` (from /proc). */
function membersOf(groups: number[]): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && groups.includes(Number(pgrp))) members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

async function allGone(pids: number[], timeoutMs = 10_000): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0 || Date.now() > until) return alive;
    await new Promise((r) => setTimeout(r, 50));
  }
}

let started: { parent: ManagedProcess; groups: number[] } | null = null;

afterEach(async () => {
  // If a test failed, leave nothing behind either.
  if (!started) return;
  await started.parent.kill();
  for (const pid of membersOf(started.groups)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  started = null;
});

/** Starts the fixture; resolves once its processes run, with every process in their groups. */
async function startParent(size: 'full' | 'light', ending: 'throw' | 'reject' | 'wait') {
  const parent = spawnManaged(
    process.execPath,
    ['--conditions=@hub/source', '--import', 'tsx', FIXTURE, size, ending],
    { cwd: APP_DIR, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } },
  );
  let output = '';
  parent.child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const groups = await new Promise<number[]>((resolve, reject) => {
    let stdout = '';
    parent.child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const line = /\{"pids":\[[\d,]*\]\}/.exec(stdout);
      if (line) resolve((JSON.parse(line[0]) as { pids: number[] }).pids);
    });
    void parent.exited.then((code) => reject(new Error(`the parent exited with ${code}:\n${output}`)));
  });
  started = { parent, groups };
  const members = membersOf(groups);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    parent.child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { parent, groups, members, exit, output: () => output };
}

describe('processes a failing parent started', () => {
  it('the whole drill stack is stopped when the parent-side code throws', async () => {
    const run = await startParent('full', 'throw');
    // The postmaster (and its backends), redis, the emulator, api and worker, and tsx's helpers.
    expect(run.groups).toHaveLength(5);
    expect(run.members.length).toBeGreaterThanOrEqual(run.groups.length);
    run.parent.child.stdin?.end('go\n');
    const exit = await run.exit;
    expect(exit.code).toBe(1);
    expect(run.output()).toContain('the parent-side code throws');
    expect(await allGone(run.members)).toEqual([]);
  }, 120_000);

  it('children are stopped when the parent dies of an unhandled rejection', async () => {
    const run = await startParent('light', 'reject');
    expect(run.groups).toHaveLength(2);
    run.parent.child.stdin?.end('go\n');
    expect((await run.exit).code).toBe(1);
    expect(await allGone(run.members)).toEqual([]);
  }, 60_000);

  it('children are stopped when the parent is sent SIGTERM, and it still dies of the signal', async () => {
    const run = await startParent('light', 'wait');
    run.parent.child.stdin?.end('go\n');
    await new Promise((r) => setTimeout(r, 200));
    run.parent.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await allGone(run.members)).toEqual([]);
  }, 60_000);

  it('the whole drill stack is stopped by the reaper when the parent is killed outright (SIGKILL)', async () => {
    const run = await startParent('full', 'wait');
    run.parent.child.kill('SIGKILL');
    expect((await run.exit).signal).toBe('SIGKILL');
    expect(await allGone(run.members)).toEqual([]);
  }, 120_000);
});
