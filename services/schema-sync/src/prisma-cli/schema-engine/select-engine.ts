// Decides which schema engine the Prisma CLI runs: Prisma's native binary where it is installed,
// our WebAssembly stand-in (services/schema-sync/bin/schema-engine) where it is not.
//
// Where the native engine comes from: `@prisma/engines`' postinstall downloads
// `schema-engine-<platform>` next to itself, which works only with access to binaries.prisma.sh.
// The CLI looks for it (in this order) via PRISMA_SCHEMA_ENGINE_BINARY, in @prisma/engines/, in
// prisma/, and in node_modules/; when it finds none, or one whose `--version` is not the CLI's
// engines version, it tries to download one on every command, which fails offline. So:
//   - PRISMA_SCHEMA_ENGINE_BINARY set by the user (and existing) wins: that is Prisma's own override;
//   - else a binary in those folders that runs and reports the CLI's engines version is native;
//   - else the stand-in.
// MONITRAX_SCHEMA_ENGINE=native|wasm forces a choice (auto, the default, does the above).
// One exception in auto: when DATABASE_URL carries a password, the stand-in, because Prisma's CLI hands the native
// engine the whole URL in `--datasource` (every process on the host sees it in `ps`) and the native engine reads a
// password from nowhere else, while the stand-in's node-postgres takes it from PGPASSWORD (see prisma-cli.ts).
import { execaSync } from 'execa';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitPassword } from '@monitrax/database/url';

export type EngineKind = 'native' | 'wasm';

export interface EngineChoice {
  kind: EngineKind;
  /** The executable to give the CLI as PRISMA_SCHEMA_ENGINE_BINARY. */
  binaryPath: string;
  /** Why, in a few words, for the log line. */
  reason: string;
}

export const FORCE_ENV = 'MONITRAX_SCHEMA_ENGINE';
export const PRISMA_BINARY_ENV = 'PRISMA_SCHEMA_ENGINE_BINARY';

/** services/schema-sync/bin/schema-engine: the executable the CLI runs for the wasm engine. */
export const WASM_SHIM_PATH = fileURLToPath(new URL('../../../bin/schema-engine', import.meta.url));

export interface NativeProbe {
  ok: boolean;
  /** What `--version` printed, or why it could not run. */
  detail: string;
}

export interface SelectEngineOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Native binaries to consider, best first. Default: the folders the CLI itself searches. */
  nativeCandidates?: string[];
  /** The engines version the CLI expects (a prisma-engines commit). Default: @prisma/engines-version. */
  expectedVersion?: string | undefined;
  /** Runs `<binary> --version`. Injectable for tests. */
  probe?: (binaryPath: string) => NativeProbe;
  /** The stand-in's path. Injectable for tests. */
  wasmShimPath?: string;
}

export class EngineSelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineSelectionError';
  }
}

