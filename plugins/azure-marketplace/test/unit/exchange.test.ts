import type { Exchange } from '@hub/core';
import { parseJsonLossless } from '@hub/core';
import { describe, expect, it } from 'vitest';
import {
  MAX_RECORDED_TEXT,
  redactForm,
  redactHeaders,
  redactTokenResponse,
  scrubExchange,
  truncateText,
} from '../../src/exchange.js';

describe('exchange redaction', () => {
  it('replaces the bearer token but keeps the scheme; lower-cases names', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer eyJ.secret.token', 'X-Ms-RequestId': 'r-1', Cookie: 'a=b' }),
    ).toEqual({ authorization: 'Bearer [REDACTED]', 'x-ms-requestid': 'r-1', cookie: '[REDACTED]' });
    expect(redactHeaders({ authorization: 'Basic dXNlcjpwYXNz' })).toEqual({ authorization: '[REDACTED]' });
    expect(redactHeaders({ 'set-cookie': 'session=1' })).toEqual({ 'set-cookie': '[REDACTED]' });
  });

  it('takes the secret out of a token request form and the tokens out of its answer', () => {
    expect(
      redactForm(
        'client_id=app&client_secret=s3cr%26t&scope=20e940b3-4c77-4b0b-9a53-9e16a1b010a7%2F.default&grant_type=client_credentials',
      ),
    ).toEqual({
      client_id: 'app',
      client_secret: '[REDACTED]',
      scope: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7/.default',
      grant_type: 'client_credentials',
    });
    expect(redactTokenResponse({ token_type: 'Bearer', expires_in: 3599, access_token: 'abc' })).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      access_token: '[REDACTED]',
    });
    expect(redactTokenResponse('not json')).toBe('not json');
  });

  it('scrubs any echo of a secret anywhere, keeping lossless numbers intact', () => {
    const exchange: Exchange = {
      method: 'POST',
      url: 'http://x/api/batchUsageEvent',
      requestHeaders: { authorization: 'Bearer [REDACTED]' },
      requestBody: parseJsonLossless(
        '{"request":[{"quantity":12.345678,"note":"contains sEcReT-value-1 here"}]}',
      ),
      status: 400,
      responseHeaders: {},
      responseBody: { echoed: ['sEcReT-value-1', 'token-abc-123'] },
      error: null,
      startedAt: '2026-11-25T10:00:00.000Z',
      durationMs: 3,
      requestId: null,
      correlationId: null,
    };
    const scrubbed = scrubExchange(exchange, ['sEcReT-value-1', 'token-abc-123']);
    const text = JSON.stringify(scrubbed);
    expect(text).not.toContain('sEcReT-value-1');
    expect(text).not.toContain('token-abc-123');
    expect(text).toContain('"quantity":"12.345678"');
    expect(text).toContain('contains [REDACTED] here');
  });

  it('truncates long non-JSON bodies', () => {
    expect(truncateText('short')).toBe('short');
    const long = 'x'.repeat(MAX_RECORDED_TEXT + 10);
    expect(truncateText(long)).toMatch(/… \[10 more characters\]$/);
  });
});
