/**
 * Who is calling: the SigV4 `Authorization` header resolved to a seeded IAM user key or an
 * AssumeRole session, the signature checked, the region taken from the credential scope. Each
 * failure is answered with the code the protocol's real service uses.
 */
import { AwsApiError } from '../http/aws-error.js';
import type { AwsEmulatorState } from '../state/emulator-state.js';
import { parseAmzDate, parseAuthorization, type ReceivedRequest, verifySignature } from './sigv4.js';

export type ApiProtocol = 'metering' | 'sts';

export interface Principal {
  readonly kind: 'user' | 'session';
  readonly accessKeyId: string;
  /** The account the caller acts as (a session: the role's account). */
  readonly accountId: string;
  /** `arn:aws:iam::…:user/…` or `arn:aws:sts::…:assumed-role/…/…`. */
  readonly arn: string;
  /** GetCallerIdentity's UserId: `AIDA…` or `AROA…:session`. */
  readonly userId: string;
  /** From the credential scope. */
  readonly region: string;
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN = 'The security token included in the request is expired';

/** Error codes per protocol: metering speaks awsJson (`…Exception`), STS awsQuery. */
const ERRORS = {
  missing: {
    metering: ['MissingAuthenticationTokenException', 400],
    sts: ['MissingAuthenticationToken', 403],
  },
  incomplete: { metering: ['IncompleteSignatureException', 400], sts: ['IncompleteSignature', 400] },
  unknownKey: { metering: ['UnrecognizedClientException', 400], sts: ['InvalidClientTokenId', 403] },
  signature: { metering: ['InvalidSignatureException', 400], sts: ['SignatureDoesNotMatch', 403] },
  expired: { metering: ['ExpiredTokenException', 400], sts: ['ExpiredToken', 400] },
} as const satisfies Record<string, Record<ApiProtocol, readonly [string, number]>>;

function fail(kind: keyof typeof ERRORS, protocol: ApiProtocol, message: string): AwsApiError {
  const [code, status] = ERRORS[kind][protocol];
  return new AwsApiError(code, status, message);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function authenticate(input: {
  request: ReceivedRequest;
  protocol: ApiProtocol;
  expectedService: string;
  state: AwsEmulatorState;
  now: Date;
}): Promise<Principal> {
  const { request, protocol, state } = input;
  const header = single(request.headers.authorization);
  if (header === undefined || header.trim() === '') {
    throw fail(
      'missing',
      protocol,
      protocol === 'sts' ? 'Request is missing Authentication Token' : 'Missing Authentication Token',
    );
  }
  const authorization = parseAuthorization(header);
  if (!authorization) {
    throw fail(
      'incomplete',
      protocol,
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters in the form AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=<headers>, Signature=<hex>. Authorization=${header}`,
    );
  }
  const amzDate = single(request.headers['x-amz-date']);
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (!signingDate || !authorization.signedHeaders.includes('host')) {
    throw fail(
      'incomplete',
      protocol,
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header, and 'host' must be signed.",
    );
  }

  const user = state.accessKeys.get(authorization.accessKeyId);
  const session = user ? undefined : state.sessions.get(authorization.accessKeyId);
  if (!user && !session) throw fail('unknownKey', protocol, INVALID_TOKEN);
  if (session) {
    const token = single(request.headers['x-amz-security-token']);
    if (token !== session.sessionToken) throw fail('unknownKey', protocol, INVALID_TOKEN);
    if (input.now.getTime() >= session.expiresAt.getTime()) throw fail('expired', protocol, EXPIRED_TOKEN);
  }
  if (authorization.service !== input.expectedService) {
    throw fail(
      'signature',
      protocol,
      `Credential should be scoped to correct service: '${input.expectedService}'. `,
    );
  }
  const secretAccessKey = (user ?? session)?.secretAccessKey ?? '';
  const valid = await verifySignature({
    request,
    authorization,
    signingDate,
    credentials: {
      accessKeyId: authorization.accessKeyId,
      secretAccessKey,
      ...(session ? { sessionToken: session.sessionToken } : {}),
    },
  });
  if (!valid) throw fail('signature', protocol, SIGNATURE_MISMATCH);

  if (user) {
    return {
      kind: 'user',
      accessKeyId: user.accessKeyId,
      accountId: user.accountId,
      arn: `arn:aws:iam::${user.accountId}:user/${user.userName}`,
      userId: user.userId,
      region: authorization.region,
    };
  }
  const s = session as NonNullable<typeof session>;
  const role = state.roles.get(s.roleArn);
  const roleName = role?.roleName ?? s.roleArn.split('/').pop() ?? '';
  return {
    kind: 'session',
    accessKeyId: s.accessKeyId,
    accountId: s.accountId,
    arn: `arn:aws:sts::${s.accountId}:assumed-role/${roleName}/${s.roleSessionName}`,
    userId: `${role?.roleId ?? 'AROA'}:${s.roleSessionName}`,
    region: authorization.region,
  };
}
