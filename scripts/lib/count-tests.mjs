// Adds up the vitest JSON reports of every package into the one closing line CI reads:
// `N passed, M failed` (plus `, K skipped`). A report missing for a package that ran tests, or a
// test file that failed to load, counts as a failure so a crash can never look green.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

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
    const data = JSON.parse(readFileSync(report, 'utf8'));
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
  if (existsSync(drills)) {
    const data = JSON.parse(readFileSync(drills, 'utf8'));
    passed += data.passed ?? 0;
    failed += data.failed ?? 0;
  } else {
    console.error('no report from the reliability drills');
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
