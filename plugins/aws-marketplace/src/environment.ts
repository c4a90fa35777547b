import type { AdapterEnvironment } from '@hub/core';
import { z } from 'zod';
import { DEFAULT_REGION, REGION_PATTERN } from './constants.js';

/**
 * The variables the plugin reads, parsed by the host with its own (the plugin reads no
 * `process.env`). The endpoints are unset by default: the SDK then uses AWS's regional endpoints.
 */
export const awsEnvironment: AdapterEnvironment = {
  variables: {
    AWS_MARKETPLACE_METERING_URL: {
      endpoint: 'meteringUrl',
      schema: z.url({ error: 'must be a URL' }).optional(),
      description:
        'Marketplace Metering Service endpoint (default: the SDK regional endpoint, https://metering.marketplace.<region>.amazonaws.com)',
    },
    AWS_STS_URL: {
      endpoint: 'stsUrl',
      schema: z.url({ error: 'must be a URL' }).optional(),
      description:
        'AWS STS endpoint for AssumeRole and GetCallerIdentity (default: the SDK regional endpoint)',
    },
    AWS_REGION: {
      endpoint: 'region',
      schema: z
        .string()
        .trim()
        .regex(REGION_PATTERN, 'must be an AWS region such as us-east-1')
        .default(DEFAULT_REGION),
      description: `AWS region for credentials that name none (default ${DEFAULT_REGION})`,
    },
  },
};

export interface AwsEndpoints {
  /** Metering endpoint override, or `undefined` for AWS's regional endpoint. */
  meteringUrl: string | undefined;
  /** STS endpoint override, or `undefined` for AWS's regional endpoint. */
  stsUrl: string | undefined;
  /** The host's default region. */
  region: string;
}

function endpointUrl(name: string, value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`endpoint ${name} is not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`endpoint ${name} must be http(s), got ${url.protocol}`);
  }
  return text.replace(/\/+$/, '');
}

/** The endpoints as the host handed them over (`context.endpoints`), checked, with defaults. */
export function resolveAwsEndpoints(endpoints: Readonly<Record<string, string | undefined>>): AwsEndpoints {
  const region = endpoints['region']?.trim() || DEFAULT_REGION;
  if (!REGION_PATTERN.test(region)) throw new TypeError(`endpoint region is not an AWS region: ${region}`);
  return {
    meteringUrl: endpointUrl('meteringUrl', endpoints['meteringUrl']),
    stsUrl: endpointUrl('stsUrl', endpoints['stsUrl']),
    region,
  };
}
