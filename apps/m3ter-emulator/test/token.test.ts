/** `POST /oauth/token` (form and JSON, HTTP Basic) and the 403s of the organization routes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACCESS_KEY_ID,
  API_SECRET,
  basic,
  callApi,
  fetchToken,
  type Harness,
  OTHER_ACCESS_KEY_ID,
  OTHER_API_SECRET,
  OTHER_ORG_ID,
  startHarness,
} from './helpers.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.emulator.close();
});

const tokenUrl = () => `${harness.emulator.url}/oauth/token`;

describe('POST /oauth/token', () => {
  it('issues a bearer token for a form body (the cURL example)', async () => {
    const response = await fetch(tokenUrl(), {
      method: 'POST',
      headers: {
        authorization: basic(ACCESS_KEY_ID, API_SECRET),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 18000 });
  });

  it('issues a bearer token for a JSON body (the TS SDK)', async () => {
    const response = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { authorization: basic(ACCESS_KEY_ID, API_SECRET), 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', scope: 'all' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe('Bearer');
    expect(harness.emulator.stats().tokensIssued).toBe(2);
  });

  it.each([
    ['a wrong secret', basic(ACCESS_KEY_ID, 'nope')],
    ['an unknown key', basic('who', API_SECRET)],
    ['no credentials', undefined],
    ['a bearer header', 'Bearer abc'],
  ])('answers 401 with m3ter’s {message} body for %s', async (_name, authorization) => {
    const response = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: expect.any(String) });
  });

  it('answers 400 for another grant type', async () => {
    const response = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { authorization: basic(ACCESS_KEY_ID, API_SECRET), 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.any(String) });
  });
});

describe('bearer tokens on organization routes', () => {
  it('accepts a fresh token', async () => {
    expect((await callApi(harness, '/bills')).status).toBe(200);
  });

  it('answers 403 (not 401) once the token has expired on the injected clock', async () => {
    harness.clock.advanceSeconds(17_999);
    expect((await callApi(harness, '/bills')).status).toBe(200);
    harness.clock.advanceSeconds(1);
    const response = await callApi(harness, '/bills');
    expect(response.status).toBe(403);
    expect(response.json).toEqual({ message: expect.stringMatching(/expired/) });
    // A new token works again.
    const token = await fetchToken(harness.emulator.url);
    expect((await callApi({ ...harness, token }, '/bills')).status).toBe(200);
  });

  it('honours tokenLifetimeSeconds', async () => {
    const short = await startHarness({ tokenLifetimeSeconds: 60 });
    try {
      short.clock.advanceSeconds(60);
      expect((await callApi(short, '/bills')).status).toBe(403);
    } finally {
      await short.emulator.close();
    }
  });

  it('expireTokens() expires every issued token now', async () => {
    expect(harness.emulator.expireTokens()).toBe(1);
    expect((await callApi(harness, '/bills')).status).toBe(403);
  });

  it('answers 403 for a missing or unknown token and for a token of another organization', async () => {
    expect((await callApi(harness, '/bills', { token: null })).status).toBe(403);
    expect((await callApi(harness, '/bills', { token: 'forged' })).status).toBe(403);
    const other = await fetchToken(harness.emulator.url, OTHER_ACCESS_KEY_ID, OTHER_API_SECRET);
    const response = await callApi({ ...harness, token: other }, '/bills');
    expect(response.status).toBe(403);
    expect(response.json).toEqual({ message: expect.any(String) });
    expect((await callApi({ ...harness, token: other }, '/bills', { orgId: OTHER_ORG_ID })).status).toBe(200);
  });
});
