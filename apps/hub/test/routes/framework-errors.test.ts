import { connect } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
let port: number;
beforeAll(async () => {
  hub = await createTestHub();
  await hub.app.listen({ host: '127.0.0.1', port: 0 });
  port = (hub.app.server.address() as { port: number }).port;
});
afterAll(async () => hub?.close());

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** The contract's shape exactly: `{ error: { code, message } }` (details only when given). */
function expectContractError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.body).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = JSON.parse(answer.body);
  expect(body).toEqual({
    error: {
      code,
      message: expect.any(String),
      ...(body.error?.details ? { details: expect.any(Array) } : {}),
    },
  });
  expect(body.error.message.length).toBeGreaterThan(0);
}

const fromInject = (res: LightMyRequestResponse): Answer => ({
  status: res.statusCode,
  contentType: res.headers['content-type'] as string | undefined,
  body: res.body,
});

/** Over a real connection: what a client receives, including answers written before Fastify routes. */
async function overTheWire(init: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}) {
  const res = await fetch(`http://127.0.0.1:${port}${init.path}`, {
    method: init.method,
    headers: { authorization: `Bearer ${hub.adminKey}`, ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    body: await res.text(),
  };
}

/** Raw bytes on a socket, for requests Node's HTTP parser refuses before Fastify sees them. */
function rawRequest(bytes: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('error', (error) => (received ? undefined : reject(error)));
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const contentType = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim();
      resolve({ status, contentType, body });
    });
    socket.write(bytes);
  });
}

describe('errors Fastify answers itself have the contract shape', () => {
  it('an over-long path parameter is a 414', async () => {
    const path = `/v1/accounts/${'x'.repeat(400)}`;
    expectContractError(fromInject(await hub.call({ method: 'GET', url: path })), 414, 'URI_TOO_LONG');
    expectContractError(await overTheWire({ method: 'GET', path }), 414, 'URI_TOO_LONG');
    // Ids up to 200 characters are still routed (the models allow them).
    const ok = await hub.call({ method: 'GET', url: `/v1/accounts/${'x'.repeat(200)}` });
    expectContractError(fromInject(ok), 404, 'NOT_FOUND');
  });

  it('an unknown route is a 404, with or without a key', async () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing-here'],
      ['POST', '/v1/accounts'],
      ['DELETE', '/v2/anything'],
      ['GET', '/admin/queues'],
    ] as const) {
      expectContractError(await overTheWire({ method, path }), 404, 'NOT_FOUND');
      expectContractError(
        await overTheWire({ method, path, headers: { authorization: '' } }),
        404,
        'NOT_FOUND',
      );
    }
  });

  it('an unsupported content type is a 415', async () => {
    for (const contentType of ['application/xml', 'application/x-www-form-urlencoded', 'image/png']) {
      const res = await hub.call({
        method: 'PUT',
        url: '/v1/accounts/x',
        headers: { 'content-type': contentType },
        payload: 'name=a&code=b',
      });
      expectContractError(fromInject(res), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const wire = await overTheWire({
      method: 'POST',
      path: '/v1/bills',
      headers: { 'content-type': 'application/xml' },
      body: '<bill/>',
    });
    expectContractError(wire, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over the limit is a 413', async () => {
    const body = JSON.stringify({ name: 'a'.repeat(1_100_000), code: 'c' });
    const res = await hub.call({
      method: 'PUT',
      url: '/v1/accounts/x',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expectContractError(fromInject(res), 413, 'PAYLOAD_TOO_LARGE');
    // Announced too large: refused from the header, before the body is read.
    const announced = await rawRequest(
      `PUT /v1/accounts/x HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer ${hub.adminKey}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n{}',
    );
    expectContractError(announced, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('malformed JSON is a 400', async () => {
    for (const body of ['{"name": ', '{', 'nul', '{"a":1}}']) {
      const wire = await overTheWire({
        method: 'PUT',
        path: '/v1/accounts/x',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expectContractError(wire, 400, 'VALIDATION_FAILED');
    }
  });

  it('a bad percent-encoding in the path is a 400', async () => {
    expectContractError(
      await overTheWire({ method: 'GET', path: '/v1/accounts/%E0%A4%A' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('a request Node cannot parse is a 400, and headers over its limit a 431', async () => {
    const broken = await rawRequest('GET /v1/accounts/x HTTP/1.1\r\nHost: h\r\nBad Header Line\r\n\r\n');
    expectContractError(broken, 400, 'VALIDATION_FAILED');
    const huge = await rawRequest(
      `GET /v1/accounts/x HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expectContractError(huge, 431, 'HEADERS_TOO_LARGE');
  });
});
