import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPreviewBody } from '../../services/ingest-bill.service.js';
import { previewBill } from '../../services/preview.service.js';
import type { HubServices } from '../../services.js';
import { errorResponses, ZErrorResponse, ZIdParams } from '../schemas.js';

const ZDecimalString = z.string().describe('decimal');

export const ZPreviewResponse = z.object({
  outcome: z.enum(['SEND', 'SKIPPED', 'ERROR']),
  reason: z
    .string()
    .optional()
    .describe('Why it is SKIPPED or ERROR (e.g. ACCOUNT_FILTER, CURRENCY_MISMATCH)'),
  message: z.string().optional(),
  resourceId: z
    .string()
    .optional()
    .describe('SEND: the destination resource (the Account mapping externalId)'),
  missing: z
    .array(z.object({ m3terEntity: z.string(), m3terId: z.string() }))
    .optional()
    .describe('ERROR: every entity without a mapping'),
  includedLineItemIds: z.array(z.string()),
  excludedLineItems: z.array(z.object({ id: z.string(), reason: z.string() })),
  usage: z.array(
    z.object({
      resourceId: z.string(),
      dimension: z.string(),
      amount: ZDecimalString,
      target: ZDecimalString,
      alreadyReported: ZDecimalString,
      delta: ZDecimalString,
      creditAvailable: ZDecimalString,
      creditUsed: ZDecimalString,
      creditAdded: ZDecimalString,
      quantity: ZDecimalString.describe('what a run would send now (0: nothing)'),
      lineItemIds: z.array(z.string()),
    }),
  ),
});

export const previewRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.post(
    '/v1/integrations/:id/preview',
    {
      schema: {
        tags: ['integrations'],
        summary: 'Dry-run a bill through an integration',
        description:
          'Runs the pipeline (gates 3–11 and the ledger) without sending or storing anything. ' +
          'Disabled / not connected integrations are previewed as if enabled and connected.',
        params: ZIdParams,
        body: ZPreviewBody,
        response: { 200: ZPreviewResponse, ...errorResponses, 413: ZErrorResponse },
      },
    },
    async (request) => previewBill(services, request.auth.orgId, request.params.id, request.body),
  );
};
