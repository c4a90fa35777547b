// Adds up the vitest JSON reports of every package into the one closing line CI reads:
// `N passed, M failed` (plus `, K skipped`). A report missing or unreadable for a package that ran
// tests, or a test file that failed to load, counts as a failure so a crash can never look green.
// So does the drills' report (apps/hub/reliability/runner.ts): missing or unreadable is a failure,
// and one cut short (`complete` not true) counts every planned drill without a result as failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parsed JSON file, or null when it is not JSON (a writer that died half-way). */
function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const count = (value) => (Number.isInteger(value) && value >= 0 ? value : null);

const roots = ['packages', 'plugins', 'apps'];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const { scripts = {} } = JSON.parse(readFileSync(pkg, 'utf8'));
    if (!scripts.test) continue;
    const report = join(dir, '.test-report', 'vitest.json');
    if (!existsSync(report)) {
      console.error(`no test report for ${dir}`);
      failed += 1;
      continue;
    }
    const data = readJson(report);
    if (!data) {
      console.error(`unreadable test report ${report}`);
      failed += 1;
      continue;
    }
    passed += data.numPassedTests ?? 0;
    failed += data.numFailedTests ?? 0;
    skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
    // A file that fails to import has no tests in it but is a failed suite.
    for (const file of data.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
    }
  }
}
// The reliability drills (when they ran): each drill is one test.
const drills = join('apps', 'hub', '.test-report', 'drills.json');
if (process.env.SKIP_DRILLS !== '1') {
  const data = existsSync(drills) ? readJson(drills) : null;
  const drillsPassed = count(data?.passed);
  const drillsFailed = count(data?.failed);
  if (!existsSync(drills)) {
    console.error('no report from the reliability drills');
    failed += 1;
  } else if (drillsPassed === null || drillsFailed === null) {
    console.error(`unreadable report from the reliability drills (${drills})`);
    failed += 1;
  } else {
    passed += drillsPassed;
    failed += drillsFailed;
    for (const drill of Array.isArray(data.drills) ? data.drills : []) {
      if (drill?.status === 'failed') {
        console.error(
          `drill failed: ${drill.name}: ${(drill.reasons ?? []).join('; ') || 'no reason given'}`,
        );
      }
    }
    // Cut short (the drills' process killed outright): every planned drill without a result failed,
    // and at least one did.
    const missing = Math.max(0, (count(data.planned) ?? 0) - drillsPassed - drillsFailed);
    if (data.complete !== true) {
      console.error(`the drills' report is incomplete: ${missing} planned drill(s) have no result`);
      failed += Math.max(1, missing);
    } else if (missing > 0) {
      console.error(`${missing} planned drill(s) have no result`);
      failed += missing;
    } else if (drillsPassed + drillsFailed === 0) {
      console.error('the reliability drills ran no drill');
      failed += 1;
    }
  }
}
// The console's browser journeys (Playwright's JSON report): each test once; a missing or unreadable
// report, or one that ran nothing, is a failure.
const browser = join('apps', 'console', '.test-report', 'playwright.json');
if (process.env.SKIP_BROWSER !== '1') {
  const data = existsSync(browser) ? readJson(browser) : null;
  const expected = count(data?.stats?.expected);
  const unexpected = count(data?.stats?.unexpected);
  if (expected === null || unexpected === null) {
    console.error(`no readable report from the console's browser tests (${browser})`);
    failed += 1;
  } else {
    passed += expected;
    // No retries are configured, so a flaky result can only mean a retry someone added: not a pass.
    failed += unexpected + (count(data.stats.flaky) ?? 0);
    skipped += count(data.stats.skipped) ?? 0;
    for (const error of Array.isArray(data.errors) ? data.errors : []) {
      console.error(`browser tests: ${error?.message ?? 'an error outside any test'}`);
      failed += 1;
    }
    if (expected + unexpected === 0) {
      console.error('the console browser tests ran no test');
      failed += 1;
    }
  }
}
// The vitest suites' second run, under Node 24 (scripts/test.sh → scripts/lib/node24-report.mjs):
// each test counts once per Node line it passed on.
const node24 = join('.test-report', 'node24.json');
if (process.env.SKIP_NODE24 !== '1') {
  const data = existsSync(node24) ? readJson(node24) : null;
  const node24Passed = count(data?.passed);
  const node24Failed = count(data?.failed);
  if (node24Passed === null || node24Failed === null) {
    console.error(`no readable report from the Node 24 run (${node24})`);
    failed += 1;
  } else {
    passed += node24Passed;
    failed += node24Failed;
    skipped += count(data.skipped) ?? 0;
    if (data.error) console.error(`Node 24 run: ${data.error}`);
  }
}
// The closing line is exactly `N passed, M failed` (CI reads it); skipped tests are said before it.
if (skipped) console.error(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
