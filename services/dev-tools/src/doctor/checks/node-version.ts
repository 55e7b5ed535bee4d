// Check 1: the Node running the doctor has the major pinned in .nvmrc. The Makefile puts the pinned
// Node first on PATH (services/machine-workarounds/bin/use-node.sh), so a mismatch means the command ran outside make.
import path from 'node:path';
import type { CheckResult, DoctorWorld } from '../types.ts';

export function majorOf(version: string): number | undefined {
  const match = /^v?(\d+)(?:\.|$)/.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

/** Where this Node came from, in words. */
export function describeNodeSource(execPath: string, root: string): string {
  const relative = path.relative(root, execPath);
  if (!relative.startsWith('..') && !path.isAbsolute(relative) && relative.startsWith(`.tools${path.sep}`)) {
    return `${relative}, fetched from the npm registry by services/machine-workarounds/bin/use-node.sh`;
  }
  if (/[/\\]\.nvm[/\\]/.test(execPath)) return `${execPath} (nvm)`;
  if (/[/\\](\.volta|\.fnm|\.asdf|mise)[/\\]/.test(execPath)) return `${execPath} (version manager)`;
  return `${execPath} (first on PATH)`;
}

const RUN_PINNED =
  'run it through make (`make doctor`), which puts the pinned Node first on PATH, or: export PATH="$(services/machine-workarounds/bin/use-node.sh):$PATH"';

export async function checkNodeVersion(world: DoctorWorld): Promise<CheckResult> {
  const name = 'node';
  const source = describeNodeSource(world.execPath, world.root);
  const pinned = (await world.readText(path.join(world.root, '.nvmrc')))?.trim().replace(/^v/, '');
  const have = majorOf(world.nodeVersion);
  if (!pinned) {
    return {
      name,
      status: 'warn',
      detail: `${world.nodeVersion} from ${source}; .nvmrc is missing or empty`,
      fix: 'restore .nvmrc (git checkout .nvmrc): it pins Node 24',
    };
  }
  const wanted = majorOf(pinned);
  if (wanted === undefined) {
    return {
      name,
      status: 'warn',
      detail: `${world.nodeVersion} from ${source}; .nvmrc (${pinned}) is not a version`,
      fix: 'put a Node version such as 24.21.0 in .nvmrc',
    };
  }
  if (have !== wanted) {
    return { name, status: 'fail', detail: `${world.nodeVersion} from ${source}, but .nvmrc pins ${pinned} (major ${wanted})`, fix: RUN_PINNED };
  }
  const exact = world.nodeVersion.replace(/^v/, '') === pinned ? '' : ` (.nvmrc pins ${pinned}; same major)`;
  return { name, status: 'ok', detail: `${world.nodeVersion} from ${source}${exact}` };
}
