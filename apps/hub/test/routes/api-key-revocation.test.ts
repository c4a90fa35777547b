import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../support/test-hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(async () => hub?.close());

const makeKey = async (orgId: string, admin = false, key?: string) => {
  const res = await hub.call({
    method: 'POST',
    url: '/v1/api-keys',
    payload: { orgId, name: 'k', admin },
    ...(key ? { key } : {}),
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; key: string };
};
const revoke = (id: string, key?: string) =>
  hub.call({ method: 'DELETE', url: `/v1/api-keys/${id}`, ...(key ? { key } : {}) });
const list = (key: string) => hub.call({ method: 'GET', url: '/v1/integrations', key });

describe('DELETE /v1/api-keys/{id}', () => {
  it('revokes a key: it is refused at once (401) though it was just used, and a second revoke is 404', async () => {
    const made = await makeKey('acme');
    expect((await list(made.key)).statusCode).toBe(200); // now in the lookup cache
    const res = await revoke(made.id);
    expect(res.statusCode).toBe(204);
    const after = await list(made.key);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHORIZED');
    expect((await revoke(made.id)).statusCode).toBe(404);
  });

  it("lets an org admin revoke its own organization's keys only; another's is 404, not a hint it exists", async () => {
    const orgAdmin = await makeKey('org-a', true);
    const own = await makeKey('org-a', false, orgAdmin.key);
    const other = await makeKey('org-b');
    const refused = await revoke(other.id, orgAdmin.key);
    expect(refused.statusCode).toBe(404);
    expect((await list(other.key)).statusCode).toBe(200);
    expect((await revoke(own.id, orgAdmin.key)).statusCode).toBe(204);
    expect((await list(own.key)).statusCode).toBe(401);
  });

  it('refuses non-admin keys (403), a malformed id (400 naming id), and the hub-admin key (409)', async () => {
    const plain = await makeKey('default');
    const target = await makeKey('default');
    expect((await revoke(target.id, plain.key)).statusCode).toBe(403);
    const bad = await revoke('not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('params.id');
    expect((await revoke(randomUUID())).statusCode).toBe(404);
    const bootstrapId = (
      await hub.runtime.services.db
        .selectFrom('api_keys')
        .select('id')
        .where('hub_admin', '=', true)
        .executeTakeFirstOrThrow()
    ).id;
    expect((await revoke(bootstrapId)).statusCode).toBe(409);
    expect((await list(hub.adminKey)).statusCode).toBe(200);
  });
});
