// Containers for tests, through Testcontainers, on either kind of Docker engine:
//   - with a bridge network (laptops, GitHub runners): Testcontainers' ordinary mode, mapped ports, and a
//     user-defined network with aliases when containers must reach each other;
//   - without one (this project's CI machines run a private engine with --bridge=none, see
//     services/machine-workarounds/bin/docker-engine.sh): every container on the host network, each service told its own free
//     port, reached at 127.0.0.1. That mode needs TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (docker-engine.sh exports
//     it), or Testcontainers looks up the bridge's gateway and declares the runtime unusable.
// Ryuk (Testcontainers' reaper) cannot run where no registry answers, so every container started here is also
// removed when the process exits, however it exits (see removeOnExit); `docker-engine.sh stop` checks that none
// outlived the run.
import { execaSync } from 'execa';
import { GenericContainer, getContainerRuntimeClient, Network, TestContainers, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { POSTGRES_MAJOR } from '@monitrax/contract/platform';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';

export const POSTGRES_IMAGE = `postgres:${POSTGRES_MAJOR}`;
/** Every test container carries it, so a leftover is easy to find: docker ps -a --filter label=monitrax.test */
export const TEST_LABEL = 'monitrax.test';

/** True when a container runtime answers (an engine, or Podman's socket); ~5 ms to say no where there is none. */
export async function containerRuntimeAnswers(): Promise<boolean> {
  try {
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false; // "Could not find a working container runtime strategy"
  }
}

/** Whether containers can get a bridge network here, or must use the host's. */
export async function engineHasBridge(): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  try {
    await client.network.getById('bridge').inspect();
    return true;
  } catch {
    return false;
  }
}

const started = new Map<string, string>();
let exitHookInstalled = false;

/**
 * Removes the container when this process exits, if the test did not already stop it: the last line of defence
 * without Ryuk (an interrupted run, a failing hook). Synchronous, since 'exit' handlers cannot wait.
 */
export function removeOnExit(container: StartedTestContainer): StartedTestContainer {
  started.set(container.getId(), container.getName());
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    const removeAll = () => {
      for (const id of started.keys()) execaSync('docker', ['rm', '--force', '--volumes', id], { stdio: 'ignore', timeout: 20_000, reject: false });
      started.clear();
    };
    process.once('exit', removeAll);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        removeAll();
        // Alone, this listener replaced Node's default (exit on the signal): restore it. Beside the test runner's
        // own listener, that one decides.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    }
  }
  return container;
}

/** Marks a container as stopped by its test (nothing left to remove at exit). */
export function forget(container: StartedTestContainer): void {
  started.delete(container.getId());
}

/** Where the containers of one test run live: the host network, or a network of their own with aliases. */
export interface ContainerSpace {
  hostNetwork: boolean;
  /** Set only on an engine with bridges. */
  network: StartedNetwork | undefined;
  close(): Promise<void>;
}

export async function openContainerSpace(options: { needsNetwork: boolean }): Promise<ContainerSpace> {
  const hostNetwork = !(await engineHasBridge());
  const network = !hostNetwork && options.needsNetwork ? await new Network().start() : undefined;
  return {
    hostNetwork,
    network,
    close: async () => {
      await network?.stop();
    },
  };
}

/**
 * Puts a container into the space, listening on `port` inside it (none for a one-shot): on the host network the
 * service itself must be told that port (it is the host's port too); with bridges it gets a network alias and a
 * mapped port.
 */
export function placeIn(space: ContainerSpace, container: GenericContainer, options: { alias: string; port?: number }): GenericContainer {
  const labelled = container.withLabels({ [TEST_LABEL]: 'true' });
  if (space.hostNetwork) return labelled.withNetworkMode('host');
  const exposed = options.port === undefined ? labelled : labelled.withExposedPorts(options.port);
  return space.network ? exposed.withNetwork(space.network).withNetworkAliases(options.alias) : exposed;
}

/** host:port at which the test process reaches a container's port. */
export function reachFromHost(space: ContainerSpace, container: StartedTestContainer, port: number): { host: string; port: number } {
  return space.hostNetwork ? { host: '127.0.0.1', port } : { host: container.getHost(), port: container.getMappedPort(port) };
}

/** host:port at which another container of the space reaches it. */
export function reachFromContainers(space: ContainerSpace, alias: string, port: number): { host: string; port: number } {
  return space.hostNetwork ? { host: '127.0.0.1', port } : { host: alias, port };
}

/** host:port at which the space's containers reach a server of the test process (a mailbox): call before starting
 * the container (with bridges, Testcontainers forwards the port into containers started afterwards). */
export async function reachTestProcess(space: ContainerSpace, port: number): Promise<{ host: string; port: number }> {
  if (space.hostNetwork) return { host: '127.0.0.1', port };
  await TestContainers.exposeHostPorts(port);
  return { host: 'host.testcontainers.internal', port };
}

/** The port a service listens on inside its container: its own free host port on the host network. */
export async function servicePort(space: ContainerSpace, usual: number): Promise<number> {
  return space.hostNetwork ? findFreePort() : usual;
}

export interface PostgresContainer {
  container: StartedTestContainer;
  /** Inside the container (on the host network, also the host's port). */
  port: number;
  user: string;
  password: string;
  /** postgresql:// URL for the test process, to the given database (default the one it was started with). */
  url(database?: string): string;
  /** The same, as another container of the space reaches it. */
  urlFromContainers(database?: string): string;
  stop(): Promise<void>;
}

export const POSTGRES_ALIAS = 'db';

/** The official postgres:17 image (or its stand-in), ready when the server has started for real (its second "ready"). */
export async function startPostgresContainer(space: ContainerSpace, options: { user: string; password: string; database: string }): Promise<PostgresContainer> {
  const port = await servicePort(space, 5432);
  const container = removeOnExit(
    await placeIn(space, new GenericContainer(POSTGRES_IMAGE), { alias: POSTGRES_ALIAS, port })
      .withEnvironment({ POSTGRES_USER: options.user, POSTGRES_PASSWORD: options.password, POSTGRES_DB: options.database })
      // The entrypoint passes these to the final server; the initdb-time server listens on the socket only.
      .withCommand(['postgres', '-c', `port=${port}`, '-c', `listen_addresses=${space.hostNetwork ? '127.0.0.1' : '*'}`])
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .withStartupTimeout(120_000)
      .start(),
  );
  const toUrl = (where: { host: string; port: number }, database = options.database) => {
    const url = new URL(`postgresql://${where.host}:${where.port}/${database}`);
    url.username = options.user;
    url.password = options.password;
    return url.toString();
  };
  return {
    container,
    port,
    user: options.user,
    password: options.password,
    url: (database) => toUrl(reachFromHost(space, container, port), database),
    urlFromContainers: (database) => toUrl(reachFromContainers(space, POSTGRES_ALIAS, port), database),
    stop: async () => {
      await container.stop();
      forget(container);
    },
  };
}
