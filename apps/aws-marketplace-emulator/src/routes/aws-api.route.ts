/**
 * `POST /`: the AWS front door. Metering (awsJson1_1, recognised by `X-Amz-Target`) and STS
 * (awsQuery, a form body with `Action=`) share the endpoint, as both SDK clients post to `/`.
 *
 * Per call: count it → fault decision (latency, dropped connection, 500, throttle) → SigV4 →
 * region → rate limit → body → rules → answer (or, for a lost response, record and then lose it).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ApiProtocol, authenticate } from '../auth/authenticate.js';
import type { ReceivedRequest } from '../auth/sigv4.js';
import {
  MAX_REQUEST_BYTES,
  METERING_REGIONS,
  METERING_SIGNING_NAME,
  METERING_TARGET_PREFIX,
  STS_API_VERSION,
  STS_SIGNING_NAME,
} from '../constants.js';
import type { AwsEmulatorController } from '../emulator-controller.js';
import type { FaultDecision } from '../faults/fault-injector.js';
import { AwsApiError, validationMessage } from '../http/aws-error.js';
import { processBatch } from '../metering/process-batch.js';
import { validateBatch } from '../metering/validate-batch.js';
import { countStat } from '../state/emulator-state.js';
import { assumeRole } from '../sts/assume-role.js';
import { assumeRoleXml, getCallerIdentityXml, stsErrorXml } from '../sts/sts-xml.js';

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
/** Parsers accept more than the 1 MB limit so the rule can answer it AWS's way. */
const PARSER_BODY_LIMIT = 8 * MAX_REQUEST_BYTES;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function received(request: FastifyRequest): ReceivedRequest {
  return {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: typeof request.body === 'string' ? request.body : '',
  };
}

/** Ends the exchange without an answer: the client sees a reset connection. */
function destroyConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  request.raw.socket?.destroy();
}

type FaultOutcome = 'continue' | 'lostResponse' | 'handled';

