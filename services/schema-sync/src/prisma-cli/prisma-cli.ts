// Runs the Prisma CLI with a schema engine that works on this machine.
//
//   npm run prisma -- <args>            (root package.json: node services/schema-sync/src/prisma-cli/prisma-cli.ts)
//   node services/schema-sync/src/prisma-cli/prisma-cli.ts <args>
//
// Prisma 7's CLI needs its native `schema-engine` binary and tries to download it on every command
// when it is missing, which fails where binaries.prisma.sh is unreachable (air-gapped hosts, this
// project's CI). We pick the native engine where it is installed and our WebAssembly stand-in
// (services/schema-sync/bin/schema-engine) where it is not, log the choice in one stderr line, and hand
// it to the CLI as PRISMA_SCHEMA_ENGINE_BINARY. See schema-engine/select-engine.ts for the rules
// and MONITRAX_SCHEMA_ENGINE=native|wasm to force one.
//
// Environment given to the CLI, on top of the caller's:
//   PRISMA_SCHEMA_ENGINE_BINARY  the chosen engine. With it set (to a file that exists) the CLI
//                                neither searches for nor downloads an engine.
//   CHECKPOINT_DISABLE=1         unless the caller set it: otherwise every command also calls
//                                Prisma's update/telemetry service over the network.
//   PATH                         this Node's folder first, so the stand-in's `#!/usr/bin/env node`
//                                finds a Node that runs TypeScript even when an older one is on PATH.
//   DATABASE_URL, PGPASSWORD     for the stand-in, the URL without its password and the password apart: the
//                                CLI passes the URL to the engine as an argument, which `ps` shows to every
//                                process on the host; node-postgres in the stand-in reads PGPASSWORD. The URL
//                                comes from the caller or, like prisma.config.ts does, from ./.env.
import { execa } from 'execa';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { parseEnv } from 'node:util';
import { splitPassword } from '@monitrax/database/url';
import { describeChoice, selectSchemaEngine } from './schema-engine/select-engine.ts';
import type { EngineChoice } from './schema-engine/select-engine.ts';

export { describeChoice, selectSchemaEngine } from './schema-engine/select-engine.ts';
export type { EngineChoice, EngineKind } from './schema-engine/select-engine.ts';

export interface RunPrismaOptions {
  /** The whole environment of the CLI (like child_process' `env`). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Working directory of the CLI (where it looks for prisma.config.ts). Default: process.cwd(). */
  cwd?: string;
  /**
   * Collect stdout and stderr instead of sharing the terminal; stdin is then closed, so the CLI
   * runs non-interactively (it refuses prompts, e.g. `migrate dev` asks for `--name`).
   */
  capture?: boolean;
  /** Where the engine-choice line goes. Default: process.stderr. */
  log?: (line: string) => void;
  /** Pass SIGINT/SIGTERM/SIGHUP received by this process on to the CLI. Default: !capture. */
  forwardSignals?: boolean;
}

export interface RunPrismaResult {
  /** The CLI's exit code; 128 + signal number when it was killed by a signal. */
  code: number;
  signal: NodeJS.Signals | null;
  /** Captured output ('' unless `capture`). */
  stdout: string;
  stderr: string;
  engine: EngineChoice;
}

/** The Prisma CLI's entry point, resolved the way Node resolves the `prisma` package from here. */
export function prismaCliPath(): string {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('prisma/package.json');
  const { bin } = require(packageJsonPath) as { bin: string | Record<string, string> };
  return join(dirname(packageJsonPath), typeof bin === 'string' ? bin : bin.prisma!);
}

/** The environment the CLI runs with (see the top of this file). */
export function prismaEnv(env: NodeJS.ProcessEnv, engine: EngineChoice): NodeJS.ProcessEnv {
  const pathKey = Object.keys(env).find((key) => key.toUpperCase() === 'PATH') ?? 'PATH';
  const nodeDir = dirname(process.execPath);
  const path = env[pathKey];
  const split = env.DATABASE_URL && engine.kind === 'wasm' ? splitPassword(env.DATABASE_URL) : undefined;
  return {
    ...env,
    [pathKey]: path ? `${nodeDir}${delimiter}${path}` : nodeDir,
    PRISMA_SCHEMA_ENGINE_BINARY: engine.binaryPath,
    CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1',
    ...(split?.password === undefined ? {} : { DATABASE_URL: split.url, PGPASSWORD: split.password }),
  };
}

/** The caller's environment, with DATABASE_URL from `<cwd>/.env` when the caller has none (as prisma.config.ts). */
export function withDotenvDatabaseUrl(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  if (env.DATABASE_URL !== undefined) return env;
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')).DATABASE_URL : undefined;
  return fromFile === undefined ? env : { ...env, DATABASE_URL: fromFile };
}

/** Runs `prisma <args>` and resolves when it exits. Never rejects for a non-zero exit. */
export async function runPrisma(args: readonly string[], options: RunPrismaOptions = {}): Promise<RunPrismaResult> {
  const cwd = options.cwd ?? process.cwd();
  const env = withDotenvDatabaseUrl(options.env ?? process.env, cwd);
  const capture = options.capture ?? false;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const engine = selectSchemaEngine({ env, cwd });
  log(describeChoice(engine));

  const subprocess = execa(process.execPath, [prismaCliPath(), ...args], {
    cwd,
    env: prismaEnv(env, engine),
    extendEnv: false,
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    reject: false,
    stripFinalNewline: false,
    // The CLI's own signal handling decides how it stops (db push and migrate clean up after themselves): no
    // SIGKILL after a forwarded SIGTERM, and no kill when this process exits first.
    forceKillAfterDelay: false,
    cleanup: false,
  });

  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => subprocess.kill(signal);
  if (options.forwardSignals ?? !capture) for (const signal of forwarded) process.on(signal, forward);
  try {
    const result = await subprocess;
    if (result.exitCode === undefined && result.signal === undefined) throw new Error(result.message);
    const code = result.exitCode ?? 128 + (result.signal ? (constants.signals[result.signal] ?? 0) : 0);
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    return { code, signal: result.signal ?? null, stdout: text(result.stdout), stderr: text(result.stderr), engine };
  } finally {
    for (const signal of forwarded) process.off(signal, forward);
  }
}

async function main(): Promise<void> {
  try {
    const { code } = await runPrisma(process.argv.slice(2));
    process.exitCode = code;
  } catch (error) {
    process.stderr.write(`prisma: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (import.meta.main) await main();
