// The `.vercel/project.json` that `vercel build` reads instead of asking Vercel for the project (`vercel link`), written
// from this repository so that the local build is the build an imported project gets: the root directory is the
// folder holding services/web/vercel.json, the framework is the one vercel.json names, Node is the major .nvmrc pins,
// and files outside the root directory (the contract workspace, the lockfile) are part of the build, as the
// dashboard's "Include files outside the root directory" does. The ids are placeholders that say the project is not
// linked to any account: `vercel build` needs none.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { pinnedNode } from '../pinned-node.ts';

/** Where the web's Vercel project starts: the root directory set on import. */
export const VERCEL_ROOT_DIRECTORY = 'services/web';
export const VERCEL_JSON = `${VERCEL_ROOT_DIRECTORY}/vercel.json`;

export interface VercelProjectJson {
  projectId: string;
  orgId: string;
  settings: {
    framework: string;
    rootDirectory: string;
    nodeVersion: string;
    sourceFilesOutsideRootDirectory: boolean;
    installCommand: string | null;
    buildCommand: string | null;
    outputDirectory: string | null;
    devCommand: string | null;
  };
}

export function projectJson(vercelJson: { framework?: unknown }, nvmrc: string): VercelProjectJson {
  if (typeof vercelJson.framework !== 'string') throw new Error(`${VERCEL_JSON}: "framework" must name the framework (nextjs)`);
  return {
    projectId: 'prj_local_not_linked',
    orgId: 'team_local_not_linked',
    settings: {
      framework: vercelJson.framework,
      rootDirectory: VERCEL_ROOT_DIRECTORY,
      nodeVersion: `${pinnedNode(nvmrc).major}.x`,
      sourceFilesOutsideRootDirectory: true,
      // null: the framework's defaults, unless vercel.json says otherwise (it wins over these settings on Vercel too).
      installCommand: null,
      buildCommand: null,
      outputDirectory: null,
      devCommand: null,
    },
  };
}

/** The project settings from the repository at `root` (a clean copy of it, for the build). */
export function projectJsonFrom(root = REPO_ROOT): VercelProjectJson {
  const vercelJson = JSON.parse(readFileSync(path.join(root, VERCEL_JSON), 'utf8')) as { framework?: unknown };
  return projectJson(vercelJson, readFileSync(path.join(root, '.nvmrc'), 'utf8'));
}
