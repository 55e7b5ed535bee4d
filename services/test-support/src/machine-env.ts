// What this machine's workarounds switched on (services/machine-workarounds/bin/machine-env.sh, exported by the
// Makefile and .ci/run), for tests that start a process with an environment of their own (server.ts, db:sync, npx
// prisma): they pass these on, as a host gives its services the same (a stand-in base image's ENV, say). The names
// come from the script itself, so there is one list.
import { execaSync } from 'execa';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';

let names: readonly string[] | undefined;

/** The machine-workaround variables set in `env`, and only those. */
export function machineEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  names ??= execaSync(path.join(REPO_ROOT, 'services/machine-workarounds/bin/machine-env.sh'), ['--names']).stdout.split('\n').filter(Boolean);
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}
