// Runs the Prisma CLI as a child process and collects what it printed: how the schema sync plans
// (`migrate diff`) and how make dev, deploys and the tests reach Prisma. The CLI is Prisma's own, with Prisma's own
// engine: the native schema-engine it downloads at install, or whatever PRISMA_SCHEMA_ENGINE_BINARY (Prisma's
// override) names. Nothing here chooses an engine; a machine that cannot download one switches a stand-in on from
// outside (docs/machine-workarounds.md).
//
// Environment given to the CLI, on top of the caller's:
//   CHECKPOINT_DISABLE=1   unless the caller set it: a deploy step or a test never calls Prisma's update and
//                          telemetry service.
//   DATABASE_URL           from the caller or, like prisma.config.ts does, from ./.env.
import { execa } from 'execa';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';

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
}

/** The Prisma CLI's entry point, resolved the way Node resolves the `prisma` package from here. */
export function prismaCliPath(): string {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('prisma/package.json');
  const { bin } = require(packageJsonPath) as { bin: string | Record<string, string> };
  return join(dirname(packageJsonPath), typeof bin === 'string' ? bin : bin.prisma!);
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

  const subprocess = execa(process.execPath, [prismaCliPath(), ...args], {
    cwd,
    env: { ...env, CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1' },
    extendEnv: false,
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    reject: false,
    stripFinalNewline: false,
    // The CLI's own signal handling decides how it stops (migrate cleans up after itself): no SIGKILL after a
    // forwarded SIGTERM, and no kill when this process exits first.
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
    return { code, signal: result.signal ?? null, stdout: text(result.stdout), stderr: text(result.stderr) };
  } finally {
    for (const signal of forwarded) process.off(signal, forward);
  }
}
