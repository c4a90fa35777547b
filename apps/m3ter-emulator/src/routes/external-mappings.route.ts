/** `GET /externalmappings?externalSystemId=&m3terIds=&integrationConfigId=&pageSize=&nextToken=`, newest first. */
import type { FastifyInstance } from 'fastify';
import { MAX_MAPPING_PAGE_SIZE } from '../constants.js';
import type { EmulatorController } from '../emulator-controller.js';
import { sendExactJson } from '../http/exact-json-reply.js';
import { paginate, parsePageSize } from '../http/paging.js';
import { asQuery, list, single } from '../http/query.js';
import { externalMappingBody } from '../m3ter/entity-responses.js';

export function registerExternalMappingRoutes(api: FastifyInstance, controller: EmulatorController): void {
  api.get('/externalmappings', { config: { m3terRoute: 'listExternalMappings' } }, async (request, reply) => {
    const { orgId } = request.params as { orgId: string };
    const query = asQuery(request.query);
    const pageSize = parsePageSize(single(query, 'pageSize'), MAX_MAPPING_PAGE_SIZE, MAX_MAPPING_PAGE_SIZE);
    const system = single(query, 'externalSystemId');
    const m3terIds = list(query, 'm3terIds');
    const integrationConfigId = single(query, 'integrationConfigId');
    const mappings = [...controller.state.externalMappings.values()]
      .filter(
        (mapping) =>
          mapping.orgId === orgId &&
          (system === undefined || mapping.externalSystem === system) &&
          (m3terIds === undefined || m3terIds.includes(mapping.m3terId)) &&
          (integrationConfigId === undefined || mapping.integrationConfigId === integrationConfigId),
      )
      .sort((a, b) => b.sequence - a.sequence);
    const page = paginate(mappings, {
      pageSize,
      nextToken: single(query, 'nextToken'),
      keyOf: (mapping) => mapping.sequence,
      descending: true,
      scope: `externalmappings:${orgId}`,
    });
    return sendExactJson(reply, 200, {
      data: page.data.map(externalMappingBody),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    });
  });
}
