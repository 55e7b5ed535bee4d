// Tools pinned to exact versions and installed on first use into .tools/<folder>/ (git-ignored), outside
// package-lock.json: each is used by one make target only, and in the lockfile every `npm ci` (CI, the images' build
// stages, each fresh clone) would download it for nothing. The install goes to a temporary folder beside the tool
// folder and is renamed into place, so an interrupted install is never used.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';

export interface PinnedTool {
  /** Its folder under .tools/. */
  folder: string;
  /** Package name -> exact version. */
  packages: Record<string, string>;
  /** What it is for, in its package.json. */
  description: string;
  /** npm `overrides` for the install (name -> exact version), when something from outside asks for them. */
  overrides?: Record<string, string>;
  timeoutMs: number;
  /** More words for a failed install, given npm's output (e.g. which door gives the overrides). */
  hint?: (npmOutput: string) => string;
}

export const toolDir = (tool: Pick<PinnedTool, 'folder'>) => path.join(REPO_ROOT, '.tools', tool.folder);

export function installedVersion(dir: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** The tool folder's package.json: exact versions, and the overrides when there are any. */
export function toolManifest(tool: PinnedTool): Record<string, unknown> {
  const overrides = tool.overrides ?? {};
  return { private: true, description: tool.description, dependencies: tool.packages, ...(Object.keys(overrides).length ? { overrides } : {}) };
}

/** The pinned versions are there, installed from this very manifest (the same overrides, or none). */
function installed(tool: PinnedTool, dir: string): boolean {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  } catch {
    return false;
  }
  const same = JSON.stringify(manifest) === JSON.stringify(toolManifest(tool));
  return same && Object.entries(tool.packages).every(([name, version]) => installedVersion(dir, name) === version);
}

function npmInstall(tool: PinnedTool, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['install', '--no-audit', '--no-fund', '--no-package-lock'];
    const child = spawn('npm', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), tool.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`npm could not start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      reject(new Error(`npm ${args.join(' ')} in ${cwd} failed (${signal ?? `exit ${code}`}):\n${output.slice(-3000)}${tool.hint?.(output) ?? ''}`));
    });
  });
}

/** The tool's folder, installing the pinned packages first when they are not there. */
export async function pinnedTool(tool: PinnedTool, say: (line: string) => void): Promise<string> {
  const dir = toolDir(tool);
  if (installed(tool, dir)) return dir;
  const names = Object.entries(tool.packages).map(([name, version]) => `${name}@${version}`);
  const overrides = Object.entries(tool.overrides ?? {}).map(([name, version]) => `${name}@${version}`);
  say(
    `installing ${names.join(' and ')} into ${path.relative(REPO_ROOT, dir)}/${overrides.length ? ` with the overrides ${overrides.join(', ')}` : ''} (once; not in package-lock.json)`,
  );
  await mkdir(path.dirname(dir), { recursive: true });
  const temp = await mkdtemp(`${dir}.tmp-`);
  try {
    // A package.json of its own: without one, npm would look upwards and find this repository's workspaces.
    await writeFile(path.join(temp, 'package.json'), `${JSON.stringify(toolManifest(tool), null, 2)}\n`);
    await npmInstall(tool, temp);
    if (!installed(tool, temp)) throw new Error(`npm did not install ${names.join(', ')} in ${temp}`);
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return dir;
}
