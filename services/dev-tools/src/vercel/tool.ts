// Vercel's own packages for `make vercel-build` and the slow suite that runs its output, installed on first use into
// .tools/vercel-<version>/ (git-ignored), pinned exactly:
//   vercel               the CLI: `vercel build` (Vercel's build of the web, offline, no account).
//   @vercel/fun          Vercel's local Lambda runtime (the CLI's own dependency; `vercel dev` invokes built functions
//                        with it), here to run the Node.js functions the build leaves.
//   @vercel/node-bridge  Vercel's Node.js launcher and bridge (`launcherType: "Nodejs"`): what wraps a function's
//                        handler on Vercel, turning an invocation into an HTTP request to it.
// Why not devDependencies: the CLI brings some 290 packages (about 360 MB) that only this target uses (pinned-tool.ts).
//
// Why vercel 64.0.2: the newest release, and what Vercel's own builders run is the newest CLI (its @vercel/next 23
// builds Next.js 16). On a machine whose npm registry lacks one of its dependencies, the machine-workarounds door
// (services/machine-workarounds/bin/machine-env.sh) exports VERCEL_CLI_NPM_OVERRIDES and the install takes those
// overrides; anywhere else the plain pinned install runs. (58.10.0 installs as is, but its install step leaves the
// repository half installed and its @vercel/next predates Next.js 16.)
import path from 'node:path';
import { type PinnedTool, pinnedTool, toolDir } from '../pinned-tool.ts';

export const VERCEL_CLI_VERSION = '64.0.2';
export const NODE_BRIDGE_VERSION = '4.0.1';
/** Set by the machine-workarounds door only: `name@version,...` npm overrides for a registry that lacks a version. */
export const OVERRIDES_VARIABLE = 'VERCEL_CLI_NPM_OVERRIDES';

export interface VercelTools {
  /** The CLI's entry script (run with this Node). */
  cli: string;
  /** Where @vercel/fun and @vercel/node-bridge resolve from. */
  dir: string;
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

/** The pinned tools, with the door's overrides when it gave any. */
export function vercelTool(overrides: Record<string, string>): PinnedTool {
  return {
    folder: `vercel-${VERCEL_CLI_VERSION}`,
    packages: { vercel: VERCEL_CLI_VERSION, '@vercel/node-bridge': NODE_BRIDGE_VERSION },
    description: 'make vercel-build: the pinned Vercel CLI and the launcher that runs its output',
    overrides,
    timeoutMs: 600_000,
    hint: (output) => {
      const missing = /notarget No matching version found for (\S+)/.exec(output)?.[1];
      return missing
        ? `\nthis npm registry lacks ${missing}, a dependency of vercel@${VERCEL_CLI_VERSION}: a machine like this gets ${OVERRIDES_VARIABLE} from services/machine-workarounds/bin/machine-env.sh (docs/machine-workarounds.md)`
        : '';
    },
  };
}

export const TOOL_DIR = toolDir(vercelTool({}));

/** The pinned tools, installing them first when missing. */
export async function vercelTools(say: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<VercelTools> {
  const dir = await pinnedTool(vercelTool(parseOverrides(env[OVERRIDES_VARIABLE])), say);
  return { cli: path.join(dir, 'node_modules/vercel/dist/vc.js'), dir };
}
