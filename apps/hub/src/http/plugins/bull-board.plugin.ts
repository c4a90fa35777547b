import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { HubQueues } from '../../queue/queues.js';
import { errorAnswer } from '../error-handler.js';
import { codeForStatus } from '../errors.js';

const BASE_PATH = '/admin/queues';

/**
 * Bull Board answers its API's failures as `{ error: { key } }`, a translation key its UI reads.
 * The contract's `code` and `message` are added beside the key, so the UI keeps working and every
 * error the hub sends has one shape.
 */
function withContractError(status: number, payload: unknown): unknown {
  if (status < 400 || typeof payload !== 'object' || payload === null) return payload;
  const body = payload as { error?: unknown; message?: unknown };
  const error = (typeof body.error === 'object' && body.error !== null ? body.error : {}) as {
    code?: unknown;
    message?: unknown;
    key?: unknown;
  };
  if (typeof error.code === 'string' && typeof error.message === 'string') return payload;
  const key = typeof error.key === 'string' ? error.key : null;
  const message =
    typeof body.message === 'string'
      ? body.message
      : key
        ? key
            .replace(/^ERRORS\./, '')
            .replaceAll('_', ' ')
            .toLowerCase()
        : 'the queue action failed';
  return { ...body, error: { ...error, code: codeForStatus(status), message } };
}

/** Bull Board for operators; app.ts mounts it behind the hub-admin check. */
export function bullBoardPlugin(queues: HubQueues) {
  return async (admin: FastifyInstance): Promise<void> => {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(BASE_PATH);
    createBullBoard({ queues: [...queues.values()].map((queue) => new BullMQAdapter(queue)), serverAdapter });
    // Bull Board installs its own error handler in its scope, so without this the admin check's
    // 401 and 403, a malformed body or an oversized one would leave in Bull Board's shape.
    serverAdapter.setErrorHandler((error) => {
      const answer = errorAnswer(error);
      if (answer.status >= 500) admin.log.error({ err: error }, 'Bull Board request failed');
      // Bull Board types its statuses as the few its own handlers use; any status passes through.
      return { status: answer.status as 400, body: answer.body };
    });
    await admin.register(async (board) => {
      board.addHook('preSerialization', async (_request, reply, payload) =>
        withContractError(reply.statusCode, payload),
      );
      await board.register(serverAdapter.registerPlugin() as never, { prefix: BASE_PATH });
    });
  };
}
