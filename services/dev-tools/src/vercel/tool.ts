// Vercel's own packages for `make vercel-build` and the slow suite that runs its output, installed on first use into
// .tools/vercel-<version>/ (git-ignored), pinned exactly:
//   vercel               the CLI: `vercel build` (Vercel's build of the web, offline, no account).
//   @vercel/fun          Vercel's local Lambda runtime (the CLI's own dependency; `vercel dev` invokes built functions
//                        with it), here to run the Node.js functions the build leaves.
//   @vercel/node-bridge  Vercel's Node.js launcher and bridge (`launcherType: "Nodejs"`): what wraps a function's
//                        handler on Vercel, turning an invocation into an HTTP request to it.
// Why not devDependencies: the CLI brings some 290 packages (about 360 MB) that only this target uses; in
// package-lock.json every `npm ci` (CI, the images' build stages, each fresh clone) would download them for nothing.
//
// Why vercel 64.0.2: the newest release, and what Vercel's own builders run is the newest CLI (its @vercel/next 23
// builds Next.js 16). On a machine whose npm registry lacks one of its dependencies, the machine-workarounds door
// (services/machine-workarounds/bin/machine-env.sh) exports VERCEL_CLI_NPM_OVERRIDES and the install takes those
// overrides; anywhere else the plain pinned install runs. (58.10.0 installs as is, but its install step leaves the
// repository half installed and its @vercel/next predates Next.js 16.)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';

export const VERCEL_CLI_VERSION = '64.0.2';
export const NODE_BRIDGE_VERSION = '4.0.1';
export const TOOL_DIR = path.join(REPO_ROOT, '.tools', `vercel-${VERCEL_CLI_VERSION}`);
/** Set by the machine-workarounds door only: `name@version,...` npm overrides for a registry that lacks a version. */
export const OVERRIDES_VARIABLE = 'VERCEL_CLI_NPM_OVERRIDES';
const INSTALL_TIMEOUT_MS = 600_000;

export interface VercelTools {
  /** The CLI's entry script (run with this Node). */
  cli: string;
  /** Where @vercel/fun and @vercel/node-bridge resolve from. */
  dir: string;
}

const cliOf = (dir: string) => path.join(dir, 'node_modules/vercel/dist/vc.js');

function installedVersion(dir: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** `sandbox@4.5.0,other@1.2.3` -> npm's `overrides`; anything else is refused by name (it comes from outside). */
export function parseOverrides(value: string | undefined): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const entry of (value ?? '').split(',').map((part) => part.trim())) {
    if (!entry) continue;
    const match = /^((?:@[a-z0-9._-]+\/)?[a-z0-9._-]+)@(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(entry);
    if (!match) throw new Error(`${OVERRIDES_VARIABLE}: "${entry}" is not name@exact-version`);
    overrides[match[1]!] = match[2]!;
  }
  return overrides;
}

/** The tool folder's package.json: exact versions, and the door's overrides when it gave any. */
export function toolManifest(overrides: Record<string, string>): Record<string, unknown> {
  return {
    private: true,
    description: 'make vercel-build: the pinned Vercel CLI and the launcher that runs its output',
    dependencies: { vercel: VERCEL_CLI_VERSION, '@vercel/node-bridge': NODE_BRIDGE_VERSION },
    ...(Object.keys(overrides).length ? { overrides } : {}),
  };
}

function npmInstall(cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const args = ['install', '--no-audit', '--no-fund', '--no-package-lock'];
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
      if (code === 0) return resolve();
      const missing = /notarget No matching version found for (\S+)/.exec(output)?.[1];
      const hint = missing
        ? `\nthis npm registry lacks ${missing}, a dependency of vercel@${VERCEL_CLI_VERSION}: a machine like this gets ${OVERRIDES_VARIABLE} from services/machine-workarounds/bin/machine-env.sh (docs/machine-workarounds.md)`
        : '';
      reject(new Error(`npm ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output.slice(-3000)}${hint}`));
    });
  });
}

/**
 * The pinned tools, installing them first when missing. The install goes to a temporary folder beside the tool
 * folder and is renamed into place, so an interrupted install is never used.
 */
export async function vercelTools(say: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<VercelTools> {
  const ready = (dir: string) =>
    installedVersion(dir, 'vercel') === VERCEL_CLI_VERSION && installedVersion(dir, '@vercel/node-bridge') === NODE_BRIDGE_VERSION && existsSync(cliOf(dir));
  if (ready(TOOL_DIR)) return { cli: cliOf(TOOL_DIR), dir: TOOL_DIR };
  const overrides = parseOverrides(env[OVERRIDES_VARIABLE]);
  const with_ = Object.keys(overrides).length ? ` with the overrides ${OVERRIDES_VARIABLE} gives (${env[OVERRIDES_VARIABLE]})` : '';
  say(
    `installing vercel@${VERCEL_CLI_VERSION} and @vercel/node-bridge@${NODE_BRIDGE_VERSION} into ${path.relative(REPO_ROOT, TOOL_DIR)}/${with_} (once; not in package-lock.json)`,
  );
  await mkdir(path.dirname(TOOL_DIR), { recursive: true });
  const temp = await mkdtemp(`${TOOL_DIR}.tmp-`);
  try {
    // A package.json of its own: without one, npm would look upwards and find this repository's workspaces.
    await writeFile(path.join(temp, 'package.json'), `${JSON.stringify(toolManifest(overrides), null, 2)}\n`);
    await npmInstall(temp);
    if (!ready(temp)) throw new Error(`npm installed vercel ${installedVersion(temp, 'vercel')}, not ${VERCEL_CLI_VERSION}`);
    await rm(TOOL_DIR, { recursive: true, force: true });
    await rename(temp, TOOL_DIR);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return { cli: cliOf(TOOL_DIR), dir: TOOL_DIR };
}
