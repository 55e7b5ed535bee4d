// `make vercel-build`: the web built the way Vercel builds it, by Vercel's own CLI (`vercel build`, pinned in
// tool.ts), offline and without an account, on a clean copy of the repository (never in this working tree: its
// node_modules, .next and .env would leak into the build). The copy gets a `.vercel/project.json` written from the
// repository (project-settings.ts); `vercel build` then runs what an imported project runs: the install command
// (services/web/vercel.json), `next build` through @vercel/next, and leaves the Build Output API folder, which is
// copied back to .vercel/output here (git-ignored, kept out of every Docker build context).
//
//   node services/dev-tools/src/vercel/build.ts [--worktree]
//     --worktree  build HEAD plus this working tree's uncommitted changes (tracked and new files, .gitignore
//                 honoured), instead of the committed HEAD alone.
import { execa } from 'execa';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { projectJsonFrom } from './project-settings.ts';
import { VERCEL_CLI_VERSION, vercelTools } from './tool.ts';

export const OUTPUT_DIR = path.join(REPO_ROOT, '.vercel/output');
/** What was built, beside the output: the test prints it. */
export const BUILD_INFO = path.join(REPO_ROOT, '.vercel/monitrax-build.json');

export interface BuildInfo {
  commit: string;
  source: 'HEAD' | 'HEAD + working tree';
  vercel: string;
  seconds: number;
}

const say = (line: string) => process.stdout.write(`[vercel-build] ${line}\n`);

/** A clean copy of the repository at `into`: a clone of HEAD, plus the working tree's changes when asked. */
async function cleanCopy(into: string, worktree: boolean): Promise<void> {
  await execa('git', ['clone', '--quiet', '--no-hardlinks', REPO_ROOT, into], { stdin: 'ignore' });
  if (!worktree) return;
  // What git would commit now: tracked files as they are and new files it does not ignore; deleted files go.
  const listed = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, stdin: 'ignore' });
  const deleted = await execa('git', ['ls-files', '-z', '--deleted'], { cwd: REPO_ROOT, stdin: 'ignore' });
  const gone = new Set(deleted.stdout.split('\0').filter(Boolean));
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    if (gone.has(file)) await rm(path.join(into, file), { force: true });
    else await cp(path.join(REPO_ROOT, file), path.join(into, file), { force: true, verbatimSymlinks: true });
  }
}

/** Builds and copies the output to .vercel/output; returns what was built. */
export async function vercelBuild(options: { worktree?: boolean; onOutput?: (chunk: string) => void } = {}): Promise<BuildInfo> {
  const started = performance.now();
  const tools = await vercelTools(say);
  const temp = await mkdtemp(path.join(tmpdir(), 'monitrax-vercel-build-'));
  const copy = path.join(temp, 'repo');
  try {
    await cleanCopy(copy, options.worktree === true);
    const commit = (await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd: copy, stdin: 'ignore' })).stdout.trim();
    const project = projectJsonFrom(copy);
    await mkdir(path.join(copy, '.vercel'), { recursive: true });
    await writeFile(path.join(copy, '.vercel/project.json'), `${JSON.stringify(project, null, 2)}\n`);
    say(`vercel@${VERCEL_CLI_VERSION} build of ${commit}${options.worktree ? ' + the working tree' : ''} in ${copy} (${JSON.stringify(project.settings)})`);
    const build = execa(process.execPath, [tools.cli, 'build', '--yes', '--standalone'], {
      cwd: copy,
      env: { VERCEL_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdin: 'ignore',
      reject: false,
      all: true,
      ...(options.onOutput ? {} : { stdout: 'inherit', stderr: 'inherit' }),
    });
    if (options.onOutput) build.all?.on('data', (chunk: Buffer) => options.onOutput!(chunk.toString()));
    const result = await build;
    if (result.exitCode !== 0)
      throw new Error(
        `vercel build failed (${result.signal ?? `exit ${result.exitCode}`})${options.onOutput ? `:\n${String(result.all ?? '').slice(-4000)}` : ''}`,
      );
    await rm(OUTPUT_DIR, { recursive: true, force: true });
    await mkdir(path.dirname(OUTPUT_DIR), { recursive: true });
    await cp(path.join(copy, '.vercel/output'), OUTPUT_DIR, { recursive: true, verbatimSymlinks: true });
    const info: BuildInfo = {
      commit,
      source: options.worktree ? 'HEAD + working tree' : 'HEAD',
      vercel: VERCEL_CLI_VERSION,
      seconds: Math.round((performance.now() - started) / 1000),
    };
    await writeFile(BUILD_INFO, `${JSON.stringify(info, null, 2)}\n`);
    return info;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  try {
    const info = await vercelBuild({ worktree: process.argv.includes('--worktree') });
    say(`built ${info.commit} (${info.source}) in ${info.seconds} s: ${path.relative(process.cwd(), OUTPUT_DIR) || OUTPUT_DIR}`);
  } catch (error) {
    process.stderr.write(`[vercel-build] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
