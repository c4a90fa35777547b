import type { Exchange } from './marketplace-adapter.js';

/**
 * Redaction of recorded HTTP exchanges, shared by the plugins: credentials out of headers and
 * bodies, known secret values scrubbed anywhere, large text bodies truncated. Pure functions, no
 * I/O; each plugin supplies its own rules (which headers, which body fields) as parameters.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Headers that carry credentials or session state in either direction; always redacted. */
export const CREDENTIAL_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
];

/** How a plugin's headers are redacted, on top of {@link CREDENTIAL_HEADERS}. */
export interface HeaderRedaction {
  /** More credential header names (any case), e.g. AWS's `x-amz-security-token`. */
  readonly credentialHeaders?: readonly string[];
  /**
   * Authorization schemes left readable (`Bearer [REDACTED]`), matched in any case and written as
   * spelled here, so a record still shows which kind of call it was. None by default.
   */
  readonly keepSchemes?: readonly string[];
}

function schemeOf(value: string, schemes: readonly string[]): string | undefined {
  return schemes.find(
    (scheme) =>
      value.length > scheme.length &&
      value.slice(0, scheme.length).toLowerCase() === scheme.toLowerCase() &&
      /\s/.test(value.charAt(scheme.length)),
  );
}

/**
 * Headers as recorded: lower-case names, `undefined` values dropped, credential values replaced by
 * {@link REDACTED} (keeping a readable scheme when `rule.keepSchemes` names it).
 */
export function redactHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  rule: HeaderRedaction = {},
): Record<string, string> {
  const credentials = new Set([...CREDENTIAL_HEADERS, ...(rule.credentialHeaders ?? [])].map(lower));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (!credentials.has(key)) {
      out[key] = value;
      continue;
    }
    const scheme = schemeOf(value, rule.keepSchemes ?? []);
    out[key] = scheme === undefined ? REDACTED : `${scheme} ${REDACTED}`;
  }
  return out;
}

/** Which fields of a parsed body (JSON, a form) are secrets. */
export interface FieldRedaction {
  /** The secret field names, e.g. `access_token`, `client_secret`. */
  readonly fields: readonly string[];
  /** Match names in any case (AWS's `SecretAccessKey` and `secretAccessKey`). Default: exact. */
  readonly ignoreCase?: boolean;
  /** Redact at any depth, through nested objects and arrays. Default: the top-level object only. */
  readonly deep?: boolean;
}

function lower(name: string): string {
  return name.toLowerCase();
}

function fieldMatcher(rule: FieldRedaction): (key: string) => boolean {
  const names = new Set(rule.ignoreCase ? rule.fields.map(lower) : rule.fields);
  return rule.ignoreCase ? (key) => names.has(key.toLowerCase()) : (key) => names.has(key);
}

/** Lossless number tokens (`parseJsonLossless`) hold digits only; they keep their class (and toJSON). */
function isNumberToken(value: object): boolean {
  return 'isLosslessNumber' in value;
}

function redactWith(value: unknown, isSecret: (key: string) => boolean, deep: boolean): unknown {
  if (typeof value !== 'object' || value === null || isNumberToken(value)) return value;
  if (Array.isArray(value)) return deep ? value.map((item) => redactWith(item, isSecret, deep)) : value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecret(key) ? REDACTED : deep ? redactWith(item, isSecret, deep) : item;
  }
  return out;
}

/**
 * A parsed body as recorded, with the values of `rule.fields` replaced by {@link REDACTED}.
 * Anything that is not an object (text, a number) comes back as it is; so does a top-level array
 * unless `rule.deep`.
 */
export function redactFields(body: unknown, rule: FieldRedaction): unknown {
  return redactWith(body, fieldMatcher(rule), rule.deep ?? false);
}

/** A form-encoded body (`a=1&b=2`) as a record of its fields, the secret ones replaced. */
export function redactForm(body: string, rule: FieldRedaction): Record<string, string> {
  const isSecret = fieldMatcher(rule);
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) out[key] = isSecret(key) ? REDACTED : value;
  return out;
}

