// The part of Vercel that sits in front of the functions, as far as the web's pages need it: its edge network and
// router, which no published Vercel package provides outside Vercel (`vercel dev` has its own router inside the CLI's
// bundle, for builders' dev servers, not for a Build Output folder). Hand-written, and kept to the Build Output API
// v3 (vercel.com/docs/build-output-api/v3/configuration#routes) that `.vercel/output/config.json` uses:
//   - the edge: X-Forwarded-For, X-Real-IP and X-Vercel-Forwarded-For set to the socket's peer (Vercel overwrites what
//     a client sent there), X-Forwarded-Host/Proto; so TRUST_PROXY=1 is one hop, as on Vercel;
//   - routes before `handle: filesystem`: `src` with `has`/`missing` header conditions, `headers`, `dest` rewrites with
//     $1 and $name, `status` with a Location (redirects), `transforms` that set request headers, and `middlewarePath`:
//     Next's middleware (here the Node.js proxy.ts) invoked as a function, its answer read the way Vercel reads it
//     (x-middleware-next / -rewrite / -override-headers / -request-*, or a response of its own such as a redirect);
//   - the filesystem (static/ with config.json's overrides, then functions/), the routes after it, the `rewrite`
//     phase's checked rewrites (dynamic pages), `hit` headers, and the `error` phase's 404 page.
// Not modelled (the web does not use them): images, crons, prerender/ISR caching, `miss` and `resource` phases, edge
// functions.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { FunctionRunner, InvokeResponse, OutputFunction } from './functions.ts';

interface Condition {
  type: string;
  key: string;
  value?: string;
}
export interface Route {
  src?: string;
  dest?: string;
  headers?: Record<string, string>;
  status?: number;
  continue?: boolean;
  check?: boolean;
  has?: Condition[];
  missing?: Condition[];
  handle?: string;
  middlewarePath?: string;
  transforms?: Array<{ type: string; op: string; target: { key: string }; args?: string }>;
}
export interface OutputConfig {
  routes?: Route[];
  overrides?: Record<string, { path?: string; contentType?: string }>;
}

/** Routes by phase: `null` (before filesystem), then each `handle` value. */
export function phases(routes: Route[]): Map<string | null, Route[]> {
  const byPhase = new Map<string | null, Route[]>([[null, []]]);
  let current: string | null = null;
  for (const route of routes) {
    if (route.handle) {
      current = route.handle;
      byPhase.set(current, []);
    } else byPhase.get(current)!.push(route);
  }
  return byPhase;
}

type Headers = Record<string, string>;

/** Whether a route's `src`, `has` and `missing` match; the captures for $1/$name when they do. */
export function matchRoute(route: Route, pathname: string, headers: Headers): Record<string, string> | undefined {
  if (!route.src) return undefined;
  const match = new RegExp(route.src, 'i').exec(pathname);
  if (!match) return undefined;
  const captures: Record<string, string> = {};
  for (const [index, value] of match.slice(1).entries()) captures[String(index + 1)] = value ?? '';
  Object.assign(captures, match.groups ?? {});
  const test = (condition: Condition): boolean => {
    if (condition.type !== 'header') return false; // cookie/query/host conditions: not used by this app's routes
    const value = headers[condition.key.toLowerCase()];
    if (value === undefined) return false;
    if (condition.value === undefined) return true;
    const valueMatch = new RegExp(`^${condition.value}$`).exec(value);
    if (valueMatch?.groups) Object.assign(captures, valueMatch.groups);
    return valueMatch !== null;
  };
  if (!(route.has ?? []).every(test)) return undefined;
  if ((route.missing ?? []).some(test)) return undefined;
  return captures;
}

