/**
 * SigV4 on the receiving side: parse the `Authorization` header and check the signature by signing
 * the received request again with `@smithy/signature-v4` (the signer the AWS SDK itself uses) and
 * the secret the emulator knows for the access key.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** Credential scope date `YYYYMMDD`. */
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  /** Lower-case header names, as listed in `SignedHeaders`. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/** undefined when the header is not a well-formed SigV4 authorization. */
export function parseAuthorization(header: string): ParsedAuthorization | undefined {
  const match = AUTHORIZATION_PATTERN.exec(header.trim());
  if (!match) return undefined;
  const [, accessKeyId, scopeDate, region, service, signedHeaders, signature] = match;
  if (!accessKeyId || !scopeDate || !region || !service || !signedHeaders || !signature) return undefined;
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders: signedHeaders.split(';'),
    signature,
  };
}

/** `20260301T120000Z` → Date; undefined when malformed. */
export function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface ReceivedRequest {
  readonly method: string;
  /** Raw request target: path plus query string. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of search) {
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/**
 * True when `authorization.signature` is what the given secret produces for this request. A
 * signed `x-amz-content-sha256` must also be the real hash of the body.
 */
export async function verifySignature(input: {
  request: ReceivedRequest;
  authorization: ParsedAuthorization;
  signingDate: Date;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}): Promise<boolean> {
  const { request, authorization } = input;
  const headers: Record<string, string> = {};
  for (const name of authorization.signedHeaders) {
    const value = headerText(request.headers[name]);
    if (value === undefined) return false;
    headers[name] = value;
  }
  const declaredHash = headers['x-amz-content-sha256'];
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD') {
    if (declaredHash !== createHash('sha256').update(request.body).digest('hex')) return false;
  }
  const url = new URL(request.url, 'http://emulator.invalid');
  const { accessKeyId, secretAccessKey, sessionToken } = input.credentials;
  // The signer adds (and signs) x-amz-security-token whenever it has a session token.
  const tokenSigned = authorization.signedHeaders.includes('x-amz-security-token');
  const signer = new SignatureV4({
    credentials:
      tokenSigned && sessionToken
        ? { accessKeyId, secretAccessKey, sessionToken }
        : { accessKeyId, secretAccessKey },
    region: authorization.region,
    service: authorization.service,
    sha256: Sha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? 'localhost',
      path: url.pathname,
      query: parseQuery(url.searchParams),
      headers,
      body: request.body,
    },
    {
      signingDate: input.signingDate,
      signingRegion: authorization.region,
      signingService: authorization.service,
      // Sign exactly the headers the client listed.
      signableHeaders: new Set(authorization.signedHeaders),
    },
  );
  const expected = parseAuthorization(String(signed.headers.authorization ?? ''));
  if (!expected) return false;
  const sameHeaders = expected.signedHeaders.join(';') === authorization.signedHeaders.join(';');
  return (
    sameHeaders &&
    timingSafeEqual(Buffer.from(expected.signature, 'hex'), Buffer.from(authorization.signature, 'hex'))
  );
}
