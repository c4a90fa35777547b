import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findLatestBill } from '../../repositories/bills.repository.js';
import { ingestBill, ZIngestBillBody } from '../../services/ingest-bill.service.js';
import type { HubServices } from '../../services.js';
import { isStorableText } from '../body-guard.js';
import { notFound } from '../errors.js';
import { errorResponses, ZErrorResponse, ZIdParams } from '../schemas.js';

export const ZIngestResponse = z.object({
  billId: z.string(),
  version: z.number().int(),
  runs: z.array(
    z.object({
      id: z.string(),
      integrationConfigId: z.string(),
      status: z.string().describe('WAITING when created; the current status on a repeated post'),
    }),
  ),
});

/** A stored bill: the body as ingested, amounts as decimal strings. */
export const ZStoredBill = z.looseObject({
  id: z.string(),
  version: z.number().int(),
  accountId: z.string(),
  status: z.string(),
  currency: z.string(),
  lineItems: z.array(
    z.looseObject({ id: z.string(), lineItemType: z.string(), subtotal: z.string().describe('decimal') }),
  ),
});

export const billsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.post(
    '/v1/bills',
    {
      schema: {
        tags: ['bills'],
        summary: 'Ingest a bill version',
        description:
          'Stores the bill (and upserts `account` when given) and creates one run per Bill integration, ' +
          'in one transaction → 202. The same (id, version) again → 200 with the same runs and no new work.',
        body: ZIngestBillBody,
        response: { 200: ZIngestResponse, 202: ZIngestResponse, ...errorResponses, 413: ZErrorResponse },
      },
    },
    async (request, reply) => {
      const result = await ingestBill(services, request.auth.orgId, request.body);
      reply.code(result.created ? 202 : 200);
      return {
        billId: result.billId,
        version: result.version,
        runs: result.runs.map((run) => ({
          id: run.id,
          integrationConfigId: run.integrationConfigId,
          status: run.status,
        })),
      };
    },
  );

  app.get(
    '/v1/bills/:id',
    {
      schema: {
        tags: ['bills'],
        summary: 'Read the newest stored version of a bill',
        params: ZIdParams,
        response: { 200: ZStoredBill, ...errorResponses },
      },
    },
    async (request) => {
      const { id } = request.params;
      const bill = isStorableText(id) ? await findLatestBill(services.db, request.auth.orgId, id) : null;
      if (!bill) throw notFound('bill', id);
      return bill.body as z.output<typeof ZStoredBill>;
    },
  );
};
