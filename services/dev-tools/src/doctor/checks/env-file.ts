// Check 3: .env against the API's own config schema (services/api/src/config/env.ts), the same
// validation the API runs at start. Problems are reported as the schema words them, `NAME: problem`,
// which never include a value.
import path from 'node:path';
import { ConfigError, loadConfig } from '@monitrax/api/config/env';
import type { CheckResult, DoctorWorld } from '../types.ts';

export async function checkEnvFile(world: DoctorWorld): Promise<CheckResult> {
  const name = '.env';
  const file = world.envFile;
  if (!file.exists) {
    // Name the folder when it is not the repository root (the doctor reads .env where it is run).
    const where = path.dirname(file.path) === path.resolve(world.root) ? '' : ` in ${path.dirname(file.path)}`;
    return { name, status: 'skip', detail: `no .env${where}: \`make dev\` needs none; copy .env.example to .env for compose or running the API by hand` };
  }
  if (file.readError !== undefined) {
    return {
      name,
      status: 'fail',
      detail: `.env exists but cannot be read (${file.readError})`,
      fix: "fix the file's permissions, or remove it (`make dev` needs no .env)",
    };
  }
  const count = Object.keys(file.values).length;
  try {
    // .env over the process environment: what a container started with `env_file: .env` sees.
    loadConfig({ ...world.env, ...file.values });
    return { name, status: 'ok', detail: `.env (${count} variable${count === 1 ? '' : 's'}) passes the API's config schema` };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems;
    return {
      name,
      status: 'fail',
      detail: `.env fails the API's config schema: ${problems.join('; ')}`,
      fix: `edit .env: ${problems.length === 1 ? 'the line above names the variable' : 'each problem above names its variable'}; .env.example describes every one`,
    };
  }
}
