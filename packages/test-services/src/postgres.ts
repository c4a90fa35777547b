import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
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

/**
 * A throwaway PostgreSQL cluster in a temp dir on a free port (about a second). Tuned for tests:
 * no fsync; data is gone when it stops. initdb refuses to run as root, so as root it runs as the
 * `postgres` user that Debian's package creates.
 */
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

export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const data = join(dir, 'data');
  const asUser = (file: string, args: string[]) =>
    isRoot() ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  if (isRoot()) {
    const ids = (await run('id', ['-u', 'postgres'])).trim();
    const gid = (await run('id', ['-g', 'postgres'])).trim();
    chownSync(dir, Number(ids), Number(gid));
  }
  await asUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    `-c synchronous_commit=${opts.durable ? 'on' : 'off'}`,
    '-c full_page_writes=off',
    '-c max_connections=200',
    ...(opts.settings ?? []).map((setting) => `-c ${setting}`),
  ].join(' ');
  const pgCtl = (...args: string[]) => asUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => pgCtl('-l', join(dir, 'server.log'), '-w', '-o', options, 'start');
  const stopNow = () => pgCtl('-m', 'immediate', '-w', 'stop');
  await start();
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
      await start();
    },
    async stop() {
      try {
        await stopNow();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
