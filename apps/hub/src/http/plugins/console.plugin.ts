import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const CONSOLE_PREFIX = '/console/';

/** Page routes, not API: left out of the OpenAPI document. */
const HIDDEN = { schema: { hide: true } };

/**
 * The console's own page rules. Scripts and data only from this origin; the API key is a bearer
 * token from sessionStorage, never a cookie, so another site can't act for the operator, and no
 * page may frame the console. Inline style attributes are allowed for the chart's SVG.
 */
const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** Where the built console is: `HUB_CONSOLE_DIR`, else the installed `@hub/console` package's dist/. */
export function consoleDirectory(configured: string | undefined): string | null {
  if (configured) return configured;
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@hub/console/package.json')), 'dist');
  } catch {
    return null;
  }
}

/**
 * Serves the built console at /console/: hashed files under /console/assets/ are cached for a year
 * (their names change with their content); index.html is never cached, and any other path under
 * /console/ answers it, so each screen's URL can be opened or reloaded directly. No server state.
 * Without a build, /console/ says how to make one instead of failing start-up.
 */
export async function consolePlugin(app: FastifyInstance, options: { directory: string | null }) {
  const directory = options.directory;
  const indexFile = directory ? join(directory, 'index.html') : null;
  app.get('/console', HIDDEN, (_request, reply) => reply.redirect(CONSOLE_PREFIX, 308));
  if (!directory || !indexFile || !existsSync(indexFile)) {
    app.get('/console/*', HIDDEN, (_request, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built. Run `pnpm build` (npm start does it) and restart the hub.\n'),
    );
    return;
  }
  const index = readFileSync(indexFile);
  const sendIndex = (reply: FastifyReply) =>
    reply
      .headers({ ...CONSOLE_HEADERS, 'cache-control': 'no-cache' })
      .type('text/html; charset=utf-8')
      .send(index);

  await app.register(fastifyStatic, {
    root: directory,
    prefix: CONSOLE_PREFIX,
    // Routes for the files present at start (the build is immutable); other paths reach the fallback.
    wildcard: false,
    index: false,
    // Source maps stay on disk for the operator's own debugging but are not served.
    allowedPath: (pathName) => !pathName.endsWith('.map') && !pathName.endsWith('index.html'),
    // Served by the hub's own routes (no cache-control of @fastify/send's own): set here.
    cacheControl: false,
    setHeaders(reply, filePath) {
      reply.headers({
        ...CONSOLE_HEADERS,
        'cache-control': filePath.startsWith(join(directory, 'assets'))
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      });
    },
  });
  app.get(CONSOLE_PREFIX, HIDDEN, (_request, reply) => sendIndex(reply));
  app.get('/console/*', HIDDEN, (request, reply) => {
    // A missing hashed file is a 404, not the page: a stale tab must not run HTML as a script.
    if (request.url.startsWith('/console/assets/')) return reply.callNotFound();
    return sendIndex(reply);
  });
}
