import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { HubQueues } from '../../queue/queues.js';

const BASE_PATH = '/admin/queues';

/** Bull Board for operators; app.ts mounts it behind the admin-key check. */
export function bullBoardPlugin(queues: HubQueues) {
  return async (admin: FastifyInstance): Promise<void> => {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(BASE_PATH);
    createBullBoard({ queues: [...queues.values()].map((queue) => new BullMQAdapter(queue)), serverAdapter });
    await admin.register(serverAdapter.registerPlugin() as never, { prefix: BASE_PATH });
  };
}
