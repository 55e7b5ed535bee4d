// The runner without a database: which CLI it runs, the environment it gives it, exit codes.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@monitrax/database/paths';
import { prismaCliPath, runPrisma, withDotenvDatabaseUrl } from '../../src/prisma-cli/prisma-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'prisma-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An executable that answers `--version` as a schema engine does, and writes its environment's CHECKPOINT_DISABLE. */
function fakeEngine(): string {
  const file = join(scratch, 'schema-engine-fake');
  writeFileSync(file, '#!/bin/sh\necho "schema-engine-cli 1234567890abcdef1234567890abcdef12345678"\n');
  chmodSync(file, 0o755);
  return file;
}

describe('withDotenvDatabaseUrl', () => {
  it('reads DATABASE_URL from ./.env when the caller has none, as prisma.config.ts does', () => {
    const dir = join(scratch, 'dotenv');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.env'), 'DATABASE_URL="postgresql://u:pw@127.0.0.1/db"\n');
    expect(withDotenvDatabaseUrl({}, dir).DATABASE_URL).toBe('postgresql://u:pw@127.0.0.1/db');
    expect(withDotenvDatabaseUrl({ DATABASE_URL: 'postgresql://mine/db' }, dir).DATABASE_URL).toBe('postgresql://mine/db');
    expect(withDotenvDatabaseUrl({}, join(dir, 'missing')).DATABASE_URL).toBeUndefined();
  });
});

describe('runPrisma', () => {
  it('resolves the real Prisma CLI', () => {
    expect(existsSync(prismaCliPath())).toBe(true);
    expect(prismaCliPath()).toMatch(/node_modules[\\/]prisma[\\/]build[\\/]index\.js$/);
  });

  it.skipIf(process.platform === 'win32')(
    "runs Prisma's CLI with the engine PRISMA_SCHEMA_ENGINE_BINARY names, unchanged, and captures the output",
    async () => {
      const engine = fakeEngine();
      const result = await runPrisma(['--version'], { env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engine }, cwd: REPO_ROOT, capture: true });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('schema-engine-cli 1234567890abcdef1234567890abcdef12345678');
      expect(result.stdout).toContain('resolved by PRISMA_SCHEMA_ENGINE_BINARY');
    },
    30_000,
  );

  it("returns the CLI's exit code instead of throwing", async () => {
    const result = await runPrisma(['no-such-command'], { cwd: REPO_ROOT, capture: true });
    expect(result.code).toBe(1);
    expect(result.signal).toBeNull();
    expect(`${result.stdout}${result.stderr}`).toMatch(/no-such-command/);
  }, 30_000);
});
