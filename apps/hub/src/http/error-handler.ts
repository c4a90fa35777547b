import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isTransientDatabaseError } from '../db/transient.js';
import { codeForStatus, type ErrorBody, type ErrorCode, HttpError } from './errors.js';

function pathOf(instancePath: string, context: string | undefined): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const prefix = context === 'body' || !context ? '' : `${context}.`;
  return `${prefix}${path}` || context || '(root)';
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

const FRAMEWORK_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the body must be application/json',
  FST_ERR_MAX_PARAM_LENGTH: 'a path parameter is too long',
};

/** A client-error status the contract has no code for is answered as a 400. */
function clientErrorCode(status: number): { status: number; code: ErrorCode } {
  const code = codeForStatus(status);
  return code === 'VALIDATION_FAILED' ? { status: 400, code } : { status, code };
}

/**
 * Every failure as the contract's error answer. 4xx messages are specific and name the field; a
 * 5xx says nothing about internals (the log has the detail).
 */
export function errorAnswer(error: FastifyError | Error): ErrorAnswer {
  if (error instanceof HttpError) {
    return {
      status: error.statusCode,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details.length ? { details: error.details } : {}),
        },
      },
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      path: pathOf(issue.instancePath, error.validationContext),
      message: issue.message ?? 'is invalid',
    }));
    return {
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_FAILED',
          message: `invalid ${error.validationContext ?? 'request'}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
          details,
        },
      },
    };
  }
  if (isTransientDatabaseError(error)) {
    // The database is restarting or unreachable: say so, and when to come back.
    return {
      status: 503,
      body: { error: { code: 'UNAVAILABLE', message: 'the database is unavailable; retry shortly' } },
      headers: { 'retry-after': '5' },
    };
  }
  const { statusCode, code: fastifyCode } = error as FastifyError;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors (bad content-length or URL encoding, over-long parameter, ...).
    const { status, code } = clientErrorCode(statusCode);
    return { status, body: { error: { code, message: FRAMEWORK_MESSAGES[fastifyCode] ?? error.message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}

function send(answer: ErrorAnswer, reply: FastifyReply): FastifyReply {
  if (answer.headers) reply.headers(answer.headers);
  return reply.status(answer.status).send(answer.body);
}

/**
 * Fastify's `frameworkErrors` option: the errors it raises before any route is found (a bad URL
 * encoding, a parameter over `maxParamLength`) would otherwise be written in Fastify's own shape.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  send(errorAnswer(error), reply);
}

const SOCKET_ERRORS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    message: 'the request did not arrive in time',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    message: 'the request headers are too large',
  },
};

/**
 * Fastify's `clientErrorHandler` option: a request Node's HTTP parser refuses never reaches Fastify,
 * so its answer is written on the socket here, in the same shape as every other error.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = SOCKET_ERRORS[error.code ?? ''];
  const { status, code, message } = known ?? {
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'the request is not valid HTTP',
  };
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** One place that turns every failure into the contract's error shape. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = errorAnswer(error);
    if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
    return send(answer, reply);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({
      error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` },
    });
  });
}
