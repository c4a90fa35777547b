// The console's budget: initial JavaScript (what index.html loads before any screen) at most
// 250 kB gzipped. Measured on the build output, so CI checks it on every build, not a timed test.
// Writes dist/bundle-size.json and fails the build when over budget.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 250 * 1000;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// The entry script and every module it preloads: the JavaScript needed to paint the first screen.
const initial = [
  ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/console\/([^"]+\.js)"/g),
].map((match) => match[1]);
if (initial.length === 0) {
  console.error('bundle-size: no script found in dist/index.html');
  process.exit(1);
}
const files = initial.map((file) => ({
  file,
  gzipBytes: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
}));
const total = files.reduce((sum, f) => sum + f.gzipBytes, 0);
writeFileSync(
  join(dist, 'bundle-size.json'),
  `${JSON.stringify({ budgetBytes: BUDGET_BYTES, totalGzipBytes: total, files }, null, 2)}\n`,
);
console.log(
  `initial JavaScript: ${(total / 1000).toFixed(1)} kB gzipped (budget ${BUDGET_BYTES / 1000} kB) in ${files.length} file(s)`,
);
if (total > BUDGET_BYTES) {
  console.error('bundle-size: over budget');
  process.exit(1);
}
