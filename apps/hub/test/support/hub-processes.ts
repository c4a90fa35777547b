import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@hub/test-services';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HubProcess {
  role: 'api' | 'worker' | 'all';
  child: ChildProcess;
  /** Base URL for api/all roles. */
  url: string | null;
  output(): string;
  /** SIGKILL, no goodbye: what a crash looks like. */
  kill(): Promise<void>;
  /** SIGTERM, graceful. */
  stop(): Promise<void>;
}

/**
 * Starts `hub serve` as a real OS process: from the TypeScript sources (tsx, the @hub/source
 * condition) by default, so tests and drills exercise the entry point operators run with no build
 * step; or, with `fromDist`, the built JavaScript itself (the benchmark).
 */
export async function startHubProcess(
  role: 'api' | 'worker' | 'all',
  env: Record<string, string>,
  options: { fromDist?: boolean; nodeArgs?: string[] } = {},
): Promise<HubProcess> {
  const port = role === 'worker' ? 0 : await freePort();
  // fromDist: the built JavaScript, as operators run it (`node dist/main.js`); needs `pnpm build`.
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.fromDist
      ? ['dist/main.js', 'serve']
      : ['--conditions=@hub/source', '--import', 'tsx', 'src/main.ts', 'serve']),
  ];
  const child = spawn(process.execPath, args, {
    cwd: APP_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...env,
      HUB_ROLE: role,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (/hub (api|worker|all) running/.test(output)) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      reject(new Error(`hub ${role} exited with ${code} before it was ready:\n${output}`));
    });
    setTimeout(() => {
      clearInterval(check);
      reject(new Error(`hub ${role} not ready within 60 s:\n${output}`));
    }, 60_000).unref();
  });
  await ready;
  return {
    role,
    child,
    url: role === 'worker' ? null : `http://127.0.0.1:${port}`,
    output: () => output,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
