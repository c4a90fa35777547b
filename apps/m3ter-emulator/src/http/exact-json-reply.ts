/** Sends a body whose ExactNumber values (money) are written digit for digit. */

import { stringifyExactJson } from '@hub/emulator-kit';
import type { FastifyReply } from 'fastify';

export function sendExactJson(reply: FastifyReply, statusCode: number, body: unknown): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send(stringifyExactJson(body));
}
