import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { CredentialSourceError, errorFacts, RETRYABLE_ERROR_CODES } from './classify-outcome.js';
import { ROLE_SESSION_NAME } from './constants.js';
import type { AwsCredential } from './credential.js';
import type { StackPlugin } from './exchange-recorder.js';

/** Temporary or static AWS keys, as the SDK signs with them. */
export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiration?: Date | undefined;
}

/** Renewed this long before the session ends. */
const REFRESH_BEFORE_MS = 5 * 60_000;

export interface CredentialSourceOptions {
  credential: AwsCredential;
  region: string;
  stsUrl: string | undefined;
  /** Passed to the STS client AssumeRole runs on (the recorder). */
  stsPlugins: StackPlugin[];
  /** The STS client's HTTP handler (or its options): shared with the metering client. */
  requestHandler: unknown;
  /** Milliseconds since the epoch, for session expiry. */
  clock?: () => number;
  /** Replaces AssumeRole (tests). */
  assumeRole?: () => Promise<AwsKeys>;
}

/**
 * Where the clients' keys come from: the credential's static keys, or a session of the seller's
 * role assumed through STS (with its `ExternalId`), from the static keys or the SDK's default
 * provider chain. Sessions are shared by the metering and STS clients of one hub client, renewed
 * before they end, and forgotten when AWS refuses them. Failures are `CredentialSourceError`s with
 * AWS's code, so a refusal can be told from a network failure.
 */
export class CredentialSource {
  /** Which identity the calls are made as: the role, else the key (the rate limiter's key). */
  readonly principal: string;
  private readonly clock: () => number;
  private readonly load: () => Promise<AwsKeys>;
  private cached: AwsKeys | null = null;
  private pending: Promise<AwsKeys> | null = null;
  /** Every secret value seen, so exchanges can be scrubbed of them. */
  private readonly seen = new Set<string>();

  constructor(options: CredentialSourceOptions) {
    const { credential } = options;
    this.clock = options.clock ?? Date.now;
    this.principal = credential.roleArn ?? credential.accessKeyId ?? 'default-provider-chain';
    if (credential.secretAccessKey) this.seen.add(credential.secretAccessKey);
    const staticKeys =
      credential.accessKeyId && credential.secretAccessKey
        ? { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey }
        : undefined;
    if (!credential.roleArn) {
      if (!staticKeys)
        throw new TypeError('an AWS credential needs roleArn or accessKeyId + secretAccessKey');
      this.load = async () => staticKeys;
      return;
    }
    const provider =
      options.assumeRole ??
      fromTemporaryCredentials({
        params: {
          RoleArn: credential.roleArn,
          ...(credential.externalId ? { ExternalId: credential.externalId } : {}),
          RoleSessionName: ROLE_SESSION_NAME,
        },
        // Without static keys: the SDK's default chain (environment, shared files, instance role…).
        ...(staticKeys ? { masterCredentials: staticKeys } : {}),
        clientConfig: {
          region: options.region,
          ...(options.stsUrl ? { endpoint: options.stsUrl } : {}),
          maxAttempts: 1,
          requestHandler: options.requestHandler as never,
        },
        clientPlugins: options.stsPlugins as never[],
      });
    this.load = () => provider() as Promise<AwsKeys>;
  }

  /** Secrets that must never appear in an exchange: the secret key and every session's secret and token. */
  secrets(): string[] {
    return [...this.seen];
  }

  /** The SDK's `credentials` option. */
  readonly provider = async (): Promise<AwsKeys> => {
    const cached = this.cached;
    if (cached && (!cached.expiration || cached.expiration.getTime() - REFRESH_BEFORE_MS > this.clock())) {
      return cached;
    }
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  };

  /** Forgets the session (AWS refused it): the next call assumes the role again. */
  invalidate(): void {
    this.cached = null;
  }

  private async fetch(): Promise<AwsKeys> {
    let keys: AwsKeys;
    try {
      keys = await this.load();
    } catch (error) {
      if (error instanceof CredentialSourceError) throw error;
      const facts = errorFacts(error);
      // No identity at all is a refusal; STS unreachable, throttling or a 5xx is not.
      const transient =
        facts.code !== 'CredentialsProviderError' &&
        (facts.status === null || facts.status >= 500 || RETRYABLE_ERROR_CODES.has(facts.code));
      throw new CredentialSourceError(
        facts.code,
        facts.code === 'CredentialsProviderError'
          ? `no identity to assume the role from: the credential has no accessKeyId/secretAccessKey and the hub's environment offers none (${facts.message})`
          : facts.message,
        facts.status,
        transient,
      );
    }
    this.seen.add(keys.secretAccessKey);
    if (keys.sessionToken) this.seen.add(keys.sessionToken);
    this.cached = keys;
    return keys;
  }
}
