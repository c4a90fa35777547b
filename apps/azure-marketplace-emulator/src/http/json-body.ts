/**
 * JSON request bodies are parsed losslessly (see lossless-json-parser.ts). A body that is not JSON
 * does not fail inside Fastify's content-type parser: it becomes an `InvalidJsonBody` value, so each
 * route decides the answer after its own checks (auth comes before body errors, as on Azure).
 */

import { stringifyExactJson } from '@hub/emulator-kit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseLosslessJson } from '../json/lossless-json-parser.js';

export class InvalidJsonBody {
  constructor(readonly reason: string) {}
}

export function registerLosslessJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, new InvalidJsonBody('The request body is empty.'));
      return;
    }
    try {
      done(null, parseLosslessJson(text));
    } catch (error) {
      done(null, new InvalidJsonBody(`The request body is not valid JSON: ${(error as Error).message}.`));
    }
  });
}

/** Sends a body whose ExactNumber values are written digit for digit. */
export function sendExactJson(reply: FastifyReply, statusCode: number, body: unknown): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send(stringifyExactJson(body));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof InvalidJsonBody)
  );
}

/** A query parameter's single string value (repeated parameters take the first). */
export function queryParam(query: unknown, name: string): string | undefined {
  if (!isRecord(query)) return undefined;
  const value = query[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** `http://host:port` as the client addressed the emulator; used in discovery documents and links. */
export function baseUrlOf(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}`;
}