export function selectSchemaEngine(options: SelectEngineOptions): EngineChoice {
  const { env, cwd } = options;
  const shim = options.wasmShimPath ?? WASM_SHIM_PATH;
  const wasm = (reason: string): EngineChoice => ({ kind: 'wasm', binaryPath: shim, reason });

  const forced = (env[FORCE_ENV] ?? '').trim().toLowerCase();
  if (!['', 'auto', 'native', 'wasm'].includes(forced)) {
    throw new EngineSelectionError(`${FORCE_ENV} must be native, wasm or auto (got "${env[FORCE_ENV]}")`);
  }
  if (forced === 'wasm') return wasm(`forced by ${FORCE_ENV}=wasm`);
  if (forced !== 'native' && env.DATABASE_URL && splitPassword(env.DATABASE_URL).password !== undefined) {
    return wasm('DATABASE_URL has a password, which the native engine would take as a command-line argument');
  }

  const display = (path: string) => relative(cwd, path) || path;
  const failures: string[] = [];

  // Prisma's own override, unless it points at our stand-in (e.g. inherited from an outer run).
  const fromEnv = env[PRISMA_BINARY_ENV];
  if (fromEnv && !samePath(resolve(cwd, fromEnv), shim)) {
    const path = resolve(cwd, fromEnv);
    if (existsSync(path)) return { kind: 'native', binaryPath: path, reason: `${PRISMA_BINARY_ENV}=${fromEnv}` };
    failures.push(`${PRISMA_BINARY_ENV}=${fromEnv} does not exist`);
  }

  const candidates = options.nativeCandidates ?? findNativeCandidates();
  const expected = 'expectedVersion' in options ? options.expectedVersion : expectedEnginesVersion();
  const probe = options.probe ?? probeNativeEngine;
  for (const candidate of candidates) {
    const result = probe(candidate);
    if (!result.ok) {
      failures.push(`${display(candidate)} does not run (${result.detail})`);
    } else if (expected && !result.detail.includes(expected)) {
      failures.push(`${display(candidate)} is version "${result.detail.trim()}", the CLI needs ${expected}`);
    } else {
      return { kind: 'native', binaryPath: candidate, reason: display(candidate) };
    }
  }

  const why = failures.length > 0 ? failures.join('; ') : 'native schema-engine not installed';
  if (forced === 'native') {
    throw new EngineSelectionError(`${FORCE_ENV}=native, but no usable native schema engine: ${why}`);
  }
  return wasm(why);
}

export function describeChoice(choice: EngineChoice): string {
  const name = choice.kind === 'native' ? 'native schema engine' : 'WebAssembly schema engine';
  return `prisma: using ${name} (${choice.reason})`;
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

/** The folders the CLI searches for `schema-engine-<platform>`, as resolved from the prisma package. */
export function nativeEngineFolders(): string[] {
  const requireHere = createRequire(import.meta.url);
  const prismaDir = dirname(requireHere.resolve('prisma/package.json'));
  const folders: string[] = [];
  try {
    folders.push(dirname(createRequire(join(prismaDir, 'package.json')).resolve('@prisma/engines/package.json')));
  } catch {
    // @prisma/engines missing: the CLI would fail anyway; just search the other folders.
  }
  folders.push(prismaDir, dirname(prismaDir), join(prismaDir, 'runtime'));
  return [...new Set(folders)];
}

/** `schema-engine-<platform>` files (not their .sha256/.gz companions) in the CLI's folders. */
export function findNativeCandidates(folders: string[] = nativeEngineFolders()): string[] {
  const found: string[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const path = join(folder, name);
      if (isNativeEngineFileName(name) && isFile(path)) found.push(path);
    }
  }
  return found;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isNativeEngineFileName(name: string): boolean {
  return /^schema-engine-[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && !/\.(sha256|gz|tmp|partial|lock)$/.test(name);
}

/** The prisma-engines commit the installed CLI was built for. */
export function expectedEnginesVersion(): string | undefined {
  try {
    const requireHere = createRequire(import.meta.url);
    const enginesDir = dirname(createRequire(requireHere.resolve('prisma/package.json')).resolve('@prisma/engines/package.json'));
    const { enginesVersion } = createRequire(join(enginesDir, 'package.json'))('@prisma/engines-version') as { enginesVersion: string };
    return enginesVersion;
  } catch {
    return undefined;
  }
}

export function probeNativeEngine(binaryPath: string): NativeProbe {
  const result = execaSync(binaryPath, ['--version'], { timeout: 10_000, reject: false, stdin: 'ignore', stripFinalNewline: false });
  if (result.exitCode === undefined && result.signal === undefined) return { ok: false, detail: result.message ?? 'could not run it' };
  if (result.exitCode !== 0) return { ok: false, detail: `exit ${result.exitCode ?? result.signal}: ${result.stderr.trim().slice(0, 200)}` };
  return { ok: true, detail: result.stdout };
}
