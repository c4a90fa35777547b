import type { INetworkModule } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { msalConfiguration } from '../../src/token-provider.js';

const credential = {
  tenantId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  clientId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  clientSecret: 'secret',
};
const network = {} as INetworkModule;

describe('msalConfiguration', () => {
  it('uses the login base as authority over https, with normal discovery', () => {
    const config = msalConfiguration(credential, 'https://login.microsoftonline.com', network);
    expect(config.auth.authority).toBe(`https://login.microsoftonline.com/${credential.tenantId}`);
    expect(config.auth.knownAuthorities).toBeUndefined();
    expect(config.auth.authorityMetadata).toBeUndefined();
    expect(config.system?.networkClient).toBe(network);
  });

  it('trusts another https Entra host as given', () => {
    const config = msalConfiguration(credential, 'https://login.microsoftonline.us', network);
    expect(config.auth.knownAuthorities).toEqual(['login.microsoftonline.us']);
  });

  it('points an http stand-in through authorityMetadata behind an https authority never contacted', () => {
    const config = msalConfiguration(credential, 'http://127.0.0.1:4000', network);
    expect(config.auth.authority).toBe(`https://login.microsoftonline.com/${credential.tenantId}`);
    expect(config.auth.knownAuthorities).toEqual(['login.microsoftonline.com']);
    const metadata = JSON.parse(config.auth.authorityMetadata ?? '{}') as Record<string, string>;
    expect(metadata.token_endpoint).toBe(`http://127.0.0.1:4000/${credential.tenantId}/oauth2/v2.0/token`);
    expect(metadata.authorization_endpoint).toBe(
      `http://127.0.0.1:4000/${credential.tenantId}/oauth2/v2.0/authorize`,
    );
  });
});
