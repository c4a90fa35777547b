import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseJsonLossless } from '@hub/core';

/**
 * Microsoft's real metering messages live in the shared workspace (fixtures/azure-marketplace),
 * outside this repository; tests read them in place and skip when they are not there.
 */
export const FIXTURES_DIR = fileURLToPath(
  new URL('../../../../../shared/fixtures/azure-marketplace/', import.meta.url),
);

export const fixturesPresent = existsSync(FIXTURES_DIR);

export const FIXTURES_MISSING = `Azure fixtures not found at ${FIXTURES_DIR}: fixture tests skipped`;

/** A fixture parsed the way the client parses Azure's answers: losslessly. */
export function readFixture(name: string): unknown {
  return parseJsonLossless(readFileSync(`${FIXTURES_DIR}${name}`, 'utf8'));
}
