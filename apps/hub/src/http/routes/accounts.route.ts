import { ZAccountBody } from '@hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findAccount, type StoredAccount, upsertAccount } from '../../repositories/accounts.repository.js';
import type { HubServices } from '../../services.js';
import { notFound } from '../errors.js';
import { errorResponses, iso, ZIdParams, ZTimestamp } from '../schemas.js';

export const ZAccountResponse = ZAccountBody.extend({
  id: z.string(),
  dtCreated: ZTimestamp,
  dtLastModified: ZTimestamp,
});

export const toAccountResponse = (account: StoredAccount) => ({
  ...account,
  dtCreated: iso(account.dtCreated),
  dtLastModified: iso(account.dtLastModified),
});

export const accountsRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.put(
    '/v1/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create or replace an account',
        params: ZIdParams,
        body: ZAccountBody,
        response: { 200: ZAccountResponse, ...errorResponses },
      },
    },
    async (request) =>
      toAccountResponse(
        await upsertAccount(services.db, request.auth.orgId, { ...request.body, id: request.params.id }),
      ),
  );

  app.get(
    '/v1/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Read an account',
        params: ZIdParams,
        response: { 200: ZAccountResponse, ...errorResponses },
      },
    },
    async (request) => {
      const account = await findAccount(services.db, request.auth.orgId, request.params.id);
      if (!account) throw notFound('account', request.params.id);
      return toAccountResponse(account);
    },
  );
};
