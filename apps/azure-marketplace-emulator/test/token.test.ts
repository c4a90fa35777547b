import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MARKETPLACE_RESOURCE_ID, MARKETPLACE_SCOPE } from '../src/index.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  callApi,
  fetchToken,
  type Harness,
  postForm,
  startHarness,
  TENANT_ID,
} from './helpers.js';

interface EntraErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
}

describe('Entra token endpoint', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.emulator.close();
  });

  const tokenUrl = (tenant = TENANT_ID) => `${harness.emulator.url}/${tenant}/oauth2/v2.0/token`;
  const form = (overrides: Record<string, string> = {}) => ({
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    scope: MARKETPLACE_SCOPE,
    ...overrides,
  });

  it('issues a bearer token for a seeded tenant, client and secret', async () => {
    const response = await postForm(tokenUrl(), form());
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    expect(typeof body.access_token).toBe('string');
    const [token] = [...harness.emulator.state.tokens.values()].filter(
      (t) => t.accessToken === body.access_token,
    );
    expect(token).toMatchObject({ tenantId: TENANT_ID, clientId: CLIENT_ID });
    expect(token!.expiresAt.getTime() - token!.issuedAt.getTime()).toBe(3599_000);
  });

  it('accepts the extra parameters MSAL sends and client_secret_basic', async () => {
    const msal = await postForm(tokenUrl(), { ...form(), client_info: '1', 'x-client-SKU': 'msal.js.node' });
    expect(msal.status).toBe(200);
    const basic = await postForm(
      tokenUrl(),
      { grant_type: 'client_credentials', scope: MARKETPLACE_SCOPE },
      {
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64')}`,
      },
    );
    expect(basic.status).toBe(200);
  });

  it('answers a wrong secret with 401 invalid_client AADSTS7000215', async () => {
    const response = await postForm(tokenUrl(), form({ client_secret: 'wrong' }), {
      'client-request-id': 'abc-123',
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as EntraErrorBody;
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(body.correlation_id).toBe('abc-123');
    expect(body.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(harness.emulator.stats().tokenRequests).toEqual({ issued: 1, rejected: 1 });
  });

  it('answers a missing secret with 401 invalid_client AADSTS7000216', async () => {
    const { client_secret: _omitted, ...withoutSecret } = form();
    const response = await postForm(tokenUrl(), withoutSecret);
    expect(response.status).toBe(401);
    expect(((await response.json()) as EntraErrorBody).error_codes).toEqual([7000216]);
  });

  it('answers an unknown client like Entra: 400 unauthorized_client AADSTS700016', async () => {
    const response = await postForm(tokenUrl(), form({ client_id: 'not-registered' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as EntraErrorBody;
    expect(body.error).toBe('unauthorized_client');
    expect(body.error_description).toMatch(/^AADSTS700016: Application with identifier 'not-registered'/);
  });

  it('answers an unknown tenant with 400 AADSTS90002', async () => {
    const response = await postForm(tokenUrl('no-such-tenant'), form());
    expect(response.status).toBe(400);
    const body = (await response.json()) as EntraErrorBody;
    expect(body.error).toBe('invalid_request');
    expect(body.error_codes).toEqual([90002]);
    expect(body.error_description).toMatch(/^AADSTS90002: Tenant 'no-such-tenant' not found/);
  });

  it('answers a wrong scope with 400 invalid_scope AADSTS70011', async () => {
    const response = await postForm(tokenUrl(), form({ scope: 'https://graph.microsoft.com/.default' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as EntraErrorBody;
    expect(body.error).toBe('invalid_scope');
    expect(body.error_codes).toEqual([70011]);
  });

  it('answers a missing scope and an unsupported grant with 400', async () => {
    const { scope: _omitted, ...withoutScope } = form();
    const noScope = await postForm(tokenUrl(), withoutScope);
    expect(noScope.status).toBe(400);
    expect(((await noScope.json()) as EntraErrorBody).error_codes).toEqual([900144]);
    const password = await postForm(tokenUrl(), form({ grant_type: 'password' }));
    expect(password.status).toBe(400);
    expect(((await password.json()) as EntraErrorBody).error).toBe('unsupported_grant_type');
  });

  it('serves the v1 endpoint with `resource`, as Microsoft’s Marketplace docs show', async () => {
    const { scope: _omitted, ...v1 } = form();
    const response = await postForm(`${harness.emulator.url}/${TENANT_ID}/oauth2/token`, {
      ...v1,
      resource: MARKETPLACE_RESOURCE_ID,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: '3599',
      resource: MARKETPLACE_RESOURCE_ID,
    });
    const startSeconds = Math.floor(harness.clock.current.getTime() / 1000);
    expect(body.not_before).toBe(String(startSeconds));
    expect(body.expires_on).toBe(String(startSeconds + 3599));
    const metering = await callApi(harness, 'GET', '/saas/subscriptions', { token: body.access_token! });
    expect(metering.status).toBe(200);
  });

  it('rotating a secret rejects the old one', async () => {
    harness.emulator.seedCredential({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: 'rotated' });
    expect((await postForm(tokenUrl(), form())).status).toBe(401);
    expect((await postForm(tokenUrl(), form({ client_secret: 'rotated' }))).status).toBe(200);
  });

  it('tokens expire after 3599 s of the injected clock and can be revoked', async () => {
    expect((await callApi(harness, 'GET', '/saas/subscriptions')).status).toBe(200);
    harness.clock.advanceSeconds(3598);
    expect((await callApi(harness, 'GET', '/saas/subscriptions')).status).toBe(200);
    harness.clock.advanceSeconds(1);
    expect((await callApi(harness, 'GET', '/saas/subscriptions')).status).toBe(403);

    const fresh = await fetchToken(harness.emulator.url);
    expect((await callApi(harness, 'GET', '/saas/subscriptions', { token: fresh })).status).toBe(200);
    const revoke = await fetch(`${harness.emulator.url}/admin/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: CLIENT_ID }),
    });
    expect(await revoke.json()).toEqual({ revoked: 1 });
    expect((await callApi(harness, 'GET', '/saas/subscriptions', { token: fresh })).status).toBe(403);
  });
});

describe('OpenID discovery', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.emulator.close();
  });

  it.each([
    ['v2.0', `/${TENANT_ID}/v2.0/.well-known/openid-configuration`],
    ['OIDC mode', `/${TENANT_ID}/.well-known/openid-configuration`],
  ])('serves the %s metadata document pointing at the emulator', async (_name, path) => {
    const response = await fetch(`${harness.emulator.url}${path}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, string>;
    const root = `${harness.emulator.url}/${TENANT_ID}`;
    expect(body.token_endpoint).toBe(`${root}/oauth2/v2.0/token`);
    expect(body.authorization_endpoint).toBe(`${root}/oauth2/v2.0/authorize`);
    expect(body.issuer).toBe(`${root}/v2.0`);
    expect(body.jwks_uri).toBe(`${root}/discovery/v2.0/keys`);
    expect(await (await fetch(body.jwks_uri!)).json()).toEqual({ keys: [] });
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const response = await fetch(`${harness.emulator.url}/nobody/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as EntraErrorBody).error_codes).toEqual([90002]);
  });
});
