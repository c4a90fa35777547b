import { ACCOUNT_FILTER_LIMITS, compileAccountFilter, tryParseAccountFilter } from '@hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countAccounts, listAccounts } from '../../repositories/accounts.repository.js';
import type { HubServices } from '../../services.js';
import { errorResponses } from '../schemas.js';

/** At most this many known accounts are evaluated per request (`truncated` says when there are more). */
export const ACCOUNT_FILTER_SCAN_LIMIT = 10_000;

const ZValidateBody = z.object({
  filter: z
    .string({ error: 'must be a string (an account filter expression; empty for none)' })
    .max(ACCOUNT_FILTER_LIMITS.maxLength, `must be at most ${ACCOUNT_FILTER_LIMITS.maxLength} characters`),
});

const ZValidateResponse = z.union([
  z.object({
    valid: z.literal(true),
    matchingAccounts: z.number().int().describe('scanned known accounts the filter is true for'),
    knownAccounts: z.number().int().describe('every account the organization has stored'),
    scannedAccounts: z
      .number()
      .int()
      .describe(`accounts evaluated: the first ${ACCOUNT_FILTER_SCAN_LIMIT} by id`),
    truncated: z
      .boolean()
      .describe('true when knownAccounts > scannedAccounts (matchingAccounts counts only those)'),
  }),
  z.object({
    valid: z.literal(false),
    error: z.object({
      message: z.string(),
      position: z.number().int().describe('0-based character offset into the filter'),
    }),
  }),
]);

export const accountFilterRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (
  app,
  { services },
) => {
  app.post(
    '/v1/account-filter/validate',
    {
      schema: {
        tags: ['integrations'],
        summary:
          'Check an account filter expression and count the known accounts it matches (an empty filter matches all)',
        body: ZValidateBody,
        response: { 200: ZValidateResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.auth;
      const { filter } = request.body;
      // As when an integration is saved: a blank filter is no filter.
      const blank = filter.trim() === '';
      if (!blank) {
        const parsed = tryParseAccountFilter(filter);
        if (!parsed.ok) return { valid: false as const, error: parsed.error };
      }
      const predicate = blank ? () => true : compileAccountFilter(filter);
      const [known, accounts] = await Promise.all([
        countAccounts(services.db, orgId),
        listAccounts(services.db, orgId, ACCOUNT_FILTER_SCAN_LIMIT),
      ]);
      let matching = 0;
      for (const account of accounts) if (predicate(account)) matching++;
      return {
        valid: true as const,
        matchingAccounts: matching,
        knownAccounts: Math.max(known, accounts.length),
        scannedAccounts: accounts.length,
        truncated: known > accounts.length,
      };
    },
  );
};
