import { describe, expect, it } from 'vitest';
import {
  CREDENTIAL_HEADERS,
  DEFAULT_MAX_RECORDED_TEXT,
  describeTransportError,
  type Exchange,
  parseJsonLossless,
  REDACTED,
  recordCall,
  recordExchange,
  redactFields,
  redactForm,
  redactHeaders,
  scrubExchange,
  truncateText,
} from '../src/index.js';

const exchange = (overrides: Partial<Exchange> = {}): Exchange => ({
  method: 'POST',
  url: 'http://x/api',
  requestHeaders: {},
  requestBody: null,
  status: 200,
  responseHeaders: {},
  responseBody: null,
  error: null,
  startedAt: '2026-12-01T00:00:00.000Z',
  durationMs: 1,
  requestId: null,
  correlationId: null,
  ...overrides,
});

describe('redactHeaders', () => {
  it('lower-cases names, drops undefined values and replaces the credential headers', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer eyJ.secret',
        'Proxy-Authorization': 'Basic abc',
        Cookie: 'a=b',
        'Set-Cookie': 's=1',
        Accept: 'application/json',
        'X-Missing': undefined,
      }),
    ).toEqual({
      authorization: REDACTED,
      'proxy-authorization': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      accept: 'application/json',
    });
    expect(CREDENTIAL_HEADERS).toContain('authorization');
  });

  it('redacts extra credential headers in any case', () => {
    expect(
      redactHeaders(
        { 'X-Amz-Security-Token': 'tok', 'x-other': '1' },
        { credentialHeaders: ['X-AMZ-Security-Token'] },
      ),
    ).toEqual({ 'x-amz-security-token': REDACTED, 'x-other': '1' });
  });

  it('keeps the named schemes readable, spelled as given, and only those', () => {
    const rule = { keepSchemes: ['Basic', 'Bearer'] };
    expect(redactHeaders({ authorization: 'bearer eyJ.secret' }, rule)).toEqual({
      authorization: `Bearer ${REDACTED}`,
    });
    expect(redactHeaders({ authorization: 'BASIC a2V5' }, rule)).toEqual({
      authorization: `Basic ${REDACTED}`,
    });
    expect(redactHeaders({ authorization: 'Token x' }, rule)).toEqual({ authorization: REDACTED });
    // A scheme with no credential after it, or a longer word that starts like one, is no scheme.
    expect(redactHeaders({ authorization: 'Bearer' }, rule)).toEqual({ authorization: REDACTED });
    expect(redactHeaders({ authorization: 'Bearerx y' }, rule)).toEqual({ authorization: REDACTED });
    expect(redactHeaders({ authorization: 'Basic a2V5' }, { keepSchemes: ['Bearer'] })).toEqual({
      authorization: REDACTED,
    });
  });
});

describe('redactFields and redactForm', () => {
  const tokens = { fields: ['access_token', 'client_secret'] };

  it('replaces top-level secret fields by exact name by default', () => {
    expect(
      redactFields({ access_token: 'abc', Access_Token: 'x', nested: { access_token: 'n' } }, tokens),
    ).toEqual({
      access_token: REDACTED,
      Access_Token: 'x',
      nested: { access_token: 'n' },
    });
    expect(redactFields('text', tokens)).toBe('text');
    expect(redactFields(null, tokens)).toBeNull();
    expect(redactFields([{ access_token: 'a' }], tokens)).toEqual([{ access_token: 'a' }]);
  });

  it('goes through objects and arrays in any case when asked, keeping lossless numbers', () => {
    const rule = { fields: ['SecretAccessKey', 'SessionToken'], ignoreCase: true, deep: true };
    const body = parseJsonLossless(
      '{"Credentials":{"secretAccessKey":"s","SESSIONTOKEN":"t","AccessKeyId":"AKIA"},"list":[{"sessionToken":"u","n":1.50}]}',
    );
    const redacted = redactFields(body, rule);
    expect(JSON.stringify(redacted)).toBe(
      `{"Credentials":{"secretAccessKey":"${REDACTED}","SESSIONTOKEN":"${REDACTED}","AccessKeyId":"AKIA"},"list":[{"sessionToken":"${REDACTED}","n":"1.50"}]}`,
    );
  });

  it('reads a form into its fields, secrets replaced', () => {
    expect(redactForm('client_id=app&client_secret=s3cr%26t&scope=a%2F.default', tokens)).toEqual({
      client_id: 'app',
      client_secret: REDACTED,
      scope: 'a/.default',
    });
    expect(redactForm('CLIENT_SECRET=x', { ...tokens, ignoreCase: true })).toEqual({
      CLIENT_SECRET: REDACTED,
    });
  });
});

describe('scrubExchange', () => {
  it('replaces every echo of a secret anywhere, keeping lossless numbers', () => {
    const scrubbed = scrubExchange(
      exchange({
        url: 'http://x/api?key=s3cret-value',
        responseHeaders: { 'x-echo': 'tok-123456' },
        responseBody: parseJsonLossless('{"total":9.1234567890123461,"echo":["s3cret-value"]}'),
        error: 'failed with tok-123456',
      }),
      ['s3cret-value', 'tok-123456'],
    );
    const text = JSON.stringify(scrubbed);
    expect(text).not.toContain('s3cret-value');
    expect(text).not.toContain('tok-123456');
    expect(text).toContain('"total":"9.1234567890123461"');
    expect(scrubbed.error).toBe(`failed with ${REDACTED}`);
  });

  it('ignores secrets too short to be told from ordinary text', () => {
    const original = exchange({ responseBody: { text: 'abc' } });
    expect(scrubExchange(original, ['abc', ''])).toBe(original);
  });
});

