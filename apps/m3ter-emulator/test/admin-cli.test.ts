/** The admin HTTP API, `buildM3terEmulatorApp`, the CLI arguments and the CLI (spawned on port 0). */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../src/cli-args.js';
import { buildM3terEmulatorApp, type M3terEmulator, startM3terEmulator } from '../src/index.js';
import { ACCESS_KEY_ID, API_SECRET, callApi, fetchToken, ORG_ID } from './helpers.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

let emulator: M3terEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function admin(url: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}/admin${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe('admin API', () => {
  it('seeds, changes bills, reads back, sets faults, expires tokens and resets', async () => {
    emulator = await startM3terEmulator({
      now: () => new Date('2026-03-10T10:30:00Z'),
      rateLimitPerSecond: 0,
    });
    const { url } = emulator;
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await admin(url, 'POST', '/organizations', { orgId: ORG_ID })).status).toBe(201);
    expect(
      (
        await admin(url, 'POST', '/service-users', {
          orgId: ORG_ID,
          accessKeyId: ACCESS_KEY_ID,
          apiSecret: API_SECRET,
        })
      ).json,
    ).toEqual({ orgId: ORG_ID, accessKeyId: ACCESS_KEY_ID });
    const account = await admin(url, 'POST', '/accounts', {
      orgId: ORG_ID,
      name: 'Acme',
      code: 'acme',
      customFields: { tier: 'gold' },
    });
    expect(account.status).toBe(201);
    expect(
      (await admin(url, 'PATCH', `/organizations/${ORG_ID}/accounts/${account.json.id}`, { name: 'Acme 2' }))
        .json,
    ).toMatchObject({ name: 'Acme 2', version: 2 });
    const bill = await admin(url, 'POST', '/bills', {
      orgId: ORG_ID,
      accountId: account.json.id,
      lineItems: [{ lineItemType: 'USAGE', subtotal: '0.5' }],
    });
    expect(bill.status).toBe(201);
    expect(bill.json).toMatchObject({ version: 1, status: 'PENDING', lineItems: [{ subtotal: '0.5' }] });
    const billPath = `/organizations/${ORG_ID}/bills/${bill.json.id}`;
    expect((await admin(url, 'POST', `${billPath}/approve`)).json).toMatchObject({
      version: 2,
      status: 'APPROVED',
    });
    expect(
      (
        await admin(url, 'POST', `${billPath}/regenerate`, {
          lineItems: [{ lineItemType: 'USAGE', subtotal: 1 }],
        })
      ).json,
    ).toMatchObject({ version: 3, lineItems: [{ subtotal: '1' }] });
    expect((await admin(url, 'POST', `${billPath}/regenerate`, {})).status).toBe(400);
    expect((await admin(url, 'POST', `/organizations/${ORG_ID}/bills/nope/approve`)).status).toBe(404);
    expect(
      (await admin(url, 'POST', '/bills', { orgId: ORG_ID, accountId: 'nope', lineItems: [] })).status,
    ).toBe(404);
    expect((await admin(url, 'POST', '/bills', { orgId: ORG_ID })).status).toBe(400);
    expect((await admin(url, 'GET', `/organizations/${ORG_ID}/bills`)).json).toHaveLength(1);
    expect(
      (
        await admin(url, 'POST', '/external-mappings', {
          orgId: ORG_ID,
          m3terEntity: 'Account',
          m3terId: account.json.id,
          externalSystem: 'Azure',
          externalTable: 'Subscription',
          externalId: 'sub-1',
        })
      ).status,
    ).toBe(201);
    expect(
      (await admin(url, 'PUT', '/webhook', { orgId: ORG_ID, url: 'http://127.0.0.1:1/hook' })).status,
    ).toBe(200);
    expect((await admin(url, 'DELETE', '/webhook')).status).toBe(204);
    expect((await admin(url, 'DELETE', billPath)).status).toBe(204);
    const events = (await admin(url, 'GET', `/organizations/${ORG_ID}/events`)).json;
    expect(events.map((event: { eventName: string }) => event.eventName)).toEqual([
      'billing.bill.deleted',
      'billing.bill.updated',
      'billing.bill.updated',
      'billing.bill.created',
      'configuration.account.updated',
      'configuration.account.created',
    ]);

    const token = await fetchToken(url);
    expect((await callApi({ emulator, token }, '/externalmappings')).json.data).toHaveLength(1);
    expect((await admin(url, 'PUT', '/faults', { rate500: 1 })).json).toMatchObject({ rate500: 1 });
    expect((await admin(url, 'GET', '/faults')).json.rate500).toBe(1);
    expect((await callApi({ emulator, token }, '/bills')).status).toBe(500);
    expect((await admin(url, 'PUT', '/faults', { rate500: 2 })).status).toBe(400);
    await admin(url, 'PUT', '/faults', {});
    expect((await admin(url, 'POST', '/tokens/expire')).json).toEqual({ expired: 1 });
    expect((await callApi({ emulator, token }, '/bills')).status).toBe(403);
    const stats = (await admin(url, 'GET', '/stats')).json;
    expect(stats).toMatchObject({
      tokensIssued: 1,
      calls: { listBills: 2, listExternalMappings: 1, token: 1 },
    });
    expect(stats.faultsInjected.status500).toBe(1);

    expect((await admin(url, 'POST', '/reset')).status).toBe(204);
    expect((await admin(url, 'GET', '/service-users')).json).toEqual([]);
    expect((await admin(url, 'GET', '/stats')).json.tokensIssued).toBe(0);
    expect(emulator.state.bills.size).toBe(0);
  });

  it('loads a seed document', async () => {
    emulator = await startM3terEmulator();
    const loaded = await admin(emulator.url, 'POST', '/load', {
      serviceUsers: [{ orgId: ORG_ID, accessKeyId: 'k', apiSecret: 's' }],
      accounts: [{ orgId: ORG_ID, id: 'acc-1', name: 'A', code: 'a' }],
      bills: [
        {
          orgId: ORG_ID,
          accountId: 'acc-1',
          id: 'bill-1',
          lineItems: [{ lineItemType: 'USAGE', subtotal: 1 }],
        },
      ],
      faults: { latencyMs: 1 },
    });
    expect(loaded.status).toBe(204);
    expect(emulator.bills(ORG_ID).map((bill) => bill.id)).toEqual(['bill-1']);
    expect(emulator.faults().latencyMs).toBe(1);
    expect((await admin(emulator.url, 'POST', '/load', { nonsense: [] })).status).toBe(400);
  });
});

