#!/usr/bin/env node
import closeWithGrace from 'close-with-grace';
import { bootstrap } from './bootstrap.js';
import { EnvError, parseEnv } from './config/env.js';
import { connectDatabase } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { serializeRequest } from './http/log-serializers.js';
import { loadConfig } from './plugins/load-plugins.js';
import { startRoles } from './roles/start-roles.js';
import { startWorkers } from './worker/start-workers.js';

const USAGE = `usage: hub <command>
  serve     start the roles named by HUB_ROLE (api, worker or all)
  migrate   bring the database schema to the latest migration`;

async function migrate(): Promise<void> {
  const env = parseEnv();
  const handle = await connectDatabase({
    url: env.DATABASE_URL,
    pgliteDir: `${env.HUB_DATA_DIR}/pglite`,
    poolSize: 1,
  });
  try {
    const { applied } = await migrateToLatest(handle.db);
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    await handle.close();
  }
}

async function serve(): Promise<void> {
  // The hub's variables, its plugins and theirs, with one list of what is wrong.
  const { env, plugins } = await loadConfig();
  if (!env.REDIS_URL)
    throw new EnvError(
      'Invalid environment:\n  - REDIS_URL: is required to serve (npm start runs a private redis-server for you)',
    );
  const runtime = await bootstrap(env, { plugins });
  const logger = {
    level: env.LOG_LEVEL,
    redact: ['req.headers.authorization'],
    // A source's webhook URL carries its token: never in a log line.
    serializers: { req: serializeRequest },
  };
  const { pino } = await import('pino');
  const workerLog = pino({ level: env.LOG_LEVEL, base: { role: 'worker' } });
  const hub = await startRoles({
    runtime,
    redisUrl: env.REDIS_URL,
    role: env.HUB_ROLE,
    listen: env.HUB_ROLE === 'worker' ? null : { host: env.HOST, port: env.PORT },
    logger,
    queuePrefix: env.HUB_QUEUE_PREFIX,
    startWorkers: (context) => startWorkers({ ...context, log: workerLog }),
  });
  if (runtime.generatedAdminKey) {
    console.log(`dev admin API key (kept in ${env.HUB_DATA_DIR}/admin.key): ${runtime.generatedAdminKey}`);
  }
  console.log(
    `hub ${env.HUB_ROLE} running${hub.address ? ` on ${hub.address}` : ''} (${runtime.services.dbKind}; ` +
      `destinations ${[...plugins.adapters.keys()].join(', ') || 'none'})`,
  );
  if (hub.address) console.log(`operator console: ${hub.address}/console/ (sign in with an API key)`);
  closeWithGrace({ delay: 10_000 }, async ({ err }) => {
    if (err) console.error(err);
    await hub.stop();
  });
}

const command = process.argv[2];
const commands: Record<string, () => Promise<void>> = { serve, migrate };
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(2);
} else {
  run().catch((error: unknown) => {
    console.error(error instanceof EnvError ? error.message : error);
    process.exit(1);
  });
}
