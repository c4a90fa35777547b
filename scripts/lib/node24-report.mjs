// Sums up the second run of the vitest suites, under Node 24 (scripts/test.sh), into one file that
// scripts/lib/count-tests.mjs adds to the closing line: .test-report/node24.json =
// { node, passed, failed, skipped }. The same rules as count-tests.mjs: a package with a test script
// and no readable report, or a test file that failed to load, is a failure.
// `node node24-report.mjs <node version>` reads packages' .test-report/node24/vitest.json;
// `node node24-report.mjs --unavailable <reason>` records a run that could not happen (one failure).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = join('.test-report', 'node24.json');
const write = (summary) => {
  mkdirSync('.test-report', { recursive: true });
  writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    `Node 24 run (${summary.node ?? 'not run'}): ${summary.passed} passed, ${summary.failed} failed` +
      (summary.skipped ? `, ${summary.skipped} skipped` : ''),
  );
};

if (process.argv[2] === '--unavailable') {
  console.error(`the Node 24 run did not happen: ${process.argv.slice(3).join(' ')}`);
  write({ node: null, passed: 0, failed: 1, skipped: 0, error: process.argv.slice(3).join(' ') });
  process.exit(1);
}

const summary = { node: process.argv[2] ?? null, passed: 0, failed: 0, skipped: 0 };
for (const root of ['packages', 'plugins', 'apps']) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const { scripts = {} } = JSON.parse(readFileSync(pkg, 'utf8'));
    if (!scripts.test) continue;
    const report = join(dir, '.test-report', 'node24', 'vitest.json');
    let data = null;
    try {
      data = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      console.error(`no readable Node 24 test report for ${dir}`);
      summary.failed += 1;
      continue;
    }
    summary.passed += data.numPassedTests ?? 0;
    summary.failed += data.numFailedTests ?? 0;
    summary.skipped += (data.numPendingTests ?? 0) + (data.numTodoTests ?? 0);
    for (const file of data.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) summary.failed += 1;
    }
  }
}
write(summary);
process.exit(summary.failed > 0 ? 1 : 0);
