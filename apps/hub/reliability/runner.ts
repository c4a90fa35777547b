/**
 * Runs the reliability drills one after another and keeps their report honest:
 * - a drill that throws is a FAILED drill, with the error as its reason;
 * - everything a drill started is stopped when it ends, however it ends (its `cleanup`, in reverse
 *   order, then any managed process it left behind is killed and counted against it);
 * - the JSON report (`DRILL_REPORT`) is rewritten after every drill with `complete: false` until the
 *   last one, and if this process crashes or is interrupted the drill in progress and those not run
 *   yet are written down as failed: a crash never leaves a report that looks green, and a report
 *   cut short (the process killed outright) says how many drills have no result.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { killManaged, managedPids, stopAllProcessesSync } from '@hub/test-services';

export interface DrillResult {
  name: string;
  status: 'passed' | 'failed';
  /** Why it failed, in words. */
  reasons: string[];
  seconds: number;
}

/** What `DRILL_REPORT` holds; scripts/lib/count-tests.mjs adds it into the closing line. */
export interface DrillReport {
  /** How many drills this run meant to run. */
  planned: number;
  passed: number;
  failed: number;
  /** True once every planned drill has a result. */
  complete: boolean;
  drills: DrillResult[];
  [extra: string]: unknown;
}

/** Teardown steps a drill registers as it starts things; run in reverse order when it ends. */
export class Cleanup {
  private readonly steps: { what: string; step: () => Promise<unknown> | unknown }[] = [];

  constructor(private readonly timeoutMs = 60_000) {}

  defer(what: string, step: () => Promise<unknown> | unknown): void {
    this.steps.push({ what, step });
  }

  /** Runs every step (each at most `timeoutMs`), last first; returns the ones that failed, in words. */
  async run(): Promise<string[]> {
    const problems: string[] = [];
    while (this.steps.length > 0) {
      const { what, step } = this.steps.pop()!;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(step),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`timed out after ${this.timeoutMs} ms`)),
              this.timeoutMs,
            );
          }),
        ]);
      } catch (error) {
        problems.push(`stopping ${what}: ${messageOf(error)}`);
      } finally {
        clearTimeout(timer);
      }
    }
    return problems;
  }
}

export interface DrillCase {
  name: string;
  /** Resolves with the drill's failed checks in words (none: passed); a throw fails it too. */
  run(cleanup: Cleanup): Promise<string[]>;
}

export interface RunOptions {
  /** Where to write the JSON report (DRILL_REPORT). */
  report?: string | undefined;
  /** More fields for the report (e.g. the number of bills per drill). */
  extra?: Record<string, unknown>;
  log?: (message: string) => void;
  /** Per teardown step (default 60 s). */
  teardownTimeoutMs?: number;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `cases` in order; never throws. */
export async function runDrills(cases: DrillCase[], options: RunOptions = {}): Promise<DrillReport> {
  const log = options.log ?? ((message: string) => console.log(`[drill] ${message}`));
  const results: DrillResult[] = [];
  let current: { name: string; started: number } | null = null;
  let finished = false;

  const report = (complete: boolean): DrillReport => {
    const passed = results.filter((r) => r.status === 'passed').length;
    return {
      planned: cases.length,
      passed,
      failed: results.length - passed,
      complete,
      drills: results,
      ...options.extra,
    };
  };
  const write = (data: DrillReport) => {
    if (!options.report) return;
    try {
      mkdirSync(dirname(options.report), { recursive: true });
      // Whole or not at all: a reader never sees half a file.
      const partial = `${options.report}.${process.pid}.tmp`;
      writeFileSync(partial, `${JSON.stringify(data, null, 2)}\n`);
      renameSync(partial, options.report);
    } catch (error) {
      // No report is counted as a failure by count-tests.mjs; say why here.
      console.error(`could not write the drill report ${options.report}: ${messageOf(error)}`);
    }
  };
  // The process is going down in the middle of the run: the drill in progress and the ones not run
  // yet are failures, written down synchronously.
  const abandon = (why: string) => {
    if (finished) return;
    finished = true;
    if (current) {
      results.push({
        name: current.name,
        status: 'failed',
        reasons: [why],
        seconds: Math.round((Date.now() - current.started) / 1000),
      });
    }
    for (const c of cases.slice(results.length)) {
      results.push({ name: c.name, status: 'failed', reasons: [`not run: ${why}`], seconds: 0 });
    }
    const final = report(true);
    write(final);
    log(`${why}: ${final.passed} passed, ${final.failed} failed`);
  };
  const onCrash = (error: unknown) => {
    abandon(
      `the drill process crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    stopAllProcessesSync();
    process.exit(1);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    abandon(`interrupted by ${signal}`);
    stopAllProcessesSync();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  for (const signal of signals) process.on(signal, onSignal);

  try {
    write(report(false));
    for (const drill of cases) {
      const started = Date.now();
      current = { name: drill.name, started };
      const before = new Set(managedPids());
      const cleanup = new Cleanup(options.teardownTimeoutMs);
      let reasons: string[];
      try {
        reasons = await drill.run(cleanup);
      } catch (error) {
        reasons = [`threw: ${messageOf(error)}`];
        if (error instanceof Error && error.stack) log(`${drill.name}: ${error.stack}`);
      }
      reasons.push(...(await cleanup.run()));
      // Anything it started and did not stop is killed now, and is a failure of the drill.
      const left = managedPids().filter((pid) => !before.has(pid));
      await killManaged(left);
      if (left.length > 0)
        reasons.push(`left ${left.length} process(es) running after its teardown: ${left}`);
      const result: DrillResult = {
        name: drill.name,
        status: reasons.length === 0 ? 'passed' : 'failed',
        reasons,
        seconds: Math.round((Date.now() - started) / 1000),
      };
      results.push(result);
      current = null;
      for (const reason of reasons) log(`${drill.name}: ${reason}`);
      log(`${drill.name}: ${result.status.toUpperCase()} (${result.seconds} s)`);
      write(report(false));
    }
    finished = true;
    const final = report(true);
    write(final);
    return final;
  } finally {
    process.removeListener('uncaughtException', onCrash);
    process.removeListener('unhandledRejection', onCrash);
    for (const signal of signals) process.removeListener(signal, onSignal);
  }
}