export const substitute = (template: string, captures: Record<string, string>) =>
  template.replace(/\$([0-9]+|[A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => captures[name] ?? whole);

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.rsc': 'text/x-component',
};

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface EdgeOptions {
  outputDir: string;
  config: OutputConfig;
  functions: Map<string, OutputFunction>;
  runner: FunctionRunner;
  /** Lines about each request (method, path, what answered it). */
  log?: (line: string) => void;
}

/** The edge and router on `port` (127.0.0.1). */
export function createEdge(options: EdgeOptions): Server {
  const routePhases = phases(options.config.routes ?? []);
  const staticByPath = new Map<string, { file: string; contentType?: string }>();
  for (const [file, override] of Object.entries(options.config.overrides ?? {}))
    staticByPath.set(`/${override.path ?? file}`, { file, ...(override.contentType ? { contentType: override.contentType } : {}) });

  const staticFile = (pathname: string): { file: string; contentType?: string } | undefined => {
    const override = staticByPath.get(pathname);
    if (override) return override;
    const relative = decodeURIComponent(pathname).replace(/^\/+/, '');
    const full = path.join(options.outputDir, 'static', relative);
    if (!relative || !full.startsWith(path.join(options.outputDir, 'static'))) return undefined;
    return existsSync(full) && statSync(full).isFile() ? { file: relative } : undefined;
  };
  const functionAt = (pathname: string) => options.functions.get(pathname === '/' ? '/index' : pathname.replace(/\/$/, ''));

  const invoke = async (fn: OutputFunction, method: string, url: string, headers: Headers, body: Buffer): Promise<InvokeResponse> => {
    options.log?.(`${method} ${url} -> function ${fn.route}`);
    return options.runner.invoke(fn, { method, host: headers.host ?? '', path: url, headers, body });
  };

  async function handle(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const incoming = new URL(req.url ?? '/', 'http://edge.invalid');
    const peer = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    const headers: Headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    // Vercel's edge: the visitor's address, whatever the client wrote in these.
    Object.assign(headers, {
      'x-forwarded-for': peer,
      'x-real-ip': peer,
      'x-vercel-forwarded-for': peer,
      'x-forwarded-host': headers.host ?? '',
      'x-forwarded-proto': 'http',
      'x-vercel-id': `dev1::${Date.now().toString(36)}`,
    });
    let pathname = incoming.pathname;
    const query = new URLSearchParams(incoming.search);
    const responseHeaders: Record<string, string | string[]> = {};
    let status: number | undefined;

    const applyDest = (dest: string) => {
      const target = new URL(dest, 'http://edge.invalid');
      pathname = target.pathname;
      for (const [name, value] of target.searchParams) query.set(name, value);
    };
    const urlNow = () => `${pathname}${query.size ? `?${query}` : ''}`;

    // ---- before the filesystem ----
    for (const route of routePhases.get(null) ?? []) {
      const captures = matchRoute(route, pathname, headers);
      if (!captures) continue;
      if (route.middlewarePath) {
        const middleware = options.functions.get(route.middlewarePath);
        if (!middleware) throw new Error(`config.json names middleware ${route.middlewarePath}, which functions/ does not hold`);
        const answer = await invoke(middleware, req.method ?? 'GET', urlNow(), headers, body);
        const single = (name: string) => {
          const value = answer.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        if (single('x-middleware-next') !== '1' && !single('x-middleware-rewrite')) {
          return { status: answer.statusCode, headers: withoutMiddlewareHeaders(answer.headers), body: answer.body }; // a redirect or a response of its own
        }
        const overridden = single('x-middleware-override-headers');
        if (overridden !== undefined) {
          // The complete set of request headers the middleware passed on: any other is dropped.
          const names = overridden
            .split(',')
            .map((name) => name.trim().toLowerCase())
            .filter(Boolean);
          for (const name of Object.keys(headers)) if (!names.includes(name)) delete headers[name];
          for (const name of names) {
            const value = single(`x-middleware-request-${name}`);
            if (value !== undefined) headers[name] = value;
          }
        }
        const rewrite = single('x-middleware-rewrite');
        if (rewrite) applyDest(new URL(rewrite, 'http://edge.invalid').pathname + new URL(rewrite, 'http://edge.invalid').search);
        Object.assign(responseHeaders, withoutMiddlewareHeaders(answer.headers));
        continue;
      }
      for (const transform of route.transforms ?? [])
        if (transform.type === 'request.headers' && transform.op === 'set' && transform.args !== undefined) headers[transform.target.key] = transform.args;
      for (const [name, value] of Object.entries(route.headers ?? {})) responseHeaders[name.toLowerCase()] = substitute(value, captures);
      if (route.status) status = route.status;
      if (status && status >= 300 && status < 400 && responseHeaders.location) return { status, headers: responseHeaders, body: Buffer.alloc(0) };
      if (route.dest) applyDest(substitute(route.dest, captures));
      if (!route.continue) break;
    }

    // ---- the filesystem, the routes after it, then the checked rewrites ----
    const serve = async (): Promise<Answer | undefined> => {
      const file = staticFile(pathname);
      const fn = file ? undefined : functionAt(pathname);
      if (!file && !fn) return undefined;
      for (const route of routePhases.get('hit') ?? []) {
        const captures = matchRoute(route, pathname, headers);
        if (captures) for (const [name, value] of Object.entries(route.headers ?? {})) responseHeaders[name.toLowerCase()] = substitute(value, captures);
      }
      if (file) {
        const type = file.contentType ?? CONTENT_TYPES[path.extname(file.file)] ?? 'application/octet-stream';
        options.log?.(`${req.method} ${urlNow()} -> static ${file.file}`);
        return {
          status: status ?? 200,
          headers: { ...responseHeaders, 'content-type': type },
          body: await readFile(path.join(options.outputDir, 'static', file.file)),
        };
      }
      const answer = await invoke(fn!, req.method ?? 'GET', urlNow(), { ...headers, 'x-matched-path': pathname }, body);
      return { status: status && status >= 400 ? status : answer.statusCode, headers: { ...responseHeaders, ...answer.headers }, body: answer.body };
    };
    const served = await serve();
    if (served) return served;
    for (const phase of ['filesystem', 'rewrite']) {
      for (const route of routePhases.get(phase) ?? []) {
        const captures = matchRoute(route, pathname, headers);
        if (!captures || !route.dest) continue;
        applyDest(substitute(route.dest, captures));
        if (route.check) {
          const found = await serve();
          if (found) return found;
        }
        if (!route.continue && route.check) break;
      }
    }
    const again = await serve();
    if (again) return again;

    // ---- not found: the error phase's page ----
    const notFound = (routePhases.get('error') ?? []).find((route) => route.status === 404 && route.dest);
    const page = notFound?.dest ? functionAt(notFound.dest) : undefined;
    if (!page) return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Not Found') };
    const answer = await invoke(page, 'GET', notFound!.dest!, headers, Buffer.alloc(0));
    return { status: 404, headers: { ...responseHeaders, ...answer.headers, ...(notFound!.headers ?? {}) }, body: answer.body };
  }

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks)).then(
        (answer) => {
          const headers = { ...answer.headers };
          for (const hop of ['transfer-encoding', 'connection', 'content-length', 'keep-alive']) delete headers[hop];
          res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length), server: 'Vercel' });
          res.end(req.method === 'HEAD' ? undefined : answer.body);
        },
        (error: unknown) => {
          options.log?.(`${req.method} ${req.url} -> FAILED: ${error instanceof Error ? error.stack : String(error)}`);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('FUNCTION_INVOCATION_FAILED');
        },
      );
    });
  });
}

function withoutMiddlewareHeaders(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('x-middleware-')));
}
