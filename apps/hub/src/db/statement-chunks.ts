/**
 * PostgreSQL binds at most 65,535 parameters to one statement; multi-row statements split
 * their rows so that each statement stays under it (with room to spare for fixed parameters).
 */
const MAX_BIND_PARAMETERS = 65_000;

/** `rows` in slices of at most as many rows as fit one statement at `parametersPerRow` each. */
export function chunksForStatement<T>(rows: readonly T[], parametersPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_BIND_PARAMETERS / parametersPerRow));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
