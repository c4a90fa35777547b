import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SourceRow } from '../../db/database.js';
import {
  findSourceRowById,
  openWebhookSecret,
  webhookTokenMatches,
} from '../../repositories/sources.repository.js';
import { acceptWebhook, webhookBillIds } from '../../services/source-webhook.service.js';
import type { HubServices } from '../../services.js';
import { HttpError } from '../errors.js';
import { RateLimiter } from '../rate-limiter.js';
import { ZErrorResponse } from '../schemas.js';

/** The largest webhook body read (413 beyond): a trigger names bills, it does not carry them. */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;
/** Webhooks per second per source (and the burst allowed), per hub process. */
/**
 * Per source and process. A webhook is only a trigger (a row and a queued sync), so it is cheap; the
 * limit matches the billing platform's own API limit (50 a second), so an approval run of many bills
 * is not mostly refused (what is refused is still found by polling).
 */
export const WEBHOOK_RATE_PER_SECOND = 50;

declare module 'fastify' {
  interface FastifyRequest {
    webhookSource: SourceRow | null;
  }
}

const ZWebhookAccepted = z.object({
  accepted: z.number().int().describe('bills named by the webhook, queued to be fetched'),
});

/**
 * `POST /v1/sources/{id}/webhook?token=…`: the billing platform's outgoing webhook. Not behind an API
 * key: the URL's token authenticates it, and it is checked before anything of the body is read
 * (unknown source → 404, wrong token → 401), then the size (413) and the rate (429); then, when the
 * operator set a signature secret and the source can check one, the signature (401). The body is
 * a trigger only: the bills it names are fetched with the hub's credential by a sync.
 */
export const sourceWebhookRoutes: FastifyPluginAsyncZod<{
  services: HubServices;
  limiter?: RateLimiter;
}> = async (
  app,
  { services, limiter = new RateLimiter(WEBHOOK_RATE_PER_SECOND, WEBHOOK_RATE_PER_SECOND) },
) => {
  app.decorateRequest('webhookSource', null);
  // The raw bytes, exactly as sent: signatures are computed over them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  const authenticate = async (request: FastifyRequest): Promise<void> => {
    const { id } = request.params as { id?: string };
    const { token } = request.query as { token?: unknown };
    const source = id ? await findSourceRowById(services.db, id) : null;
    const plugin = source ? services.sources.get(source.type) : undefined;
    if (!source || !plugin?.webhookBillIds) throw new HttpError('NOT_FOUND', `no webhook at source ${id}`);
    if (typeof token !== 'string' || token.length === 0 || token.length > 200) {
      throw new HttpError('UNAUTHORIZED', 'the webhook URL needs its token (?token=…)');
    }
    if (!webhookTokenMatches(token, source.webhook_token_hash)) {
      throw new HttpError('UNAUTHORIZED', 'the webhook token is wrong (was it rotated?)');
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > WEBHOOK_BODY_LIMIT) {
      throw new HttpError('PAYLOAD_TOO_LARGE', `a webhook body may be at most ${WEBHOOK_BODY_LIMIT} bytes`);
    }
    const waitMs = limiter.take(source.id);
    if (waitMs > 0) {
      const error = new HttpError(
        'RATE_LIMITED',
        `at most ${WEBHOOK_RATE_PER_SECOND} webhooks per second per source`,
      );
      (error as HttpError & { retryAfterSeconds: number }).retryAfterSeconds = Math.max(
        1,
        Math.ceil(waitMs / 1000),
      );
      throw error;
    }
    request.webhookSource = source;
  };

  app.post(
    '/v1/sources/:id/webhook',
    {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      onRequest: async (request, reply) => {
        try {
          await authenticate(request);
        } catch (error) {
          const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
          if (retryAfter) reply.header('retry-after', String(retryAfter));
          throw error;
        }
      },
      schema: {
        tags: ['sources'],
        summary: "The billing platform's webhook: a trigger to fetch the bills it names",
        description:
          'Authenticated by the URL token (shown once when the source is created or the token rotated), ' +
          `then size-limited (${WEBHOOK_BODY_LIMIT} bytes), rate-limited per source and, when a signature ` +
          'secret is set and the source supports it, signature-checked. Answers 202 before fetching.',
        security: [],
        params: z.object({ id: z.string().min(1).max(200) }),
        querystring: z.object({ token: z.string().max(200).optional() }),
        response: {
          202: ZWebhookAccepted,
          400: ZErrorResponse,
          401: ZErrorResponse,
          404: ZErrorResponse,
          413: ZErrorResponse,
          429: ZErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const source = request.webhookSource!;
      const plugin = services.sources.get(source.type)!;
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const secret = openWebhookSecret(services.secretBox, source);
      if (secret !== null && plugin.verifyWebhookSignature) {
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        let verdict: { ok: true } | { ok: false; reason: string };
        try {
          verdict = plugin.verifyWebhookSignature({ headers, rawBody: raw, secret, now: services.now() });
        } catch {
          verdict = { ok: false, reason: 'the signature could not be checked' };
        }
        if (!verdict.ok) throw new HttpError('UNAUTHORIZED', `webhook signature: ${verdict.reason}`);
      }
      let body: unknown;
      try {
        body = raw.length === 0 ? null : JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError('VALIDATION_FAILED', 'the webhook body is not JSON', [
          { path: '(root)', message: 'must be JSON' },
        ]);
      }
      const billIds = webhookBillIds(plugin, body) ?? [];
      await acceptWebhook(services, source, billIds);
      return reply.status(202).send({ accepted: billIds.length });
    },
  );
};