/** Latency, then the call-level fault (if any). Error faults throw the protocol's error. */
async function applyFault(
  controller: AwsEmulatorController,
  api: ApiProtocol,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FaultOutcome> {
  const decision: FaultDecision | undefined = controller.faultInjector.decide(api);
  if (!decision) return 'continue';
  const { faultsInjected } = controller.state.stats;
  if (decision.latencyMs > 0) {
    faultsInjected.latency++;
    await sleep(decision.latencyMs);
  }
  switch (decision.action) {
    case undefined:
      return 'continue';
    case 'dropConnection':
      faultsInjected.dropConnection++;
      destroyConnection(request, reply);
      return 'handled';
    case 'lostResponse':
      return 'lostResponse';
    case 'failNext':
    case 'status500':
      faultsInjected[decision.action === 'failNext' ? 'failNext' : 'status500']++;
      throw api === 'metering'
        ? new AwsApiError(
            'InternalServiceErrorException',
            500,
            'An internal error occurred (injected fault).',
          )
        : new AwsApiError('InternalFailure', 500, 'An internal error occurred (injected fault).');
    case 'throttle':
      faultsInjected.throttle++;
      throw api === 'metering'
        ? new AwsApiError('ThrottlingException', 400, 'Rate exceeded (injected fault).')
        : new AwsApiError('Throttling', 400, 'Rate exceeded (injected fault).');
  }
}

/** After processing: answer normally, or lose the answer the configured way. */
function loseResponse(
  controller: AwsEmulatorController,
  request: FastifyRequest,
  reply: FastifyReply,
): boolean {
  controller.state.stats.faultsInjected.lostResponse++;
  if (controller.faults().lostResponseAs === 'destroy') {
    destroyConnection(request, reply);
    return true;
  }
  return false;
}

async function handleMetering(
  controller: AwsEmulatorController,
  request: FastifyRequest,
  reply: FastifyReply,
  target: string,
): Promise<unknown> {
  const { state } = controller;
  const operation = target.startsWith(METERING_TARGET_PREFIX)
    ? target.slice(METERING_TARGET_PREFIX.length)
    : target;
  countStat(state.stats.calls, operation === 'BatchMeterUsage' ? operation : `unknown:${operation}`);
  if (operation !== 'BatchMeterUsage') {
    // (chosen) Only BatchMeterUsage is emulated; the other operations answer like unknown ones.
    throw new AwsApiError(
      'UnknownOperationException',
      400,
      `Operation ${target} is not supported by this emulator.`,
    );
  }
  const fault = await applyFault(controller, 'metering', request, reply);
  if (fault === 'handled') return reply;
  const now = controller.now();
  const principal = await authenticate({
    request: received(request),
    protocol: 'metering',
    expectedService: METERING_SIGNING_NAME,
    state,
    now,
  });
  if (!METERING_REGIONS.includes(principal.region)) {
    throw new AwsApiError(
      'DisabledApiException',
      400,
      `The API is disabled in the Region ${principal.region}.`,
    );
  }
  if (!controller.rateLimiter.tryAcquire(`${principal.accountId}|${principal.region}`)) {
    state.stats.throttled++;
    throw new AwsApiError('ThrottlingException', 400, 'Rate exceeded');
  }
  const body = typeof request.body === 'string' ? request.body : '';
  if (Buffer.byteLength(body) >= MAX_REQUEST_BYTES) {
    throw new AwsApiError(
      'ValidationException',
      400,
      validationMessage([
        `Request size ${Buffer.byteLength(body)} bytes: the request must be smaller than 1 MB`,
      ]),
    );
  }
  let parsed: unknown;
  try {
    parsed = body === '' ? {} : JSON.parse(body);
  } catch {
    throw new AwsApiError('SerializationException', 400, 'The request body is not valid JSON.');
  }
  const batch = validateBatch(parsed);
  countStat(state.stats.batchSizes, String(batch.records.length));
  const result = processBatch({
    state,
    batch,
    caller: { accountId: principal.accountId, region: principal.region },
    now,
    unprocessed: () => {
      const skip = controller.faultInjector.unprocessed();
      if (skip) state.stats.faultsInjected.unprocessed++;
      return skip;
    },
  });
  if (fault === 'lostResponse' && loseResponse(controller, request, reply)) return reply;
  if (fault === 'lostResponse') {
    throw new AwsApiError(
      'InternalServiceErrorException',
      500,
      'An internal error occurred (injected fault).',
    );
  }
  return reply.code(200).header('content-type', JSON_CONTENT_TYPE).send(JSON.stringify(result));
}

async function handleSts(
  controller: AwsEmulatorController,
  request: FastifyRequest,
  reply: FastifyReply,
  requestId: string,
): Promise<unknown> {
  const { state } = controller;
  const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
  const action = form.get('Action') ?? '';
  const known = action === 'AssumeRole' || action === 'GetCallerIdentity';
  countStat(state.stats.calls, known ? action : `unknown:${action}`);
  if (action === '') throw new AwsApiError('MissingAction', 400, 'Missing Action');
  if (!known || (form.get('Version') ?? STS_API_VERSION) !== STS_API_VERSION) {
    throw new AwsApiError(
      'InvalidAction',
      400,
      `Could not find operation ${action} for version ${form.get('Version') ?? STS_API_VERSION}`,
    );
  }
  const fault = await applyFault(controller, 'sts', request, reply);
  if (fault === 'handled') return reply;
  const now = controller.now();
  const principal = await authenticate({
    request: received(request),
    protocol: 'sts',
    expectedService: STS_SIGNING_NAME,
    state,
    now,
  });
  let xml: string;
  if (action === 'AssumeRole') {
    const assumed = assumeRole({
      state,
      caller: principal,
      params: {
        RoleArn: form.get('RoleArn') ?? undefined,
        RoleSessionName: form.get('RoleSessionName') ?? undefined,
        ExternalId: form.get('ExternalId') ?? undefined,
        DurationSeconds: form.get('DurationSeconds') ?? undefined,
      },
      now,
    });
    xml = assumeRoleXml(
      {
        accessKeyId: assumed.session.accessKeyId,
        secretAccessKey: assumed.session.secretAccessKey,
        sessionToken: assumed.session.sessionToken,
        expiration: assumed.session.expiresAt,
        assumedRoleId: assumed.assumedRoleId,
        arn: assumed.arn,
      },
      requestId,
    );
  } else {
    xml = getCallerIdentityXml(
      { userId: principal.userId, account: principal.accountId, arn: principal.arn },
      requestId,
    );
  }
  if (fault === 'lostResponse' && loseResponse(controller, request, reply)) return reply;
  if (fault === 'lostResponse')
    throw new AwsApiError('InternalFailure', 500, 'An internal error occurred (injected fault).');
  return reply.code(200).header('content-type', 'text/xml').send(xml);
}

function sendError(
  controller: AwsEmulatorController,
  api: ApiProtocol,
  reply: FastifyReply,
  error: AwsApiError,
  requestId: string,
): FastifyReply {
  countStat(controller.state.stats.exceptions, error.code);
  if (api === 'sts') {
    return reply
      .code(error.httpStatus)
      .header('content-type', 'text/xml')
      .send(stsErrorXml(error, requestId));
  }
  return reply
    .code(error.httpStatus)
    .header('content-type', JSON_CONTENT_TYPE)
    .header('x-amzn-ErrorType', error.code)
    .send(JSON.stringify({ __type: error.code, message: error.message }));
}

export function registerAwsApiRoute(app: FastifyInstance, controller: AwsEmulatorController): void {
  const asString = { parseAs: 'string' as const, bodyLimit: PARSER_BODY_LIMIT };
  for (const type of [JSON_CONTENT_TYPE, 'application/x-amz-json-1.0', 'application/x-www-form-urlencoded']) {
    app.addContentTypeParser(type, asString, (_request, body, done) => done(null, body));
  }

  app.post('/', { bodyLimit: PARSER_BODY_LIMIT }, async (request, reply) => {
    const requestId = randomUUID();
    reply.header('x-amzn-RequestId', requestId);
    const target = header(request, 'x-amz-target');
    const contentType = header(request, 'content-type') ?? '';
    const api: ApiProtocol =
      target === undefined && contentType.startsWith('application/x-www-form-urlencoded')
        ? 'sts'
        : 'metering';
    try {
      if (api === 'sts') return await handleSts(controller, request, reply, requestId);
      if (target === undefined) {
        countStat(controller.state.stats.calls, 'unknown');
        throw new AwsApiError('UnknownOperationException', 400, 'Missing X-Amz-Target header.');
      }
      return await handleMetering(controller, request, reply, target);
    } catch (error) {
      if (!(error instanceof AwsApiError)) throw error;
      return sendError(controller, api, reply, error, requestId);
    }
  });
}
