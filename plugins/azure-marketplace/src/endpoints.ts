import { DEFAULT_API_URL, DEFAULT_LOGIN_URL } from './constants.js';

export interface AzureEndpoints {
  /** Metering and fulfillment base, e.g. `https://marketplaceapi.microsoft.com/api`. */
  apiUrl: string;
  /** Microsoft Entra base, e.g. `https://login.microsoftonline.com`; `http://` means a local stand-in. */
  loginUrl: string;
}

function baseUrl(name: string, value: string | undefined, fallback: string): string {
  const text = value?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`endpoint ${name} is not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`endpoint ${name} must be http(s), got ${url.protocol}`);
  }
  if (url.search || url.hash) throw new TypeError(`endpoint ${name} must not carry a query or fragment`);
  // Paths are appended to the base, so one trailing slash more or less must not matter.
  return text.replace(/\/+$/, '');
}

/**
 * The host hands endpoints over in the adapter context (it reads its own configuration); the plugin
 * reads no environment and falls back to Microsoft's public endpoints.
 */
export function resolveEndpoints(endpoints: Readonly<Record<string, string | undefined>>): AzureEndpoints {
  return {
    apiUrl: baseUrl('apiUrl', endpoints['apiUrl'], DEFAULT_API_URL),
    loginUrl: baseUrl('loginUrl', endpoints['loginUrl'], DEFAULT_LOGIN_URL),
  };
}
