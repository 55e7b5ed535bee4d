// The stack, declared once: each service with its name in compose.yaml and on Render, the image it is built from,
// the port it listens on, where it answers health, what it waits for at start, its command when it is not the
// image's CMD, and the environment contract it obeys (env-contract.ts). The parity checks (checks.ts) hold
// compose.yaml, render.yaml and the Dockerfiles to it; every table they compare against is derived from this one.
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { SYNC_ENTRY, WORKER_ENTRY } from '@monitrax/local-stack/entry-points';
import { bucketEnvShape } from '@monitrax/document-store/bucket-env';
import type { Deployable } from './env-contract.ts';

export type Dockerfile = 'Dockerfile.api' | 'Dockerfile.web';
export type StartCondition = 'service_healthy' | 'service_completed_successfully';

export interface ServiceSpec {
  /** The service in compose.yaml. */
  compose: string;
  /** On Render: a service of its own, the database, or a step of another service (the API's pre-deploy). */
  render: { service: string; type: 'web' | 'worker' } | { database: string } | { preDeployOf: string };
  image?: Dockerfile;
  deployable?: Deployable;
  port?: number;
  /** The path compose's and the image's health check ask (readiness: can it serve now). */
  health?: string;
  /** The path Render's health check asks (liveness: started, and can serve or recover), when it is a web service. */
  hostHealth?: string;
  /** compose's depends_on: the services it waits for, and until when. */
  waitsFor?: Readonly<Record<string, StartCondition>>;
  /**
   * What it also waits for when a profile starts it (a profile-only service, below): depends_on with
   * `required: false`, so that the stack without that profile starts as before.
   */
  waitsForWithProfile?: Readonly<Record<string, StartCondition>>;
  /** How it starts when that is not its image's CMD (the same in compose and on Render). */
  command?: readonly string[];
}

export const TOPOLOGY = {
  db: { compose: 'db', render: { database: 'monitrax-db' }, port: DEFAULT_PORTS.postgres },
  schema: {
    compose: 'schema',
    render: { preDeployOf: 'monitrax-api' },
    image: 'Dockerfile.api',
    deployable: 'schema',
    waitsFor: { db: 'service_healthy' },
    command: ['node', SYNC_ENTRY],
  },
  api: {
    compose: 'api',
    render: { service: 'monitrax-api', type: 'web' },
    image: 'Dockerfile.api',
    deployable: 'api',
    port: DEFAULT_PORTS.api,
    health: HEALTH_PATHS.readiness,
    hostHealth: HEALTH_PATHS.liveness,
    waitsFor: { db: 'service_healthy', schema: 'service_completed_successfully' },
    waitsForWithProfile: { 's3-bucket': 'service_completed_successfully' },
  },
  worker: {
    compose: 'worker',
    render: { service: 'monitrax-worker', type: 'worker' },
    image: 'Dockerfile.api',
    deployable: 'worker',
    waitsFor: { schema: 'service_completed_successfully' },
    waitsForWithProfile: { 's3-bucket': 'service_completed_successfully' },
    command: ['node', WORKER_ENTRY],
  },
  web: {
    compose: 'web',
    render: { service: 'monitrax-web', type: 'web' },
    image: 'Dockerfile.web',
    deployable: 'web',
    port: DEFAULT_PORTS.web,
    // The web's own health routes (Next.js route handlers), on the same paths as the API's.
    health: HEALTH_PATHS.readiness,
    hostHealth: HEALTH_PATHS.liveness,
    waitsFor: { api: 'service_healthy' },
  },
} as const satisfies Record<string, ServiceSpec>;

const SERVICES: readonly ServiceSpec[] = Object.values(TOPOLOGY);

/**
 * A compose service that only a Compose profile starts: local parity with something production gets from a provider
 * rather than from a Render service (so it has no Render counterpart, and the default stack never starts it).
 */
export interface LocalServiceSpec {
  compose: string;
  /** The profile that starts it (COMPOSE_PROFILES). */
  profile: string;
  /** What stands in its place in production. */
  inProduction: string;
  image?: Dockerfile;
  /** The port it listens on by default, inside its container as outside, and the variable that moves it. */
  port?: { default: number; variable: string };
  /**
   * The ports its image listens on and publishes, when they cannot be moved: each on 127.0.0.1, the same inside and
   * outside, and no other.
   */
  fixedPorts?: readonly number[];
  /** The .env variable whose URL names it (compose's view: http://<service>:<port>), in what reaches it. */
  reachedThrough?: string;
  /**
   * What keeps every listener of it on 127.0.0.1 once machine-workarounds/compose.host-network.yaml puts it on the
   * host's network (where 0.0.0.0 would be every interface of the host): environment values and command arguments
   * that override must give it.
   */
  onHostNetwork?: { environment?: Readonly<Record<string, string>>; command?: readonly string[] };
  waitsFor?: Readonly<Record<string, StartCondition>>;
  command?: readonly string[];
  /** Runs to its end (restart "no"); what waits for it waits for exit 0. */
  oneShot?: boolean;
  /** Its environment: each name it is given -> the .env variable it must pass through unchanged (`${VAR:-}`). */
  passesThrough?: Readonly<Record<string, string>>;
}

