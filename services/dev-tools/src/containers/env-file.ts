// The .env that compose reads. `make up` creates it from .env.example on first use with freshly generated secrets
// (compose runs the API in production mode, which refuses the example's placeholders) and a random database
// password; a .env from before a secret existed gets that secret appended. An existing POSTGRES_PASSWORD is never
// changed: the database volume was initialised with it.
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { REPO_ROOT } from '@monitrax/database/paths';

export const ENV_FILE = path.join(REPO_ROOT, '.env');
const EXAMPLE = path.join(REPO_ROOT, '.env.example');

const GENERATED = {
  JWT_SECRET: () => randomBytes(48).toString('base64'),
  INTERNAL_API_SECRET: () => randomBytes(48).toString('base64'),
  // Hex: compose puts it into DATABASE_URL unescaped.
  POSTGRES_PASSWORD: () => randomBytes(24).toString('hex'),
} as const;
type Generated = keyof typeof GENERATED;
/** Secrets a .env written earlier may lack; appended rather than replaced. */
const APPENDABLE: readonly Generated[] = ['JWT_SECRET', 'INTERNAL_API_SECRET'];

/**
 * Makes sure compose finds every secret, in the environment or in .env; returns what it generated (empty when
 * nothing was missing, in which case no file is touched).
 */
export function ensureEnvFile(env: NodeJS.ProcessEnv, file = ENV_FILE, example = EXAMPLE): { created: boolean; generated: Generated[] } {
  const given = (name: Generated) => Boolean(env[name]);
  if (!existsSync(file)) {
    const missing = (Object.keys(GENERATED) as Generated[]).filter((name) => !given(name));
    if (missing.length === 0) return { created: false, generated: [] };
    let text = readFileSync(example, 'utf8');
    for (const name of missing) text = text.replace(new RegExp(`^${name}=.*$`, 'm'), `${name}=${GENERATED[name]()}`);
    // DATABASE_URL (for running the API by hand against the compose database) gets the same password.
    const password = /^POSTGRES_PASSWORD=(.*)$/m.exec(text)?.[1];
    if (password) text = text.replace(/^(DATABASE_URL=postgresql:\/\/[^:]+:)[^@]*@/m, `$1${password}@`);
    writeFileSync(file, text, { mode: 0o600 });
    return { created: true, generated: missing };
  }
  const present = parseDotenv(readFileSync(file));
  const missing = APPENDABLE.filter((name) => !given(name) && !present[name]);
  if (missing.length > 0) appendFileSync(file, `\n# Added by make up\n${missing.map((name) => `${name}=${GENERATED[name]()}`).join('\n')}\n`);
  return { created: false, generated: missing };
}

/** .env's values, overridden by the environment (compose's own precedence). */
export function composeVariables(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const file = existsSync(ENV_FILE) ? parseDotenv(readFileSync(ENV_FILE)) : {};
  return { ...file, ...env };
}
