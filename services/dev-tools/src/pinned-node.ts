// The Node release pinned in .nvmrc (the Node major's one source), for the doctor, the parity check and smoke.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';

/** The Node release pinned in .nvmrc, e.g. "24.21.0", and its major. */
export function pinnedNode(nvmrc = readFileSync(path.join(REPO_ROOT, '.nvmrc'), 'utf8')): { version: string; major: number } {
  const version = nvmrc.trim().replace(/^v/, '');
  const major = Number(version.split('.')[0]);
  if (!Number.isInteger(major)) throw new Error(`.nvmrc does not hold a Node version (found "${nvmrc.trim()}")`);
  return { version, major };
}