/** The documents' bucket on a laptop: `DOCUMENT_STORAGE=s3` against a local S3-compatible server. */
export const S3_PROFILE = 's3';
/** A trace viewer on a laptop: the API, the worker and the web send OTLP/HTTP to it (docs/observability.md). */
export const TRACES_PROFILE = 'traces';
/** Where the API, the worker and the web send traces and metrics (@monitrax/telemetry/settings); unset: nowhere. */
export const TELEMETRY_ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT';
/** The compose services that send telemetry, each taking TELEMETRY_ENDPOINT from .env unchanged. */
export const TELEMETRY_SENDERS: readonly string[] = [TOPOLOGY.api.compose, TOPOLOGY.worker.compose, TOPOLOGY.web.compose];
/** Jaeger v2's all-in-one: OTLP over gRPC and HTTP, its UI (and query API), and its query gRPC API (not published). */
export const JAEGER_PORTS = { otlpGrpc: 4317, otlpHttp: 4318, ui: 16686, queryGrpc: 16685 } as const;
export const CREATE_BUCKET_ENTRY = 'services/document-store/src/create-bucket.ts';
/** The bucket's variables, read by the API, the worker and the bucket one-shot alike (document-store's bucket-env.ts). */
export const BUCKET_VARIABLES: readonly string[] = Object.keys(bucketEnvShape);

export const LOCAL_ONLY = {
  s3: {
    compose: 's3',
    profile: S3_PROFILE,
    inProduction: "an S3-compatible provider's bucket (AWS S3, Cloudflare R2, Backblaze B2), named by the S3_* variables",
    port: { default: 8333, variable: 'S3_PORT' },
    reachedThrough: 'S3_ENDPOINT',
    // SeaweedFS's master, volume server and filer too (-ip.bind); the stand-in's one port (STANDIN_BIND_ADDRESS).
    onHostNetwork: { environment: { STANDIN_BIND_ADDRESS: '127.0.0.1' }, command: ['-ip.bind=127.0.0.1'] },
    // The server's own names for the credentials, from the variables the API, the worker and the one-shot sign with.
    passesThrough: { AWS_ACCESS_KEY_ID: 'S3_ACCESS_KEY_ID', AWS_SECRET_ACCESS_KEY: 'S3_SECRET_ACCESS_KEY' },
  },
  's3-bucket': {
    compose: 's3-bucket',
    profile: S3_PROFILE,
    inProduction: 'the bucket, created once at the provider',
    image: 'Dockerfile.api',
    waitsFor: { s3: 'service_healthy' },
    command: ['node', CREATE_BUCKET_ENTRY],
    oneShot: true,
    passesThrough: Object.fromEntries(BUCKET_VARIABLES.map((name) => [name, name])),
  },
  jaeger: {
    compose: 'jaeger',
    profile: TRACES_PROFILE,
    inProduction: "an OTLP/HTTP receiver of the operator's (a collector, Grafana Cloud, Honeycomb, ...), named by the OTEL_EXPORTER_OTLP_* variables",
    fixedPorts: [JAEGER_PORTS.otlpGrpc, JAEGER_PORTS.otlpHttp, JAEGER_PORTS.ui],
    reachedThrough: TELEMETRY_ENDPOINT,
    // Its embedded all-in-one configuration binds every receiver and extension to JAEGER_LISTEN_HOST (the image says
    // 0.0.0.0), but the query service (UI 16686, gRPC 16685) to every interface whatever that says.
    onHostNetwork: {
      environment: { JAEGER_LISTEN_HOST: '127.0.0.1' },
      command: [
        `--set=extensions.jaeger_query.http.endpoint=127.0.0.1:${JAEGER_PORTS.ui}`,
        `--set=extensions.jaeger_query.grpc.endpoint=127.0.0.1:${JAEGER_PORTS.queryGrpc}`,
      ],
    },
  },
} as const satisfies Record<string, LocalServiceSpec>;

/** The profile-only services of compose.yaml, by name. */
export const LOCAL_SERVICES: ReadonlyMap<string, LocalServiceSpec> = new Map(Object.values(LOCAL_ONLY).map((spec) => [spec.compose, spec]));

/** The profiles compose.yaml has (each starts some of LOCAL_SERVICES), in order of first appearance. */
export const PROFILES: readonly string[] = [...new Set([...LOCAL_SERVICES.values()].map((spec) => spec.profile))];

/** compose.yaml's services, by name. */
export const COMPOSE_SERVICES: ReadonlyMap<string, ServiceSpec> = new Map(SERVICES.map((spec) => [spec.compose, spec]));

/** Render's services (not the database, not the pre-deploy step), by name. */
export const RENDER_SERVICES: ReadonlyMap<string, ServiceSpec & { render: { service: string; type: 'web' | 'worker' } }> = new Map(
  SERVICES.flatMap((spec) =>
    'service' in spec.render ? [[spec.render.service, spec as ServiceSpec & { render: { service: string; type: 'web' | 'worker' } }]] : [],
  ),
);

export const RENDER_DATABASE = TOPOLOGY.db.render.database;

/** Each Dockerfile with the port and health path of the service that listens in its image. */
export const DOCKERFILES: ReadonlyMap<Dockerfile, { port: number; health: string }> = new Map(
  SERVICES.flatMap((spec) => (spec.image && spec.port !== undefined && spec.health ? [[spec.image, { port: spec.port, health: spec.health }] as const] : [])),
);
