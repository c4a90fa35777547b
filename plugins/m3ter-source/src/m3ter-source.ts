import { defineBillSource, urlVariable } from '@hub/core';
import { z } from 'zod';
import { DEFAULT_API_URL } from './constants.js';
import {
  M3TER_SECRET_FIELDS,
  type M3terCredential,
  type M3terSettings,
  ZM3terCredential,
  ZM3terSettings,
} from './credential.js';
import { createM3terSourceClient } from './m3ter-source-client.js';
import { verifyWebhookSignature, webhookBillIds } from './webhook.js';

/**
 * m3ter as a source of bills: the hub reads bills (with every line item), accounts, bill events
 * and external mappings from m3ter's Config API with a Service User's key, and takes m3ter's
 * outgoing webhook as a trigger only.
 */
export const m3terSource = defineBillSource<M3terCredential, M3terSettings>({
  id: 'M3TER',
  displayName: 'm3ter',
  credential: { schema: ZM3terCredential, secretFields: [...M3TER_SECRET_FIELDS] },
  settings: ZM3terSettings,
  environment: {
    variables: {
      M3TER_API_URL: urlVariable('apiUrl', DEFAULT_API_URL, 'Base URL of the m3ter Config API'),
      M3TER_TOKEN_URL: {
        endpoint: 'tokenUrl',
        schema: z.url({ error: 'must be a URL' }).optional(),
        description: 'm3ter OAuth2 token endpoint (default: M3TER_API_URL + /oauth/token)',
      },
    },
  },
  webhookBillIds,
  verifyWebhookSignature: (input) => verifyWebhookSignature(input),
  createClient: (context) => createM3terSourceClient(context),
});

export default m3terSource;
