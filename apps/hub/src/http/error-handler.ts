import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isTransientDatabaseError } from '../db/transient.js';
import { type ErrorBody, HttpError } from './errors.js';

function pathOf(instancePath: string, context: string | undefined): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const prefix = context === 'body' || !context ? '' : `${context}.`;
  return `${prefix}${path}` || context || '(root)';
}

/**
 * One place that turns every failure into the contract's error shape. 4xx messages are specific
 * and name the field; a 5xx says nothing about internals (the log has the detail).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status = 500;
    let body: ErrorBody = { error: { code: 'INTERNAL', message: 'internal error' } };

    if (error instanceof HttpError) {
      status = error.statusCode;
      body = {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details.length ? { details: error.details } : {}),
        },
      };
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => ({
        path: pathOf(issue.instancePath, error.validationContext),
        message: issue.message ?? 'is invalid',
      }));
      status = 400;
      body = {
        error: {
          code: 'VALIDATION_FAILED',
          message: `invalid ${error.validationContext ?? 'request'}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
          details,
        },
      };
    } else if (isTransientDatabaseError(error)) {
      // The database is restarting or unreachable: say so, and when to come back.
      status = 503;
      body = { error: { code: 'UNAVAILABLE', message: 'the database is unavailable; retry shortly' } };
      reply.header('retry-after', '5');
    } else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      status = 413;
      body = { error: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is too large' } };
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      status = 400;
      body = { error: { code: 'VALIDATION_FAILED', message: 'the body must be application/json' } };
    } else if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own client errors (bad content-length, empty JSON body, bad URL encoding, ...).
      status = error.statusCode;
      const code =
        status === 404
          ? 'NOT_FOUND'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 429
              ? 'RATE_LIMITED'
              : 'VALIDATION_FAILED';
      body = { error: { code, message: error.message } };
      if (status !== 404 && status !== 413 && status !== 429) status = 400;
    }

    if (status >= 500) request.log.error({ err: error }, 'request failed');
    reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` },
    });
  });
}
