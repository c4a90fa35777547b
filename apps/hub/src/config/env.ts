import { z } from 'zod';

const ZBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * The hub's whole environment, parsed once at start-up (main.ts). Nothing else reads process.env.
 * A bad value stops start-up with the list of what is wrong.
 */
export const ZEnv = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HUB_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    /** Where embedded state lives when DATABASE_URL is unset (PGlite data, dev keys). */
    HUB_DATA_DIR: z.string().min(1).default('./.hub-data'),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    HUB_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
      .optional(),
    HUB_BOOTSTRAP_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * The plugin packages to load (comma-separated names, or file URLs); default: every
     * `@hub/plugin-*` dependency of this app. Each plugin's own variables are declared by its
     * adapter and parsed in `loadPlugins`.
     */
    HUB_PLUGINS: z
      .string()
      .regex(/^\s*[^,\s]+(\s*,\s*[^,\s]+)*\s*$/, 'must be a comma-separated list of package names')
      .optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// URL')
      .optional(),
    HUB_MAIL_FROM: z.string().min(3).default('integration-hub@localhost'),
    /** BullMQ key prefix: hubs (or test runs) sharing one Redis keep their queues apart. */
    HUB_QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,50}$/, 'must be 1-50 letters, digits, "_" or "-"')
      .default('hub'),
    /** How often workers look in Postgres for owed work whose job was lost, and how old it must be. */
    HUB_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    HUB_STUCK_AFTER_MS: z.coerce.number().int().min(1000).default(120_000),
    /**
     * Pending usage entries one step of a submission pass turns into events (then slots and sends);
     * a pass repeats the step until nothing is left, so this bounds one transaction, not the work.
     */
    HUB_SUBMIT_CHUNK: z.coerce.number().int().min(1).max(50_000).default(5000),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HUB_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    HUB_PRETTY_LOGS: ZBool.default(false),
    /** The built console (apps/console/dist); default: the installed @hub/console package's dist/. */
    HUB_CONSOLE_DIR: z.string().min(1).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.HUB_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['HUB_ENCRYPTION_KEY'],
        message: 'is required when NODE_ENV=production',
      });
    }
    if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message: 'is required when NODE_ENV=production',
      });
    }
  });
export type Env = z.output<typeof ZEnv> & {
  /**
   * The environment as given (empty values removed), kept for the plugins' declared variables:
   * the host never names them; `loadPlugins` parses them with each adapter's schema.
   */
  readonly source: Readonly<Record<string, string>>;
};

export class EnvError extends Error {
  override readonly name = 'EnvError';
}

/** The hub's own variables: the parsed environment, or the lines saying what is wrong. */
export function checkEnv(
  source: NodeJS.ProcessEnv = process.env,
): { ok: true; env: Env } | { ok: false; problems: string[] } {
  // Empty strings mean "unset", as in most .env tooling.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
  const result = ZEnv.safeParse(cleaned);
  if (result.success) return { ok: true, env: { ...result.data, source: cleaned } };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  };
}

/** Formats problems the way every start-up error reads. */
export function envError(problems: readonly string[]): EnvError {
  return new EnvError(`Invalid environment:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
}

/** Parses the hub's own variables; throws an EnvError listing every bad one. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const checked = checkEnv(source);
  if (checked.ok) return checked.env;
  throw envError(checked.problems);
}
