import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactXml, scrubExchange } from '../../src/index.js';

describe('exchange redaction', () => {
  it('replaces the signature and session token headers, lower-casing names', () => {
    expect(
      redactHeaders({
        Authorization: 'AWS4-HMAC-SHA256 Credential=AKIA…',
        'X-Amz-Security-Token': 'token',
        'X-Amz-Target': 'AWSMPMeteringService.BatchMeterUsage',
      }),
    ).toEqual({
      authorization: REDACTED,
      'x-amz-security-token': REDACTED,
      'x-amz-target': 'AWSMPMeteringService.BatchMeterUsage',
    });
  });

  it("empties the secret elements of STS's XML answers", () => {
    const xml =
      '<Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s3cr3t</SecretAccessKey><SessionToken>t0k3n\nmore</SessionToken></Credentials>';
    const redacted = redactXml(xml);
    expect(redacted).toContain('<AccessKeyId>ASIA1</AccessKeyId>');
    expect(redacted).not.toContain('s3cr3t');
    expect(redacted).not.toContain('t0k3n');
  });

  it('scrubs known secrets anywhere in an exchange', () => {
    const exchange = {
      method: 'POST',
      url: 'http://x/',
      requestHeaders: {},
      requestBody: { nested: ['echo s3cr3t-value'] },
      status: 400,
      responseHeaders: { 'x-echo': 's3cr3t-value' },
      responseBody: 'said s3cr3t-value',
      error: null,
      startedAt: '2026-03-10T12:30:00.000Z',
      durationMs: 1,
      requestId: null,
      correlationId: null,
    };
    expect(JSON.stringify(scrubExchange(exchange, ['s3cr3t-value']))).not.toContain('s3cr3t-value');
  });
});
