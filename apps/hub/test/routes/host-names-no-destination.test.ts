import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(APP_DIR, 'src');

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** `file:line: text` for every line of apps/hub/src that matches `pattern`. */
function linesMatching(pattern: RegExp): string[] {
  return filesUnder(SRC).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, index) =>
        pattern.test(text) ? [`${relative(APP_DIR, file)}:${index + 1}: ${text.trim()}`] : [],
      ),
  );
}

/**
 * The host is destination-agnostic: a destination is a plugin, found at start-up, and the host's
 * sources never name one, not even in a comment ("grep is empty", made permanent).
 */
describe('the host names no destination', () => {
  it('walks the sources (the check is not vacuous)', () => {
    const files = filesUnder(SRC);
    expect(files.length).toBeGreaterThan(20);
    expect(files.map((file) => relative(SRC, file))).toContain(join('plugins', 'load-plugins.ts'));
  });

  it('no line of apps/hub/src mentions Azure, AWS or Amazon', () => {
    expect(linesMatching(/azure|aws|amazon/i)).toEqual([]);
  });

  it('apps/hub/src imports no @hub/plugin-* package (statically, dynamically or by require)', () => {
    const imports = linesMatching(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"`]@hub\/plugin-/,
    );
    expect(imports).toEqual([]);
  });
});
