// How every Monitrax process reads its environment, and the rules that more than one of them applies: the API,
// the worker and the schema sync (Node) and the web server all parse their variables with one zod schema each,
// built from these. Errors name the variable and the problem, never the value (values can be secrets).
// No Node built-ins: the web imports this too.
import { z } from 'zod';

/** The environment as a process sees it (process.env's shape, without Node's types). */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** "true"/"1" or "false"/"0"/empty, as environment variables spell booleans; unset is false. */
export const booleanString = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A TCP port. */
export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** How many proxies in front of a service append to X-Forwarded-For (0 when browsers connect directly). */
export const trustProxy = z.coerce
  .number({ error: 'must be a whole number of proxy hops from 0 to 10' })
  .int('must be a whole number of proxy hops from 0 to 10')
  .min(0, 'must be a whole number of proxy hops from 0 to 10')
  .max(10, 'must be a whole number of proxy hops from 0 to 10')
  .default(0);

/** The secret only the web server and the API share (the web names the browser with it); required in production. */
export const INTERNAL_API_SECRET_MIN_LENGTH = 32;
export const internalApiSecret = z
  .string()
  .min(INTERNAL_API_SECRET_MIN_LENGTH, `must be at least ${INTERNAL_API_SECRET_MIN_LENGTH} characters (generate one: openssl rand -base64 48)`)
  .optional();

/**
 * The values .env.example shows for each secret and password (the API's config test holds this list to the file):
 * copied as they are, everyone knows them. Refused in production, as is any value holding a placeholder word.
 */
export const EXAMPLE_SECRET_VALUES: readonly string[] = ['replace-me-with-openssl-rand-base64-48', 'monitrax'];
const PLACEHOLDER_WORDS = ['changeme', 'change-me', 'secret', 'your-', 'replace-me', 'placeholder', 'example', 'dev-only', 'development'];
/** Passwords that are every PostgreSQL tutorial's default. */
const DEFAULT_PASSWORDS = ['postgres', 'password'];

/** A secret or password someone copied from an example and did not replace. */
export function isPlaceholderSecret(value: string): boolean {
  const lowered = value.trim().toLowerCase();
  return EXAMPLE_SECRET_VALUES.includes(lowered) || DEFAULT_PASSWORDS.includes(lowered) || PLACEHOLDER_WORDS.some((word) => lowered.includes(word));
}

export const PLACEHOLDER_SECRET_MESSAGE =
  'is a placeholder (the example value, or a word such as "replace-me"), refused in production; generate a real one: openssl rand -base64 48';

/** compose passes `${NAME:-}` through: an empty value means the variable is not set. */
export const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema);

/** How long a process drains in-flight work on SIGTERM (Render kills 30 s after it). */
export const shutdownTimeoutMs = z.coerce.number().int().positive().default(25_000);

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses env with a zod object schema; throws ConfigError with `NAME: problem` lines. */
export function parseEnv<S extends z.ZodType>(schema: S, source: EnvSource): z.output<S> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${name}: ${message}`;
  });
  throw new ConfigError([...new Set(problems)]);
}
