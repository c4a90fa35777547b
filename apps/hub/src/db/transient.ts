/**
 * Failures that say "the database is not there right now" rather than "this statement is wrong":
 * a restart or failover drops connections (57P01 admin_shutdown, "Connection terminated"), refuses
 * new ones (ECONNREFUSED) or answers "starting up" (57P03) for a second or two.
 */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN']);
const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'not queryable',
  'timeout exceeded when trying to connect',
];

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_ERRNOS.has(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isTransientDatabaseError)) return true;
  return TRANSIENT_MESSAGES.some((m) => error.message.includes(m));
}

export interface TransientRetryOptions {
  /** How long to keep trying before giving the error back (a restart takes a few seconds). */
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `work` again while it fails with a transient database error, backing off from 100 ms to 1 s,
 * for at most `budgetMs`. Only for work that is safe to repeat: an idempotent transaction (ingest is
 * keyed by bill id and version) or a read. Anything else fails on the first error.
 */
export async function retryTransient<T>(
  work: () => Promise<T>,
  options: TransientRetryOptions = {},
): Promise<T> {
  const budgetMs = options.budgetMs ?? 20_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientDatabaseError(error) || Date.now() >= deadline) throw error;
      await sleep(Math.min(1000, 100 * 2 ** attempt));
    }
  }
}
