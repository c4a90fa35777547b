import { randomUUID } from 'node:crypto';
import type { Exchange } from '@hub/core';
import type { Db } from '../db/database.js';

/** Stores a destination's exchanges (already redacted by its adapter) and links them to the runs they served. */
export async function storeExchanges(
  db: Db,
  input: { orgId: string; credentialId: string },
  exchanges: Exchange[],
  runIds: string[],
): Promise<void> {
  for (const exchange of exchanges) {
    const id = randomUUID();
    await db
      .insertInto('exchanges')
      .values({
        id,
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
      })
      .execute();
    const unique = [...new Set(runIds)];
    if (unique.length > 0) {
      await db
        .insertInto('run_exchanges')
        .values(unique.map((runId) => ({ run_id: runId, exchange_id: id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  }
}
