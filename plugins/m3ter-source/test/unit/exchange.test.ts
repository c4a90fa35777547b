import type { Exchange } from '@hub/core';
import { parseJsonLossless } from '@hub/core';
import { describe, expect, it } from 'vitest';
import {
  MAX_RECORDED_TEXT,
  redactHeaders,
  redactSecretFields,
  scrubExchange,
  truncateText,
} from '../../src/exchange.js';

describe('exchange redaction', () => {
  it('replaces Basic and Bearer credentials, keeping the scheme; lower-cases names', () => {
    expect(redactHeaders({ Authorization: 'Bearer eyJ.secret.token', Accept: 'application/json' })).toEqual({
      authorization: 'Bearer [REDACTED]',
      accept: 'application/json',
    });
    expect(redactHeaders({ authorization: 'basic a2V5OnNlY3JldA==' })).toEqual({
      authorization: 'Basic [REDACTED]',
    });
    expect(redactHeaders({ authorization: 'Token x', cookie: 'a=b', 'set-cookie': 's=1' })).toEqual({
      authorization: '[REDACTED]',
      cookie: '[REDACTED]',
      'set-cookie': '[REDACTED]',
    });
  });

  it('takes the access token out of a token answer', () => {
    expect(redactSecretFields({ access_token: 'abc', token_type: 'Bearer', expires_in: 18000 })).toEqual({
      access_token: '[REDACTED]',
      token_type: 'Bearer',
      expires_in: 18000,
    });
    expect(redactSecretFields('text')).toBe('text');
  });

  it('scrubs any echo of a secret anywhere, keeping lossless numbers', () => {
    const exchange: Exchange = {
      method: 'GET',
      url: 'http://x/organizations/o/bills/b?note=s3cret-value',
      requestHeaders: {},
      requestBody: null,
      status: 400,
      responseHeaders: { 'x-echo': 'tok-123456' },
      responseBody: parseJsonLossless('{"billTotal":9.1234567890123461,"message":"bad s3cret-value"}'),
      error: null,
      startedAt: '2026-12-01T00:00:00.000Z',
      durationMs: 1,
      requestId: null,
      correlationId: null,
    };
    const text = JSON.stringify(scrubExchange(exchange, ['s3cret-value', 'tok-123456', 'abc']));
    expect(text).not.toContain('s3cret-value');
    expect(text).not.toContain('tok-123456');
    expect(text).toContain('"billTotal":"9.1234567890123461"');
  });

  it('truncates long text', () => {
    expect(truncateText('x'.repeat(MAX_RECORDED_TEXT + 3))).toMatch(/\[3 more characters\]$/);
  });
});
