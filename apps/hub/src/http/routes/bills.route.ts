import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findLatestBill } from '../../repositories/bills.repository.js';
import { ingestBill, ZIngestBillBody } from '../../services/ingest-bill.service.js';
import {
  BATCH_OUTCOMES,
  ingestBillsBatch,
  MAX_BATCH_BILLS,
} from '../../services/ingest-bills-batch.service.js';
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

const ZRun = ZIngestResponse.shape.runs.element;

/** `POST /v1/bills/batch`: items are checked one by one in the service, so one bad bill refuses only itself. */
export const ZIngestBatchBody = z.object({
  bills: z
    .array(
      z.unknown().describe('a `POST /v1/bills` body (a bill, optionally with `account`), checked on its own'),
      { error: 'must be an array of bills' },
    )
    .min(1, 'must hold at least 1 bill')
    .max(MAX_BATCH_BILLS, `must hold at most ${MAX_BATCH_BILLS} bills`),
});

export const ZIngestBatchResponse = z.object({
  results: z.array(
    z.object({
      index: z.number().int().describe('0-based position in the request’s bills'),
      billId: z.string().nullable().describe('null for an INVALID item without a string id'),
      version: z
        .number()
        .int()
        .nullable()
        .describe('null for an INVALID item without a whole-number version'),
      outcome: z
        .enum(BATCH_OUTCOMES)
        .describe(
          'STORED: stored now with its runs; STALE: stored now with its runs, but a newer version was already stored (its runs end SKIPPED / STALE_VERSION once that one is processed); DUPLICATE: this (id, version) was already stored (earlier in the request too): its runs, no new work; INVALID: refused, see errors',
        ),
      runs: z.array(ZRun),
      errors: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .describe('INVALID only; paths within the bill'),
    }),
  ),
});

/** 500 bills of a few hundred line items each; a bill of a batch is still held to the single route's limit. */
const BATCH_BODY_LIMIT = 32 * 1024 * 1024;

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

  app.post(
    '/v1/bills/batch',
    {
      bodyLimit: Math.max(services.env.HUB_BODY_LIMIT_BYTES, BATCH_BODY_LIMIT),
      config: { guardsBodyPerItem: true },
      schema: {
        tags: ['bills'],
        summary: `Ingest up to ${MAX_BATCH_BILLS} bill versions at once, answered bill by bill`,
        description:
          'Each bill is checked and answered on its own (`results` in request order), with the outcome ' +
          'posting them one by one to `POST /v1/bills` in that order would have. Every valid bill, its runs ' +
          'and account upserts are written in one transaction; the same batch again creates nothing new. ' +
          'A second item with the same (id, version) is a DUPLICATE of the first.',
        body: ZIngestBatchBody,
        response: { 200: ZIngestBatchResponse, ...errorResponses, 413: ZErrorResponse },
      },
    },
    async (request) => {
      const results = await ingestBillsBatch(services, request.auth.orgId, request.body.bills);
      return {
        results: results.map((result) => ({
          ...result,
          runs: result.runs.map((run) => ({
            id: run.id,
            integrationConfigId: run.integrationConfigId,
            status: run.status,
          })),
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
