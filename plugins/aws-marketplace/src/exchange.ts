import type { Exchange } from '@hub/core';
import { parseJsonLossless } from '@hub/core';

export const REDACTED = '[REDACTED]';

/** Request and response headers that carry a credential: the SigV4 signature and the session token. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-amz-security-token',
  'cookie',
  'set-cookie',
]);

/** Fields of STS answers (and anything echoing them) that must never be stored. */
const SECRET_FIELDS = new Set(['secretaccesskey', 'sessiontoken', 'x-amz-security-token']);

/** Headers as recorded: lower-case names, credentials replaced. */
export function redactHeaders(headers: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = CREDENTIAL_HEADERS.has(key) ? REDACTED : value;
  }
  return out;
}

/** An XML document (STS's awsQuery answers) with the secret elements emptied. */
export function redactXml(text: string): string {
  return text.replace(
    /<(SecretAccessKey|SessionToken)>[\s\S]*?<\/\1>/gi,
    (_match, tag: string) => `<${tag}>${REDACTED}</${tag}>`,
  );
}

/** A parsed body with secret fields replaced, at any depth. */
export function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (typeof value !== 'object' || value === null) return value;
  if ('isLosslessNumber' in value) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_FIELDS.has(key.toLowerCase()) ? REDACTED : redactFields(item);
  }
  return out;
}

/** How much of a non-JSON body (an XML answer, an HTML error page) is kept in the record. */
export const MAX_RECORDED_TEXT = 8192;

export function truncateText(text: string): string {
  return text.length <= MAX_RECORDED_TEXT
    ? text
    : `${text.slice(0, MAX_RECORDED_TEXT)}… [${text.length - MAX_RECORDED_TEXT} more characters]`;
}

/**
 * A body as recorded: JSON kept as structure (numbers as their exact text), a form as its fields,
 * anything else as truncated text; secrets out either way.
 */
export function recordBody(text: string, contentType: string): unknown {
  if (text === '') return null;
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return redactFields(parseJsonLossless(text));
    } catch {
      // Not JSON after all: kept as text below.
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) {
    const fields: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(text)) fields[key] = value;
    return redactFields(fields);
  }
  return truncateText(redactXml(text));
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (typeof value === 'object' && value !== null) {
    if ('isLosslessNumber' in value) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, secrets);
    return out;
  }
  return value;
}

/**
 * Last line of defence: replaces every occurrence of a known secret (the secret access key, the
 * session's secret and token) anywhere in a recorded exchange. Field redaction does the real work.
 */
export function scrubExchange(exchange: Exchange, secrets: readonly string[]): Exchange {
  const usable = secrets.filter((secret) => secret.length >= 4);
  if (usable.length === 0) return exchange;
  return scrubValue(exchange, usable) as Exchange;
}
