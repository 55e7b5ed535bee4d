// Ports and local secrets for `make dev`. Ports follow the fixed contract (web 3000, api 4000,
// postgres 5432) and can be moved with PG_PORT / API_PORT / WEB_PORT when something else holds them.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';

export interface DevSettings {
  root: string;
  dataDir: string;
  pgPort: number;
  apiPort: number;
  webPort: number;
  jwtSecret: string;
  /** Shared by the dev API and web (the web names the browser with it); new each run, nothing keeps it. */
  internalApiSecret: string;
  logLevel: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a port number (1-65535)`);
  return value;
}

/** A JWT secret made once per checkout and kept in .data/, so dev sign-ins survive restarts. */
function devJwtSecret(dataDir: string, env: NodeJS.ProcessEnv): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  const file = path.join(dataDir, 'dev-jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function devSettings(root: string, env: NodeJS.ProcessEnv = process.env): DevSettings {
  // MONITRAX_DATA_DIR moves the local database (make bench times make dev on a throwaway one).
  const dataDir = env.MONITRAX_DATA_DIR ? path.resolve(root, env.MONITRAX_DATA_DIR) : path.join(root, '.data');
  return {
    root,
    dataDir,
    pgPort: port(env, 'PG_PORT', DEFAULT_PORTS.postgres),
    apiPort: port(env, 'API_PORT', DEFAULT_PORTS.api),
    webPort: port(env, 'WEB_PORT', DEFAULT_PORTS.web),
    jwtSecret: devJwtSecret(dataDir, env),
    internalApiSecret: env.INTERNAL_API_SECRET || randomBytes(48).toString('base64'),
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