describe('buildM3terEmulatorApp', () => {
  it('serves through inject without listening', async () => {
    const app = buildM3terEmulatorApp();
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
      const response = await app.inject({ method: 'GET', url: `/organizations/${ORG_ID}/bills` });
      expect(response.statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });
});

describe('CLI arguments', () => {
  it('parses every option and refuses bad values', () => {
    expect(
      parseCliArgs([
        '--port',
        '8080',
        '--host',
        '0.0.0.0',
        '--seed',
        '7',
        '--data',
        'x.json',
        '--rate-limit',
        '0',
        '--log',
      ]),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      seed: 7,
      dataFile: 'x.json',
      rateLimitPerSecond: 0,
      logger: true,
      help: false,
    });
    expect(parseCliArgs([], { PORT: '9000' }).port).toBe(9000);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--rate-limit', '-1'])).toThrow(/--rate-limit/);
    expect(() => parseCliArgs(['--nope'])).toThrow();
  });
});

/** tsx is the hub app's dev dependency (not this package's); fall back to the built CLI. */
function cliCommand(): string[] | undefined {
  try {
    const tsx = createRequire(join(PACKAGE_DIR, '..', 'hub', 'package.json')).resolve('tsx');
    return ['--conditions=@hub/source', '--import', tsx, 'src/cli.ts'];
  } catch {
    return existsSync(join(PACKAGE_DIR, 'dist', 'cli.js')) ? ['dist/cli.js'] : undefined;
  }
}

describe('CLI', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill('SIGTERM');
    child = undefined;
  });

  it('starts on port 0 with --data, prints the URL and serves the seeded data', async () => {
    const command = cliCommand();
    expect(command, 'tsx (via apps/hub) or dist/cli.js').toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'm3ter-emulator-cli-'));
    const dataFile = join(dir, 'seed.json');
    await writeFile(
      dataFile,
      JSON.stringify({
        serviceUsers: [{ orgId: ORG_ID, accessKeyId: ACCESS_KEY_ID, apiSecret: API_SECRET }],
        accounts: [{ orgId: ORG_ID, id: 'acc-1', name: 'Acme', code: 'acme' }],
        bills: [
          {
            orgId: ORG_ID,
            accountId: 'acc-1',
            id: 'bill-1',
            lineItems: [{ lineItemType: 'USAGE', subtotal: 4 }],
          },
        ],
      }),
    );
    const started = spawn(
      process.execPath,
      [...(command ?? []), '--port', '0', '--data', dataFile, '--rate-limit', '0', '--seed', '3'],
      { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 25_000);
      started.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      started.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      started.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    const token = await fetchToken(url);
    const bill = await fetch(`${url}/organizations/${ORG_ID}/bills/bill-1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bill.status).toBe(200);
    expect(await bill.json()).toMatchObject({ id: 'bill-1', accountCode: 'acme', billTotal: 4 });
  });
});
