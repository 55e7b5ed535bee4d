// The stack, declared once: each service with its name in compose.yaml and on Render, the image it is built from,
// the port it listens on, where it answers health, what it waits for at start, its command when it is not the
// image's CMD, and the environment contract it obeys (env-contract.ts). The parity checks (checks.ts) hold
// compose.yaml, render.yaml and the Dockerfiles to it; every table they compare against is derived from this one.
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { DEFAULT_PORTS } from '@monitrax/contract/platform';
import { SYNC_ENTRY, WORKER_ENTRY } from '@monitrax/local-stack/entry-points';
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
  },
  worker: {
    compose: 'worker',
    render: { service: 'monitrax-worker', type: 'worker' },
    image: 'Dockerfile.api',
    deployable: 'worker',
    waitsFor: { schema: 'service_completed_successfully' },
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
