import { describe, expect, it } from 'vitest';
import type { AzureMarketplaceClient } from '../../src/index.js';
import { CLIENT_SECRET, type Harness, useClientHarness } from '../support/emulator.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let h: Harness;
let client: AzureMarketplaceClient;

useClientHarness((harness, c) => {
  h = harness;
  client = c;
});

describe('exchanges', () => {
  it('record the token call and the metering call, with request ids and nothing secret', async () => {
    const resourceId = h.subscription();
    const result = await client.submitBatch([h.event(resourceId, { quantity: '0.000001' })]);
    expect(result.outcomes[0]?.code).toBe('ACCEPTED');
    expect(result.exchanges.map((e) => [e.method, new URL(e.url).pathname, e.status])).toEqual([
      ['POST', expect.stringMatching(/\/oauth2\/v2\.0\/token$/), 200],
      ['POST', '/api/batchUsageEvent', 200],
    ]);
    const [token, batch] = result.exchanges;
    expect(token?.requestBody).toMatchObject({
      client_secret: '[REDACTED]',
      grant_type: 'client_credentials',
    });
    expect(token?.responseBody).toMatchObject({ access_token: '[REDACTED]', token_type: 'Bearer' });
    expect(batch?.requestHeaders['authorization']).toBe('Bearer [REDACTED]');
    expect(batch?.requestId).toMatch(GUID);
    expect(batch?.correlationId).toMatch(GUID);

    // The ids we sent are the ones Azure logged against the event (what a support ticket quotes).
    const recorded = h.emulator.events().find((e) => e.resourceId === resourceId);
    expect(recorded).toMatchObject({ requestId: batch?.requestId, correlationId: batch?.correlationId });

    const text = JSON.stringify(result.exchanges);
    expect(text).not.toContain(CLIENT_SECRET);
    for (const issued of h.emulator.state.tokens.keys()) expect(text).not.toContain(issued);
    expect(text).toContain('"quantity":"0.000001"');
  });

  it('every call gets a new request id', async () => {
    const a = await client.submitBatch([h.event(h.subscription())]);
    const b = await client.submitBatch([h.event(h.subscription())]);
    const ids = [...a.exchanges, ...b.exchanges].map((e) => e.requestId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
