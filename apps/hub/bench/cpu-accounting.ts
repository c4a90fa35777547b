import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time per component of the benchmark, read from /proc (Linux): what each process (and, for
 * PostgreSQL, every backend) spent, so the figures say where the two cores went, per bill.
 */
const TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after its closing parenthesis do not.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime (+ reaped children's) in seconds; fields 14-17 of proc(5), here offset by 3. */
function cpuOf(pid: number, withChildren: boolean): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  const own = Number(fields[11]) + Number(fields[12]);
  const reaped = withChildren ? Number(fields[13]) + Number(fields[14]) : 0;
  return (own + reaped) / TICKS_PER_SECOND;
}

function pidsWhere(match: (cmdline: string, ppid: number) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const ppid = Number(statFields(Number(entry))?.[1]);
      if (match(cmdline, ppid)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function cpuSecondsOfThisProcess(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

export interface CpuProbe {
  /** CPU seconds per component so far. */
  sample(): Record<string, number>;
}

export function cpuProbe(components: {
  api: number | undefined;
  workers: (number | undefined)[];
  emulator: number | undefined;
  postgresPort: number;
  redisPort: number;
}): CpuProbe {
  const postmaster = pidsWhere(
    (cmd) => /\bpostgres\b/.test(cmd) && cmd.includes(`-p ${components.postgresPort}`),
  )[0];
  const redis = pidsWhere(
    (cmd) => cmd.includes('redis-server') && cmd.includes(`:${components.redisPort}`),
  )[0];
  return {
    sample() {
      // Backends come and go; those gone are counted in the postmaster's reaped children.
      const backends = postmaster ? pidsWhere((_, ppid) => ppid === postmaster) : [];
      return {
        api: components.api ? cpuOf(components.api, false) : 0,
        worker: components.workers.reduce<number>((sum, pid) => sum + (pid ? cpuOf(pid, false) : 0), 0),
        emulator: components.emulator ? cpuOf(components.emulator, false) : 0,
        postgres: postmaster
          ? cpuOf(postmaster, true) + backends.reduce((sum, pid) => sum + cpuOf(pid, false), 0)
          : 0,
        redis: redis ? cpuOf(redis, false) : 0,
        loadGenerator: cpuSecondsOfThisProcess(),
      };
    },
  };
}

/** CPU milliseconds per bill per component between two samples. */
export function cpuPerBill(
  before: Record<string, number>,
  after: Record<string, number>,
  bills: number,
): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after).map((key) => [
      key,
      Number((((after[key]! - (before[key] ?? 0)) * 1000) / bills).toFixed(2)),
    ]),
  );
}
