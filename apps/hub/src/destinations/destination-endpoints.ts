import type { Env } from '../config/env.js';

/** The part of the environment that configures destination endpoints. */
export type EndpointEnv = Pick<Env, 'AZURE_MARKETPLACE_API_URL' | 'AZURE_LOGIN_URL'>;

/**
 * The base URLs handed to an adapter's `createClient` (`context.endpoints`). Adapters read no
 * environment; the hub maps its own settings here. A destination without settings gets `{}` and
 * falls back to the adapter's defaults.
 */
export function destinationEndpoints(
  env: EndpointEnv,
  destination: string,
): Readonly<Record<string, string | undefined>> {
  switch (destination) {
    case 'AZURE_MARKETPLACE':
      return { apiUrl: env.AZURE_MARKETPLACE_API_URL, loginUrl: env.AZURE_LOGIN_URL };
    default:
      return {};
  }
}
