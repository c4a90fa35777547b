import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Child processes that cannot outlive the code that started them.
 *
 * Every process is started in a process group of its own (`detached`), so that stopping it also
 * stops what it started (tsx's esbuild service, PostgreSQL's backends). Three nets catch a parent
 * that ends without stopping its children:
 * - `exit` (a normal end, `process.exit`, an uncaught exception or unhandled rejection), `SIGINT`,
 *   `SIGTERM`, `SIGHUP` and a fatal `uncaughtException`: every group still running is killed
 *   synchronously (a group with a gentler `exitSignal`, PostgreSQL's, gets it and up to 2 s first);
 * - a parent killed outright (SIGKILL, OOM): a small `sh` reaper, started with the first child,
 *   holds a pipe from this process and kills every group still registered when the pipe closes.
 */
export interface ManagedProcess {
  readonly child: ChildProcess;
  /** The process id, which is also its process group id. */
  readonly pid: number;
  /** Resolves once the process has exited (or failed to start), with its exit code (null: a signal). */
  readonly exited: Promise<number | null>;
  readonly running: boolean;
  /**
   * Sends `signal` (default SIGTERM) to the process itself, waits up to `graceMs` for it to exit,
   * then SIGKILLs its whole group; whatever is left of the group is killed once it has exited.
   */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  /** SIGKILLs the whole group at once (what a crash looks like) and waits for the exit. */
  kill(): Promise<void>;
}

export interface ManagedSpawnOptions extends Omit<SpawnOptions, 'detached'> {
  /**
   * What the safety net sends the process first when the parent ends with it still running
   * (default SIGKILL, at once). PostgreSQL's is SIGQUIT: an immediate shutdown that still takes its
   * backends and shared memory with it.
   */
  exitSignal?: NodeJS.Signals;
}

interface Group {
  exitSignal: NodeJS.Signals;
  exited: Promise<unknown>;
}

const groups = new Map<number, Group>();
const exitCleanups = new Set<() => void>();
let installed = false;
let reaper: ChildProcess | null = null;

/** Starts `file` as a managed process (see the module's comment). */
export function spawnManaged(
  file: string,
  args: string[],
  options: ManagedSpawnOptions = {},
): ManagedProcess {
  installSafetyNet();
  const { exitSignal = 'SIGKILL', ...spawnOptions } = options;
  const child = spawn(file, args, { ...spawnOptions, detached: true });
  const pid = child.pid;
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      if (pid !== undefined) {
        // Whatever the process left behind in its group goes with it.
        signalGroup(pid, 'SIGKILL');
        forget(pid);
      }
      resolve(code);
    });
    // A process that could not start (ENOENT, EACCES) has no exit; the caller reads the error.
    child.once('error', () => {
      if (child.pid === undefined) {
        done = true;
        resolve(null);
      }
    });
  });
  if (pid !== undefined) {
    groups.set(pid, { exitSignal, exited });
    tellReaper(`+${pid}`);
  }
  const managed: ManagedProcess = {
    child,
    pid: pid ?? -1,
    exited,
    get running() {
      return !done && pid !== undefined;
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (!managed.running) return;
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      if ((await Promise.race([exited, late])) === 'late' && pid !== undefined) signalGroup(pid, 'SIGKILL');
      clearTimeout(timer);
      await exited;
    },
    async kill() {
      if (managed.running && pid !== undefined) signalGroup(pid, 'SIGKILL');
      await exited;
    },
  };
  return managed;
}

/** Runs `cleanup` (synchronously) when the safety net fires, e.g. to remove a temp dir; returns its remover. */
export function addExitCleanup(cleanup: () => void): () => void {
  installSafetyNet();
  exitCleanups.add(cleanup);
  return () => {
    exitCleanups.delete(cleanup);
  };
}

/** The process groups still running (their leaders' pids). */
export function managedPids(): number[] {
  return [...groups.keys()];
}

/** SIGKILLs the managed processes `pids` (and their groups) and waits until they have exited. */
export async function killManaged(pids: number[]): Promise<void> {
  await Promise.all(
    pids.map((pid) => {
      const group = groups.get(pid);
      signalGroup(pid, 'SIGKILL');
      return group?.exited;
    }),
  );
}

/**
 * Stops every managed process now, synchronously: what the safety net runs. Groups with a gentle
 * `exitSignal` get it and up to `graceMs` to go; then every group is SIGKILLed; then the cleanups run.
 */
export function stopAllProcessesSync(graceMs = 2_000): void {
  const entries = [...groups];
  const gentle = entries.filter(([, group]) => group.exitSignal !== 'SIGKILL');
  for (const [pid, group] of gentle) signalProcess(pid, group.exitSignal);
  const until = Date.now() + graceMs;
  while (gentle.some(([pid]) => isAlive(pid)) && Date.now() < until) sleepSync(20);
  for (const [pid] of entries) {
    signalGroup(pid, 'SIGKILL');
    forget(pid);
  }
  for (const cleanup of [...exitCleanups]) {
    exitCleanups.delete(cleanup);
    try {
      cleanup();
    } catch {
      // best effort: the process is on its way out
    }
  }
}

/** True while `pid` is a live process: gone or a zombie (exited, not yet reaped) is dead. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    // No /proc (not Linux): signal 0 says whether the process exists (a zombie counts as alive).
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function forget(pid: number): void {
  if (groups.delete(pid)) tellReaper(`-${pid}`);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function installSafetyNet(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => stopAllProcessesSync());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      stopAllProcessesSync();
      // Alone, this listener would keep the process alive: die of the signal, as without it.
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
  // A monitor changes nothing about the crash; with no handler the process is about to die. (A test
  // runner's handler keeps it alive, and its other tests still need the servers.)
  process.on('uncaughtExceptionMonitor', () => {
    if (process.listenerCount('uncaughtException') === 0) stopAllProcessesSync();
  });
  startReaper();
}

// Reads `+PGID` / `-PGID` lines; when the pipe closes (this process ended, however), kills what is left.
const REAPER_SCRIPT = `trap '' INT TERM HUP
groups=' '
while read -r line; do
  group=\${line#?}
  case $line in
    +*) groups="$groups$group " ;;
    -*) case $groups in *" $group "*) groups="\${groups%% "$group" *} \${groups#* "$group" }" ;; esac ;;
  esac
done
for group in $groups; do kill -9 -"$group" 2>/dev/null; done
`;

function startReaper(): void {
  try {
    reaper = spawn('/bin/sh', ['-c', REAPER_SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    reaper.on('error', () => {
      reaper = null;
    });
    reaper.stdin?.on('error', () => {});
    reaper.unref();
    (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  } catch {
    reaper = null;
  }
}

function tellReaper(line: string): void {
  const stdin = reaper?.stdin;
  if (stdin && !stdin.destroyed) stdin.write(`${line}\n`);
}