describe('truncateText', () => {
  it('keeps short text and notes how much of long text was cut', () => {
    expect(truncateText('short')).toBe('short');
    expect(truncateText('x'.repeat(DEFAULT_MAX_RECORDED_TEXT + 10))).toBe(
      `${'x'.repeat(DEFAULT_MAX_RECORDED_TEXT)}… [10 more characters]`,
    );
    expect(truncateText('abcdef', 4)).toBe('abcd… [2 more characters]');
  });
});

describe('recordExchange', () => {
  it('builds the record with redacted headers, ids from them, and every secret scrubbed', () => {
    const record = recordExchange(
      {
        method: 'GET',
        url: 'http://x/bills?token=tok-123456',
        requestHeaders: { Authorization: 'Bearer tok-123456', 'X-Request-Id': 'r-1' },
        requestBody: null,
        status: 200,
        responseHeaders: { 'X-Correlation': 'c-1', 'Set-Cookie': 'sid=1' },
        responseBody: { echo: 'tok-123456' },
        error: null,
        startedAt: new Date('2026-12-01T00:00:00.000Z'),
        durationMs: 12,
        ids: (sent, received) => ({
          requestId: sent['x-request-id'] ?? null,
          correlationId: received['x-correlation'] ?? null,
        }),
      },
      { keepSchemes: ['Bearer'], secrets: ['tok-123456'] },
    );
    expect(record).toEqual({
      method: 'GET',
      url: `http://x/bills?token=${REDACTED}`,
      requestHeaders: { authorization: `Bearer ${REDACTED}`, 'x-request-id': 'r-1' },
      requestBody: null,
      status: 200,
      responseHeaders: { 'x-correlation': 'c-1', 'set-cookie': REDACTED },
      responseBody: { echo: REDACTED },
      error: null,
      startedAt: '2026-12-01T00:00:00.000Z',
      durationMs: 12,
      requestId: 'r-1',
      correlationId: 'c-1',
    });
  });

  it('records a transport failure with null ids when none are read', () => {
    const record = recordExchange(
      {
        method: 'POST',
        url: 'http://x',
        requestHeaders: {},
        requestBody: { a: 1 },
        status: null,
        responseHeaders: {},
        responseBody: null,
        error: 'ECONNREFUSED: connect failed',
        startedAt: new Date(0),
        durationMs: 0,
      },
      { secrets: [] },
    );
    expect(record).toMatchObject({
      status: null,
      error: 'ECONNREFUSED: connect failed',
      requestId: null,
      correlationId: null,
    });
  });
});

describe('recordCall', () => {
  const base = {
    method: 'GET',
    url: 'http://x/bills',
    headers: { Authorization: 'Bearer tok-123456' },
    recordedRequestBody: null,
    recordResponse: (text: string, contentType: string) => ({ text, contentType }),
    secrets: ['tok-123456'],
    keepSchemes: ['Bearer'],
    now: () => new Date('2026-12-01T00:00:00.000Z'),
  };

  it('records an answer: flattened headers, the stored body, secrets out', async () => {
    let tick = 0;
    const { result, exchange } = await recordCall({
      ...base,
      clock: () => (tick += 7),
      send: async () => ({
        status: 400,
        headers: { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'], 'X-Absent': undefined },
        text: 'echo tok-123456',
      }),
    });
    expect(result).toEqual({
      kind: 'http',
      status: 400,
      headers: { 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' },
      text: 'echo tok-123456',
    });
    expect(exchange).toMatchObject({
      requestHeaders: { authorization: `Bearer ${REDACTED}` },
      status: 400,
      responseHeaders: { 'content-type': 'application/json', 'set-cookie': REDACTED },
      responseBody: { text: `echo ${REDACTED}`, contentType: 'application/json' },
      error: null,
      startedAt: '2026-12-01T00:00:00.000Z',
      durationMs: 7,
    });
  });

  it('stores an empty answer as null without asking recordResponse', async () => {
    const { exchange } = await recordCall({
      ...base,
      clock: () => 0,
      recordResponse: () => {
        throw new Error('not called');
      },
      send: async () => ({ status: 204, headers: {}, text: '' }),
    });
    expect(exchange.responseBody).toBeNull();
  });

  it('turns a thrown transport failure into a result, never an exception', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const { result, exchange } = await recordCall({
      ...base,
      clock: () => 0,
      send: async () => {
        throw new TypeError('fetch failed', { cause });
      },
    });
    expect(result).toEqual({
      kind: 'transport',
      code: 'ECONNREFUSED',
      message: 'fetch failed (connect ECONNREFUSED 127.0.0.1:1)',
    });
    expect(exchange).toMatchObject({ status: null, responseHeaders: {}, responseBody: null });
    expect(exchange.error).toBe('ECONNREFUSED: fetch failed (connect ECONNREFUSED 127.0.0.1:1)');
  });

  it('describes odd failures too', () => {
    expect(describeTransportError('boom')).toEqual({ code: 'UNKNOWN', message: 'boom' });
    expect(
      describeTransportError(Object.assign(new Error('t'), { code: 'UND_ERR_HEADERS_TIMEOUT' })),
    ).toEqual({
      code: 'UND_ERR_HEADERS_TIMEOUT',
      message: 't',
    });
    expect(describeTransportError(new RangeError('r'))).toEqual({ code: 'RangeError', message: 'r' });
  });
});
