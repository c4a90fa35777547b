import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isAlive, managedPids, spawnManaged } from '@hub/test-services';
import { afterAll, describe, expect, it } from 'vitest';
import { type DrillReport, runDrills } from '../../reliability/runner.js';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const COUNT_TESTS = join(APP_DIR, '..', '..', 'scripts', 'lib', 'count-tests.mjs');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'hub-drill-runner-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as DrillReport;

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 25));
  return !isAlive(pid);
}

/** count-tests.mjs in a workspace of its own: one package with `tests` passed, and `drills` as the drills' report. */
async function countTests(
  drills: string | null,
  env: Record<string, string> = {},
  node24: string | null = null,
  browser: string | null = null,
) {
  const root = mkdtempSync(join(dir, 'ws-'));
  if (browser !== null) {
    mkdirSync(join(root, 'apps', 'console', '.test-report'), { recursive: true });
    writeFileSync(join(root, 'apps', 'console', '.test-report', 'playwright.json'), browser);
  }
  const app = join(root, 'apps', 'hub');
  mkdirSync(join(app, '.test-report'), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ scripts: { test: 'vitest run' } }));
  writeFileSync(
    join(app, '.test-report', 'vitest.json'),
    JSON.stringify({ numPassedTests: 10, numFailedTests: 0, testResults: [] }),
  );
  if (drills !== null) writeFileSync(join(app, '.test-report', 'drills.json'), drills);
  if (node24 !== null) {
    mkdirSync(join(root, '.test-report'), { recursive: true });
    writeFileSync(join(root, '.test-report', 'node24.json'), node24);
  }
  const result = await run(process.execPath, [COUNT_TESTS], {
    cwd: root,
    env: {
      ...process.env,
      SKIP_DRILLS: '0',
      SKIP_NODE24: node24 === null ? '1' : '0',
      SKIP_BROWSER: browser === null ? '1' : '0',
      ...env,
    },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  return { code: result.code, line: result.stdout.trim(), stderr: result.stderr };
}

describe('the drill runner', () => {
  it('a drill that throws is a FAILED drill with its reason in the report, and what it started is stopped', async () => {
    const report = join(dir, 'throws.json');
    let child = -1;
    let stray = -1;
    const result = await runDrills(
      [
        { name: 'passes', run: async () => [] },
        {
          name: 'throws after starting processes',
          async run(cleanup) {
            const proc = spawnManaged('/bin/sh', ['-c', 'sleep 300 & wait'], { stdio: 'ignore' });
            child = proc.pid;
            cleanup.defer('the shell', () => proc.kill());
            // Started and never handed to the cleanup: the runner kills it and blames the drill.
            stray = spawnManaged('/bin/sh', ['-c', 'sleep 300 & wait'], { stdio: 'ignore' }).pid;
            throw new Error('fetch failed: write EPIPE');
          },
        },
        { name: 'checks fail', run: async () => ['3 units lost'] },
      ],
      { report, log: () => {} },
    );
    expect(read(report)).toEqual(result);
    expect(result).toMatchObject({ planned: 3, passed: 1, failed: 2, complete: true });
    expect(result.drills.map((d) => [d.name, d.status])).toEqual([
      ['passes', 'passed'],
      ['throws after starting processes', 'failed'],
      ['checks fail', 'failed'],
    ]);
    expect(result.drills[1]!.reasons).toEqual([
      'threw: fetch failed: write EPIPE',
      `left 1 process(es) running after its teardown: ${stray}`,
    ]);
    expect(result.drills[2]!.reasons).toEqual(['3 units lost']);
    expect(await gone(child)).toBe(true);
    expect(await gone(stray)).toBe(true);
    expect(managedPids()).toEqual([]);

    const counted = await countTests(readFileSync(report, 'utf8'));
    expect(counted.line).toBe('11 passed, 2 failed');
    expect(counted.code).toBe(1);
    expect(counted.stderr).toContain('drill failed: throws after starting processes: threw: fetch failed');
  });

  it('a drill process that crashes still writes a whole report: the crashed drill and the rest failed', async () => {
    const report = join(dir, 'crash.json');
    const child = spawnManaged(
      process.execPath,
      ['--conditions=@hub/source', '--import', 'tsx', 'test/reliability/fixtures/crashing-drills.ts'],
      { cwd: APP_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DRILL_REPORT: report } },
    );
    let stdout = '';
    child.child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    child.child.stderr?.resume();
    expect(await child.exited).toBe(1);
    const data = read(report);
    expect(data).toMatchObject({ planned: 3, passed: 1, failed: 2, complete: true });
    expect(data.drills[1]!.name).toBe('crashes the process');
    expect(data.drills[1]!.reasons[0]).toMatch(/^the drill process crashed: Error: boom from a timer/);
    expect(data.drills[2]!.reasons[0]).toMatch(/^not run: the drill process crashed/);
    // The process the crashed drill started went with it.
    const { pid } = JSON.parse(/\{"pid":\d+\}/.exec(stdout)![0]) as { pid: number };
    expect(await gone(pid)).toBe(true);

    expect((await countTests(readFileSync(report, 'utf8'))).line).toBe('11 passed, 2 failed');
  }, 60_000);
});

