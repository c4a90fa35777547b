import type { HubServices } from '../services.js';

/**
 * The values handed to an adapter's `createClient` as `context.endpoints`: what its plugin's
 * declared variables were parsed to at start-up. A destination without variables gets `{}` and
 * falls back to the adapter's defaults.
 */
export function destinationEndpoints(
  services: Pick<HubServices, 'adapterEndpoints'>,
  destination: string,
): Readonly<Record<string, string | undefined>> {
  return services.adapterEndpoints.get(destination) ?? {};
}
