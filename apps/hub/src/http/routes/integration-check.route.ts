import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CHECK_TTL_MS, IntegrationChecker } from '../../services/integration-checks.service.js';
import type { HubServices } from '../../services.js';
import { errorResponses, ZIdParams, ZTimestamp } from '../schemas.js';

export const ZCheckResult = z.object({
  name: z
    .string()
    .describe(
      'credential | accountMappings | subscriptions | dimensionMappings | planDimensions | dimensionPrices | ' +
        'allowedAccounts | accountFilter',
    ),
  ok: z.boolean().describe('false only when the check failed; a skipped check is ok'),
  status: z.enum(['PASS', 'FAIL', 'SKIP']),
  message: z.string().describe('what was found and, on failure, what to fix'),
  details: z.record(z.string(), z.unknown()),
});

export const ZCheckReport = z.object({
  ok: z.boolean().describe('true when no check failed'),
  integrationId: z.string(),
  version: z.number().int().describe('the integration version checked'),
  destination: z.string(),
  checkedAt: ZTimestamp,
  checks: z.array(ZCheckResult),
});

export const integrationCheckRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (
  app,
  { services },
) => {
  const checker = new IntegrationChecker(services);

  app.post(
    '/v1/integrations/:id/check',
    {
      schema: {
        tags: ['integrations'],
        summary: 'Check the prerequisites against the destination (read-only)',
        description:
          "Checks that a credential is connected and mappings exist, then runs the destination plugin's checks " +
          '(typically: the credential is accepted, every mapped customer can take usage, the dimensions exist and ' +
          'are priced at configData.unitPrice in configData.currency, or SKIP where the destination offers no way ' +
          'to tell); also lists allowed accounts without a mapping and an accountFilter that no known ' +
          `account satisfies. Writes nothing; the destination's answers are cached for ${CHECK_TTL_MS / 1000} s.`,
        params: ZIdParams,
        response: { 200: ZCheckReport, ...errorResponses },
      },
    },
    async (request) => checker.check(request.auth.orgId, request.params.id),
  );
};
