// compose.yaml's structure, as far as this project uses Compose: a zod schema for the fields we rely on, strict
// enough that a misspelt key (`helthcheck`, `depends-on`) is an error instead of a silently ignored setting, and
// limited to what Compose v2 (2.24 or newer, what `make up` requires) accepts. `docker compose config` (run by the
// parity CLI where a Compose binary exists) validates the rest against the full Compose specification.
import { z } from 'zod';

const stringList = z.array(z.string());
const environment = z.union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])), stringList]);

const healthcheck = z
  .object({
    test: z.union([z.string(), stringList]),
    interval: z.string().optional(),
    timeout: z.string().optional(),
    retries: z.number().int().positive().optional(),
    start_period: z.string().optional(),
    disable: z.boolean().optional(),
  })
  .strict();

const dependsOn = z.record(
  z.string(),
  z
    .object({
      condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']),
      // false (Compose 2.20+): a dependency that only a profile starts; without that profile it is skipped.
      required: z.boolean().optional(),
    })
    .strict(),
);

const build = z
  .object({
    context: z.string(),
    dockerfile: z.string(),
    network: z.string().optional(),
    args: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export const composeService = z
  .object({
    image: z.string().optional(),
    build: build.optional(),
    // Started only when one of these is in COMPOSE_PROFILES (or --profile); a service without profiles always is.
    profiles: stringList.optional(),
    command: z.union([z.string(), stringList]).optional(),
    entrypoint: z.union([z.string(), stringList]).optional(),
    user: z.string().optional(),
    environment: environment.optional(),
    env_file: z.union([z.string(), stringList]).optional(),
    volumes: stringList.optional(),
    ports: stringList.optional(),
    depends_on: dependsOn.optional(),
    healthcheck: healthcheck.optional(),
    restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).optional(),
    stop_grace_period: z.string().optional(),
    network_mode: z.string().optional(),
    extra_hosts: stringList.optional(),
  })
  .strict()
  .refine((service) => service.image !== undefined || service.build !== undefined, 'needs an image or a build');

export const composeFile = z
  .object({
    services: z.record(z.string(), composeService),
    volumes: z.record(z.string(), z.union([z.null(), z.object({}).passthrough()])).optional(),
  })
  // Top-level x-* extension fields (YAML anchors live there) are allowed; `name:` is not (docker-compose 1.29
  // rejects it) and neither is the obsolete `version:` (Compose v2 warns about it on every command).
  .catchall(z.unknown())
  .superRefine((file, ctx) => {
    for (const key of Object.keys(file)) {
      if (key === 'services' || key === 'volumes' || key.startsWith('x-')) continue;
      const why =
        key === 'name'
          ? 'docker-compose 1.29 rejects a top-level name: (use -p or COMPOSE_PROJECT_NAME)'
          : key === 'version'
            ? 'the version: key is obsolete (Compose v2 warns on every command)'
            : 'is not used by this project';
      ctx.addIssue({ code: 'custom', path: [key], message: why });
    }
  });

export type ComposeFile = z.output<typeof composeFile>;
export type ComposeService = z.output<typeof composeService>;

/** A service's environment as name -> raw value (the list form `NAME=value` folded into the map form). */
export function serviceEnvironment(service: ComposeService): Map<string, string> {
  const env = new Map<string, string>();
  const raw = service.environment;
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const at = entry.indexOf('=');
      env.set(at < 0 ? entry : entry.slice(0, at), at < 0 ? '' : entry.slice(at + 1));
    }
  } else if (raw) {
    for (const [name, value] of Object.entries(raw)) env.set(name, value === null ? '' : String(value));
  }
  return env;
}

/** `${NAME:-default}` -> default, `${NAME:?message}` -> undefined (required), a literal -> itself. */
export function interpolationDefault(value: string): { variable?: string; fallback?: string; required: boolean } {
  const match = /^\$\{([A-Z0-9_]+)(?::?([-?])(.*))?\}$/.exec(value.trim());
  if (!match) return { fallback: value, required: false };
  const [, variable, operator, rest] = match;
  if (operator === '?') return { variable: variable!, required: true };
  return { variable: variable!, ...(operator === '-' ? { fallback: rest ?? '' } : {}), required: false };
}

/** The command of a healthcheck as one string. */
export function healthcheckCommand(service: ComposeService): string | undefined {
  const test = service.healthcheck?.test;
  if (test === undefined) return undefined;
  return Array.isArray(test) ? test.filter((part) => part !== 'CMD' && part !== 'CMD-SHELL').join(' ') : test;
}
