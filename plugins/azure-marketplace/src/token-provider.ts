import { createHash } from 'node:crypto';
import { ConfidentialClientApplication, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { Exchange } from '@hub/core';
import type { TokenFailure } from './classify-outcome.js';
import { DEFAULT_LOGIN_URL, MARKETPLACE_SCOPE } from './constants.js';
import type { AzureCredential } from './credential.js';
import type { MsalNetworkClient } from './msal-network-client.js';
import { tokenFailureFrom } from './token-errors.js';

export type TokenResult =
  | { ok: true; accessToken: string; fromCache: boolean; exchanges: Exchange[] }
  | { ok: false; failure: TokenFailure; exchanges: Exchange[] };

/** What the metering client needs from the token side. */
export interface AccessTokenSource {
  /** `fresh` bypasses MSAL's cache (credential checks, and a retry after Azure refused a cached token). */
  getToken(options?: { fresh?: boolean }): Promise<TokenResult>;
}

const PUBLIC_LOGIN_HOST = new URL(DEFAULT_LOGIN_URL).host;

/**
 * MSAL configuration for one credential and login base.
 *
 * MSAL insists on an https authority. For a local stand-in (`http://127.0.0.1:…`) the authority is
 * the public one, but MSAL never contacts it: `knownAuthorities` skips instance discovery and
 * `authorityMetadata` skips OIDC discovery, and its `token_endpoint` (which may be plain http) is
 * the only URL used (research/ecosystem.md §4, case 4). Against https, MSAL discovers as usual.
 */
export function msalConfiguration(
  credential: AzureCredential,
  loginUrl: string,
  networkClient: INetworkModule,
): Configuration {
  const tenant = encodeURIComponent(credential.tenantId);
  const login = new URL(loginUrl);
  const auth: Configuration['auth'] = {
    clientId: credential.clientId,
    clientSecret: credential.clientSecret,
    authority: `${loginUrl}/${tenant}`,
  };
  if (login.protocol === 'http:') {
    const local = `${loginUrl}/${tenant}/oauth2/v2.0`;
    auth.authority = `${DEFAULT_LOGIN_URL}/${tenant}`;
    auth.knownAuthorities = [PUBLIC_LOGIN_HOST];
    auth.authorityMetadata = JSON.stringify({
      token_endpoint: `${local}/token`,
      authorization_endpoint: `${local}/authorize`,
      end_session_endpoint: `${local}/logout`,
      issuer: `${DEFAULT_LOGIN_URL}/${tenant}/v2.0`,
      jwks_uri: `${loginUrl}/${tenant}/discovery/v2.0/keys`,
    });
  } else if (login.host !== PUBLIC_LOGIN_HOST) {
    // Another https Entra host (a sovereign cloud, or a TLS stand-in): trust it as given.
    auth.knownAuthorities = [login.host];
  }
  return { auth, system: { networkClient } };
}

/**
 * Client-credential tokens for the Marketplace API through MSAL, which caches them and refreshes
 * them before expiry. One ConfidentialClientApplication per (tenant, client, secret): a rotated
 * secret gets a fresh MSAL client instead of tokens cached under the old one. The secret is keyed
 * by its hash so no map key ever holds it.
 */
export class TokenProvider implements AccessTokenSource {
  readonly #applications = new Map<string, ConfidentialClientApplication>();
  #pending: Promise<TokenResult> | null = null;

  constructor(
    private readonly credential: AzureCredential,
    private readonly loginUrl: string,
    private readonly network: MsalNetworkClient,
  ) {}

  #application(): ConfidentialClientApplication {
    const { tenantId, clientId, clientSecret } = this.credential;
    const secretHash = createHash('sha256').update(clientSecret).digest('hex');
    const key = `${tenantId.toLowerCase()}|${clientId.toLowerCase()}|${secretHash}`;
    let application = this.#applications.get(key);
    if (!application) {
      application = new ConfidentialClientApplication(
        msalConfiguration(this.credential, this.loginUrl, this.network),
      );
      this.#applications.set(key, application);
    }
    return application;
  }

  /**
   * Concurrent submissions on a cold client share one token request instead of each asking Entra.
   * The token call's exchanges go to the caller that made it; the others record none.
   */
  async getToken(options: { fresh?: boolean } = {}): Promise<TokenResult> {
    if (options.fresh) return this.#acquire(true);
    if (this.#pending) return { ...(await this.#pending), exchanges: [] };
    this.#pending = this.#acquire(false).finally(() => {
      this.#pending = null;
    });
    return this.#pending;
  }

  async #acquire(fresh: boolean): Promise<TokenResult> {
    try {
      const application = this.#application();
      const { value, exchanges } = await this.network.capture(() =>
        application.acquireTokenByClientCredential({
          scopes: [MARKETPLACE_SCOPE],
          skipCache: fresh,
        }),
      );
      if (!value?.accessToken) {
        return {
          ok: false,
          failure: {
            code: 'no_token',
            message: 'the token endpoint answered without an access token',
            transient: true,
            retryAfterMs: null,
          },
          exchanges,
        };
      }
      return { ok: true, accessToken: value.accessToken, fromCache: value.fromCache, exchanges };
    } catch (error) {
      const exchanges = (error as { exchanges?: Exchange[] }).exchanges ?? [];
      const failure = tokenFailureFrom(error);
      // Entra never echoes the secret, but the message is shown to operators: make sure.
      failure.message = failure.message.split(this.credential.clientSecret).join('[REDACTED]');
      return { ok: false, failure, exchanges };
    }
  }
}
