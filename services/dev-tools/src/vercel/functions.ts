// The Node.js functions of a Build Output folder, run the way Vercel runs them, with Vercel's own code:
//   - @vercel/fun (Vercel's local Lambda runtime, which `vercel dev` invokes built functions with) runs each function in
//     a process of its own with the Lambda runtime API, one request per process at a time, more processes under load;
//   - @vercel/node-bridge's launcher and bridge (what `launcherType: "Nodejs"` asks Vercel to wrap the handler in)
//     load the function's `handler` file, put its request listener behind an http.Server on 127.0.0.1, and turn each
//     invocation into an HTTP request to it.
// Written here (none of Vercel's published packages does it outside Vercel): the launcher file the platform adds to a
// function at deploy time, made with node-bridge's own `makeVercelLauncher` into `___vc/` inside the function folder
// (its own package.json keeps it CommonJS whatever the function's package type); for a `useWebApi` handler (Next's
// Node.js middleware: Request in, Response out), the few lines that put it behind a Node request listener, which
// Vercel's current runtime does internally and node-bridge 4.0.1 predates; and the runtime name: fun knows Lambda's
// old `nodejsX.x` names only, and its `nodejs` runtime is this machine's Node, the major .nvmrc pins and
// `.vc-config.json` asks for (checked).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface VcConfig {
  runtime: string;
  handler: string;
  launcherType?: string;
  shouldAddHelpers?: boolean;
  useWebApi?: boolean;
  environment?: Record<string, string>;
  memory?: number;
  maxDuration?: number;
}

export interface OutputFunction {
  /** The request path it answers, e.g. "/dashboard" (its folder under functions/, without ".func"). */
  route: string;
  /** The folder's real path (Vercel links functions that share one bundle to one folder). */
  dir: string;
  config: VcConfig;
}

/** What @vercel/fun's `createFunction` returns, as far as it is used here (the package has no types we can resolve). */
interface Lambda {
  (payload: object): Promise<unknown>;
  destroy(): Promise<void>;
}
interface Fun {
  createFunction(params: {
    Code: { Directory: string };
    Handler: string;
    Runtime: string;
    MemorySize?: number;
    Timeout?: number;
    Environment: { Variables: Record<string, string> };
  }): Promise<Lambda>;
}
interface NodeBridge {
  makeVercelLauncher(config: { entrypointPath: string; bridgePath: string; helpersPath: string; shouldAddHelpers: boolean }): string;
}

/** Every `*.func` folder under `<output>/functions`, by the route it answers. */
export async function findFunctions(outputDir: string): Promise<Map<string, OutputFunction>> {
  const root = path.join(outputDir, 'functions');
  const found = new Map<string, OutputFunction>();
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await readdir(path.join(root, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      const full = path.join(root, child);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full)).isDirectory());
      if (!isDir) continue;
      if (!entry.name.endsWith('.func')) {
        await walk(child);
        continue;
      }
      const dir = await realpath(full);
      const config = JSON.parse(await readFile(path.join(dir, '.vc-config.json'), 'utf8')) as VcConfig;
      found.set(`/${child.slice(0, -'.func'.length)}`, { route: `/${child.slice(0, -'.func'.length)}`, dir, config });
    }
  };
  if (existsSync(root)) await walk('');
  return found;
}

/** The Node major a function's runtime names ("nodejs24.x" -> 24). */
export function runtimeMajor(runtime: string): number | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? Number(match[1]) : undefined;
}

const LAUNCHER_DIR = '___vc';

/** A Web API handler (Request -> Response) as a Node request listener, for the bridge to serve. */
const WEB_API_LISTENER = `const handler = require(ENTRY);
module.exports = async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) for (const one of [].concat(value ?? [])) headers.append(name, one);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(new URL(req.url, 'http://' + (req.headers.host || 'localhost')), { method: req.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined, duplex: 'half' });
  const response = await (handler.default || handler)(request);
  res.statusCode = response.status;
  response.headers.forEach((value, name) => { if (name !== 'set-cookie') res.setHeader(name, value); });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
};
`;