/** Secrets shorter than this are not scrubbed: they would match ordinary text. */
const MIN_SCRUBBED_LENGTH = 4;

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let text = value;
    for (const secret of secrets) if (text.includes(secret)) text = text.split(secret).join(REDACTED);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets));
  if (typeof value === 'object' && value !== null) {
    if (isNumberToken(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = scrubValue(item, secrets);
    return out;
  }
  return value;
}

/**
 * Last line of defence: replaces every occurrence of a known secret value (an API secret, an
 * access token) anywhere in a recorded exchange (URL, headers, bodies, error), should a server
 * echo one back. Secrets shorter than 4 characters are ignored; lossless number tokens are kept.
 * Field and header redaction do the real work.
 */
export function scrubExchange(exchange: Exchange, secrets: readonly string[]): Exchange {
  const usable = secrets.filter((secret) => secret.length >= MIN_SCRUBBED_LENGTH);
  if (usable.length === 0) return exchange;
  return scrubValue(exchange, usable) as Exchange;
}

/** How much of a non-JSON body (an HTML error page, say) is kept by default. */
export const DEFAULT_MAX_RECORDED_TEXT = 4096;

/** `text` cut to `max` characters, with a note of how many were left out. */
export function truncateText(text: string, max: number = DEFAULT_MAX_RECORDED_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

/** One exchange as observed, before redaction. */
export interface ExchangeObservation {
  method: string;
  url: string;
  /** Headers as sent (redacted here). */
  requestHeaders: Readonly<Record<string, string | undefined>>;
  /** The request body as it may be stored (field redaction already applied). */
  requestBody: unknown;
  /** `null` when no response came back. */
  status: number | null;
  /** Headers as received (redacted here); empty when no response came back. */
  responseHeaders: Readonly<Record<string, string | undefined>>;
  /** The response body as it may be stored (field redaction already applied). */
  responseBody: unknown;
  /** Transport failure, when there was no response. */
  error: string | null;
  startedAt: Date;
  durationMs: number;
  /**
   * The ids support can trace, read from the redacted (lower-case) headers; both `null` when
   * omitted.
   */
  ids?: (
    sent: Readonly<Record<string, string>>,
    received: Readonly<Record<string, string>>,
  ) => { requestId: string | null; correlationId: string | null };
}

/**
 * An observed exchange as a core {@link Exchange} record: headers redacted by `rule`, then every
 * known secret scrubbed (see {@link scrubExchange}).
 */
export function recordExchange(
  observed: ExchangeObservation,
  rule: HeaderRedaction & { readonly secrets: readonly string[] },
): Exchange {
  const requestHeaders = redactHeaders(observed.requestHeaders, rule);
  const responseHeaders = redactHeaders(observed.responseHeaders, rule);
  const ids = observed.ids?.(requestHeaders, responseHeaders) ?? { requestId: null, correlationId: null };
  return scrubExchange(
    {
      method: observed.method,
      url: observed.url,
      requestHeaders,
      requestBody: observed.requestBody,
      status: observed.status,
      responseHeaders,
      responseBody: observed.responseBody,
      error: observed.error,
      startedAt: observed.startedAt.toISOString(),
      durationMs: observed.durationMs,
      requestId: ids.requestId,
      correlationId: ids.correlationId,
    },
    rule.secrets,
  );
}

/** How one HTTP call ended: an answer (any status), or a transport failure named by its code. */
export type CallResult =
  | { kind: 'http'; status: number; headers: Record<string, string>; text: string }
  | { kind: 'transport'; code: string; message: string };

/** A call's result and its redacted record. */
export interface RecordedCall {
  result: CallResult;
  exchange: Exchange;
}

/** What a plugin's HTTP client answered; header values may be lists (they are joined with `, `). */
export interface SentCall {
  status: number;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  text: string;
}

/** The input of {@link recordCall}: the request, how to send it, and how to record it. */
export interface RecordCallInput extends HeaderRedaction {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  /** Performs the request with the plugin's own HTTP client; a throw is a transport failure. */
  send: () => Promise<SentCall>;
  /** The request body as it may be stored (secrets already out). */
  recordedRequestBody: unknown;
  /** How a non-empty response text is stored (an empty one is `null`). */
  recordResponse: (text: string, contentType: string) => unknown;
  /** Values that must never appear in the record. */
  secrets: readonly string[];
  /** See {@link ExchangeObservation.ids}. */
  ids?: ExchangeObservation['ids'];
  /** Wall clock, for `startedAt`. */
  now: () => Date;
  /** Monotonic milliseconds, for `durationMs`. */
  clock: () => number;
}

function flattenHeaders(headers: SentCall['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

/**
 * A transport failure as a code and a message: Node and HTTP clients name failures by `code`
 * (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`), often on the `cause`, whose message is appended.
 */
export function describeTransportError(error: unknown): { code: string; message: string } {
  if (!(error instanceof Error)) return { code: 'UNKNOWN', message: String(error) };
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  const causeText =
    cause instanceof Error && cause.message && cause.message !== error.message ? ` (${cause.message})` : '';
  const causeCode = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  return {
    code: typeof code === 'string' ? code : typeof causeCode === 'string' ? causeCode : error.name,
    message: `${error.message}${causeText}`,
  };
}

/**
 * One HTTP call made through the injected `send`, recorded whatever happens: a transport failure
 * is a result, not an exception, so the caller can retry or classify it. The record's headers are
 * redacted by the input's {@link HeaderRedaction} and every secret is scrubbed from it. Core does
 * no I/O here: the plugin's `send` does.
 */
export async function recordCall(input: RecordCallInput): Promise<RecordedCall> {
  const startedAt = input.now();
  const started = input.clock();
  let result: CallResult;
  try {
    const answer = await input.send();
    result = {
      kind: 'http',
      status: answer.status,
      headers: flattenHeaders(answer.headers),
      text: answer.text,
    };
  } catch (error) {
    result = { kind: 'transport', ...describeTransportError(error) };
  }
  const contentType = result.kind === 'http' ? (result.headers['content-type'] ?? '') : '';
  const exchange = recordExchange(
    {
      method: input.method,
      url: input.url,
      requestHeaders: input.headers,
      requestBody: input.recordedRequestBody,
      status: result.kind === 'http' ? result.status : null,
      responseHeaders: result.kind === 'http' ? result.headers : {},
      responseBody:
        result.kind === 'http' && result.text !== '' ? input.recordResponse(result.text, contentType) : null,
      error: result.kind === 'transport' ? `${result.code}: ${result.message}` : null,
      startedAt,
      durationMs: Math.round(input.clock() - started),
      ...(input.ids ? { ids: input.ids } : {}),
    },
    input,
  );
  return { result, exchange };
}
