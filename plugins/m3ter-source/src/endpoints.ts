import { DEFAULT_API_URL } from './constants.js';

export interface M3terEndpoints {
  /** Config API base, e.g. `https://api.m3ter.com`, no trailing slash. */
  apiUrl: string;
  /** OAuth2 token endpoint, `${apiUrl}/oauth/token` unless set. */
  tokenUrl: string;
}

function checkedUrl(name: string, text: string): string {
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
  return text.replace(/\/+$/, '');
}

/** The host hands endpoints over in the context; the plugin reads no environment itself. */
export function resolveEndpoints(endpoints: Readonly<Record<string, string | undefined>>): M3terEndpoints {
  const apiUrl = checkedUrl('apiUrl', endpoints['apiUrl']?.trim() || DEFAULT_API_URL);
  const tokenText = endpoints['tokenUrl']?.trim();
  return { apiUrl, tokenUrl: tokenText ? checkedUrl('tokenUrl', tokenText) : `${apiUrl}/oauth/token` };
}
