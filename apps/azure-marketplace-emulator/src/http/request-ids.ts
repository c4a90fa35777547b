/**
 * Azure echoes `x-ms-requestid` and `x-ms-correlationid` on every metering and fulfillment response,
 * generating GUIDs for those the client did not send. Publishers log both for support tickets.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

function single(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

export function echoRequestIds(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-ms-requestid', single(request.headers['x-ms-requestid']) ?? randomUUID());
  reply.header('x-ms-correlationid', single(request.headers['x-ms-correlationid']) ?? randomUUID());
}
