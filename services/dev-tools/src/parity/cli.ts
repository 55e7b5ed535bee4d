// `make check` / `npm run check`: the parity check. Prints one line per check (✓ or ✗ with each problem) and
// exits 1 when any fails. Beyond the pure checks in checks.ts it lints the GitHub workflows (workflows.ts) and asks
// Compose itself to validate compose.yaml (with no profile, each of its profiles (s3, traces) and all of them, alone
// and merged with the machine workarounds' host-network and S3 stand-in overrides) where a Compose binary exists, and
// says by name when it cannot.
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findCompose } from '../containers/compose-command.ts';
import { runParityChecks, type CheckOutcome } from './checks.ts';
import { HOST_NETWORK_OVERRIDE, loadProject, S3_STANDIN_OVERRIDE } from './project.ts';
import { PROFILES } from './topology.ts';
import { checkPrismaConfig } from './prisma-config.ts';
import { reviewSchemaChanges } from './schema-changes.ts';
import { REPO_ROOT } from '@monitrax/database/paths';
import { checkVercel, loadVercelFiles } from './vercel.ts';
import { lintWorkflows, readWorkflows } from './workflows.ts';

/** Values for the variables compose.yaml requires (`${NAME:?}`), so that `config` can interpolate; never used. */
const PLACEHOLDERS = { POSTGRES_PASSWORD: 'parity-check-placeholder', JWT_SECRET: 'parity-check-placeholder', INTERNAL_API_SECRET: 'parity-check-placeholder' };

async function composeValidation(): Promise<CheckOutcome | string> {
  const compose = await findCompose();
  if (!compose) return 'skipped: compose.yaml validated by Compose itself (no `docker compose` or `docker-compose` here)';
  // An empty env file: the developer's .env must not decide whether the committed files are valid.
  const dir = await mkdtemp(path.join(tmpdir(), 'monitrax-parity-'));
  const envFile = path.join(dir, 'empty.env');
  await writeFile(envFile, '');
  const [command, ...prefix] = compose.command;
  const run = async (files: string[], profiles: string): Promise<string | undefined> => {
    const args = [
      ...prefix,
      '--env-file',
      envFile,
      '--project-directory',
      REPO_ROOT,
      ...files.flatMap((file) => ['-f', path.join(REPO_ROOT, file)]),
      'config',
      '-q',
    ];
    const result = await execa(command, args, {
      cwd: REPO_ROOT,
      env: { ...PLACEHOLDERS, COMPOSE_PROFILES: profiles },
      timeout: 30_000,
      reject: false,
      stdin: 'ignore',
    });
    return result.failed ? result.stderr.trim() || result.shortMessage : undefined;
  };
  try {
    const problems: string[] = [];
    const merges = [['compose.yaml'], ['compose.yaml', HOST_NETWORK_OVERRIDE], ['compose.yaml', HOST_NETWORK_OVERRIDE, S3_STANDIN_OVERRIDE]];
    // Without a profile (the stack as everyone runs it), with each profile compose.yaml has, and with all of them
    // (.env.example's COMPOSE_PROFILES=s3,traces).
    const profileSets = [...new Set(['', ...PROFILES, PROFILES.join(',')])];
    for (const files of merges) {
      for (const profiles of profileSets) {
        const failure = await run(files, profiles);
        if (failure) problems.push(`${files.join(' + ')}${profiles ? ` (COMPOSE_PROFILES=${profiles})` : ''}: ${compose.command.join(' ')} config: ${failure}`);
      }
    }
    return { name: `compose files validated by ${compose.command.join(' ')} ${compose.version}`, problems };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  let outcomes: CheckOutcome[];
  try {
    const project = loadProject();
    outcomes = [
      ...runParityChecks(project),
      checkVercel(loadVercelFiles(), project),
      await lintWorkflows(readWorkflows()),
      await checkPrismaConfig(),
      await reviewSchemaChanges(),
    ];
  } catch (error) {
    process.stderr.write(`check: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const external = await composeValidation();
  const lines: string[] = [];
  for (const outcome of [...outcomes, ...(typeof external === 'string' ? [] : [external])]) {
    lines.push(`${outcome.problems.length ? '✗' : '✓'} ${outcome.name}`);
    for (const problem of outcome.problems) lines.push(`    ${problem}`);
  }
  if (typeof external === 'string') lines.push(`- ${external}`);
  const failed = outcomes.concat(typeof external === 'string' ? [] : [external]).filter((outcome) => outcome.problems.length > 0);
  lines.push(
    failed.length
      ? `check: ${failed.length} check(s) failed`
      : `check: compose.yaml, render.yaml, Dockerfile.api, Dockerfile.web, the Vercel settings, the workflows and the code agree`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  return failed.length ? 1 : 0;
}

if (import.meta.main) process.exitCode = await main();
