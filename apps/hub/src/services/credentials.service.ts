import {
  formatIssues,
  type MarketplaceAdapter,
  type MarketplaceClient,
  type ValidationDetail,
  type VerifyResult,
} from '@hub/core';
import { destinationEndpoints } from '../destinations/destination-endpoints.js';
import { conflict, notFound, validationFailed } from '../http/errors.js';
import type { AdapterRegistry } from '../plugins/load-plugins.js';
import {
  deleteCredential,
  findCredentialForUpdate,
  insertCredential,
  loadCredentialWithSecrets,
  type PublicCredential,
} from '../repositories/credentials.repository.js';
import {
  detachCredentialFromDeletedIntegrations,
  listIntegrationIdsUsingCredential,
} from '../repositories/integrations.repository.js';
import { countPendingUsage } from '../repositories/pending-usage.repository.js';
import type { HubServices } from '../services.js';

/** The generic part of a credential body; the rest belongs to the destination's adapter schema. */
export interface CredentialInput {
  name: string;
  destination: string;
  [field: string]: unknown;
}

export function unknownDestinationDetail(adapters: AdapterRegistry): ValidationDetail {
  return {
    path: 'destination',
    message: `must be one of the registered destinations: ${[...adapters.keys()].join(', ')}`,
  };
}

/**
 * Validates a credential body against its destination's adapter: the destination must be registered,
 * and the destination-specific fields must pass `adapter.credential.schema`. Issues name the field.
 */
export function checkCredentialBody(
  adapters: AdapterRegistry,
  body: { destination?: unknown } & Record<string, unknown>,
):
  | { ok: true; adapter: MarketplaceAdapter<Record<string, unknown>>; values: Record<string, unknown> }
  | { ok: false; details: ValidationDetail[] } {
  const adapter = typeof body.destination === 'string' ? adapters.get(body.destination.trim()) : undefined;
  if (!adapter) return { ok: false, details: [unknownDestinationDetail(adapters)] };
  const { name: _name, destination: _destination, ...fields } = body;
  const parsed = adapter.credential.schema.safeParse(fields);
  if (!parsed.success) return { ok: false, details: formatIssues(parsed.error) };
  return { ok: true, adapter, values: parsed.data };
}

export async function createCredential(
  services: HubServices,
  orgId: string,
  body: CredentialInput,
): Promise<PublicCredential> {
  const checked = checkCredentialBody(services.adapters, body);
  if (!checked.ok) throw validationFailed(describe(checked.details), checked.details);
  return insertCredential(services.db, services.secretBox, {
    orgId,
    name: body.name,
    destination: checked.adapter.id,
    values: checked.values,
    secretFields: checked.adapter.credential.secretFields,
  });
}

/**
 * Deletes a credential unless a live integration is connected to it (409). The credential row is
 * locked first, so a concurrent connect either commits before (and this answers 409) or fails its
 * foreign key after (and answers 404).
 */
export async function removeCredential(services: HubServices, orgId: string, id: string): Promise<void> {
  await services.db.transaction().execute(async (trx) => {
    const credential = await findCredentialForUpdate(trx, orgId, id);
    if (!credential) throw notFound('credential', id);
    const users = await listIntegrationIdsUsingCredential(trx, orgId, id);
    if (users.length > 0) {
      throw conflict(
        `credential ${id} is connected to ${users.length === 1 ? 'integration' : 'integrations'} ` +
          `${users.join(', ')}; disconnect ${users.length === 1 ? 'it' : 'them'} first`,
      );
    }
    // Usage still to be sent with it (a deleted integration's, or one in flight): deleting the
    // credential would leave it with nothing to send it.
    const pending = await countPendingUsage(trx, orgId, { credentialId: id });
    if (pending > 0) {
      throw conflict(
        `credential ${id} still has ${pending} pending usage ${pending === 1 ? 'entry' : 'entries'} to send; ` +
          'wait until they are sent, or connect another credential to their integration first',
      );
    }
    await detachCredentialFromDeletedIntegrations(trx, orgId, id);
    await deleteCredential(trx, orgId, id);
  });
}

/**
 * Tries the credential against its destination (`verifyCredential`: a token, or the keys accepted).
 * Never throws for a refused credential; the answer carries the destination's code and message.
 * Secrets are scrubbed from anything that comes back, in case a destination echoes them.
 */
export async function verifyCredential(
  services: HubServices,
  orgId: string,
  id: string,
): Promise<VerifyResult> {
  const loaded = await loadCredentialWithSecrets(services.db, services.secretBox, orgId, id);
  if (!loaded) throw notFound('credential', id);
  const { credential, values } = loaded;
  const adapter = services.adapters.get(credential.destination);
  if (!adapter) {
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_DESTINATION',
        message: `no adapter is registered for destination ${credential.destination}`,
      },
    };
  }
  const secrets = adapter.credential.secretFields
    .map((field) => values[field])
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join('[REDACTED]'), text);

  let result: VerifyResult;
  let client: MarketplaceClient | undefined;
  try {
    client = adapter.createClient({
      credential: values,
      endpoints: destinationEndpoints(services, credential.destination),
      now: services.now,
    });
    result = await client.verifyCredential();
  } catch (error) {
    result = {
      ok: false,
      error: {
        code: 'VERIFY_FAILED',
        message: error instanceof Error ? error.message : 'the credential could not be verified',
      },
    };
  } finally {
    await client?.close().catch(() => {});
  }
  if (result.ok) return { ok: true };
  return { ok: false, error: { code: scrub(result.error.code), message: scrub(result.error.message) } };
}

function describe(details: ValidationDetail[]): string {
  return `invalid credential: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`;
}
