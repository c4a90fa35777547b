import { randomUUID } from 'node:crypto';
import type { Exchange } from '@hub/core';
import type { Db } from '../db/database.js';

/**
 * Inserts exchanges (already redacted by their plugin) in one statement and returns their ids, in
 * order. Runs and syncs link to them through their own tables.
 */
export async function insertExchanges(
  db: Db,
  input: { orgId: string; credentialId: string | null },
  exchanges: readonly Exchange[],
): Promise<string[]> {
  if (exchanges.length === 0) return [];
  const rows = exchanges.map((exchange) => ({
    id: randomUUID(),
    org_id: input.orgId,
    credential_id: input.credentialId,
    method: exchange.method,
    url: exchange.url,
    request_headers: JSON.stringify(exchange.requestHeaders),
    request_body: JSON.stringify(exchange.requestBody ?? null),
    status: exchange.status,
    response_headers: JSON.stringify(exchange.responseHeaders),
    response_body: JSON.stringify(exchange.responseBody ?? null),
    error: exchange.error,
    request_id: exchange.requestId,
    correlation_id: exchange.correlationId,
    started_at: new Date(exchange.startedAt),
    duration_ms: Math.round(exchange.durationMs),
  }));
  await db.insertInto('exchanges').values(rows).execute();
  return rows.map((row) => row.id);
}

/** Stores a destination's exchanges and links them to the runs they served. */
export async function storeExchanges(
  db: Db,
  input: { orgId: string; credentialId: string },
  exchanges: Exchange[],
  runIds: string[],
): Promise<void> {
  const ids = await insertExchanges(db, input, exchanges);
  const unique = [...new Set(runIds)];
  if (ids.length === 0 || unique.length === 0) return;
  await db
    .insertInto('run_exchanges')
    .values(ids.flatMap((exchangeId) => unique.map((runId) => ({ run_id: runId, exchange_id: exchangeId }))))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
