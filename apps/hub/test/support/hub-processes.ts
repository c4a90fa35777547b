import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ManagedProcess, spawnManaged } from '@hub/test-services';

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface HubProcess {
  role: 'api' | 'worker' | 'all';
  child: ChildProcess;
  /** The managed process: its own process group, stopped by the safety net if the caller dies. */
  process: ManagedProcess;
  /** Base URL for api/all roles. */
  url: string | null;
  output(): string;
  /** SIGKILL to the process and what it started, no goodbye: what a crash looks like. */
  kill(): Promise<void>;
  /** SIGTERM, graceful (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

/**
 * Starts `hub serve` as a real OS process: from the TypeScript sources (tsx, the @hub/source
 * condition) by default, so tests and drills exercise the entry point operators run with no build
 * step; or, with `fromDist`, the built JavaScript itself (the benchmark).
 *
 * The API listens on port 0 and the URL is read from its `running on` line, so no port can be taken
 * between finding it and binding it. If the process does not get ready it is killed before this
 * throws; if the caller's process ends without stopping it, test-services' safety net kills it.
 */
export async function startHubProcess(
  role: 'api' | 'worker' | 'all',
  env: Record<string, string>,
  options: { fromDist?: boolean; nodeArgs?: string[]; readyTimeoutMs?: number } = {},
): Promise<HubProcess> {
  // fromDist: the built JavaScript, as operators run it (`node dist/main.js`); needs `pnpm build`.
  const args = [
    ...(options.nodeArgs ?? []),
    ...(options.fromDist
      ? ['dist/main.js', 'serve']
      : ['--conditions=@hub/source', '--import', 'tsx', 'src/main.ts', 'serve']),
  ];
  const proc = spawnManaged(process.execPath, args, {
    cwd: APP_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...env,
      HUB_ROLE: role,
      PORT: '0',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = proc.child;
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let url: string | null = null;
  try {
    url = await new Promise<string | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(check);
        reject(new Error(`hub ${role} not ready within ${timeoutMs / 1000} s:\n${output}`));
      }, timeoutMs);
      const check = setInterval(() => {
        const ready = /hub (?:api|worker|all) running(?: on (http:\/\/\S+))?/.exec(output);
        if (!ready) return;
        clearInterval(check);
        clearTimeout(timer);
        if (role !== 'worker' && !ready[1])
          reject(new Error(`hub ${role} did not say its address:\n${output}`));
        else resolve(ready[1] ?? null);
      }, 50);
      void proc.exited.then((code) => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`hub ${role} exited with ${code} before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    await proc.kill();
    throw error;
  }
  return {
    role,
    child,
    process: proc,
    url,
    output: () => output,
    kill: () => proc.kill(),
    stop: () => proc.stop('SIGTERM', 15_000),
  };
}
