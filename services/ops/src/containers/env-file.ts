// The .env that compose reads. `make up` creates it from .env.example on first use, with a freshly generated
// JWT_SECRET: compose runs the API in production mode, which refuses the example's placeholder.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { REPO_ROOT } from '../parity/project.ts';

export const ENV_FILE = path.join(REPO_ROOT, '.env');
const EXAMPLE = path.join(REPO_ROOT, '.env.example');

/** Creates .env when missing; returns whether it did. */
export function ensureEnvFile(): boolean {
  if (existsSync(ENV_FILE)) return false;
  const secret = randomBytes(48).toString('base64');
  const text = readFileSync(EXAMPLE, 'utf8').replace(/^JWT_SECRET=.*$/m, `JWT_SECRET=${secret}`);
  writeFileSync(ENV_FILE, text, { mode: 0o600 });
  return true;
}

/** .env's values, overridden by the environment (compose's own precedence). */
export function composeVariables(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const file = existsSync(ENV_FILE) ? parseDotenv(readFileSync(ENV_FILE)) : {};
  return { ...file, ...env };
}