/** Writes node-bridge's launcher, bridge and helpers into the function folder, as Vercel adds them at deploy time. */
async function addVercelLauncher(fn: OutputFunction, bridgeDir: string): Promise<string> {
  const target = path.join(fn.dir, LAUNCHER_DIR);
  await mkdir(target, { recursive: true });
  const bridge = createRequire(path.join(bridgeDir, 'package.json'))('./launcher.js') as NodeBridge;
  for (const file of ['bridge.js', 'helpers.js']) await writeFile(path.join(target, `__${file}`), await readFile(path.join(bridgeDir, file)));
  let entrypointPath = path.join(fn.dir, fn.config.handler);
  if (fn.config.useWebApi) {
    await writeFile(path.join(target, '__web_api.js'), WEB_API_LISTENER.replace('ENTRY', JSON.stringify(entrypointPath)));
    entrypointPath = path.join(target, '__web_api.js');
  }
  const launcher = bridge.makeVercelLauncher({
    entrypointPath,
    bridgePath: './__bridge.js',
    helpersPath: './__helpers.js',
    shouldAddHelpers: fn.config.shouldAddHelpers === true,
  });
  await writeFile(path.join(target, '__launcher.js'), launcher);
  await writeFile(path.join(target, 'package.json'), '{ "type": "commonjs" }\n');
  return `${LAUNCHER_DIR}/__launcher.launcher`;
}

export interface FunctionRunner {
  /** Invokes the function with Vercel's invocation payload; resolves with the bridge's answer. */
  invoke(fn: OutputFunction, request: InvokeRequest): Promise<InvokeResponse>;
  /** Stops every function process. */
  close(): Promise<void>;
}

export interface InvokeRequest {
  method: string;
  host: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export interface InvokeResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Runs functions on demand (each started at its first request, as a cold start on Vercel), with `env` as the project's
 * environment variables. `toolsDir` is where the pinned @vercel/fun and @vercel/node-bridge are installed (tool.ts).
 */
export function functionRunner(options: { toolsDir: string; env: Record<string, string> }): FunctionRunner {
  // Resolved from the tool folder (tool.ts), not from this repository's node_modules: a name the boundaries check
  // must not read as one of this workspace's imports.
  const fromTools = createRequire(path.join(options.toolsDir, 'package.json'));
  const fun = fromTools(['@vercel', 'fun'].join('/')) as Fun;
  const bridgeDir = path.dirname(fromTools.resolve(['@vercel', 'node-bridge', 'package.json'].join('/')));
  const started = new Map<string, Promise<Lambda>>();
  const nodeMajor = Number(process.versions.node.split('.')[0]);

  const lambdaOf = (fn: OutputFunction): Promise<Lambda> => {
    let lambda = started.get(fn.dir);
    if (!lambda) {
      lambda = (async () => {
        if (fn.config.launcherType !== 'Nodejs') throw new Error(`${fn.route}: launcherType ${fn.config.launcherType ?? '(none)'} is not the Node.js launcher`);
        const major = runtimeMajor(fn.config.runtime);
        if (major !== nodeMajor) throw new Error(`${fn.route}: runtime ${fn.config.runtime}, but this Node is ${process.versions.node}`);
        const handler = await addVercelLauncher(fn, bridgeDir);
        return fun.createFunction({
          Code: { Directory: fn.dir },
          Handler: handler,
          Runtime: 'nodejs',
          MemorySize: fn.config.memory ?? 2048,
          Timeout: fn.config.maxDuration ?? 300,
          // What Vercel's runtime adds to the project's variables, then the function's own.
          Environment: { Variables: { ...options.env, ...(fn.config.environment ?? {}) } },
        });
      })();
      started.set(fn.dir, lambda);
    }
    return lambda;
  };

  return {
    async invoke(fn, request) {
      const lambda = await lambdaOf(fn);
      const payload = {
        method: request.method,
        host: request.host,
        path: request.path,
        headers: request.headers,
        encoding: 'base64',
        body: request.body.toString('base64'),
      };
      // The shape `vercel dev` invokes built functions with, and the bridge's launcher expects.
      const result = (await lambda({ Action: 'Invoke', body: JSON.stringify(payload) })) as {
        statusCode?: number;
        headers?: Record<string, string | string[]>;
        body?: string;
        encoding?: string;
        errorMessage?: string;
      };
      if (result.statusCode === undefined) throw new Error(`${fn.route}: the function failed: ${result.errorMessage ?? JSON.stringify(result).slice(0, 500)}`);
      return {
        statusCode: result.statusCode,
        headers: result.headers ?? {},
        body: Buffer.from(result.body ?? '', result.encoding === 'base64' ? 'base64' : 'utf8'),
      };
    },
    async close() {
      const lambdas = await Promise.allSettled(started.values());
      await Promise.all(lambdas.map((lambda) => (lambda.status === 'fulfilled' ? lambda.value.destroy() : undefined)));
    },
  };
}
