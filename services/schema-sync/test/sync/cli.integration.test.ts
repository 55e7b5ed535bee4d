// `db:sync` as Render's pre-deploy step and compose's one-shot run it: exit codes, environment, flags.
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { machineEnv } from '@monitrax/test-support/machine-env';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import { beforeAll, describe, expect, it } from 'vitest';
import { additive, destructive, seedExpense, tablesOf, useSyncTestbed } from './testbed.ts';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';

const testbed = useSyncTestbed();
const { freshDatabase, syncedDatabase, schemaVariant } = testbed;
let additiveSchema: string;
let destructiveSchema: string;

beforeAll(async () => {
  additiveSchema = await schemaVariant('additive', additive);
  destructiveSchema = await schemaVariant('destructive', destructive);
});

describe('db:sync command line', () => {
  async function cli(args: string[], url: string, env: NodeJS.ProcessEnv = {}) {
    const run = await runNodeScript('services/schema-sync/src/sync/cli.ts', args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ...machineEnv(), DATABASE_URL: url, BACKUP_DIR: path.join(testbed.workDir, 'cli-backups'), ...env },
    });
    return { code: run.code, output: run.stdout + run.stderr };
  }

  // Several runs of the CLI, each planning the whole schema: more than the default bound on a busy two-core machine.
  it(
    '--check exits 2 on drift and 0 in sync; exit 3 when refused; never prints the password',
    async () => {
      const { url, client } = await freshDatabase();
      const drift = await cli(['--check'], url);
      expect(drift.code).toBe(2);
      expect(await tablesOf(client)).toEqual([]);
      expect((await cli([], url)).code).toBe(0);
      expect((await cli(['--check'], url)).code).toBe(0);
      await seedExpense(client);
      const refused = await cli(['--schema', destructiveSchema], url);
      expect(refused.code).toBe(3);
      expect(refused.output).toContain('drops column Expense.category');
      const password = new URL(url).password;
      if (password) expect(drift.output + refused.output).not.toContain(`:${password}@`);
    },
    LONG_TEST_TIMEOUT_MS,
  );

  it('names bad environment variables and rejects unknown flags with exit 1', async () => {
    const bad = await cli([], 'mysql://nope');
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('DATABASE_URL: must be a postgresql:// URL');
    const flag = await cli(['--yolo'], 'postgresql://x@127.0.0.1/db');
    expect(flag.code).toBe(1);
    expect(flag.output).toMatch(/Unknown option '--yolo'/);
    const bare = await cli(['--accept-data-loss'], 'postgresql://x@127.0.0.1/db');
    expect(bare.code).toBe(1);
    expect(bare.output).toContain('--accept-data-loss names what may be lost, e.g. --accept-data-loss=Expense.category,Legacy');
    const badEnum = await cli([], 'postgresql://x@127.0.0.1/db', { SCHEMA_SYNC_NEW_ENUM_VALUES: 'ignore' });
    expect(badEnum.code).toBe(1);
    expect(badEnum.output).toContain('SCHEMA_SYNC_NEW_ENUM_VALUES:');
    const contradiction = await cli(['--safe-only', '--accept-data-loss=Expense.category'], 'postgresql://x@127.0.0.1/db');
    expect(contradiction.code).toBe(1);
    expect(contradiction.output).toContain('--safe-only leaves out what --accept-data-loss and --allow-breaking would let through');
    const envContradiction = await cli(['--accept-data-loss=Expense.category'], 'postgresql://x@127.0.0.1/db', { SCHEMA_SYNC_SAFE_ONLY: 'true' });
    expect(envContradiction.code).toBe(1);
    expect(envContradiction.output).toContain('unset it for this run (SCHEMA_SYNC_SAFE_ONLY=false)');
    const badSafeOnly = await cli([], 'postgresql://x@127.0.0.1/db', { SCHEMA_SYNC_SAFE_ONLY: 'yes' });
    expect(badSafeOnly.code).toBe(1);
    expect(badSafeOnly.output).toContain('SCHEMA_SYNC_SAFE_ONLY:');
  });

  // Several runs of the CLI, each planning the whole schema: more than the default bound on a busy two-core machine.
  it(
    'SCHEMA_SYNC_SAFE_ONLY=true is --safe-only for deploys that cannot pass flags',
    async () => {
      const { url } = await syncedDatabase();
      expect((await cli(['--schema', additiveSchema, '--no-backup'], url)).code).toBe(0);
      const revert = await cli(['--no-backup'], url, { SCHEMA_SYNC_SAFE_ONLY: 'true' });
      expect(revert.code).toBe(0);
      expect(revert.output).toMatch(/safe only: applying 0 safe statement\(s\); leaving 2 pending/);
      expect((await cli(['--check'], url)).code).toBe(2);
    },
    LONG_TEST_TIMEOUT_MS,
  );
});
