import type { TokenFailure } from './classify-outcome.js';

/** The fields MSAL puts on its errors (AuthError, ServerError, ClientConfigurationError). */
interface MsalErrorLike {
  errorCode?: unknown;
  errorMessage?: unknown;
  errorNo?: unknown;
  status?: unknown;
  message?: unknown;
  name?: unknown;
}

/** OAuth error words that mean "this credential is refused", as opposed to "try later". */
const CREDENTIAL_REFUSALS = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'invalid_grant',
  'invalid_scope',
  'invalid_resource',
  'access_denied',
  'unsupported_grant_type',
]);

/** MSAL codes for "the token endpoint could not be reached or answered nonsense". */
const TRANSIENT_CODES = new Set([
  'network_error',
  'temporarily_unavailable',
  'token_parsing_error',
  'endpoints_resolution_error',
  'server_error',
]);

/**
 * Entra's description reads `AADSTS7000215: Invalid client secret provided. Ensure … \r\nTrace ID: …
 * Correlation ID: … Timestamp: …`; MSAL prefixes its own `Error(s): … - Description: `. The code and
 * the sentence are what an operator needs; the trace ids are noise in a UI.
 */
export function extractAadsts(text: string): { code: string; message: string } | null {
  const match =
    /AADSTS(\d+):\s*([\s\S]*?)(?=\s*(?:\r|\n|Trace ID:|Correlation ID:|Timestamp:| - Correlation ID:)|$)/.exec(
      text,
    );
  if (!match) return null;
  const sentence = (match[2] ?? '').trim();
  return { code: `AADSTS${match[1]}`, message: `AADSTS${match[1]}: ${sentence}`.trim() };
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Maps whatever MSAL threw into a `{ code, message }` an operator can act on, and decides whether
 * it is the credential (AUTH_FAILED: fix the secret) or the login service (RETRYABLE: wait).
 */
export function tokenFailureFrom(error: unknown): TokenFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as MsalErrorLike;
  const errorCode = asText(e.errorCode);
  const errorMessage = asText(e.errorMessage) || asText(e.message) || String(error);
  const status = typeof e.status === 'number' ? e.status : null;
  const aadsts = extractAadsts(errorMessage);
  const errorNo = asText(e.errorNo) || (typeof e.errorNo === 'number' ? String(e.errorNo) : '');

  let transient: boolean;
  if (status !== null) transient = status === 429 || status >= 500;
  else if (TRANSIENT_CODES.has(errorCode)) transient = true;
  // Without a status, an OAuth refusal word is still a refusal. MSAL's throttling replay (after a
  // 429/5xx it refuses to call again for a while) has no status and only numeric codes: transient.
  else if (CREDENTIAL_REFUSALS.has(errorCode)) transient = false;
  // A configuration error (a tenant MSAL cannot turn into an authority, say) will not heal by itself.
  else if (e.name === 'ClientConfigurationError') transient = false;
  else transient = true;

  const code = aadsts?.code ?? (errorNo ? `AADSTS${errorNo}` : errorCode || 'token_error');
  const base = aadsts?.message ?? (errorMessage.trim() || 'the token request failed');
  const message = errorCode && !base.includes(errorCode) ? `${base} (${errorCode})` : base;
  return { code, message, transient, retryAfterMs: null };
}
