// Ports and local secrets for `make dev`. Ports follow the fixed contract (web 3000, api 4000,
// postgres 5432) and can be moved with PG_PORT / API_PORT / WEB_PORT when something else holds them.
// Telemetry: the OTEL_* variables for the API, the worker and the web, from the environment or else .env.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { booleanString } from '@monitrax/contract/env';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { parse as parseDotenv } from 'dotenv';

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
  telemetry: DevTelemetry;
}

/** Traces and metrics (docs/observability.md): what the API, the worker and the web are told, and what to print. */
export interface DevTelemetry {
  /** The OTEL_* variables each of the three gets instead of the environment's own. Empty: telemetry is off. */
  env: Readonly<Record<string, string>>;
  /** Where traces and metrics go (scheme, host, port and path only), or why nowhere; undefined when nothing is set. */
  destination: { endpoint: string } | { off: string } | undefined;
  /** What make dev did with the variables it found, to say at start. */
  notes: string[];
}

const TELEMETRY_PREFIX = 'OTEL_';
const ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT';
/**
 * compose's trace viewer (the `traces` profile's jaeger service), as .env names it for compose. It publishes its ports
 * on 127.0.0.1, the same inside and outside, so make dev's processes on this machine reach it there.
 */
const COMPOSE_VIEWER_HOST = 'jaeger';

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

/** The endpoint as it may be printed: no user, password, query or fragment. */
function printable(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    // below
  }
  return '(not an http(s) URL: an OTLP/HTTP receiver has one)';
}

/**
 * The OTEL_* family, taken whole from one place: the environment when it sets any of them (the developer chose, for
 * this run), else .env's lines (the same file compose reads), else none. Never mixed, so that one source's headers
 * (credentials) never go to the other's endpoint. .env's endpoint on compose's jaeger service is that viewer on this
 * machine. OTEL_SERVICE_NAME is not passed on: make dev starts three services, and each names itself.
 */
export function devTelemetry(env: NodeJS.ProcessEnv, dotenv: Readonly<Record<string, string>>): DevTelemetry {
  const pick = (source: Readonly<Record<string, string | undefined>>) =>
    Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => entry[0].startsWith(TELEMETRY_PREFIX) && Boolean(entry[1])));
  const fromEnvironment = pick(env);
  const fromFile = Object.keys(fromEnvironment).length === 0;
  const chosen = fromFile ? pick(dotenv) : fromEnvironment;
  const notes: string[] = [];
  if (Object.keys(chosen).length > 0)
    notes.push(
      fromFile
        ? 'telemetry: the OTEL_* variables of .env'
        : `telemetry: the OTEL_* variables of the environment${Object.keys(pick(dotenv)).length > 0 ? " (.env's are not read: one source, never mixed)" : ''}`,
    );
  if (chosen.OTEL_SERVICE_NAME !== undefined) {
    notes.push('telemetry: OTEL_SERVICE_NAME is not passed on: the API, the worker and the web name themselves (monitrax-api, monitrax-worker, monitrax-web)');
    delete chosen.OTEL_SERVICE_NAME;
  }
  const endpoint = chosen[ENDPOINT];
  if (fromFile && endpoint) {
    try {
      const url = new URL(endpoint);
      if (url.hostname === COMPOSE_VIEWER_HOST) {
        url.hostname = '127.0.0.1';
        const rewritten = url.toString();
        chosen[ENDPOINT] = url.pathname === '/' && !endpoint.endsWith('/') ? rewritten.slice(0, -1) : rewritten;
        notes.push(
          `telemetry: .env's ${ENDPOINT} (${printable(endpoint)}) is compose's view of its ${COMPOSE_VIEWER_HOST} service; make dev sends to ${printable(chosen[ENDPOINT])}, where it publishes the same port`,
        );
      }
    } catch {
      // Not a URL: passed on as it is, and the API refuses to start with OTEL_EXPORTER_OTLP_ENDPOINT's name.
    }
  }
  const disabled = booleanString.safeParse(chosen.OTEL_SDK_DISABLED);
  const destination = !chosen[ENDPOINT]
    ? undefined
    : disabled.success && disabled.data
      ? { off: `OTEL_SDK_DISABLED=${chosen.OTEL_SDK_DISABLED}` }
      : { endpoint: printable(chosen[ENDPOINT]) };
  return { env: chosen, destination, notes };
}

function dotenvOf(root: string): Record<string, string> {
  const file = path.join(root, '.env');
  return existsSync(file) ? parseDotenv(readFileSync(file)) : {};
}

/** `base` (the environment make dev was started with) with its OTEL_* variables replaced by make dev's choice. */
export function withTelemetry(base: NodeJS.ProcessEnv, telemetry: DevTelemetry): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(base).filter(([name]) => !name.startsWith(TELEMETRY_PREFIX)));
  return { ...env, ...telemetry.env };
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
    telemetry: devTelemetry(env, dotenvOf(root)),
  };
}
