// The runner without a database: engine choice, the environment it gives the CLI, exit codes.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { prismaCliPath, prismaEnv, runPrisma, withDotenvDatabaseUrl } from '../../src/prisma-cli/prisma-cli.ts';
import type { EngineChoice } from '../../src/prisma-cli/prisma-cli.ts';
import { WASM_SHIM_PATH } from '../../src/prisma-cli/schema-engine/select-engine.ts';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import { REPO_ROOT } from '@monitrax/database/paths';

const CLI_ENTRY = fileURLToPath(new URL('../../src/prisma-cli/prisma-cli.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'prisma-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const wasmChoice: EngineChoice = { kind: 'wasm', binaryPath: '/x/schema-engine', reason: 'test' };

describe('prismaEnv', () => {
  it('points the CLI at the chosen engine, turns off the update check, and puts this Node first on PATH', () => {
    const env = prismaEnv({ PATH: '/usr/bin', DATABASE_URL: 'postgresql://h/db' }, wasmChoice);
    expect(env).toMatchObject({
      PRISMA_SCHEMA_ENGINE_BINARY: '/x/schema-engine',
      CHECKPOINT_DISABLE: '1',
      DATABASE_URL: 'postgresql://h/db',
      PATH: `${dirname(process.execPath)}${delimiter}/usr/bin`,
    });
  });

  it('hands the stand-in the URL without its password and the password in PGPASSWORD', () => {
    const env = prismaEnv({ DATABASE_URL: 'postgresql://monitrax:p%40ss%3Aw0rd@127.0.0.1:5432/db?schema=app' }, wasmChoice);
    expect(env.DATABASE_URL).toBe('postgresql://monitrax@127.0.0.1:5432/db?schema=app');
    expect(env.PGPASSWORD).toBe('p@ss:w0rd');
    const native = prismaEnv({ DATABASE_URL: 'postgresql://monitrax:pw@127.0.0.1/db' }, { ...wasmChoice, kind: 'native' });
    expect(native.DATABASE_URL).toBe('postgresql://monitrax:pw@127.0.0.1/db'); // forced native: it reads no PGPASSWORD
  });

  it('reads DATABASE_URL from ./.env when the caller has none, as prisma.config.ts does', () => {
    const dir = join(scratch, 'dotenv');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.env'), 'DATABASE_URL="postgresql://u:pw@127.0.0.1/db"\n');
    expect(withDotenvDatabaseUrl({}, dir).DATABASE_URL).toBe('postgresql://u:pw@127.0.0.1/db');
    expect(withDotenvDatabaseUrl({ DATABASE_URL: 'postgresql://mine/db' }, dir).DATABASE_URL).toBe('postgresql://mine/db');
    expect(withDotenvDatabaseUrl({}, join(dir, 'missing')).DATABASE_URL).toBeUndefined();
  });

  it('keeps a CHECKPOINT_DISABLE the caller chose and copes with a missing PATH', () => {
    const env = prismaEnv({ CHECKPOINT_DISABLE: '' }, wasmChoice);
    expect(env.CHECKPOINT_DISABLE).toBe('');
    expect(env.PATH).toBe(dirname(process.execPath));
  });
});

describe('runPrisma', () => {
  it('resolves the real Prisma CLI', () => {
    expect(existsSync(prismaCliPath())).toBe(true);
    expect(prismaCliPath()).toMatch(/node_modules[\\/]prisma[\\/]build[\\/]index\.js$/);
  });

  it('runs the CLI on the stand-in, logs the choice and captures the output', async () => {
    const lines: string[] = [];
    const result = await runPrisma(['--version'], {
      env: { ...process.env, MONITRAX_SCHEMA_ENGINE: 'wasm' },
      cwd: REPO_ROOT,
      capture: true,
      log: (line) => lines.push(line),
    });
    expect(result.code).toBe(0);
    expect(result.engine).toEqual({ kind: 'wasm', binaryPath: WASM_SHIM_PATH, reason: 'forced by MONITRAX_SCHEMA_ENGINE=wasm' });
    expect(lines).toEqual(['prisma: using WebAssembly schema engine (forced by MONITRAX_SCHEMA_ENGINE=wasm)']);
    // `prisma --version` runs `schema-engine --version`: the stand-in answered.
    expect(result.stdout).toMatch(/Schema Engine\s*: schema-engine-cli [0-9a-f]{40} \(WebAssembly stand-in\)/);
    expect(result.stdout).toContain('resolved by PRISMA_SCHEMA_ENGINE_BINARY');
  }, 30_000);

  it.skipIf(process.platform === 'win32')(
    'hands a native engine given by PRISMA_SCHEMA_ENGINE_BINARY to the CLI unchanged',
    async () => {
      const fakeNative = join(scratch, 'schema-engine-native');
      writeFileSync(fakeNative, '#!/bin/sh\necho "schema-engine-cli 1234567890abcdef1234567890abcdef12345678"\n');
      chmodSync(fakeNative, 0o755);
      const result = await runPrisma(['--version'], {
        env: { ...process.env, MONITRAX_SCHEMA_ENGINE: '', PRISMA_SCHEMA_ENGINE_BINARY: fakeNative },
        cwd: REPO_ROOT,
        capture: true,
        log: () => {},
      });
      expect(result.code).toBe(0);
      expect(result.engine).toMatchObject({ kind: 'native', binaryPath: fakeNative });
      expect(result.stdout).toContain('schema-engine-cli 1234567890abcdef1234567890abcdef12345678');
    },
    30_000,
  );

  it("returns the CLI's exit code instead of throwing", async () => {
    const result = await runPrisma(['no-such-command'], { cwd: REPO_ROOT, capture: true, log: () => {} });
    expect(result.code).toBe(1);
    expect(result.signal).toBeNull();
    expect(`${result.stdout}${result.stderr}`).toMatch(/no-such-command/);
  }, 30_000);

  it('rejects when the engine choice is impossible', async () => {
    await expect(runPrisma(['--version'], { env: { MONITRAX_SCHEMA_ENGINE: 'nonsense' }, capture: true })).rejects.toThrow(/native, wasm or auto/);
  });
});

describe('prisma-cli.ts as a command', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv) => runNodeScript(CLI_ENTRY, args, { cwd: REPO_ROOT, env });

  it('logs the choice in one stderr line and exits with the CLI exit code', async () => {
    const ok = await run(['--version'], { ...process.env, MONITRAX_SCHEMA_ENGINE: 'wasm' });
    expect(ok.code).toBe(0);
    expect(ok.stderr.split('\n')[0]).toBe('prisma: using WebAssembly schema engine (forced by MONITRAX_SCHEMA_ENGINE=wasm)');
    const failing = await run(['no-such-command'], { ...process.env, MONITRAX_SCHEMA_ENGINE: 'wasm' });
    expect(failing.code).toBe(1);
  }, 30_000);

  it('exits 1 with a message when no engine can be chosen', async () => {
    const result = await run(['--version'], { ...process.env, MONITRAX_SCHEMA_ENGINE: 'nonsense' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^prisma: MONITRAX_SCHEMA_ENGINE must be native, wasm or auto/);
  });
});
