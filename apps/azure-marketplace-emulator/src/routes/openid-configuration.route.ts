/**
 * OIDC discovery for MSAL setups that do not pass `authorityMetadata`: the document names the
 * emulator's own endpoints. MSAL fetches `/{tenant}/v2.0/.well-known/openid-configuration` by
 * default and `/{tenant}/.well-known/openid-configuration` with `protocolMode: 'OIDC'`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { entraError } from '../auth/entra-errors.js';
import type { EmulatorController } from '../emulator-controller.js';
import { baseUrlOf } from '../http/json-body.js';

export function registerOpenIdConfigurationRoutes(
  app: FastifyInstance,
  controller: EmulatorController,
): void {
  const knownTenant = (tenant: string) =>
    [...controller.state.credentials.values()].some((c) => c.tenantId.toLowerCase() === tenant.toLowerCase());

  const discovery = async (request: FastifyRequest, reply: FastifyReply) => {
    const { tenant } = request.params as { tenant: string };
    const base = baseUrlOf(request);
    if (!knownTenant(tenant)) {
      const { status, body } = entraError({
        status: 400,
        error: 'invalid_tenant',
        code: 90002,
        description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        now: controller.now(),
        baseUrl: base,
        correlationId: undefined,
      });
      return reply.code(status).send(body);
    }
    const root = `${base}/${tenant}`;
    return reply.send({
      token_endpoint: `${root}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${root}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${root}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/oidc/userinfo`,
      authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${root}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid'],
      tenant_region_scope: 'NA',
      cloud_instance_name: 'marketplace-emulator',
    });
  };

  const config = { emulatorRoute: 'openidConfiguration' as const };
  app.get('/:tenant/v2.0/.well-known/openid-configuration', { config }, discovery);
  app.get('/:tenant/.well-known/openid-configuration', { config }, discovery);
  // Signing keys: tokens here are opaque, so there is nothing to verify against.
  app.get('/:tenant/discovery/v2.0/keys', { config }, async () => ({ keys: [] }));
}
