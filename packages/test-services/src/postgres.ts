import {
  chownSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, PortInUseError } from './free-port.js';
import { addExitCleanup, type ManagedProcess, spawnManaged } from './processes.js';
import { isRoot, run } from './run.js';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  /** A URL for another database on the same server. */
  urlFor(database: string): string;
  /** Creates a database (optionally from a template) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Stops the server abruptly (as a crash would) and starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries Debian installed (`postgresql` package). */
export function findPostgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql; install them with: apt-get install -y postgresql',
    );
  }
  return join(base, versions[0], 'bin');
}

export interface StartPostgresOptions {
  /**
   * Keep `synchronous_commit` on, so a commit is in the WAL before it is acknowledged and survives
   * the server being killed (the restart drill). Off (the default for tests) trades that for speed:
   * an immediate stop may forget the last fraction of a second of commits. `fsync` stays off either
   * way: these clusters survive their process, not the machine.
   */
  durable?: boolean;
  /** More server settings, e.g. `['shared_preload_libraries=pg_stat_statements']`. */
  settings?: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The postmaster wrote `ready` into its pid file: it listens and accepts connections. */
function postmasterReady(data: string, pid: number): boolean {
  try {
    const lines = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n');
    return lines[0]?.trim() === String(pid) && lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

function readFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString().trim().slice(-8_000);
  } catch {
    return '';
  }
}

/**
 * A throwaway PostgreSQL cluster in a temp dir on a free port (about a second). Tuned for tests:
 * no fsync; data is gone when it stops. initdb refuses to run as root, so as root it runs as the
 * `postgres` user that Debian's package creates. The server is a managed process: it stops, and its
 * files go, when the caller's process ends, however it ends.
 */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // If this process ends without stop(), the safety net stops the server and then removes its files.
  const forgetDir = addExitCleanup(removeDir);
  let proc: ManagedProcess | null = null;
  try {
    // initdb and postgres refuse to run as root: as root they run as the `postgres` user.
    const owner: { uid?: number; gid?: number } = isRoot()
      ? {
          uid: Number((await run('id', ['-u', 'postgres'])).trim()),
          gid: Number((await run('id', ['-g', 'postgres'])).trim()),
        }
      : {};
    if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dir, owner.uid, owner.gid);
    await run(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
      { cwd: dir, ...owner },
    );
    const settings = [
      'listen_addresses=127.0.0.1',
      'fsync=off',
      `synchronous_commit=${opts.durable ? 'on' : 'off'}`,
      'full_page_writes=off',
      'max_connections=200',
      ...(opts.settings ?? []),
    ];
    // The postmaster itself is the managed process (not pg_ctl, whose postmaster leaves our process
    // group): its backends share its group, and the safety net's SIGQUIT is an immediate shutdown.
    const launch = async (port: number): Promise<ManagedProcess> => {
      const offset = existsSync(log) ? statSync(log).size : 0;
      const fd = openSync(log, 'a');
      const started = spawnManaged(
        join(bin, 'postgres'),
        ['-D', data, '-p', String(port), '-k', dir, ...settings.flatMap((setting) => ['-c', setting])],
        { cwd: dir, stdio: ['ignore', fd, fd], exitSignal: 'SIGQUIT', ...owner },
      );
      closeSync(fd);
      let spawnError: Error | null = null;
      started.child.once('error', (error) => {
        spawnError = error;
      });
      const until = Date.now() + 60_000;
      for (;;) {
        if (spawnError) throw new Error(`postgres could not start: ${(spawnError as Error).message}`);
        if (!started.running) {
          const output = readFrom(log, offset);
          if (/address already in use/i.test(output)) throw new PortInUseError(port, output);
          throw new Error(`postgres exited before it was ready:\n${output}`);
        }
        if (postmasterReady(data, started.pid)) return started;
        if (Date.now() > until) {
          await started.kill();
          throw new Error(`postgres did not get ready within 60 s:\n${readFrom(log, offset)}`);
        }
        await sleep(50);
      }
    };
    // No port 0 for PostgreSQL: a port found free may be taken before the postmaster binds it, so
    // another is tried; after a restart the same port is retried until it is released.
    const launchWithRetry = async (fixed: number | null): Promise<{ proc: ManagedProcess; port: number }> => {
      let port = fixed ?? (await freePort());
      for (let attempt = 1; ; attempt++) {
        try {
          return { proc: await launch(port), port };
        } catch (error) {
          if (!(error instanceof PortInUseError) || attempt >= (fixed === null ? 5 : 50)) throw error;
          if (fixed === null) port = await freePort();
          else await sleep(200);
        }
      }
    };
    const first = await launchWithRetry(null);
    proc = first.proc;
    const port = first.port;
    // The same SIGQUIT as `pg_ctl -m immediate stop`: the server goes at once, as in a crash, and
    // recovers from its WAL when it starts again.
    const stopNow = async () => {
      await proc?.stop('SIGQUIT', 10_000);
    };
    const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
    return {
      url: urlFor('postgres'),
      port,
      urlFor,
      async createDatabase(name, template) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
        const sql = template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`;
        await run('psql', [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          sql,
        ]);
        return urlFor(name);
      },
      async restart() {
        await stopNow();
        proc = (await launchWithRetry(port)).proc;
      },
      async stop() {
        try {
          await stopNow();
        } finally {
          removeDir();
          forgetDir();
        }
      },
    };
  } catch (error) {
    await proc?.kill();
    removeDir();
    forgetDir();
    throw error;
  }
}
