// The pinned Lighthouse CLI for `make bench`, installed on first use into .tools/lighthouse-<version>/ (git-ignored).
// Why not a devDependency: Lighthouse brings some 150 packages that only this one bench uses; in package-lock.json
// every `npm ci` (CI, the images' build stages, each fresh clone) would download them for nothing. Installed here
// with the exact version, it costs the machines that run the bench one `npm install`, once. Why 12.2.3: 13 wants
// Node 22 and a newer lock than this repository's.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';

export const LIGHTHOUSE_VERSION = '12.2.3';
const TOOL_DIR = path.join(REPO_ROOT, '.tools', `lighthouse-${LIGHTHOUSE_VERSION}`);
const INSTALL_TIMEOUT_MS = 300_000;

const cliOf = (dir: string) => path.join(dir, 'node_modules/lighthouse/cli/index.js');

function installedVersion(dir: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'node_modules/lighthouse/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** `npm install` in `cwd`, bounded in time; its output is kept for the error message only. */
function npmInstall(cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['install', '--prefix', cwd, '--no-audit', '--no-fund', '--save-exact', `lighthouse@${LIGHTHOUSE_VERSION}`];
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`npm could not start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-3000)}`));
    });
  });
}

/**
 * The path of the pinned Lighthouse CLI (a Node script), installing it first when missing. The install goes to a
 * temporary folder beside the tool folder and is renamed into place, so an interrupted install is never used.
 */
export async function lighthouseCli(say: (line: string) => void): Promise<string> {
  if (installedVersion(TOOL_DIR) === LIGHTHOUSE_VERSION && existsSync(cliOf(TOOL_DIR))) return cliOf(TOOL_DIR);
  say(`installing lighthouse@${LIGHTHOUSE_VERSION} into ${path.relative(REPO_ROOT, TOOL_DIR)}/ (once; not in package-lock.json)`);
  await mkdir(path.dirname(TOOL_DIR), { recursive: true });
  const temp = await mkdtemp(`${TOOL_DIR}.tmp-`);
  try {
    // A package.json of its own: without one, npm would look upwards and find this repository's workspaces.
    await writeFile(path.join(temp, 'package.json'), `${JSON.stringify({ private: true, description: 'make bench: the pinned Lighthouse' })}\n`);
    await npmInstall(temp);
    if (installedVersion(temp) !== LIGHTHOUSE_VERSION) throw new Error(`npm installed lighthouse ${installedVersion(temp)}, not ${LIGHTHOUSE_VERSION}`);
    await rm(TOOL_DIR, { recursive: true, force: true });
    await rename(temp, TOOL_DIR);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return cliOf(TOOL_DIR);
}
