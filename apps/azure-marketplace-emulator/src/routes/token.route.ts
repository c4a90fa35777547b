/**
 * Microsoft Entra's token endpoint, client-credentials grant only: v2.0 (`scope`, what MSAL uses)
 * and v1 (`resource`, what Microsoft's Marketplace docs show). Errors use Entra's AADSTS codes so a
 * client's error handling is exercised as it would be against login.microsoftonline.com.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { entraError } from '../auth/entra-errors.js';
import { issueToken } from '../auth/token-store.js';
import { MARKETPLACE_RESOURCE_ID, MARKETPLACE_SCOPE, TOKEN_LIFETIME_SECONDS } from '../constants.js';
import type { EmulatorController } from '../emulator-controller.js';
import { baseUrlOf, isRecord } from '../http/json-body.js';
import { credentialKey } from '../state/emulator-state.js';

/** OpenID scopes MSAL may add; they do not name a resource. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);

type TokenVersion = 'v1' | 'v2';

interface TokenForm {
  grantType: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  scope: string | undefined;
  resource: string | undefined;
}

function readForm(request: FastifyRequest): TokenForm {
  const body = isRecord(request.body) ? request.body : {};
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
  let clientId = field('client_id');
  let clientSecret = field('client_secret');
  // client_secret_basic: RFC 6749 §2.3.1, both parts form-url-encoded.
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
      try {
        clientId ??= decode(decoded.slice(0, colon));
        clientSecret ??= decode(decoded.slice(colon + 1));
      } catch {
        // malformed percent-encoding: treated as no credentials
      }
    }
  }
  return {
    grantType: field('grant_type'),
    clientId,
    clientSecret,
    scope: field('scope'),
    resource: field('resource'),
  };
}

export function registerTokenRoutes(app: FastifyInstance, controller: EmulatorController): void {
  const handle = (version: TokenVersion) => async (request: FastifyRequest, reply: FastifyReply) => {
    const { tenant } = request.params as { tenant: string };
    const now = controller.now();
    const { state } = controller;
    const fail = (status: 400 | 401, error: string, code: number, description: string) => {
      state.stats.tokenRequests.rejected++;
      const { body } = entraError({
        status,
        error,
        code,
        description,
        now,
        baseUrl: baseUrlOf(request),
        correlationId: headerValue(request.headers['client-request-id']),
      });
      return reply.code(status).send(body);
    };

    const knownTenant = [...state.credentials.values()].some(
      (credential) => credential.tenantId.toLowerCase() === tenant.toLowerCase(),
    );
    if (!knownTenant) {
      return fail(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      );
    }
    const form = readForm(request);
    if (form.grantType === undefined) {
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    }
    if (form.grantType !== 'client_credentials') {
      return fail(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${form.grantType}'. The emulator supports client_credentials only.`,
      );
    }
    if (!form.clientId) {
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    }
    if (version === 'v2' && !form.scope) {
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'scope'.",
      );
    }
    const credential = state.credentials.get(credentialKey(tenant, form.clientId));
    if (!credential) {
      // What Entra answers for an app id unknown in the tenant (not invalid_client).
      return fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (!form.clientSecret) {
      return fail(
        401,
        'invalid_client',
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      );
    }
    if (form.clientSecret !== credential.clientSecret) {
      return fail(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${credential.clientId}'.`,
      );
    }
    if (version === 'v2') {
      const scopes = (form.scope ?? '')
        .split(/\s+/)
        .filter((scope) => scope !== '' && !OIDC_SCOPES.has(scope));
      const valid = scopes.length > 0 && scopes.every((scope) => scope.toLowerCase() === MARKETPLACE_SCOPE);
      if (!valid) {
        return fail(
          400,
          'invalid_scope',
          70011,
          `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope '${form.scope}' is not valid. The Marketplace API scope is ${MARKETPLACE_SCOPE}.`,
        );
      }
    } else if (form.resource?.toLowerCase() !== MARKETPLACE_RESOURCE_ID) {
      return fail(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${form.resource ?? '(none)'} was not found in the tenant named ${tenant}. The Marketplace API resource is ${MARKETPLACE_RESOURCE_ID}.`,
      );
    }

    const token = issueToken(state, credential.tenantId, credential.clientId, now);
    state.stats.tokenRequests.issued++;
    reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');
    if (version === 'v2') {
      return reply.send({
        token_type: 'Bearer',
        expires_in: TOKEN_LIFETIME_SECONDS,
        ext_expires_in: TOKEN_LIFETIME_SECONDS,
        access_token: token.accessToken,
      });
    }
    // v1 answers with strings, epoch seconds included (docs sample in research §3).
    const epoch = (date: Date) => String(Math.floor(date.getTime() / 1000));
    return reply.send({
      token_type: 'Bearer',
      expires_in: String(TOKEN_LIFETIME_SECONDS),
      ext_expires_in: String(TOKEN_LIFETIME_SECONDS),
      expires_on: epoch(token.expiresAt),
      not_before: epoch(token.issuedAt),
      resource: MARKETPLACE_RESOURCE_ID,
      access_token: token.accessToken,
    });
  };

  app.post('/:tenant/oauth2/v2.0/token', { config: { emulatorRoute: 'token' } }, handle('v2'));
  app.post('/:tenant/oauth2/token', { config: { emulatorRoute: 'token' } }, handle('v1'));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
