// The web server's configuration: one zod schema for every environment variable it reads, with the rules it shares
// with the API taken from the contract (INTERNAL_API_SECRET, TRUST_PROXY, NODE_ENV). Read at request time (never at
// build time), so one build runs everywhere; parsed once per set of values. Development falls back to the local
// API; production refuses to guess: the server refuses to start (instrumentation.ts) with `NAME: problem` lines.
// The parity check holds compose.yaml and render.yaml to this schema.
import {
  ConfigError,
  type EnvSource,
  INTERNAL_API_SECRET_MIN_LENGTH,
  internalApiSecret,
  isPlaceholderSecret,
  nodeEnv,
  PLACEHOLDER_SECRET_MESSAGE,
  parseEnv,
  port,
  trustProxy,
} from '@monitrax/contract/env';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { telemetryEnvShape } from '@monitrax/telemetry/settings';
import { z } from 'zod';

export { ConfigError };

export const DEVELOPMENT_API_URL = `http://127.0.0.1:${DEFAULT_PORTS.api}`;

/** host:port with no scheme, as Render's `fromService ... property: hostport` gives (its private network). */
const BARE_HOST_PORT = /^[a-z0-9.-]+:\d{1,5}$/i;

/** API_URL -> base URL without a trailing slash (a trailing "/api" is tolerated and removed); empty stays unset. */
const apiUrl = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const value = raw?.trim();
    if (!value) return undefined;
    let url: URL;
    try {
      // Render's private network speaks plain HTTP between services.
      url = new URL(BARE_HOST_PORT.test(value) ? `http://${value}` : value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL, e.g. http://127.0.0.1:4000' });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must use http or https' });
      return z.NEVER;
    }
    if (url.search || url.hash || url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must be a plain base URL without credentials, query or fragment' });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api$/, '')}`;
  });

export const webEnvShape = {
  NODE_ENV: nodeEnv,
  // Where the web server reaches the API.
  API_URL: apiUrl,
  // The API's own value: it lets the API believe which browser a request comes from.
  INTERNAL_API_SECRET: internalApiSecret,
  TRUST_PROXY: trustProxy,
  PORT: port(DEFAULT_PORTS.web),
  // The address the standalone server binds (0.0.0.0 in the image).
  HOSTNAME: z.string().min(1).optional(),
  NEXT_TELEMETRY_DISABLED: z.string().optional(),
  // Traces and metrics over OTLP (@monitrax/telemetry/settings, shared with the API and the worker): off unless set.
  ...telemetryEnvShape,
};

export const webEnvSchema = z.object(webEnvShape).superRefine((env, ctx) => {
  if (env.NODE_ENV !== 'production') return;
  if (env.API_URL === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['API_URL'],
      message: 'is required in production (the API base URL the web server calls, e.g. https://monitrax-api.onrender.com)',
    });
  }
  if (env.INTERNAL_API_SECRET === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['INTERNAL_API_SECRET'],
      message: "is required in production (the API's own value: it lets the API believe which browser a sign-in comes from)",
    });
  } else if (env.INTERNAL_API_SECRET.length >= INTERNAL_API_SECRET_MIN_LENGTH && isPlaceholderSecret(env.INTERNAL_API_SECRET)) {
    // (A shorter one already has its own line.)
    ctx.addIssue({ code: 'custom', path: ['INTERNAL_API_SECRET'], message: PLACEHOLDER_SECRET_MESSAGE });
  }
});

export interface WebConfig {
  /** The API's base URL, without a trailing slash. */
  readonly apiUrl: string;
  readonly internalApiSecret: string | undefined;
  /** Proxies in front of the web server that append to X-Forwarded-For. */
  readonly trustedHops: number;
}

const READ = [
  'NODE_ENV',
  'API_URL',
  'INTERNAL_API_SECRET',
  'TRUST_PROXY',
  ...(Object.keys(telemetryEnvShape) as Array<keyof typeof telemetryEnvShape>),
] as const;
let last: { key: string; config: WebConfig } | undefined;

/** The web's configuration from `env` (process.env), or ConfigError listing `NAME: problem` lines. */
export function loadWebConfig(env: EnvSource = process.env): WebConfig {
  const key = JSON.stringify(READ.map((name) => env[name]));
  if (last?.key === key) return last.config;
  const parsed = parseEnv(webEnvSchema, env);
  const config = Object.freeze({
    apiUrl: parsed.API_URL ?? DEVELOPMENT_API_URL,
    internalApiSecret: parsed.INTERNAL_API_SECRET,
    trustedHops: parsed.TRUST_PROXY,
  });
  last = { key, config };
  return config;
}
