import { describeAdapter } from '@hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HubServices } from '../../services.js';
import { errorResponses } from '../schemas.js';

const ZCredentialField = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string().nullable(),
  secret: z.boolean().describe('write-only: stored encrypted, never returned'),
  required: z.boolean(),
});

const ZMetadataField = z.object({
  name: z.string().describe('the key inside an account mapping’s metadata'),
  label: z.string(),
  description: z.string().nullable(),
  required: z.boolean(),
});

const ZDestinationDescription = z.object({
  id: z.string().describe('the value of an integration’s and a credential’s `destination`'),
  displayName: z.string(),
  externalSystem: z.string().describe('the `externalSystem` of this destination’s external mappings'),
  credential: z.object({ fields: z.array(ZCredentialField) }),
  mappings: z.object({
    account: z.object({
      externalTable: z.string(),
      description: z.string(),
      metadataFields: z.array(ZMetadataField),
    }),
    dimension: z.object({ externalTable: z.string(), description: z.string() }),
  }),
  limits: z.object({
    maxBatchSize: z.number().int(),
    acceptanceWindowMs: z.number().int(),
    slotLengthMs: z.number().int().nullable(),
    fractionalQuantities: z.boolean(),
    maxQuantityDecimalPlaces: z.number().int(),
    maxEventQuantity: z.string().nullable().describe('decimal string; null: no limit'),
  }),
  prerequisites: z.boolean().describe('true when the destination brings its own prerequisite checks'),
});

/**
 * The destinations this hub serves (one per loaded plugin), described for UIs: credential fields,
 * mapping tables, metadata and limits. Plain data from core's `describeAdapter`, never a secret.
 */
export const destinationsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (
  app,
  { services },
) => {
  // Adapters are fixed at start-up: describe them once.
  const descriptions = [...services.adapters.values()]
    .map((adapter) => describeAdapter(adapter))
    .sort((a, b) => a.id.localeCompare(b.id));

  app.get(
    '/v1/destinations',
    {
      schema: {
        tags: ['destinations'],
        summary: 'The destinations this hub serves: credential fields, mapping tables, limits',
        response: { 200: z.object({ data: z.array(ZDestinationDescription) }), ...errorResponses },
      },
    },
    async () => ({ data: descriptions }),
  );
};