describe('count-tests.mjs and the drills report', () => {
  const whole = (passed: number, failed: number) =>
    JSON.stringify({ planned: passed + failed, passed, failed, complete: true, drills: [] });

  it('adds a whole report in', async () => {
    expect(await countTests(whole(6, 0))).toMatchObject({ code: 0, line: '16 passed, 0 failed' });
  });

  it('a missing report is a failure', async () => {
    const counted = await countTests(null);
    expect(counted).toMatchObject({ code: 1, line: '10 passed, 1 failed' });
    expect(counted.stderr).toContain('no report from the reliability drills');
  });

  it('a report cut short counts every planned drill without a result as failed', async () => {
    const partial = JSON.stringify({ planned: 6, passed: 2, failed: 0, complete: false, drills: [] });
    const counted = await countTests(partial);
    expect(counted).toMatchObject({ code: 1, line: '12 passed, 4 failed' });
    expect(counted.stderr).toContain('4 planned drill(s) have no result');
  });

  it('a report that is not JSON, or has no counts, is a failure, not a crash or a silent 0', async () => {
    expect(await countTests('{"planned":6,"pass')).toMatchObject({ code: 1, line: '10 passed, 1 failed' });
    expect(await countTests('{}')).toMatchObject({ code: 1, line: '10 passed, 1 failed' });
    expect(await countTests(whole(0, 0))).toMatchObject({ code: 1, line: '10 passed, 1 failed' });
  });

  it('the Node 24 run counts once more, and a missing report from it is a failure', async () => {
    const drills = JSON.stringify({ planned: 1, passed: 1, failed: 0, complete: true, drills: [] });
    const node24 = JSON.stringify({ node: 'v24.0.0', passed: 7, failed: 1, skipped: 0 });
    expect((await countTests(drills, {}, node24)).line).toBe('18 passed, 1 failed');
    expect((await countTests(drills, { SKIP_NODE24: '0' })).line).toBe('11 passed, 1 failed');
  });

  it("the console's browser tests count (Playwright's report); missing, empty or errored is a failure", async () => {
    const drills = JSON.stringify({ planned: 1, passed: 1, failed: 0, complete: true, drills: [] });
    const report = (stats: object, errors: object[] = []) => JSON.stringify({ stats, errors });
    const ok = await countTests(
      drills,
      {},
      null,
      report({ expected: 18, unexpected: 1, flaky: 0, skipped: 2 }),
    );
    expect(ok.line).toBe('29 passed, 1 failed');
    const missing = await countTests(drills, { SKIP_BROWSER: '0' });
    expect(missing.line).toBe('11 passed, 1 failed');
    expect(missing.stderr).toContain("no readable report from the console's browser tests");
    expect((await countTests(drills, {}, null, report({ expected: 0, unexpected: 0 }))).line).toBe(
      '11 passed, 1 failed',
    );
    const crashed = await countTests(
      drills,
      {},
      null,
      report({ expected: 3, unexpected: 0 }, [{ message: 'global setup failed' }]),
    );
    expect(crashed.line).toBe('14 passed, 1 failed');
    expect(crashed.stderr).toContain('global setup failed');
  });

  it('SKIP_DRILLS=1 leaves the drills out', async () => {
    expect(await countTests(null, { SKIP_DRILLS: '1' })).toMatchObject({
      code: 0,
      line: '10 passed, 0 failed',
    });
  });
});
