import { Agent, type IncomingHttpHeaders, request } from 'node:http';

/**
 * An HTTP client for tests and drills that tells a refused upload from a broken connection.
 *
 * A server that refuses a body over its limit answers 413 and closes the connection, often before
 * the client has finished sending: the client then sees its write fail (EPIPE) or the connection
 * reset (ECONNRESET) instead of the 413, and `fetch` rejects with `fetch failed`. For a request
 * marked `oversized` that is the expected refusal. For any other request a connection that breaks
 * before a whole answer is retried, then reported as an `HttpConnectionError`: never a crash.
 */
export interface HttpResponse {
  kind: 'response';
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** 1, or more when a broken connection was retried. */
  attempts: number;
}

/** An oversized upload the server refused by answering (cut short) or closing the connection. */
export interface HttpRefusal {
  kind: 'refused';
  /** The status, when the answer's head arrived before the connection went. */
  status: number | null;
  reason: string;
}

export type HttpOutcome = HttpResponse | HttpRefusal;

export interface HttpRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /**
   * The body is over the server's limit: a connection closed or reset while it is sent (or while
   * the answer is read) is the server's refusal, given back as `{ kind: 'refused' }`.
   */
  oversized?: boolean;
  /** How many times a connection that broke before a whole answer is tried again (default 3). */
  retries?: number;
  retryDelayMs?: number;
  /** For each attempt (default 30 s). */
  timeoutMs?: number;
}

/** The connection broke (or nobody listened) on every attempt. */
export class HttpConnectionError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly attempts: number,
    override readonly cause: Error,
  ) {
    super(`${method} ${url}: no answer after ${attempts} attempt(s): ${cause.message}`);
    this.name = 'HttpConnectionError';
    this.code = (cause as NodeJS.ErrnoException).code;
  }
}

/** Error codes of a connection the other side closed. */
const CLOSED = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNABORTED',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

export function isConnectionClosed(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code !== undefined && CLOSED.has(code);
}

const agent = new Agent({ keepAlive: true });

type Attempt =
  | { ok: true; status: number; headers: IncomingHttpHeaders; text: string; complete: boolean }
  | { ok: false; error: Error };

function attempt(url: string, options: HttpRequestOptions, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (result: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const body = options.body;
    let req: ReturnType<typeof request>;
    try {
      req = request(url, {
        method: options.method ?? 'GET',
        headers: {
          ...options.headers,
          ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        },
        agent,
      });
    } catch (error) {
      finish({ ok: false, error: error as Error });
      return;
    }
    let answered = false;
    timer = setTimeout(
      () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      timeoutMs,
    );
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      const done = (complete: boolean) =>
        finish({
          ok: true,
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString(),
          complete,
        });
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(true));
      // The connection went while the answer was read: what arrived is kept, marked incomplete.
      res.on('error', () => {});
      res.on('close', () => done(res.complete));
    });
    req.on('error', (error) => {
      // Once the answer's head is in, a failed write of the rest of the body changes nothing: the
      // answer finishes (or is cut short) on its own.
      if (!answered) finish({ ok: false, error });
    });
    req.end(body);
  });
}

export function httpRequest(
  url: string,
  options: HttpRequestOptions & { oversized: true },
): Promise<HttpOutcome>;
export function httpRequest(
  url: string,
  options?: HttpRequestOptions & { oversized?: false },
): Promise<HttpResponse>;
export function httpRequest(url: string, options?: HttpRequestOptions): Promise<HttpOutcome>;
export async function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpOutcome> {
  const retries = options.retries ?? 3;
  const method = options.method ?? 'GET';
  let lastError: Error = new Error('not tried');
  for (let attempts = 1; attempts <= retries + 1; attempts++) {
    const result = await attempt(url, options, options.timeoutMs ?? 30_000);
    if (result.ok && result.complete) {
      return {
        kind: 'response',
        status: result.status,
        headers: result.headers,
        text: result.text,
        attempts,
      };
    }
    if (options.oversized) {
      if (result.ok) {
        return {
          kind: 'refused',
          status: result.status,
          reason: `answered ${result.status} and closed the connection before the whole answer arrived`,
        };
      }
      if (isConnectionClosed(result.error)) {
        return {
          kind: 'refused',
          status: null,
          reason: `the connection was closed during the upload (${(result.error as NodeJS.ErrnoException).code})`,
        };
      }
    }
    lastError = result.ok
      ? Object.assign(new Error(`the connection closed in the middle of a ${result.status} answer`), {
          code: 'ECONNRESET',
        })
      : result.error;
    if (attempts <= retries) await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 100));
  }
  throw new HttpConnectionError(method, url, retries + 1, lastError);
}
