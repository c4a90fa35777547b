import { AuthError, ClientConfigurationError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { extractAadsts, tokenFailureFrom } from '../../src/token-errors.js';

/** What MSAL builds from an Entra error body (ResponseHandler.validateTokenResponse). */
function serverError(error: string, code: number, description: string, status: number): ServerError {
  const text = `Error(s): ${code} - Timestamp: 2026-11-25 10:00:00Z - Description: AADSTS${code}: ${description}\r\nTrace ID: t-1\r\nCorrelation ID: c-1\r\nTimestamp: 2026-11-25 10:00:00Z - Correlation ID: c-1 - Trace ID: t-1`;
  return new ServerError(error, 'c-1', text, undefined, String(code), status);
}

describe('token errors', () => {
  it('extracts the AADSTS code and sentence, without trace noise', () => {
    expect(
      extractAadsts(
        'AADSTS7000215: Invalid client secret provided. Ensure the secret is the value. Trace ID: abc Correlation ID: def Timestamp: 2026-11-25 10:00:00Z',
      ),
    ).toEqual({
      code: 'AADSTS7000215',
      message: 'AADSTS7000215: Invalid client secret provided. Ensure the secret is the value.',
    });
    expect(extractAadsts('no code here')).toBeNull();
  });

  it('a wrong secret is a refusal (AUTH_FAILED), with the AADSTS code', () => {
    const failure = tokenFailureFrom(
      serverError('invalid_client', 7000215, 'Invalid client secret provided.', 401),
    );
    expect(failure).toEqual({
      code: 'AADSTS7000215',
      message: 'AADSTS7000215: Invalid client secret provided. (invalid_client)',
      transient: false,
      retryAfterMs: null,
    });
  });

  it.each([
    ['unauthorized_client', 700016, 'Application with identifier was not found in the directory.', 400],
    ['invalid_request', 90002, "Tenant 'x' not found.", 400],
  ])('%s is a refusal', (error, code, description, status) => {
    const failure = tokenFailureFrom(serverError(error, code, description, status));
    expect(failure.transient).toBe(false);
    expect(failure.code).toBe(`AADSTS${code}`);
  });

  it('a 5xx or 429 from Entra is transient', () => {
    expect(tokenFailureFrom(serverError('temporarily_unavailable', 90033, 'busy', 503)).transient).toBe(true);
    expect(tokenFailureFrom(serverError('x', 1, 'slow down', 429)).transient).toBe(true);
  });

  it("MSAL's throttling replay (no status, numeric codes) is transient even with an AADSTS text", () => {
    const replay = new ServerError(
      '90033',
      'c-1',
      'AADSTS90033: A transient error has occurred. Please try again.',
    );
    expect(tokenFailureFrom(replay)).toMatchObject({ code: 'AADSTS90033', transient: true });
  });

  it('network failures are transient and keep the reason', () => {
    const failure = tokenFailureFrom(
      new AuthError('network_error', '', 'UND_ERR_CONNECT_TIMEOUT: Connect Timeout Error'),
    );
    expect(failure).toMatchObject({ code: 'network_error', transient: true });
    expect(failure.message).toContain('UND_ERR_CONNECT_TIMEOUT');
  });

  it('a configuration error is not transient', () => {
    const failure = tokenFailureFrom(new ClientConfigurationError('url_parse_error', 'bad authority'));
    expect(failure.transient).toBe(false);
  });

  it('anything unrecognised is transient with its message', () => {
    expect(tokenFailureFrom(new Error('weird'))).toMatchObject({ transient: true, message: 'weird' });
  });
});
