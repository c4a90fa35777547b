import type { Exchange } from '@hub/core';

export const REDACTED = '[REDACTED]';

/** Headers that carry credentials or session state, in either direction. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/**
 * Headers as recorded: lower-case names, credentials replaced. The scheme stays readable
 * (`Basic [REDACTED]`, `Bearer [REDACTED]`) so a record still shows which kind of call it was.
 */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (!CREDENTIAL_HEADERS.has(key)) {
      out[key] = value;
      continue;
    }
    const scheme = /^(basic|bearer)\s/i.exec(value)?.[1];
    out[key] = scheme ? `${scheme[0]!.toUpperCase()}${scheme.slice(1).toLowerCase()} ${REDACTED}` : REDACTED;
  }
  return out;
}

/** Fields of token requests and answers that must never be stored. */
const SECRET_FIELDS = new Set(['client_secret', 'access_token', 'refresh_token', 'id_token', 'apiSecret']);

/** A token endpoint's JSON answer (or request) as a record, with the secret fields replaced. */
export function redactSecretFields(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) out[key] = SECRET_FIELDS.has(key) ? REDACTED : value;
  return out;
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (typeof value === 'object' && value !== null) {
    // Lossless number tokens hold digits only, never a secret; keep their class (and toJSON).
    if ('isLosslessNumber' in value) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, secrets);
    return out;
  }
  return value;
}

/**
 * Last line of defence: replaces every occurrence of a known secret (the API secret, the Basic
 * credential, every access token this client was issued) anywhere in a recorded exchange, should
 * a server echo one back. Field-level redaction does the real work.
 */
export function scrubExchange(exchange: Exchange, secrets: readonly string[]): Exchange {
  const usable = secrets.filter((secret) => secret.length >= 4);
  if (usable.length === 0) return exchange;
  return scrubValue(exchange, usable) as Exchange;
}

/** How much of a non-JSON body (an HTML error page, say) is kept in the record. */
export const MAX_RECORDED_TEXT = 4096;

export function truncateText(text: string): string {
  return text.length <= MAX_RECORDED_TEXT
    ? text
    : `${text.slice(0, MAX_RECORDED_TEXT)}… [${text.length - MAX_RECORDED_TEXT} more characters]`;
}
